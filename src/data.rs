//! The plan as open data and the site's index for search engines: `data/plan.json`,
//! `data/tiltak.csv` and `sitemap.xml`.
//!
//! It takes the plan (and the list of rendered pages for the sitemap) and returns files. The JSON
//! shape is public and stable: fields are only ever added, never renamed or removed.

use serde::Serialize;

use crate::load::GoalMeta;
use crate::model::Plan;
use crate::output::OutputFile;
use crate::view;

/// `data/plan.json`.
#[derive(Debug, Serialize)]
pub struct PlanData<'a> {
    pub title: &'a str,
    pub plan: &'a crate::config::PlanMeta,
    pub revision: &'a crate::config::RevisionMeta,
    pub languages: Vec<&'a str>,
    pub pages: Vec<PageData<'a>>,
    pub measures: Vec<MeasureData<'a>>,
    pub goals: Vec<GoalData<'a>>,
    pub initiatives: Vec<InitiativeData<'a>>,
}

#[derive(Debug, Serialize)]
pub struct PageData<'a> {
    pub lang: &'a str,
    pub title: &'a str,
    /// Section number, `""` for pages outside the numbering.
    pub number: String,
    pub url: &'a str,
    pub measures: Vec<&'a str>,
    pub goals: Vec<&'a str>,
}

#[derive(Debug, Serialize)]
pub struct MeasureData<'a> {
    pub id: &'a str,
    pub lang: &'a str,
    pub text: &'a str,
    /// Sub-points: each `{ text, points }`, the inner `points` a list of strings.
    pub points: &'a [crate::load::Point],
    pub section: String,
    pub url: String,
    pub initiatives: Vec<&'a str>,
}

#[derive(Debug, Serialize)]
pub struct GoalData<'a> {
    pub id: &'a str,
    pub lang: &'a str,
    pub text: &'a str,
    pub section: String,
    pub url: String,
    pub baseline: &'a Option<crate::load::Baseline>,
    pub target: &'a Option<crate::load::Target>,
    pub deadline: Option<i32>,
    pub results: &'a [crate::load::GoalResult],
    /// Ids of the follow-up goals that report on this goal.
    pub reported_by: &'a [String],
}

#[derive(Debug, Serialize)]
pub struct InitiativeData<'a> {
    pub id: &'a str,
    pub lang: &'a str,
    pub title: &'a str,
    pub order: u32,
    pub url: &'a str,
    pub measures: Vec<&'a str>,
    /// Chapter 5's own wording of each measure in `measures` (`null` where it uses chapter 4's).
    pub wording: Vec<Option<&'a str>>,
}

pub fn plan_data(plan: &Plan) -> PlanData<'_> {
    let lang = |l: usize| plan.languages[l].code.as_str();
    PlanData {
        title: &plan.title,
        plan: &plan.meta,
        revision: &plan.revision,
        languages: plan.languages.iter().map(|l| l.code.as_str()).collect(),
        pages: plan
            .reading_order
            .iter()
            .map(|&id| &plan.pages[id])
            .map(|p| PageData {
                lang: lang(p.lang),
                title: &p.title,
                number: view::section_of(p),
                url: &p.url,
                measures: p
                    .measures
                    .iter()
                    .map(|&m| plan.measures[m].id.as_str())
                    .collect(),
                goals: p
                    .goals
                    .iter()
                    .map(|&g| plan.goals[g].meta.id.as_str())
                    .collect(),
            })
            .collect(),
        measures: in_reading_order(plan, |p| &p.measures)
            .map(|m| &plan.measures[m])
            .map(|m| MeasureData {
                id: &m.id,
                lang: lang(m.lang),
                text: &m.text,
                points: &m.points,
                section: view::section_of(&plan.pages[m.page]),
                url: view::url_of_measure(plan, m),
                initiatives: m
                    .initiatives
                    .iter()
                    .map(|&i| plan.initiatives[i].id.as_str())
                    .collect(),
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
                } = &g.meta;
                let page = &plan.pages[g.page];
                GoalData {
                    id,
                    lang: lang(g.lang),
                    text,
                    section: view::section_of(page),
                    url: format!("{}#{}", page.url, view::goal_anchor(id)),
                    baseline,
                    target,
                    deadline: *deadline,
                    results,
                    reported_by,
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
            .map(|i| InitiativeData {
                id: &i.id,
                lang: lang(i.lang),
                title: &plan.pages[i.page].title,
                order: i.order,
                url: &plan.pages[i.page].url,
                measures: i
                    .measures
                    .iter()
                    .map(|&m| plan.measures[m].id.as_str())
                    .collect(),
                wording: i.wording.iter().map(Option::as_deref).collect(),
            })
            .collect(),
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
) -> Vec<OutputFile> {
    let json = serde_json::to_vec_pretty(&plan_data(plan)).unwrap_or_default();
    vec![
        OutputFile {
            path: "data/plan.json".into(),
            bytes: json,
        },
        OutputFile {
            path: "data/tiltak.csv".into(),
            bytes: measures_csv(plan).into_bytes(),
        },
        OutputFile {
            path: "sitemap.xml".into(),
            bytes: sitemap(plan, last_changed, rendered).into_bytes(),
        },
    ]
}

/// One row per measure: id, language, section, section title, text, initiatives, address.
fn measures_csv(plan: &Plan) -> String {
    let mut out = String::from("id,lang,section,section_title,text,initiatives,url\r\n");
    for m in in_reading_order(plan, |p| &p.measures).map(|m| &plan.measures[m]) {
        let page = &plan.pages[m.page];
        let initiatives: Vec<&str> = m
            .initiatives
            .iter()
            .map(|&i| plan.initiatives[i].id.as_str())
            .collect();
        let fields = [
            m.id.as_str(),
            &plan.languages[m.lang].code,
            &view::section_of(page),
            &page.title,
            &csv_text(m),
            &initiatives.join(" "),
            &absolute(plan, &view::url_of_measure(plan, m)),
        ];
        let quoted: Vec<String> = fields
            .iter()
            .map(|f| format!("\"{}\"", f.replace('"', "\"\"")))
            .collect();
        out.push_str(&quoted.join(","));
        out.push_str("\r\n");
    }
    out
}

/// A measure's text with its sub-points in one readable cell: "Text: point 1; point 2 (a, b)".
fn csv_text(m: &crate::model::Measure) -> String {
    if m.points.is_empty() {
        return m.text.clone();
    }
    let points: Vec<String> = m
        .points
        .iter()
        .map(|p| match p.points.is_empty() {
            true => p.text.clone(),
            false => format!("{} ({})", p.text, p.points.join(", ")),
        })
        .collect();
    let text = m.text.trim_end_matches(':');
    format!("{text}: {}", points.join("; "))
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
    let pages: std::collections::HashMap<&str, &crate::model::Page> =
        plan.pages.iter().map(|p| (p.url.as_str(), p)).collect();
    let fallback_overviews: Vec<&str> = (1..plan.languages.len())
        .filter(|&l| !crate::model::is_fully_translated(plan, l))
        .map(|l| plan.languages[l].prefix.as_str())
        .collect();
    // (address, last changed, alternates as (language, address))
    type Entry = (String, Option<String>, Vec<(String, String)>);
    let mut entries: Vec<Entry> = Vec::new();
    for file in rendered {
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
