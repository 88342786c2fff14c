//! Typed views: what each template receives, built from the plan with ready values (URLs,
//! section numbers, labels in the page's language).
//!
//! Templates only loop, branch and print these; every rule about the plan lives here.

use serde::Serialize;

use crate::load::{Direction, GoalResult, Status};
use crate::model::{Goal, Measure, Page, PageId, PageKind, Plan};
use crate::theme::Strings;

/// A link with its text.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub url: String,
    pub text: String,
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
    pub t: &'a Strings,
    pub organisation: &'a str,
}

#[derive(Debug, Clone, Serialize)]
pub struct NavItem {
    pub url: String,
    pub text: String,
    pub current: bool,
}

#[derive(Debug, Serialize)]
pub struct MeasureView {
    pub id: String,
    pub anchor: String,
    pub text: String,
    /// Where it stands: "4.2.3", with a link to its anchor.
    pub section: String,
    pub section_title: String,
    pub url: String,
    pub initiatives: Vec<Link>,
}

#[derive(Debug, Serialize)]
pub struct GoalView {
    pub id: String,
    pub anchor: String,
    pub text: String,
    pub section: String,
    pub url: String,
    pub page_title: String,
    pub target: String,
    pub baseline: Option<String>,
    pub deadline: Option<i32>,
    pub status: StatusView,
    pub results: Vec<ResultView>,
}

#[derive(Debug, Serialize)]
pub struct StatusView {
    /// CSS hook and machine value: met, partly-met, not-met, unknown, none.
    pub key: &'static str,
    pub label: String,
    /// A symbol shown beside the label, so status never rests on colour alone.
    pub icon: &'static str,
}

#[derive(Debug, Serialize)]
pub struct ResultView {
    pub year: i32,
    pub value: Option<String>,
    pub status: StatusView,
    pub note: Option<String>,
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
        section: section_of(page),
        section_title: page.title.clone(),
        url: url_of_measure(plan, measure),
        initiatives: measure
            .initiatives
            .iter()
            .map(|&i| page_link(plan, plan.initiatives[i].page))
            .collect(),
    }
}

pub fn goal_view(plan: &Plan, goal: &Goal, t: &Strings) -> GoalView {
    let meta = &goal.meta;
    let page = &plan.pages[goal.page];
    let results: Vec<ResultView> = meta
        .results
        .iter()
        .map(|r| result_view(r, meta.target.unit.as_deref(), t))
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
        section: section_of(page),
        url: format!("{}#{}", page.url, goal_anchor(&meta.id)),
        page_title: page.numbered_title(),
        target: target_text(
            meta.target.direction,
            meta.target.value,
            meta.target.unit.as_deref(),
            t,
        ),
        baseline: meta.baseline.as_ref().map(|b| match b.value {
            Some(v) => format!("{} ({})", quantity(v, meta.target.unit.as_deref()), b.year),
            None => b.year.to_string(),
        }),
        deadline: meta.deadline,
        status,
        results,
    }
}

fn result_view(result: &GoalResult, unit: Option<&str>, t: &Strings) -> ResultView {
    ResultView {
        year: result.year,
        value: result.value.map(|v| quantity(v, unit)),
        status: status_view(result.status, t),
        note: result.note.clone(),
    }
}

pub fn status_view(status: Status, t: &Strings) -> StatusView {
    let (key, icon) = match status {
        Status::Met => ("met", "✔"),
        Status::PartlyMet => ("partly-met", "◐"),
        Status::NotMet => ("not-met", "✘"),
        Status::Unknown => ("unknown", "?"),
    };
    StatusView {
        key,
        label: string(t, &format!("status_{}", key.replace('-', "_"))),
        icon,
    }
}

fn no_status(t: &Strings) -> StatusView {
    StatusView {
        key: "none",
        label: string(t, "status_none"),
        icon: "–",
    }
}

/// "minst 70 %", "høyst 61 dager", "reduksjon på 30 %", or the direction alone.
pub fn target_text(
    direction: Direction,
    value: Option<f64>,
    unit: Option<&str>,
    t: &Strings,
) -> String {
    let key = match direction {
        Direction::AtLeast => "target_at_least",
        Direction::AtMost => "target_at_most",
        Direction::ReduceBy => "target_reduce_by",
        Direction::IncreaseBy => "target_increase_by",
    };
    match value {
        Some(v) => string(t, key).replace("{value}", &quantity(v, unit)),
        None => string(t, &format!("{key}_unspecified")),
    }
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

pub fn string(t: &Strings, key: &str) -> String {
    t.get(key).cloned().unwrap_or_else(|| key.to_string())
}

pub fn page_link(plan: &Plan, page: PageId) -> Link {
    let page = &plan.pages[page];
    Link {
        url: page.url.clone(),
        text: page.numbered_title(),
    }
}

/// Home, then each ancestor, ending with the page itself.
pub fn breadcrumbs(plan: &Plan, page: PageId) -> Vec<Link> {
    let mut trail = Vec::new();
    let mut current = Some(page);
    while let Some(id) = current {
        let p = &plan.pages[id];
        let text = if p.kind == PageKind::Front {
            String::new()
        } else {
            p.numbered_title()
        };
        trail.push(Link {
            url: p.url.clone(),
            text,
        });
        current = p.parent;
    }
    trail.reverse();
    trail
}

/// An entry of the table of contents.
#[derive(Debug, Serialize)]
pub struct TocEntry {
    pub url: String,
    pub text: String,
    pub children: Vec<TocEntry>,
}

pub fn toc(plan: &Plan, page: PageId) -> Vec<TocEntry> {
    plan.pages[page]
        .children
        .iter()
        .map(|&c| TocEntry {
            url: plan.pages[c].url.clone(),
            text: plan.pages[c].numbered_title(),
            children: toc(plan, c),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_use_a_decimal_comma_and_a_non_breaking_space() {
        assert_eq!(quantity(54.3, Some("%")), "54,3\u{a0}%");
        assert_eq!(quantity(61.0, Some("dager")), "61\u{a0}dager");
        assert_eq!(quantity(3.0, None), "3");
    }
}
