//! Danish public holidays, and the days public offices are closed, on which
//! no meeting is generated.

use chrono::{Datelike, Duration, NaiveDate};

/// Easter Sunday (the anonymous Gregorian algorithm).
pub fn easter(year: i32) -> NaiveDate {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    // Always a day in March or April; the default only for a year chrono cannot hold.
    NaiveDate::from_ymd_opt(year, month as u32, day as u32).unwrap_or_default()
}

/// The closed day on this date, if any, as a message-id suffix
/// (`holiday-<key>` in the translation files).
pub fn closed_day(date: NaiveDate) -> Option<&'static str> {
    let y = date.year();
    let e = easter(y);
    let fixed = match (date.month(), date.day()) {
        (1, 1) => Some("nytaarsdag"),
        (6, 5) => Some("grundlovsdag"),
        (12, 24) => Some("juleaftensdag"),
        (12, 25) => Some("juledag"),
        (12, 26) => Some("anden-juledag"),
        (12, 31) => Some("nytaarsaftensdag"),
        _ => None,
    };
    if fixed.is_some() {
        return fixed;
    }
    let offset = (date - e).num_days();
    match offset {
        -3 => Some("skaertorsdag"),
        -2 => Some("langfredag"),
        0 => Some("paaskedag"),
        1 => Some("anden-paaskedag"),
        // Store bededag was abolished as a public holiday from 2024.
        26 if y < 2024 => Some("store-bededag"),
        39 => Some("kristi-himmelfartsdag"),
        49 => Some("pinsedag"),
        50 => Some("anden-pinsedag"),
        _ => None,
    }
}

/// The next day on or after `date` that is neither a weekend nor closed.
pub fn next_working_day(mut date: NaiveDate) -> NaiveDate {
    while date.weekday().number_from_monday() > 5 || closed_day(date).is_some() {
        date += Duration::days(1);
    }
    date
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn easter_dates() {
        assert_eq!(easter(2024), d(2024, 3, 31));
        assert_eq!(easter(2025), d(2025, 4, 20));
        assert_eq!(easter(2026), d(2026, 4, 5));
        assert_eq!(easter(2027), d(2027, 3, 28));
        assert_eq!(easter(2038), d(2038, 4, 25));
    }

    #[test]
    fn danish_holidays_2026() {
        assert_eq!(closed_day(d(2026, 4, 2)), Some("skaertorsdag"));
        assert_eq!(closed_day(d(2026, 4, 3)), Some("langfredag"));
        assert_eq!(closed_day(d(2026, 4, 6)), Some("anden-paaskedag"));
        assert_eq!(closed_day(d(2026, 5, 14)), Some("kristi-himmelfartsdag"));
        assert_eq!(closed_day(d(2026, 5, 25)), Some("anden-pinsedag"));
        assert_eq!(closed_day(d(2026, 5, 1)), None, "store bededag is gone");
        assert_eq!(closed_day(d(2023, 5, 5)), Some("store-bededag"));
        assert_eq!(closed_day(d(2026, 12, 24)), Some("juleaftensdag"));
        assert_eq!(closed_day(d(2026, 6, 5)), Some("grundlovsdag"));
        assert_eq!(closed_day(d(2026, 11, 23)), None);
    }

    #[test]
    fn working_days() {
        assert_eq!(next_working_day(d(2026, 4, 2)), d(2026, 4, 7), "easter week");
        assert_eq!(next_working_day(d(2026, 11, 21)), d(2026, 11, 23), "saturday to monday");
    }
}
