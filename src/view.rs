//! Typed views: what each template receives, built from the plan with ready values (URLs,
//! section numbers, labels in the page's language).
//!
//! Templates only loop, branch and print these; every rule about the plan lives here.

use serde::Serialize;

use crate::dates::period;
use crate::format::{quantity, range};
use crate::load::{Direction, GoalMeta, GoalResult, Point, Status, Target};
use crate::model::{Goal, Measure, Page, PageId, PageKind, Plan};
pub use crate::standing::{STANDINGS, Standing, goal_standing, revision_year, standing};
use crate::theme::{Label, Ui};

/// A link with its text, and the text's language where it differs from the page's.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub url: String,
    pub text: String,
    pub lang: Option<String>,
}

impl Link {
    pub fn new(url: impl Into<String>, text: impl Into<String>) -> Link {
        Link {
            url: url.into(),
            text: text.into(),
            lang: None,
        }
    }
}

/// What every page shares: language, title, navigation.
#[derive(Debug, Serialize)]
pub struct Layout<'a> {
    pub lang: &'a str,
    pub site_title: &'a str,
    pub page_title: String,
    pub home: String,
    pub url: String,
    pub nav: Vec<NavItem>,
    pub breadcrumbs: Vec<Link>,
    /// The same page in every language, for the language switcher.
    pub languages: Vec<LanguageLink>,
    /// `hreflang` alternates: the versions that have text in their own language.
    pub alternates: Vec<Alternate>,
    /// Set where the page's text is not in the page's language.
    pub content_lang: Option<&'a str>,
    /// `missing`, `draft` or `reviewed` on pages in another language than the default.
    pub translation: Option<&'static str>,
    /// On the search page, which has its own search form.
    pub is_search: bool,
    pub accessibility_url: String,
    pub changes_url: String,
    /// The changes feed.
    pub feed_url: String,
    pub search_url: String,
    pub contents_url: String,
    pub feedback_url: &'a str,
    pub organisation: &'a str,
    /// The print stylesheet with the running head and page numbers.
    pub page_style_url: String,
    pub whole_plan_url: String,
    /// Set where `build --pdf` makes the PDF of the whole plan.
    pub pdf_url: Option<String>,
    /// The original's absolute address, on a page whose text is the original's.
    pub canonical: Option<String>,
    /// The original's address, on a translation made from an older version of it.
    pub stale_original: Option<String>,
    /// A draft translation the preview shows but the published site does not.
    pub draft_unpublished: bool,
    /// A page marked `draft: true` (shown only in the preview).
    pub page_draft: bool,
    /// While the plan is a consultation draft: the banner's deadline and where to respond.
    pub consultation: Option<ConsultationView>,
}

/// The consultation banner of a `høringsutkast`.
#[derive(Debug, Serialize)]
pub struct ConsultationView {
    pub deadline: String,
    pub deadline_display: String,
    pub respond_to: String,
    /// `mailto:` for an e-mail address, else the address itself.
    pub respond_href: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct LanguageLink {
    pub code: String,
    pub name: String,
    pub url: String,
    pub current: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Alternate {
    pub hreflang: String,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct NavItem {
    pub url: String,
    /// Escaped HTML (a UI string may be marked with its language).
    pub html: String,
    pub current: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct MeasureView {
    pub id: String,
    pub anchor: String,
    /// The text without markup, for link labels.
    pub text: String,
    /// The text with its inline Markdown rendered, where it stands on its own.
    pub html: String,
    /// Set where the text is in another language than the page.
    pub text_lang: Option<String>,
    /// Where it stands: "4.2.3", with a link to its anchor.
    pub section: String,
    pub section_title: String,
    pub url: String,
    pub initiatives: Vec<Link>,
    /// Anchors of the ids the measure had before, so old links still land on it.
    pub former_anchors: Vec<String>,
    /// Its sub-points, and their language where it differs from the page's.
    pub points: Vec<Point>,
    pub points_lang: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct GoalView {
    pub id: String,
    pub anchor: String,
    /// The text without markup, for link labels.
    pub text: String,
    /// The text with its inline Markdown rendered, where it stands on its own.
    pub html: String,
    pub text_lang: Option<String>,
    pub section: String,
    pub url: String,
    pub page_title: String,
    /// None where the source gives the goal no figure or direction.
    pub target: Option<Label>,
    pub baseline: Option<String>,
    pub deadline: Option<i32>,
    pub status: StatusView,
    pub results: Vec<ResultView>,
    /// The results table's first heading: "År", or "Periode" where a result is for one month.
    pub period_heading: Label,
    /// The last result's period and value, where it has a value.
    pub latest: Option<LatestResult>,
    /// SVG of the numeric results against the target, if there are any.
    pub chart: Option<String>,
    /// Anchors of the ids the goal had before, so old links still land on it.
    pub former_anchors: Vec<String>,
    /// SVG of the latest result per health trust, where the source gives one.
    pub trust_chart: Option<String>,
    /// The follow-up goals that report on this goal.
    pub reported_by: Vec<Link>,
    /// The plan goals this follow-up goal reports on.
    pub reports_on: Vec<Link>,
}

/// The latest result with a figure: "desember 2025: 2 %".
#[derive(Debug, Serialize)]
pub struct LatestResult {
    pub period: String,
    pub value: String,
}

#[derive(Debug, Serialize)]
pub struct StatusView {
    /// CSS hook and machine value: a `Standing::key`.
    pub key: &'static str,
    pub label: Label,
    /// A symbol shown beside the label, so status never rests on colour alone.
    pub icon: &'static str,
}

#[derive(Debug, Serialize)]
pub struct ResultView {
    pub year: i32,
    pub month: Option<u32>,
    /// The year, or the month and year of a result for one month ("desember 2025").
    pub period: String,
    pub value: Option<String>,
    pub status: StatusView,
    pub note: Option<String>,
    /// Each health trust's value, where the source gives them.
    pub by_trust: Vec<TrustView>,
}

#[derive(Debug, Serialize)]
pub struct TrustView {
    pub name: String,
    pub value: String,
}

pub fn url_of_measure(plan: &Plan, measure: &Measure) -> String {
    format!(
        "{}#{}",
        plan.pages[measure.page].url,
        measure_anchor(&measure.id)
    )
}

pub fn measure_anchor(id: &str) -> String {
    format!("tiltak-{id}")
}

pub fn goal_anchor(id: &str) -> String {
    format!("mal-{id}")
}

pub fn section_of(page: &Page) -> String {
    page.number
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default()
}

pub fn measure_view(plan: &Plan, index: usize) -> MeasureView {
    let measure = &plan.measures[index];
    let page = &plan.pages[measure.page];
    MeasureView {
        id: measure.id.clone(),
        anchor: measure_anchor(&measure.id),
        text: crate::markdown::inline_text(&measure.text),
        html: inline_html(plan, &measure.text, measure.page),
        text_lang: other_lang(plan, measure.text_lang, measure.lang),
        section: section_of(page),
        section_title: page.title.clone(),
        url: url_of_measure(plan, measure),
        initiatives: measure
            .initiatives
            .iter()
            .map(|&i| page_link(plan, plan.initiatives[i].page))
            .collect(),
        former_anchors: measure.formerly.iter().map(|f| measure_anchor(f)).collect(),
        points: measure.points.clone(),
        points_lang: other_lang(plan, measure.points_lang, measure.lang),
    }
}

/// A measure's or goal's text, written on `page`, as inline HTML with the page's addresses.
pub fn inline_html(plan: &Plan, text: &str, page: PageId) -> String {
    let page = &plan.pages[page];
    crate::markdown::inline(
        text,
        &crate::markdown::folder_of(&page.path),
        &plan.languages[page.lang].prefix,
    )
}

/// The code of `text_lang` where it differs from `lang`.
pub fn other_lang(plan: &Plan, text_lang: usize, lang: usize) -> Option<String> {
    (text_lang != lang).then(|| plan.languages[text_lang].code.clone())
}

pub fn goal_view(plan: &Plan, goal: &Goal, t: &Ui) -> GoalView {
    let meta = &goal.meta;
    let page = &plan.pages[goal.page];
    let unit = meta.target.as_ref().and_then(|x| x.unit.as_deref());
    let target = meta.target.as_ref().map(|x| target_text(x, t));
    let results: Vec<ResultView> = meta
        .results
        .iter()
        .map(|r| result_view(r, unit, t))
        .collect();
    let latest = results.last().and_then(|r| {
        r.value.clone().map(|value| LatestResult {
            period: r.period.clone(),
            value,
        })
    });
    let status = standing_view(standing(meta, plan), t);
    let charts = goal_charts(meta, &results, target.as_ref(), t);
    GoalView {
        id: meta.id.clone(),
        anchor: goal_anchor(&meta.id),
        text: crate::markdown::inline_text(&meta.text),
        html: inline_html(plan, &meta.text, goal.page),
        text_lang: other_lang(plan, goal.text_lang, goal.lang),
        section: section_of(page),
        url: format!("{}#{}", page.url, goal_anchor(&meta.id)),
        page_title: page.numbered_title(),
        baseline: meta.baseline.as_ref().map(|b| match b.value {
            Some(v) => format!("{} ({})", quantity(v, unit), period(b.year, b.month, t)),
            None => period(b.year, b.month, t),
        }),
        period_heading: match results.iter().any(|r| r.month.is_some()) {
            true => t.label("period"),
            false => t.label("year"),
        },
        latest,
        deadline: meta.deadline,
        chart: charts.0,
        trust_chart: charts.1,
        target,
        status,
        results,
        former_anchors: meta.formerly.iter().map(|f| goal_anchor(f)).collect(),
        reported_by: goal
            .reported_by
            .iter()
            .map(|&g| goal_link(plan, g))
            .collect(),
        reports_on: goal
            .reports_on
            .iter()
            .map(|&g| goal_link(plan, g))
            .collect(),
    }
}

/// A link to a goal in its page, worded as the goal.
fn goal_link(plan: &Plan, index: usize) -> Link {
    let goal = &plan.goals[index];
    Link {
        url: format!(
            "{}#{}",
            plan.pages[goal.page].url,
            goal_anchor(&goal.meta.id)
        ),
        text: goal.meta.text.clone(),
        lang: other_lang(plan, goal.text_lang, goal.lang),
    }
}

/// The goal's charts: results over the years, and the latest result per health trust, each
/// with its text alternative.
fn goal_charts(
    meta: &GoalMeta,
    results: &[ResultView],
    target: Option<&Label>,
    t: &Ui,
) -> (Option<String>, Option<String>) {
    let target_part = target
        .map(|x| format!(" {}: {}.", t.get("target_label"), x.text))
        .unwrap_or_default();
    // Relative targets ("reduce by 30 %") may be reported as levels or as changes, so only
    // levels get a cue.
    let cue = match meta.target.as_ref().map(|x| x.direction) {
        Some(Direction::AtMost) => t.get("lower_is_better"),
        Some(Direction::AtLeast) => t.get("higher_is_better"),
        _ => String::new(),
    };
    let cue_part = match cue.is_empty() {
        true => String::new(),
        false => format!(" ({cue})"),
    };
    let month_name = |m: u32| crate::dates::month_name(m, t);
    let text = |description: &str, f: &dyn Fn(&crate::chart::ChartText) -> Option<String>| {
        f(&crate::chart::ChartText {
            title: &meta.text,
            description,
            target_label: &t.get("target_label"),
            direction_cue: &cue,
            month_name: &month_name,
        })
    };
    let anchor = goal_anchor(&meta.id);
    let unit = meta.target.as_ref().and_then(|x| x.unit.as_deref());
    // The baseline's bar is drawn too, so the text alternative names it first.
    let baseline = meta.baseline.as_ref().and_then(|b| {
        b.value.map(|v| {
            format!(
                "{} {}: {}",
                t.get("baseline_label"),
                period(b.year, b.month, t),
                quantity(v, unit)
            )
        })
    });
    let values: Vec<String> = baseline
        .into_iter()
        .chain(
            results
                .iter()
                .filter_map(|r| r.value.as_ref().map(|v| format!("{}: {v}", r.period))),
        )
        .collect();
    let over_years = text(
        &format!("{}.{target_part}{cue_part}", values.join(", ")),
        &|c| crate::chart::goal_chart(meta, &anchor, c),
    );
    let per_trust = results
        .iter()
        .filter(|r| !r.by_trust.is_empty())
        .max_by_key(|r| (r.year, r.month))
        .and_then(|r| {
            let values: Vec<String> = r
                .by_trust
                .iter()
                .map(|v| format!("{}: {}", v.name, v.value))
                .collect();
            text(
                &format!(
                    "{}, {}.{target_part}{cue_part}",
                    r.period,
                    values.join(", ")
                ),
                &|c| crate::chart::trust_chart(meta, &anchor, c),
            )
        });
    (over_years, per_trust)
}

fn result_view(result: &GoalResult, unit: Option<&str>, t: &Ui) -> ResultView {
    ResultView {
        year: result.year,
        month: result.month,
        period: period(result.year, result.month, t),
        value: result.value.map(|v| quantity(v, unit)),
        status: status_view(result.status, t),
        note: result.note.clone(),
        by_trust: result
            .by_trust
            .iter()
            .map(|v| TrustView {
                name: v.name.clone(),
                value: quantity(v.value, unit),
            })
            .collect(),
    }
}

pub fn status_view(status: Status, t: &Ui) -> StatusView {
    standing_view(Standing::Reported(status), t)
}

pub fn standing_view(standing: Standing, t: &Ui) -> StatusView {
    StatusView {
        key: standing.key(),
        label: t.label(standing_label_key(standing)),
        icon: standing.icon(),
    }
}

/// The UI key of a standing's label.
fn standing_label_key(standing: Standing) -> &'static str {
    match standing {
        Standing::Reported(Status::Met) => "status_met",
        Standing::Reported(Status::ProvisionallyMet) => "status_provisionally_met",
        Standing::Reported(Status::PartlyMet) => "status_partly_met",
        Standing::Reported(Status::NotMet) => "status_not_met",
        Standing::Reported(Status::Unknown) => "status_unknown",
        Standing::NotYetDue => "status_not_yet_due",
        Standing::DueNotReported => "status_due_not_reported",
    }
}

/// "minst 70 %", "høyst 61 dager", "reduksjon på 20–30 %", or the direction alone.
pub fn target_text(target: &Target, t: &Ui) -> Label {
    let unit = target.unit.as_deref();
    // (with a figure, without one)
    let (key, unspecified) = match target.direction {
        Direction::AtLeast => ("target_at_least", "target_at_least_unspecified"),
        Direction::AtMost => ("target_at_most", "target_at_most_unspecified"),
        Direction::ReduceBy => ("target_reduce_by", "target_reduce_by_unspecified"),
        Direction::IncreaseBy => ("target_increase_by", "target_increase_by_unspecified"),
    };
    match (target.value, target.value_max) {
        (Some(low), Some(high)) => t.label(key).with_value(&range(low, high, unit)),
        (Some(v), None) => t.label(key).with_value(&quantity(v, unit)),
        _ => t.label(unspecified),
    }
}

pub fn page_link(plan: &Plan, page: PageId) -> Link {
    let page = &plan.pages[page];
    Link {
        url: page.url.clone(),
        text: page.numbered_title(),
        lang: other_lang(plan, page.content_lang, page.lang),
    }
}

/// Home, then each ancestor, ending with the page itself.
pub fn breadcrumbs(plan: &Plan, page: PageId) -> Vec<Link> {
    let mut trail = Vec::new();
    let mut current = Some(page);
    while let Some(id) = current {
        let p = &plan.pages[id];
        // The front page's crumb is labelled by the theme ("Forside").
        let link = if p.kind == PageKind::Front {
            Link::new(p.url.clone(), "")
        } else {
            page_link(plan, id)
        };
        trail.push(link);
        current = p.parent;
    }
    trail.reverse();
    trail
}

/// An entry of the table of contents, with how many measures and goals stand in it and
/// below it.
#[derive(Debug, Serialize)]
pub struct TocEntry {
    pub link: Link,
    pub measures: usize,
    pub goals: usize,
    pub children: Vec<TocEntry>,
}

pub fn toc(plan: &Plan, page: PageId) -> Vec<TocEntry> {
    plan.pages[page]
        .children
        .iter()
        .map(|&c| toc_entry(plan, c))
        .collect()
}

pub fn toc_entry(plan: &Plan, page: PageId) -> TocEntry {
    let children = toc(plan, page);
    let own = &plan.pages[page];
    // An initiative page lists measures that stand elsewhere: they are counted where they stand.
    let (measures, goals) = match own.kind {
        PageKind::Initiative(_) => (0, 0),
        _ => (own.measures.len(), own.goals.len()),
    };
    TocEntry {
        link: page_link(plan, page),
        measures: measures + children.iter().map(|c| c.measures).sum::<usize>(),
        goals: goals + children.iter().map(|c| c.goals).sum::<usize>(),
        children,
    }
}

/// The first sentence of a Markdown text's first paragraph, as plain text: a one-line
/// description where a page has no summary.
pub fn first_sentence(markdown: &str) -> String {
    let paragraph = markdown
        .split("\n\n")
        .map(str::trim)
        .find(|p| !p.is_empty() && !p.starts_with(['#', '-', '*', '>', '|', '<', '!', '[']))
        .unwrap_or("");
    let flat = paragraph.split_whitespace().collect::<Vec<_>>().join(" ");
    // A sentence ends at ". " before a capital letter (so "bl.a. noe" does not end one).
    let mut end = flat.len();
    for (i, _) in flat.match_indices(". ") {
        if flat[i + 2..].starts_with(|c: char| c.is_uppercase()) {
            end = i + 1;
            break;
        }
    }
    flat[..end].to_string()
}

/// A sort key in Norwegian alphabetical order: a–z, then æ, ø, å (South Sami letters ä, ö and
/// ï sort as æ, ø and i).
pub fn collation_key(text: &str) -> Vec<u32> {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'æ' | 'ä' => 'z' as u32 + 1,
            'ø' | 'ö' => 'z' as u32 + 2,
            'å' => 'z' as u32 + 3,
            'ï' => 'i' as u32,
            c => c as u32,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorting_follows_the_norwegian_alphabet() {
        let mut words = vec!["Øke", "Åpne", "Bidra", "Ærlig", "Zebra", "avklare"];
        words.sort_by_cached_key(|w| collation_key(w));
        assert_eq!(words, ["avklare", "Bidra", "Zebra", "Ærlig", "Øke", "Åpne"]);
    }

    #[test]
    fn first_sentence_skips_headings_and_abbreviations() {
        assert_eq!(
            first_sentence("## Tittel\n\nVi skal bl.a. samarbeide\nbedre. Og mer."),
            "Vi skal bl.a. samarbeide bedre."
        );
        assert_eq!(first_sentence("Bare én"), "Bare én");
    }

    #[test]
    fn a_goal_without_results_is_due_once_its_deadline_year_is_over() {
        let goal = |deadline: Option<i32>| GoalMeta {
            id: "x".into(),
            text: "x".into(),
            baseline: None,
            target: None,
            deadline,
            results: Vec::new(),
            formerly: Vec::new(),
            reported_by: Vec::new(),
        };
        assert_eq!(
            goal_standing(&goal(Some(2025)), 2026, Some(2026)),
            Standing::DueNotReported
        );
        assert_eq!(
            goal_standing(&goal(Some(2026)), 2026, Some(2026)),
            Standing::NotYetDue
        );
        assert_eq!(
            goal_standing(&goal(None), 2026, Some(2026)),
            Standing::NotYetDue
        );
        assert_eq!(
            goal_standing(&goal(None), 2027, Some(2026)),
            Standing::DueNotReported
        );
    }

    #[test]
    fn the_latest_result_is_the_latest_month_whatever_the_order_in_the_file() {
        let result = |month, status| crate::load::GoalResult {
            year: 2025,
            month: Some(month),
            value: None,
            status,
            note: None,
            by_trust: Vec::new(),
        };
        let goal = GoalMeta {
            id: "x".into(),
            text: "x".into(),
            baseline: None,
            target: None,
            deadline: None,
            results: vec![result(12, Status::NotMet), result(2, Status::Met)],
            formerly: Vec::new(),
            reported_by: Vec::new(),
        };
        assert_eq!(
            goal_standing(&goal, 2026, Some(2026)),
            Standing::Reported(Status::NotMet)
        );
    }
}
