//! Dates as readers of each language write them: the theme's `date_long` (`YYYY-MM-DD`) and
//! `date_month` (`YYYY-MM`) patterns, filled with the day, month number, month name and year.
//!
//! It takes a date and the page's UI strings and returns the text. South Sami needs its own
//! pattern, not a translation of the Norwegian one: the month comes first, in the genitive
//! ("goeven 14. b. 2022").

use crate::theme::Ui;

/// `2022-12-14` → "14.12.2022" (nb) or "goeven 14. b. 2022" (sma); `2026-02` → "02.2026" or
/// "goevte 2026". Text that is not such a date is returned as it is.
pub fn display(date: &str, t: &Ui) -> String {
    let parts: Vec<&str> = date.split('-').collect();
    let (year, month, day) = match parts.as_slice() {
        [y, m] => (*y, *m, None),
        [y, m, d] => (*y, *m, Some(*d)),
        _ => return date.to_string(),
    };
    let Ok(number) = month.parse::<u32>() else {
        return date.to_string();
    };
    if !(1..=12).contains(&number) {
        return date.to_string();
    }
    let pattern = t.get(if day.is_some() {
        "date_long"
    } else {
        "date_month"
    });
    let day = day.unwrap_or("");
    pattern
        .replace("{month_gen}", &t.get(MONTHS_GEN[number as usize - 1]))
        .replace("{month}", &t.get(MONTHS[number as usize - 1]))
        .replace("{dd}", day)
        .replace("{d}", day.trim_start_matches('0'))
        .replace("{mm}", month)
        .replace("{yyyy}", year)
}

/// A result's period: the year ("2025"), or the month and year where the figure is for one
/// month, in the theme's `date_period` pattern ("februar 2025", "goevte 2025").
pub fn period(year: i32, month: Option<u32>, t: &Ui) -> String {
    match month.filter(|m| (1..=12).contains(m)) {
        Some(m) => t
            .get("date_period")
            .replace("{month}", &month_name(m, t))
            .replace("{yyyy}", &year.to_string()),
        None => year.to_string(),
    }
}

/// The name of month `number` (1–12), as it stands alone ("februar", "goevte").
pub fn month_name(number: u32, t: &Ui) -> String {
    match MONTHS.get((number as usize).wrapping_sub(1)) {
        Some(key) => t.get(key),
        None => number.to_string(),
    }
}

/// The UI keys of the month names, January first: as they stand alone, and in a date.
const MONTHS: [&str; 12] = [
    "month_01", "month_02", "month_03", "month_04", "month_05", "month_06", "month_07", "month_08",
    "month_09", "month_10", "month_11", "month_12",
];
const MONTHS_GEN: [&str; 12] = [
    "month_01_gen",
    "month_02_gen",
    "month_03_gen",
    "month_04_gen",
    "month_05_gen",
    "month_06_gen",
    "month_07_gen",
    "month_08_gen",
    "month_09_gen",
    "month_10_gen",
    "month_11_gen",
    "month_12_gen",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn ui(pairs: &[(&str, &str)]) -> Ui {
        let mut ui = Ui::default();
        for (k, v) in pairs {
            ui.text.insert(k.to_string(), v.to_string());
        }
        ui
    }

    #[test]
    fn south_sami_dates_put_the_genitive_month_first() {
        let t = ui(&[
            ("date_long", "{month_gen} {d}. b. {yyyy}"),
            ("date_month", "{month} {yyyy}"),
            ("month_12_gen", "goeven"),
            ("month_02", "goevte"),
        ]);
        assert_eq!(display("2022-12-14", &t), "goeven 14. b. 2022");
        assert_eq!(display("2022-12-04", &t), "goeven 4. b. 2022");
        assert_eq!(display("2026-02", &t), "goevte 2026");
    }

    #[test]
    fn a_period_is_the_year_or_the_month_and_year() {
        let t = ui(&[("date_period", "{month} {yyyy}"), ("month_02", "februar")]);
        assert_eq!(period(2025, None, &t), "2025");
        assert_eq!(period(2025, Some(2), &t), "februar 2025");
    }

    #[test]
    fn norwegian_dates_stay_numeric() {
        let t = ui(&[
            ("date_long", "{dd}.{mm}.{yyyy}"),
            ("date_month", "{mm}.{yyyy}"),
        ]);
        assert_eq!(display("2022-12-04", &t), "04.12.2022");
        assert_eq!(display("2026-02", &t), "02.2026");
        assert_eq!(display("snart", &t), "snart");
    }
}
