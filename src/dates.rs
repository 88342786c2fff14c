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
        .replace("{month_gen}", &t.get(&format!("month_{month}_gen")))
        .replace("{month}", &t.get(&format!("month_{month}")))
        .replace("{dd}", day)
        .replace("{d}", day.trim_start_matches('0'))
        .replace("{mm}", month)
        .replace("{yyyy}", year)
}

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
