//! Goal charts: an SVG bar per reported year (or month) against the target line, drawn at build time (no
//! JavaScript), with a title and description for screen readers. Each result's bar is coloured
//! *and* marked with its status symbol, the baseline's bar is neutral, and a cue says whether
//! lower or higher is better. The same numbers stand in the results table beside it, so the
//! chart is never the only way to read them.

use crate::format::quantity;
use crate::html::escape;
use crate::load::{Direction, GoalMeta, Status};
use crate::standing::Standing;

/// The chart's words, in the page's language.
pub struct ChartText<'a> {
    pub title: &'a str,
    /// The text alternative.
    pub description: &'a str,
    pub target_label: &'a str,
    /// "lavere er bedre" or "høyere er bedre".
    pub direction_cue: &'a str,
    /// A month's name by its number, for results of one month ("februar" over "2025").
    pub month_name: &'a dyn Fn(u32) -> String,
}

const WIDTH: f64 = 360.0;
const HEIGHT: f64 = 190.0;
const LEFT: f64 = 12.0;
const TOP: f64 = 24.0;
const BOTTOM: f64 = 28.0;

/// The chart, or `None` where there is no numeric result to draw. `description` is the text
/// alternative, already in the page's language.
pub fn goal_chart(goal: &GoalMeta, anchor: &str, text: &ChartText) -> Option<String> {
    let unit = goal.target.as_ref().and_then(|t| t.unit.as_deref());
    // (year, month, value, status; none for the baseline)
    let mut bars: Vec<(i32, Option<u32>, f64, Option<Status>)> = goal
        .results
        .iter()
        .filter_map(|r| r.value.map(|v| (r.year, r.month, v, Some(r.status))))
        .collect();
    if bars.is_empty() {
        return None;
    }
    if let Some(v) = goal
        .baseline
        .as_ref()
        .and_then(|b| b.value.map(|v| (b.year, b.month, v, None)))
    {
        bars.insert(0, v);
    }
    // Relative targets ("reduce by 30 %") have no level to draw.
    let target = goal.target.as_ref().and_then(|t| match t.direction {
        Direction::AtLeast | Direction::AtMost => t.value,
        Direction::ReduceBy | Direction::IncreaseBy => None,
    });
    // Bars grow from zero: negative figures (a deficit) are left to the table beside the chart.
    if bars.iter().map(|b| b.2).chain(target).any(|v| v < 0.0) {
        return None;
    }
    let top = bars
        .iter()
        .map(|b| b.2)
        .chain(target)
        .fold(0.0_f64, f64::max)
        * 1.15;
    // Results of one month name it on a line above the year.
    let months = bars.iter().any(|b| b.1.is_some());
    let bottom = if months { BOTTOM + 14.0 } else { BOTTOM };
    let height = HEIGHT + bottom - BOTTOM;
    if top <= 0.0 {
        return None;
    }
    let plot = height - TOP - bottom;
    let y = |v: f64| TOP + plot * (1.0 - v / top);
    let slot = (WIDTH - LEFT * 2.0) / bars.len().max(3) as f64;
    let mut svg = format!(
        r#"<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="{anchor}-chart-title {anchor}-chart-desc"><title id="{anchor}-chart-title">{}</title><desc id="{anchor}-chart-desc">{}</desc>"#,
        escape(text.title),
        escape(text.description),
    );
    if !text.direction_cue.is_empty() {
        svg.push_str(&format!(
            r#"<text class="chart-cue" x="{LEFT}" y="14">{}</text>"#,
            escape(text.direction_cue)
        ));
    }
    svg.push_str(&format!(
        r#"<line class="chart-axis" x1="{LEFT}" y1="{base}" x2="{right}" y2="{base}"/>"#,
        base = height - bottom,
        right = WIDTH - LEFT
    ));
    for (i, (year, month, value, status)) in bars.iter().enumerate() {
        let x = LEFT + slot * i as f64 + slot * 0.2;
        let (w, top_y) = (slot * 0.6, y(*value));
        let (class, mark) = match status {
            Some(s) => {
                let standing = Standing::Reported(*s);
                (standing.key(), format!("{} ", standing.icon()))
            }
            None => ("baseline", String::new()),
        };
        let cx = x + w / 2.0;
        svg.push_str(&format!(
            r#"<rect class="chart-bar chart-bar-{class}" x="{x:.1}" y="{top_y:.1}" width="{w:.1}" height="{h:.1}"/><text class="chart-value" x="{cx:.1}" y="{ty:.1}" text-anchor="middle">{mark}{value}</text>"#,
            h = height - bottom - top_y,
            ty = top_y - 5.0,
            value = escape(&quantity(*value, unit)),
        ));
        if let Some(m) = month {
            svg.push_str(&format!(
                r#"<text class="chart-year" x="{cx:.1}" y="{my:.1}" text-anchor="middle">{}</text>"#,
                escape(&(text.month_name)(*m)),
                my = height - 22.0,
            ));
        }
        svg.push_str(&format!(
            r#"<text class="chart-year" x="{cx:.1}" y="{yy:.1}" text-anchor="middle">{year}</text>"#,
            yy = height - 8.0,
        ));
    }
    if let Some(t) = target {
        let ty = y(t);
        svg.push_str(&format!(
            r#"<line class="chart-target" x1="{LEFT}" y1="{ty:.1}" x2="{right}" y2="{ty:.1}"/><text class="chart-target-label" x="{right}" y="{ly:.1}" text-anchor="end">{}</text>"#,
            escape(&format!("{}: {}", text.target_label, quantity(t, unit))),
            right = WIDTH - LEFT,
            ly = ty - 5.0,
        ));
    }
    svg.push_str("</svg>");
    Some(svg)
}

/// The latest result per health trust, where the source gives it: a horizontal bar per trust
/// on one scale with the target line, each marked ✔ or ✘ against a level target. `None` where
/// no result has per-trust values, or a figure is negative (a deficit is left to the table).
pub fn trust_chart(goal: &GoalMeta, anchor: &str, text: &ChartText) -> Option<String> {
    let result = goal
        .results
        .iter()
        .filter(|r| !r.by_trust.is_empty())
        .max_by_key(|r| (r.year, r.month))?;
    let period = match result.month {
        Some(m) => format!("{} {}", (text.month_name)(m), result.year),
        None => result.year.to_string(),
    };
    let target = goal.target.as_ref().and_then(|t| match t.direction {
        Direction::AtLeast | Direction::AtMost => t.value.map(|v| (v, t.direction)),
        Direction::ReduceBy | Direction::IncreaseBy => None,
    });
    let unit = goal.target.as_ref().and_then(|t| t.unit.as_deref());
    let values: Vec<f64> = result.by_trust.iter().map(|v| v.value).collect();
    if values.iter().any(|&v| v < 0.0) {
        return None;
    }
    let top = values
        .iter()
        .copied()
        .chain(target.map(|t| t.0))
        .fold(0.0_f64, f64::max)
        * 1.1;
    if top <= 0.0 {
        return None;
    }
    const ROW: f64 = 40.0;
    const HEAD: f64 = 26.0;
    let height = HEAD + ROW * result.by_trust.len() as f64 + 4.0;
    let span = WIDTH - LEFT * 2.0 - 70.0;
    let x = |v: f64| LEFT + span * v / top;
    let id = format!("{anchor}-trust");
    let mut svg = format!(
        r#"<svg class="chart chart-trust" viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="{id}-title {id}-desc"><title id="{id}-title">{} ({})</title><desc id="{id}-desc">{}</desc>"#,
        escape(text.title),
        escape(&period),
        escape(text.description),
    );
    if !text.direction_cue.is_empty() {
        svg.push_str(&format!(
            r#"<text class="chart-cue" x="{LEFT}" y="14">{} · {}</text>"#,
            escape(&period),
            escape(text.direction_cue)
        ));
    }
    for (i, trust) in result.by_trust.iter().enumerate() {
        let y = HEAD + ROW * i as f64;
        let met = target.map(|(t, direction)| match direction {
            Direction::AtMost => trust.value <= t,
            _ => trust.value >= t,
        });
        let (class, mark) = match met {
            Some(true) => ("met", "✔ "),
            Some(false) => ("not-met", "✘ "),
            None => ("baseline", ""),
        };
        svg.push_str(&format!(
            r#"<text class="chart-name" x="{LEFT}" y="{ny:.1}">{}</text><rect class="chart-bar chart-bar-{class}" x="{LEFT}" y="{by:.1}" width="{w:.1}" height="14"/><text class="chart-value" x="{vx:.1}" y="{vy:.1}" text-anchor="end">{mark}{}</text>"#,
            escape(&trust.name),
            escape(&quantity(trust.value, unit)),
            ny = y + 12.0,
            by = y + 17.0,
            w = x(trust.value) - LEFT,
            vx = WIDTH - LEFT,
            vy = y + 29.0,
        ));
    }
    if let Some((t, _)) = target {
        svg.push_str(&format!(
            r#"<line class="chart-target" x1="{tx:.1}" y1="{HEAD}" x2="{tx:.1}" y2="{bottom:.1}"/><text class="chart-target-label" x="{right}" y="14" text-anchor="end">{}</text>"#,
            escape(&format!("{}: {}", text.target_label, quantity(t, unit))),
            tx = x(t),
            bottom = height - 2.0,
            right = WIDTH - LEFT,
        ));
    }
    svg.push_str("</svg>");
    Some(svg)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{GoalResult, Status, Target};

    fn goal(direction: Direction, results: &[(i32, Option<f64>)]) -> GoalMeta {
        GoalMeta {
            id: "ventetid".into(),
            text: "Ventetid".into(),
            baseline: None,
            target: Some(Target {
                value: Some(61.0),
                value_max: None,
                unit: Some("dager".into()),
                direction,
            }),
            deadline: None,
            formerly: Vec::new(),
            results: results
                .iter()
                .map(|&(year, value)| GoalResult {
                    year,
                    month: None,
                    value,
                    status: Status::NotMet,
                    note: None,
                    by_trust: Vec::new(),
                })
                .collect(),
            reported_by: Vec::new(),
        }
    }

    fn text(description: &str) -> ChartText<'_> {
        ChartText {
            title: "Ventetid",
            description,
            target_label: "Mål",
            direction_cue: "lavere er bedre",
            month_name: &|m| ["februar", "desember"][usize::from(m == 12)].to_string(),
        }
    }

    #[test]
    fn draws_a_bar_per_result_and_the_target_line() {
        let svg = goal_chart(
            &goal(Direction::AtMost, &[(2024, Some(80.0)), (2025, Some(73.0))]),
            "mal-x",
            &text("2025: 73 dager"),
        )
        .unwrap();
        assert_eq!(svg.matches("<rect").count(), 2);
        assert!(
            svg.contains("chart-bar-not-met") && svg.contains("✘ 73\u{a0}dager"),
            "each bar is coloured and marked by its status: {svg}"
        );
        assert!(svg.contains(">lavere er bedre</text>"), "{svg}");
        assert!(
            svg.contains("chart-target") && svg.contains("Mål: 61\u{a0}dager"),
            "{svg}"
        );
        assert!(
            svg.contains(r#"role="img""#)
                && svg.contains("<desc id=\"mal-x-chart-desc\">2025: 73 dager</desc>")
        );
        assert!(!svg.contains("style="), "no inline styles: {svg}");
    }

    #[test]
    fn a_result_of_one_month_is_labelled_with_the_month_and_the_year() {
        let mut g = goal(Direction::AtLeast, &[(2025, Some(2.0))]);
        g.results[0].month = Some(12);
        g.baseline = Some(crate::load::Baseline {
            year: 2025,
            month: Some(2),
            value: Some(0.76),
        });
        let svg = goal_chart(&g, "mal-x", &text("d")).unwrap();
        assert!(
            svg.contains(">februar</text>") && svg.contains(">desember</text>"),
            "each bar names its month: {svg}"
        );
        assert_eq!(svg.matches(">2025</text>").count(), 2, "{svg}");
        let yearly = goal_chart(
            &goal(Direction::AtLeast, &[(2024, Some(1.0)), (2025, Some(2.0))]),
            "mal-x",
            &text("d"),
        )
        .unwrap();
        assert!(!yearly.contains("februar") && yearly.contains(r#"viewBox="0 0 360 190""#));
    }

    #[test]
    fn per_trust_values_are_bars_marked_against_a_level_target() {
        let mut g = goal(Direction::AtMost, &[(2025, Some(73.0))]);
        g.results[0].by_trust = vec![
            crate::load::TrustValue {
                name: "St. Olavs hospital".into(),
                value: 57.0,
            },
            crate::load::TrustValue {
                name: "Helse Nord-Trøndelag".into(),
                value: 68.0,
            },
        ];
        let svg = trust_chart(&g, "mal-x", &text("d")).unwrap();
        assert_eq!(svg.matches("<rect").count(), 2);
        assert!(
            svg.contains("✔ 57\u{a0}dager") && svg.contains("✘ 68\u{a0}dager"),
            "{svg}"
        );
        assert!(svg.contains(">St. Olavs hospital</text>") && svg.contains("chart-target"));
        assert!(
            trust_chart(
                &goal(Direction::AtMost, &[(2025, Some(73.0))]),
                "a",
                &text("d")
            )
            .is_none()
        );
    }

    #[test]
    fn no_chart_without_numbers_and_no_line_for_relative_targets() {
        assert!(goal_chart(&goal(Direction::AtMost, &[(2025, None)]), "a", &text("d")).is_none());
        let svg = goal_chart(
            &goal(Direction::ReduceBy, &[(2025, Some(10.0))]),
            "a",
            &text("d"),
        )
        .unwrap();
        assert!(!svg.contains("chart-target"));
        assert!(
            goal_chart(
                &goal(Direction::AtLeast, &[(2025, Some(-36.3))]),
                "a",
                &text("d")
            )
            .is_none(),
            "a deficit is shown in the table only"
        );
    }
}
