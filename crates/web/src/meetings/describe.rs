//! Forum rules in words, in the reader's language.

use std::collections::HashMap;

use chrono::Datelike;
use domain::meetings::cadence::Cadence;
use domain::meetings::chair::ChairRule;

use crate::i18n::Tr;

pub fn cadence(tr: &Tr, c: &Cadence) -> String {
    match c {
        Cadence::EveryWeeks { weeks, first, time } => tr.args(
            "cadence-every-weeks",
            [
                ("weeks", weeks.to_string()),
                ("weekday", tr.t(&format!("weekday-{}", first.weekday().number_from_monday()))),
                ("time", time.format("%H:%M").to_string()),
            ],
        ),
        Cadence::TimesPerYear { times, weekday, nth, time } => tr.args(
            "cadence-times-per-year",
            [
                ("times", times.to_string()),
                ("nth", nth.to_string()),
                ("weekday", tr.t(&format!("weekday-{weekday}"))),
                ("time", time.format("%H:%M").to_string()),
            ],
        ),
        Cadence::Yearly { month, day, time } => {
            tr.args("cadence-yearly", [("day", day.to_string()), ("month", tr.t(&format!("month-{month}"))), ("time", time.format("%H:%M").to_string())])
        }
        Cadence::AdHoc => tr.t("cadence-ad-hoc"),
    }
}

pub fn chair(tr: &Tr, c: &ChairRule, names: &HashMap<i64, String>) -> String {
    let name = |id: &i64| names.get(id).cloned().unwrap_or_else(|| "?".into());
    match c {
        ChairRule::Fixed { person } => tr.t1("chair-fixed", "name", name(person)),
        ChairRule::Rotation { people } => tr.t1("chair-rotation", "names", people.iter().map(name).collect::<Vec<_>>().join(", ")),
        ChairRule::None => tr.t("chair-none"),
    }
}

/// The people a chair rule names.
pub fn chair_people(c: &ChairRule) -> Vec<i64> {
    match c {
        ChairRule::Fixed { person } => vec![*person],
        ChairRule::Rotation { people } => people.clone(),
        ChairRule::None => vec![],
    }
}

pub use i18n::{date_value, time_value, when};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use chrono::{NaiveDate, NaiveTime, TimeZone, Utc};

    #[test]
    fn cadences_in_words() {
        let da = Tr::new(Lang::Da);
        let en = Tr::new(Lang::En);
        let c = Cadence::EveryWeeks { weeks: 2, first: NaiveDate::from_ymd_opt(2026, 1, 6).unwrap(), time: NaiveTime::from_hms_opt(9, 0, 0).unwrap() };
        assert_eq!(cadence(&da, &c), "Hver 2. uge om tirsdagen kl. 09:00");
        assert_eq!(cadence(&en, &c), "Every 2 weeks on Tuesdays at 09:00");
        let w = Cadence::EveryWeeks { weeks: 1, first: NaiveDate::from_ymd_opt(2026, 1, 8).unwrap(), time: NaiveTime::from_hms_opt(13, 0, 0).unwrap() };
        assert_eq!(cadence(&da, &w), "Hver uge om torsdagen kl. 13:00");
        let at = Utc.with_ymd_and_hms(2026, 12, 1, 8, 0, 0).unwrap();
        assert_eq!(when(&da, &at), "tirsdag 1. december 2026 kl. 09:00");
        assert_eq!(when(&en, &at), "Tuesday 1 December 2026 09:00");
    }
}
