//! Numbers as readers see them: the decimal comma and units the Norwegian way.
//!
//! Shared vocabulary: views and charts print quantities the same way, so this module uses no
//! other.

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_use_a_decimal_comma_and_a_non_breaking_space() {
        assert_eq!(quantity(54.3, Some("%")), "54,3\u{a0}%");
        assert_eq!(quantity(61.0, Some("dager")), "61\u{a0}dager");
        assert_eq!(quantity(3.0, None), "3");
        assert_eq!(range(20.0, 30.0, Some("%")), "20–30\u{a0}%");
    }
}
