//! Typed views: what each template receives, built from the plan with ready values (URLs,
//! section numbers, labels in the page's language).
//!
//! Templates only loop, branch and print these; every rule about the plan lives here.

use serde::Serialize;

use crate::load::{Direction, GoalResult, Point, Status, Target};
use crate::model::{Goal, Measure, Page, PageId, PageKind, Plan};
use crate::theme::{Label, Strings, Ui};

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
    /// UI strings as HTML (fallbacks marked with their language): print with `| safe`.
    pub t: &'a Strings,
    /// UI strings as plain text, for attributes.
    pub ta: &'a Strings,
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
    pub feedback_url: &'a str,
    pub organisation: &'a str,
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

#[derive(Debug, Serialize)]
pub struct MeasureView {
    pub id: String,
    pub anchor: String,
    pub text: String,
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
    pub text: String,
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
    /// SVG of the numeric results against the target, if there are any.
    pub chart: Option<String>,
    /// Anchors of the ids the goal had before, so old links still land on it.
    pub former_anchors: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct StatusView {
    /// CSS hook and machine value: met, partly-met, not-met, unknown, none.
    pub key: &'static str,
    pub label: Label,
    /// A symbol shown beside the label, so status never rests on colour alone.
    pub icon: &'static str,
}

#[derive(Debug, Serialize)]
pub struct ResultView {
    pub year: i32,
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
        text: measure.text.clone(),
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
    let status = meta
        .results
        .iter()
        .max_by_key(|r| r.year)
        .map_or_else(|| no_status(t), |r| status_view(r.status, t));
    GoalView {
        id: meta.id.clone(),
        anchor: goal_anchor(&meta.id),
        text: meta.text.clone(),
        text_lang: other_lang(plan, goal.text_lang, goal.lang),
        section: section_of(page),
        url: format!("{}#{}", page.url, goal_anchor(&meta.id)),
        page_title: page.numbered_title(),
        baseline: meta.baseline.as_ref().map(|b| match b.value {
            Some(v) => format!("{} ({})", quantity(v, unit), b.year),
            None => b.year.to_string(),
        }),
        deadline: meta.deadline,
        chart: {
            let values: Vec<String> = results
                .iter()
                .filter_map(|r| r.value.as_ref().map(|v| format!("{}: {v}", r.year)))
                .collect();
            let description = match &target {
                Some(target) => format!(
                    "{}. {}: {}.",
                    values.join(", "),
                    t.get("target_label"),
                    target.text
                ),
                None => format!("{}.", values.join(", ")),
            };
            crate::chart::goal_chart(
                meta,
                &goal_anchor(&meta.id),
                &meta.text,
                &description,
                &t.get("target_label"),
            )
        },
        target,
        status,
        results,
        former_anchors: meta.formerly.iter().map(|f| goal_anchor(f)).collect(),
    }
}

fn result_view(result: &GoalResult, unit: Option<&str>, t: &Ui) -> ResultView {
    ResultView {
        year: result.year,
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
    let (key, icon) = match status {
        Status::Met => ("met", "✔"),
        Status::ProvisionallyMet => ("provisionally-met", "(✔)"),
        Status::PartlyMet => ("partly-met", "◐"),
        Status::NotMet => ("not-met", "✘"),
        Status::Unknown => ("unknown", "?"),
    };
    StatusView {
        key,
        label: t.label(&format!("status_{}", key.replace('-', "_"))),
        icon,
    }
}

fn no_status(t: &Ui) -> StatusView {
    StatusView {
        key: "none",
        label: t.label("status_none"),
        icon: "–",
    }
}

/// "minst 70 %", "høyst 61 dager", "reduksjon på 20–30 %", or the direction alone.
pub fn target_text(target: &Target, t: &Ui) -> Label {
    let unit = target.unit.as_deref();
    let key = match target.direction {
        Direction::AtLeast => "target_at_least",
        Direction::AtMost => "target_at_most",
        Direction::ReduceBy => "target_reduce_by",
        Direction::IncreaseBy => "target_increase_by",
    };
    match (target.value, target.value_max) {
        (Some(low), Some(high)) => t.label(key).with_value(&range(low, high, unit)),
        (Some(v), None) => t.label(key).with_value(&quantity(v, unit)),
        _ => t.label(&format!("{key}_unspecified")),
    }
}

/// "20–30 %": a range with its unit once, after the upper end.
pub fn range(low: f64, high: f64, unit: Option<&str>) -> String {
    format!("{}–{}", quantity(low, None), quantity(high, unit))
}

/// A number the Norwegian way (decimal comma) with its unit: "54,3 %".
pub fn quantity(value: f64, unit: Option<&str>) -> String {
    let number = if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        format!("{value}").replace('.', ",")
    };
    match unit {
        Some(unit) if !unit.is_empty() => format!("{number}\u{a0}{unit}"),
        _ => number,
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

/// An entry of the table of contents.
#[derive(Debug, Serialize)]
pub struct TocEntry {
    pub link: Link,
    pub children: Vec<TocEntry>,
}

pub fn toc(plan: &Plan, page: PageId) -> Vec<TocEntry> {
    plan.pages[page]
        .children
        .iter()
        .map(|&c| TocEntry {
            link: page_link(plan, c),
            children: toc(plan, c),
        })
        .collect()
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
    fn quantities_use_a_decimal_comma_and_a_non_breaking_space() {
        assert_eq!(quantity(54.3, Some("%")), "54,3\u{a0}%");
        assert_eq!(quantity(61.0, Some("dager")), "61\u{a0}dager");
        assert_eq!(quantity(3.0, None), "3");
        assert_eq!(range(20.0, 30.0, Some("%")), "20–30\u{a0}%");
    }
}
