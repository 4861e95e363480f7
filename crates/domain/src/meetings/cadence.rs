//! When a forum meets. Meetings are generated from the cadence in
//! Europe/Copenhagen time, so a 09:00 meeting stays at 09:00 across the
//! change to and from summer time, and no meeting falls on a closed day.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::Europe::Copenhagen;
use serde::{Deserialize, Serialize};

use super::holidays::{closed_day, next_working_day};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Cadence {
    /// Every `weeks` weeks from `first` (which sets the weekday), at `time`.
    /// A date that falls on a closed day is skipped.
    EveryWeeks { weeks: u32, first: NaiveDate, time: NaiveTime },
    /// `times` a year, evenly spread from January, on the `nth` `weekday`
    /// (1 = Monday) of the month. A closed day moves to the next working day.
    TimesPerYear { times: u32, weekday: u32, nth: u32, time: NaiveTime },
    /// Once a year on a date; a closed day or weekend moves to the next working day.
    Yearly { month: u32, day: u32, time: NaiveTime },
    /// No series; meetings are added by hand.
    AdHoc,
}

/// A generated meeting: its local date and its start in UTC.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Occurrence {
    pub date: NaiveDate,
    pub starts_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CadenceError {
    #[error("weeks must be 1 to 52")]
    BadWeeks,
    #[error("times a year must be 1 to 52")]
    BadTimes,
    #[error("weekday must be 1 (Monday) to 7")]
    BadWeekday,
    #[error("nth must be 1 to 4")]
    BadNth,
    #[error("no such date")]
    BadDate,
}

impl CadenceError {
    pub fn message_id(&self) -> &'static str {
        match self {
            CadenceError::BadWeeks => "cadence-error-weeks",
            CadenceError::BadTimes => "cadence-error-times",
            CadenceError::BadWeekday => "cadence-error-weekday",
            CadenceError::BadNth => "cadence-error-nth",
            CadenceError::BadDate => "cadence-error-date",
        }
    }
}

impl Cadence {
    pub fn validate(&self) -> Result<(), CadenceError> {
        match *self {
            Cadence::EveryWeeks { weeks, .. } if !(1..=52).contains(&weeks) => Err(CadenceError::BadWeeks),
            Cadence::TimesPerYear { times, .. } if !(1..=52).contains(&times) => Err(CadenceError::BadTimes),
            Cadence::TimesPerYear { weekday, .. } if !(1..=7).contains(&weekday) => Err(CadenceError::BadWeekday),
            Cadence::TimesPerYear { nth, .. } if !(1..=4).contains(&nth) => Err(CadenceError::BadNth),
            // 29 February is allowed: in other years it moves to 1 March.
            Cadence::Yearly { month, day, .. } if NaiveDate::from_ymd_opt(2028, month, day).is_none() => Err(CadenceError::BadDate),
            _ => Ok(()),
        }
    }

    /// The meetings of this cadence whose local date lies in `from..=to`.
    pub fn occurrences(&self, from: NaiveDate, to: NaiveDate) -> Vec<Occurrence> {
        if self.validate().is_err() || to < from {
            return vec![];
        }
        let mut out = vec![];
        match *self {
            Cadence::EveryWeeks { weeks, first, time } => {
                let step = Duration::weeks(weeks as i64);
                let mut date = first;
                if date < from {
                    let steps = (from - first).num_days().div_euclid(step.num_days());
                    date = first + step * steps as i32;
                    while date < from {
                        date += step;
                    }
                }
                while date <= to {
                    if closed_day(date).is_none() {
                        out.push(at(date, time));
                    }
                    date += step;
                }
            }
            Cadence::TimesPerYear { times, weekday, nth, time } => {
                for year in from.year()..=to.year() {
                    for i in 0..times {
                        let month = 1 + i * 12 / times;
                        let wd = Weekday::try_from(weekday as u8 - 1).unwrap_or(Weekday::Mon);
                        let Some(date) = NaiveDate::from_weekday_of_month_opt(year, month, wd, nth as u8) else { continue };
                        let date = next_working_day(date);
                        if date >= from && date <= to {
                            out.push(at(date, time));
                        }
                    }
                }
            }
            Cadence::Yearly { month, day, time } => {
                for year in from.year()..=to.year() {
                    let date = NaiveDate::from_ymd_opt(year, month, day).or_else(|| NaiveDate::from_ymd_opt(year, month + 1, 1)).map(next_working_day);
                    if let Some(date) = date.filter(|d| *d >= from && *d <= to) {
                        out.push(at(date, time));
                    }
                }
            }
            Cadence::AdHoc => {}
        }
        out.sort_by_key(|o| o.starts_at);
        out.dedup_by_key(|o| o.date);
        out
    }
}

/// A local date and time in Copenhagen as an instant. In the spring gap
/// (02:00–03:00 on the last Sunday of March) the time moves an hour on.
pub fn at(date: NaiveDate, time: NaiveTime) -> Occurrence {
    Occurrence { date, starts_at: local_to_utc(NaiveDateTime::new(date, time)) }
}

/// The first moment of a day in Copenhagen.
pub fn day_start(d: NaiveDate) -> DateTime<Utc> {
    local_to_utc(d.and_time(chrono::NaiveTime::MIN))
}

pub fn local_to_utc(local: NaiveDateTime) -> DateTime<Utc> {
    Copenhagen
        .from_local_datetime(&local)
        .earliest()
        .or_else(|| Copenhagen.from_local_datetime(&(local + Duration::hours(1))).earliest())
        .map(|t| t.with_timezone(&Utc))
        // An hour after a gap is always a valid time; read as UTC, should it not be.
        .unwrap_or_else(|| Utc.from_utc_datetime(&local))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Timelike;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }
    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn fortnightly_meetings_keep_their_local_time_across_summer_time() {
        let c = Cadence::EveryWeeks { weeks: 2, first: d(2026, 1, 6), time: t(9, 0) };
        let occ = c.occurrences(d(2026, 1, 1), d(2026, 12, 31));
        assert_eq!(occ.len(), 26);
        for o in &occ {
            let local = o.starts_at.with_timezone(&Copenhagen);
            assert_eq!((local.hour(), local.minute()), (9, 0), "{}", o.date);
            assert_eq!(o.date.weekday(), Weekday::Tue);
        }
        // 09:00 is 08:00 UTC in winter and 07:00 UTC in summer.
        assert_eq!(occ[0].starts_at.hour(), 8);
        assert_eq!(occ.iter().find(|o| o.date == d(2026, 6, 9)).unwrap().starts_at.hour(), 7);
    }

    #[test]
    fn closed_days_are_skipped() {
        // Thursdays every week across Easter and Ascension 2026.
        let c = Cadence::EveryWeeks { weeks: 1, first: d(2026, 3, 26), time: t(13, 0) };
        let dates: Vec<_> = c.occurrences(d(2026, 3, 1), d(2026, 5, 31)).into_iter().map(|o| o.date).collect();
        assert!(!dates.contains(&d(2026, 4, 2)), "skærtorsdag");
        assert!(!dates.contains(&d(2026, 5, 14)), "Kristi himmelfartsdag");
        assert!(dates.contains(&d(2026, 4, 9)));
        assert_eq!(dates[0], d(2026, 3, 26));
    }

    #[test]
    fn a_window_in_the_middle_of_a_series() {
        let c = Cadence::EveryWeeks { weeks: 2, first: d(2025, 1, 7), time: t(9, 0) };
        let occ = c.occurrences(d(2026, 3, 1), d(2026, 3, 31));
        let dates: Vec<_> = occ.iter().map(|o| o.date).collect();
        assert_eq!(dates, vec![d(2026, 3, 3), d(2026, 3, 17), d(2026, 3, 31)]);
        assert!(c.occurrences(d(2024, 1, 1), d(2024, 12, 31)).is_empty(), "nothing before the first");
    }

    #[test]
    fn twice_a_year_and_yearly() {
        let c = Cadence::TimesPerYear { times: 2, weekday: 5, nth: 1, time: t(9, 0) };
        let dates: Vec<_> = c.occurrences(d(2026, 1, 1), d(2026, 12, 31)).into_iter().map(|o| o.date).collect();
        assert_eq!(dates, vec![d(2026, 1, 2), d(2026, 7, 3)]);
        // 5 June 2026 is Grundlovsdag, a Friday: the seminar moves to Monday.
        let y = Cadence::Yearly { month: 6, day: 5, time: t(12, 0) };
        let dates: Vec<_> = y.occurrences(d(2026, 1, 1), d(2027, 12, 31)).into_iter().map(|o| o.date).collect();
        assert_eq!(dates, vec![d(2026, 6, 8), d(2027, 6, 7)]);
        assert!(Cadence::AdHoc.occurrences(d(2026, 1, 1), d(2026, 12, 31)).is_empty());
    }

    #[test]
    fn invalid_cadences_are_refused() {
        assert_eq!(Cadence::EveryWeeks { weeks: 0, first: d(2026, 1, 1), time: t(9, 0) }.validate(), Err(CadenceError::BadWeeks));
        assert_eq!(Cadence::TimesPerYear { times: 2, weekday: 8, nth: 1, time: t(9, 0) }.validate(), Err(CadenceError::BadWeekday));
        assert_eq!(Cadence::Yearly { month: 2, day: 30, time: t(9, 0) }.validate(), Err(CadenceError::BadDate));
        assert!(Cadence::Yearly { month: 2, day: 29, time: t(9, 0) }.validate().is_ok());
    }

    #[test]
    fn the_spring_gap_moves_an_hour_on() {
        let o = at(d(2026, 3, 29), t(2, 30));
        assert_eq!(o.starts_at.with_timezone(&Copenhagen).hour(), 3);
    }

    #[test]
    fn cadences_round_trip_as_json_like_text() {
        let c = Cadence::EveryWeeks { weeks: 2, first: d(2026, 1, 6), time: t(9, 0) };
        let s = toml::to_string(&c).unwrap();
        assert_eq!(toml::from_str::<Cadence>(&s).unwrap(), c);
    }
}
