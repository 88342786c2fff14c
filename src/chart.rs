//! Goal charts: an SVG bar per reported year against the target line, drawn at build time (no
//! JavaScript), with a title and description for screen readers. The same numbers stand in the
//! results table beside it, so the chart is never the only way to read them.

use crate::load::{Direction, GoalMeta};
use crate::markdown::escape;
use crate::view::quantity;

const WIDTH: f64 = 360.0;
const HEIGHT: f64 = 190.0;
const LEFT: f64 = 12.0;
const TOP: f64 = 24.0;
const BOTTOM: f64 = 28.0;

/// The chart, or `None` where there is no numeric result to draw. `description` is the text
/// alternative, already in the page's language.
pub fn goal_chart(
    goal: &GoalMeta,
    anchor: &str,
    title: &str,
    description: &str,
    target_label: &str,
) -> Option<String> {
    let unit = goal.target.as_ref().and_then(|t| t.unit.as_deref());
    let mut bars: Vec<(i32, f64)> = goal
        .results
        .iter()
        .filter_map(|r| r.value.map(|v| (r.year, v)))
        .collect();
    if bars.is_empty() {
        return None;
    }
    if let Some(v) = goal
        .baseline
        .as_ref()
        .and_then(|b| b.value.map(|v| (b.year, v)))
    {
        bars.insert(0, v);
    }
    // Relative targets ("reduce by 30 %") have no level to draw.
    let target = goal.target.as_ref().and_then(|t| match t.direction {
        Direction::AtLeast | Direction::AtMost => t.value,
        Direction::ReduceBy | Direction::IncreaseBy => None,
    });
    // Bars grow from zero: negative figures (a deficit) are left to the table beside the chart.
    if bars.iter().map(|b| b.1).chain(target).any(|v| v < 0.0) {
        return None;
    }
    let top = bars
        .iter()
        .map(|b| b.1)
        .chain(target)
        .fold(0.0_f64, f64::max)
        * 1.15;
    if top <= 0.0 {
        return None;
    }
    let plot = HEIGHT - TOP - BOTTOM;
    let y = |v: f64| TOP + plot * (1.0 - v / top);
    let slot = (WIDTH - LEFT * 2.0) / bars.len().max(3) as f64;
    let mut svg = format!(
        r#"<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="{anchor}-chart-title {anchor}-chart-desc"><title id="{anchor}-chart-title">{}</title><desc id="{anchor}-chart-desc">{}</desc>"#,
        escape(title),
        escape(description)
    );
    svg.push_str(&format!(
        r#"<line class="chart-axis" x1="{LEFT}" y1="{base}" x2="{right}" y2="{base}"/>"#,
        base = HEIGHT - BOTTOM,
        right = WIDTH - LEFT
    ));
    for (i, (year, value)) in bars.iter().enumerate() {
        let x = LEFT + slot * i as f64 + slot * 0.2;
        let (w, top_y) = (slot * 0.6, y(*value));
        svg.push_str(&format!(
            r#"<rect class="chart-bar" x="{x:.1}" y="{top_y:.1}" width="{w:.1}" height="{h:.1}"/><text class="chart-value" x="{cx:.1}" y="{ty:.1}" text-anchor="middle">{value}</text><text class="chart-year" x="{cx:.1}" y="{yy:.1}" text-anchor="middle">{year}</text>"#,
            h = HEIGHT - BOTTOM - top_y,
            cx = x + w / 2.0,
            ty = top_y - 5.0,
            yy = HEIGHT - 8.0,
            value = escape(&quantity(*value, unit)),
        ));
    }
    if let Some(t) = target {
        let ty = y(t);
        svg.push_str(&format!(
            r#"<line class="chart-target" x1="{LEFT}" y1="{ty:.1}" x2="{right}" y2="{ty:.1}"/><text class="chart-target-label" x="{right}" y="{ly:.1}" text-anchor="end">{}</text>"#,
            escape(&format!("{target_label}: {}", quantity(t, unit))),
            right = WIDTH - LEFT,
            ly = ty - 5.0,
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
                    value,
                    status: Status::NotMet,
                    note: None,
                    by_trust: Vec::new(),
                })
                .collect(),
        }
    }

    #[test]
    fn draws_a_bar_per_result_and_the_target_line() {
        let svg = goal_chart(
            &goal(Direction::AtMost, &[(2024, Some(80.0)), (2025, Some(73.0))]),
            "mal-x",
            "Ventetid",
            "2025: 73 dager",
            "Mål",
        )
        .unwrap();
        assert_eq!(svg.matches("<rect").count(), 2);
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
    fn no_chart_without_numbers_and_no_line_for_relative_targets() {
        assert!(
            goal_chart(
                &goal(Direction::AtMost, &[(2025, None)]),
                "a",
                "t",
                "d",
                "Mål"
            )
            .is_none()
        );
        let svg = goal_chart(
            &goal(Direction::ReduceBy, &[(2025, Some(10.0))]),
            "a",
            "t",
            "d",
            "Mål",
        )
        .unwrap();
        assert!(!svg.contains("chart-target"));
        assert!(
            goal_chart(
                &goal(Direction::AtLeast, &[(2025, Some(-36.3))]),
                "a",
                "t",
                "d",
                "Mål"
            )
            .is_none(),
            "a deficit is shown in the table only"
        );
    }
}
