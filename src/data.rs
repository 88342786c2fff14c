//! The plan as open data and the site's index for search engines: `data/plan.json`,
//! `data/tiltak.csv` and `sitemap.xml` (`xlsx` makes `data/tiltak.xlsx` from the same rows).
//!
//! It takes the plan (and the list of rendered pages for the sitemap) and returns files. The JSON
//! shape is public and stable: fields are only ever added, never renamed or removed.

use serde::{Deserialize, Serialize};

use crate::config::{PlanMeta, RevisionMeta};
use crate::diagnostic::{Diagnostic, say};
use crate::load::{Baseline, GoalMeta, GoalResult, Target};
use crate::model::Plan;
use crate::output::OutputFile;
use crate::view;

/// `data/plan.json`, and a stored revision (`content/revisions/<date>.json`): one schema, read
/// back as written. Unknown fields are allowed when reading, since the shape only ever grows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanData {
    pub title: String,
    pub plan: PlanMeta,
    pub revision: RevisionMeta,
    pub languages: Vec<String>,
    pub pages: Vec<PageRecord>,
    pub measures: Vec<MeasureRecord>,
    pub goals: Vec<GoalRecord>,
    pub initiatives: Vec<InitiativeRecord>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageRecord {
    pub lang: String,
    pub title: String,
    /// Section number, `""` for pages outside the numbering.
    pub number: String,
    pub url: String,
    pub measures: Vec<String>,
    pub goals: Vec<String>,
    /// The page's text as a reader sees it (summary and body, without markup), paragraphs
    /// separated by a blank line: what revisions compare.
    pub text: String,
    /// Addresses the page had before, which now lead to it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub formerly: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeasureRecord {
    pub id: String,
    pub lang: String,
    pub text: String,
    /// Sub-points: each `{ text, points }`, the inner `points` a list of strings.
    #[serde(default)]
    pub points: Vec<crate::load::Point>,
    pub section: String,
    pub url: String,
    pub initiatives: Vec<String>,
    /// Ids the measure had before.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub formerly: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoalRecord {
    pub id: String,
    pub lang: String,
    pub text: String,
    pub section: String,
    pub url: String,
    pub baseline: Option<Baseline>,
    pub target: Option<Target>,
    pub deadline: Option<i32>,
    pub results: Vec<GoalResult>,
    /// Ids of the follow-up goals that report on this goal.
    #[serde(default)]
    pub reported_by: Vec<String>,
    /// Ids the goal had before.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub formerly: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InitiativeRecord {
    pub id: String,
    pub lang: String,
    pub title: String,
    pub order: u32,
    pub url: String,
    pub measures: Vec<String>,
    /// Chapter 5's own wording of each measure in `measures` (`null` where it uses chapter 4's).
    pub wording: Vec<Option<String>>,
}

pub fn plan_data(plan: &Plan) -> PlanData {
    plan_data_with(plan, &page_texts(plan))
}

/// Every page's text (`PageRecord::text`), by page, worked out in parallel.
pub fn page_texts(plan: &Plan) -> Vec<String> {
    use rayon::prelude::*;
    plan.pages.par_iter().map(page_text).collect()
}

/// `plan_data` with every page's text given, by page (`page_texts`).
pub fn plan_data_with(plan: &Plan, texts: &[String]) -> PlanData {
    let lang = |l: usize| plan.languages[l].code.clone();
    let ids = |list: &[usize], id: &dyn Fn(usize) -> String| list.iter().map(|&i| id(i)).collect();
    let measure_id = |m: usize| plan.measures[m].id.clone();
    let goal_id = |g: usize| plan.goals[g].meta.id.clone();
    PlanData {
        title: plan.title.clone(),
        plan: plan.meta.clone(),
        revision: plan.revision.clone(),
        languages: plan.languages.iter().map(|l| l.code.clone()).collect(),
        pages: plan
            .reading_order
            .iter()
            .map(|&id| (&plan.pages[id], &texts[id]))
            .map(|(p, text)| PageRecord {
                lang: lang(p.lang),
                title: p.title.clone(),
                number: view::section_of(p),
                url: p.url.clone(),
                measures: ids(&p.measures, &measure_id),
                goals: ids(&p.goals, &goal_id),
                text: text.clone(),
                formerly: p.formerly.clone(),
            })
            .collect(),
        measures: in_reading_order(plan, |p| &p.measures)
            .map(|m| &plan.measures[m])
            .map(|m| MeasureRecord {
                id: m.id.clone(),
                lang: lang(m.lang),
                text: m.text.clone(),
                points: m.points.clone(),
                section: view::section_of(&plan.pages[m.page]),
                url: view::url_of_measure(plan, m),
                initiatives: m
                    .initiatives
                    .iter()
                    .map(|&i| plan.initiatives[i].id.clone())
                    .collect(),
                formerly: m.formerly.clone(),
            })
            .collect(),
        goals: in_reading_order(plan, |p| &p.goals)
            .map(|g| &plan.goals[g])
            .map(|g| {
                let GoalMeta {
                    id,
                    text,
                    baseline,
                    target,
                    deadline,
                    results,
                    reported_by,
                    formerly,
                } = g.meta.clone();
                let page = &plan.pages[g.page];
                GoalRecord {
                    url: format!("{}#{}", page.url, view::goal_anchor(&id)),
                    id,
                    lang: lang(g.lang),
                    text,
                    section: view::section_of(page),
                    baseline,
                    target,
                    deadline,
                    results,
                    reported_by,
                    formerly,
                }
            })
            .collect(),
        initiatives: plan
            .reading_order
            .iter()
            .filter_map(|&p| match plan.pages[p].kind {
                crate::model::PageKind::Initiative(i) => Some(&plan.initiatives[i]),
                _ => None,
            })
            .map(|i| InitiativeRecord {
                id: i.id.clone(),
                lang: lang(i.lang),
                title: plan.pages[i.page].title.clone(),
                order: i.order,
                url: plan.pages[i.page].url.clone(),
                measures: ids(&i.measures, &measure_id),
                wording: i.wording.clone(),
            })
            .collect(),
    }
}

/// A page's summary and body as plain text, for comparing revisions.
pub fn page_text(page: &crate::model::Page) -> String {
    let body = crate::markdown::text_of(page.markdown());
    match &page.summary {
        Some(summary) if !summary.trim().is_empty() => {
            let summary = summary.split_whitespace().collect::<Vec<_>>().join(" ");
            if body.is_empty() {
                summary
            } else {
                format!("{summary}\n\n{body}")
            }
        }
        _ => body,
    }
}

/// Indices listed on pages (measures or goals), page by page in reading order.
fn in_reading_order<'a>(
    plan: &'a Plan,
    list: impl Fn(&'a crate::model::Page) -> &'a Vec<usize> + 'a,
) -> impl Iterator<Item = usize> + 'a {
    plan.reading_order
        .iter()
        .flat_map(move |&id| list(&plan.pages[id]).iter().copied())
}

/// The open-data files and the sitemap.
pub fn files(
    plan: &Plan,
    last_changed: &std::collections::HashMap<String, String>,
    rendered: &[OutputFile],
) -> Result<Vec<OutputFile>, Diagnostic> {
    files_with(plan, last_changed, rendered, &page_texts(plan))
}

/// `files` with every page's text given, by page (`page_texts`).
pub fn files_with(
    plan: &Plan,
    last_changed: &std::collections::HashMap<String, String>,
    rendered: &[OutputFile],
    texts: &[String],
) -> Result<Vec<OutputFile>, Diagnostic> {
    let mut files = open_data(plan, texts)?;
    files.push(sitemap_file(plan, last_changed, rendered));
    Ok(files)
}

/// The open-data files: the plan as JSON and the measures as CSV.
pub fn open_data(plan: &Plan, texts: &[String]) -> Result<Vec<OutputFile>, Diagnostic> {
    // Never an empty plan.json: a record that cannot be written stops the build.
    let json = serde_json::to_vec_pretty(&plan_data_with(plan, texts)).map_err(|e| {
        Diagnostic::file(
            "data/plan.json",
            say!(
                nb: "de åpne dataene kunne ikke skrives: {e}",
                en: "the open data could not be written: {e}",
            ),
        )
    })?;
    Ok(vec![
        OutputFile {
            path: "data/plan.json".into(),
            bytes: json,
        },
        OutputFile {
            path: "data/tiltak.csv".into(),
            bytes: measures_csv(plan).into_bytes(),
        },
    ])
}

/// The sitemap of the `rendered` pages.
pub fn sitemap_file(
    plan: &Plan,
    last_changed: &std::collections::HashMap<String, String>,
    rendered: &[OutputFile],
) -> OutputFile {
    OutputFile {
        path: "sitemap.xml".into(),
        bytes: sitemap(plan, last_changed, rendered).into_bytes(),
    }
}

/// The columns of `tiltak.csv` and `tiltak.xlsx`.
pub const MEASURE_COLUMNS: [&str; 7] = [
    "id",
    "lang",
    "section",
    "section_title",
    "text",
    "initiatives",
    "url",
];

/// One row per measure, in reading order: id, language, section, section title, text,
/// initiatives, address.
pub fn measure_rows(plan: &Plan) -> Vec<[String; 7]> {
    in_reading_order(plan, |p| &p.measures)
        .map(|m| &plan.measures[m])
        .map(|m| {
            let page = &plan.pages[m.page];
            let initiatives: Vec<&str> = m
                .initiatives
                .iter()
                .map(|&i| plan.initiatives[i].id.as_str())
                .collect();
            [
                m.id.clone(),
                plan.languages[m.lang].code.clone(),
                view::section_of(page),
                page.title.clone(),
                csv_text(m),
                initiatives.join(" "),
                absolute(plan, &view::url_of_measure(plan, m)),
            ]
        })
        .collect()
}

/// `tiltak.csv`: RFC 4180, every field quoted.
fn measures_csv(plan: &Plan) -> String {
    let mut out = format!("{}\r\n", MEASURE_COLUMNS.join(","));
    for row in measure_rows(plan) {
        let quoted: Vec<String> = row
            .iter()
            .map(|f| format!("\"{}\"", no_formula(f).replace('"', "\"\"")))
            .collect();
        out.push_str(&quoted.join(","));
        out.push_str("\r\n");
    }
    out
}

/// A spreadsheet opening the CSV runs a cell that starts with `=`, `+`, `-`, `@`, a tab or a
/// carriage return as a formula (CSV injection); such a cell gets a leading `'`, which
/// spreadsheets show as text.
fn no_formula(field: &str) -> std::borrow::Cow<'_, str> {
    match field.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        true => format!("'{field}").into(),
        false => field.into(),
    }
}

/// A measure's text with its sub-points in one readable cell: "Text: point 1; point 2 (a, b)".
fn csv_text(m: &crate::model::Measure) -> String {
    text_with_points(&m.text, &m.points)
}

/// A measure's text with its sub-points in one passage: "Text: point 1; point 2 (a, b)".
pub fn text_with_points(text: &str, points: &[crate::load::Point]) -> String {
    if points.is_empty() {
        return text.to_string();
    }
    let points: Vec<String> = points
        .iter()
        .map(|p| match p.points.is_empty() {
            true => p.text.clone(),
            false => format!("{} ({})", p.text, p.points.join(", ")),
        })
        .collect();
    format!("{}: {}", text.trim_end_matches(':'), points.join("; "))
}

/// Every page search engines should index: originals and real translations (a page that shows
/// the original's text points to it as canonical instead), each with its `hreflang` alternates
/// and, for content pages, when it last changed.
fn sitemap(
    plan: &Plan,
    last_changed: &std::collections::HashMap<String, String>,
    rendered: &[OutputFile],
) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    // A page's former addresses only lead to it: search engines should not list them.
    let moved: std::collections::HashSet<String> = plan
        .pages
        .iter()
        .flat_map(|p| p.formerly.iter().map(|u| crate::output::file_for_url(u)))
        .collect();
    let pages: std::collections::HashMap<&str, &crate::model::Page> =
        plan.pages.iter().map(|p| (p.url.as_str(), p)).collect();
    let fallback_overviews: Vec<&str> = (1..plan.languages.len())
        .filter(|&l| !crate::model::is_fully_translated(plan, l))
        .map(|l| plan.languages[l].prefix.as_str())
        .collect();
    // (address, last changed, alternates as (language, address))
    type Entry = (String, Option<String>, Vec<(String, String)>);
    let mut entries: Vec<Entry> = Vec::new();
    for file in rendered.iter().filter(|f| !moved.contains(&f.path)) {
        let Some(dir) = file.path.strip_suffix("index.html") else {
            continue;
        };
        let url = format!("/{dir}");
        let lastmod = pages
            .get(url.as_str())
            .and_then(|p| p.updated.as_ref().or_else(|| last_changed.get(&p.url)))
            .cloned();
        let alternates = match pages.get(url.as_str()) {
            Some(page) if !page.translation.is_translated() => continue,
            Some(page) => page
                .versions
                .iter()
                .map(|&v| &plan.pages[v])
                .filter(|v| v.translation.is_translated())
                .map(|v| (plan.languages[v.lang].code.clone(), absolute(plan, &v.url)))
                .collect(),
            None if fallback_overviews
                .iter()
                .any(|prefix| url.starts_with(&format!("{prefix}/"))) =>
            {
                continue;
            }
            None => Vec::new(),
        };
        let alternates = if alternates.len() > 1 {
            alternates
        } else {
            Vec::new()
        };
        entries.push((absolute(plan, &url), lastmod, alternates));
    }
    entries.sort();
    for (url, lastmod, alternates) in entries {
        out.push_str(&format!("  <url><loc>{}</loc>", crate::html::escape(&url)));
        if let Some(date) = lastmod {
            out.push_str(&format!("<lastmod>{date}</lastmod>"));
        }
        for (lang, href) in alternates {
            out.push_str(&format!(
                "<xhtml:link rel=\"alternate\" hreflang=\"{lang}\" href=\"{}\"/>",
                crate::html::escape(&href)
            ));
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

fn absolute(plan: &Plan, url: &str) -> String {
    format!("{}{}", plan.base_url.trim_end_matches('/'), url)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_csv_cell_that_a_spreadsheet_would_run_is_made_text() {
        for (cell, safe) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+47 123", "'+47 123"),
            ("-1", "'-1"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("Sørge for = likhet", "Sørge for = likhet"),
        ] {
            assert_eq!(super::no_formula(cell), safe);
        }
    }
}
