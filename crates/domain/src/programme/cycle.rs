//! The governance cycle, drawn in rather than typed in: rules such as "the
//! city council meets the first Tuesday of each month" or "the budget has
//! two readings at least three weeks apart, adopted by 15 October" give the
//! årshjul its entries for any year, with exceptions (a holiday, an
//! election year) kept per date.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use crate::meetings::holidays::{closed_day, next_working_day};

/// How a rule places its dates in a year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Rule {
    /// The `nth` `weekday` (1 = Monday … 7 = Sunday) of each listed month;
    /// `nth` -1 is the last. "Standing committees meet in week 3" is the
    /// third Monday (or whichever weekday) of the month.
    NthWeekday { nth: i32, weekday: u32, months: Vec<u32> },
    /// A fixed day each year, e.g. the accounts on 30 June.
    Yearly { month: u32, day: u32 },
    /// Two readings: the first on the `nth` `weekday` of `month`, the second
    /// on the same weekday at least `gap_days` later, and it must fall on or
    /// before `adopt_by` (month, day).
    TwoReadings { month: u32, nth: i32, weekday: u32, gap_days: i64, adopt_by: (u32, u32) },
    /// `days` before each date of another rule (its id), e.g. an agenda
    /// deadline counted back from the meeting; moved earlier off closed days.
    Before { rule: i64, days: i64 },
}

/// What a rule's date is, once exceptions are applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dated {
    pub rule: i64,
    pub date: NaiveDate,
    /// Which of the rule's dates this is in the year, from 0 (for two
    /// readings: 0 the first, 1 the second).
    pub index: usize,
}

/// A date of a rule moved (to another day) or cancelled (`to` None).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exception {
    pub rule: i64,
    pub date: NaiveDate,
    pub to: Option<NaiveDate>,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    #[error("a month must be 1 to 12")]
    BadMonth,
    #[error("nth must be 1 to 5 or -1")]
    BadNth,
    #[error("a weekday must be 1 to 7")]
    BadWeekday,
    #[error("no such day")]
    BadDay,
    #[error("the second reading falls after the adoption deadline")]
    SecondReadingTooLate,
    #[error("a rule counts back from an unknown or a counting rule")]
    BadReference,
}

impl RuleError {
    pub fn message_id(&self) -> &'static str {
        match self {
            RuleError::BadMonth => "cycle-error-month",
            RuleError::BadNth => "cycle-error-nth",
            RuleError::BadWeekday => "cycle-error-weekday",
            RuleError::BadDay => "cycle-error-day",
            RuleError::SecondReadingTooLate => "cycle-error-second-reading",
            RuleError::BadReference => "cycle-error-reference",
        }
    }
}

fn weekday(n: u32) -> Result<Weekday, RuleError> {
    if (1..=7).contains(&n) { Ok(Weekday::try_from((n - 1) as u8).map_err(|_| RuleError::BadWeekday)?) } else { Err(RuleError::BadWeekday) }
}

/// The `nth` weekday of a month (-1: the last), if it exists.
pub fn nth_weekday(year: i32, month: u32, nth: i32, wd: Weekday) -> Option<NaiveDate> {
    if nth == -1 {
        let next = if month == 12 { NaiveDate::from_ymd_opt(year + 1, 1, 1) } else { NaiveDate::from_ymd_opt(year, month + 1, 1) }?;
        let mut d = next.pred_opt()?;
        while d.weekday() != wd {
            d = d.pred_opt()?;
        }
        return Some(d);
    }
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    let offset = (7 + wd.num_days_from_monday() as i64 - first.weekday().num_days_from_monday() as i64) % 7;
    let d = first + Duration::days(offset + 7 * (nth as i64 - 1));
    (d.month() == month).then_some(d)
}

impl Rule {
    /// Checks the rule's numbers, so a bad rule is refused when it is saved.
    pub fn validate(&self) -> Result<(), RuleError> {
        let month = |m: u32| if (1..=12).contains(&m) { Ok(()) } else { Err(RuleError::BadMonth) };
        let nth = |n: i32| if (1..=5).contains(&n) || n == -1 { Ok(()) } else { Err(RuleError::BadNth) };
        match self {
            Rule::NthWeekday { nth: n, weekday: w, months } => {
                nth(*n)?;
                weekday(*w)?;
                months.iter().try_for_each(|m| month(*m))
            }
            Rule::Yearly { month: m, day } => {
                month(*m)?;
                // 29 February is allowed: it is skipped in other years.
                NaiveDate::from_ymd_opt(2028, *m, *day).map(|_| ()).ok_or(RuleError::BadDay)
            }
            Rule::TwoReadings { month: m, nth: n, weekday: w, adopt_by, .. } => {
                month(*m)?;
                nth(*n)?;
                weekday(*w)?;
                NaiveDate::from_ymd_opt(2028, adopt_by.0, adopt_by.1).map(|_| ()).ok_or(RuleError::BadDay)
            }
            Rule::Before { days, .. } if *days < 0 => Err(RuleError::BadDay),
            Rule::Before { .. } => Ok(()),
        }
    }

    /// The rule's own dates in a calendar year, before exceptions; a date on
    /// a closed day moves to the next working day. `Before` rules have none
    /// of their own (see `generate`).
    pub fn dates(&self, year: i32) -> Result<Vec<NaiveDate>, RuleError> {
        self.validate()?;
        let open = |d: NaiveDate| if closed_day(d).is_some() { next_working_day(d) } else { d };
        Ok(match self {
            Rule::NthWeekday { nth, weekday: w, months } => {
                let wd = weekday(*w)?;
                let mut months = months.clone();
                months.sort_unstable();
                months.dedup();
                months.into_iter().filter_map(|m| nth_weekday(year, m, *nth, wd)).map(open).collect()
            }
            Rule::Yearly { month, day } => NaiveDate::from_ymd_opt(year, *month, *day).map(open).into_iter().collect(),
            Rule::TwoReadings { month, nth, weekday: w, gap_days, adopt_by } => {
                let wd = weekday(*w)?;
                let Some(first) = nth_weekday(year, *month, *nth, wd).map(open) else { return Ok(vec![]) };
                let mut second = first + Duration::days((*gap_days).max(1));
                while second.weekday() != wd || closed_day(second).is_some() {
                    second += Duration::days(1);
                }
                let deadline = NaiveDate::from_ymd_opt(year, adopt_by.0, adopt_by.1).ok_or(RuleError::BadDay)?;
                if second > deadline {
                    return Err(RuleError::SecondReadingTooLate);
                }
                vec![first, second]
            }
            Rule::Before { .. } => vec![],
        })
    }
}

/// Every rule's dates in a year with the exceptions applied: a moved date
/// takes its new day, a cancelled one is gone. `Before` rules count back
/// from the other rule's dates after its exceptions, moved earlier off
/// closed days. Rules that fail are returned with their error instead.
pub fn generate(rules: &[(i64, Rule)], exceptions: &[Exception], year: i32) -> (Vec<Dated>, Vec<(i64, RuleError)>) {
    let mut out = vec![];
    let mut errors = vec![];
    let apply = |rule: i64, dates: Vec<NaiveDate>| -> Vec<Dated> {
        dates
            .into_iter()
            .enumerate()
            .filter_map(|(index, date)| match exceptions.iter().find(|e| e.rule == rule && e.date == date) {
                Some(e) => e.to.map(|to| Dated { rule, date: to, index }),
                None => Some(Dated { rule, date, index }),
            })
            .collect()
    };
    for (id, rule) in rules.iter().filter(|(_, r)| !matches!(r, Rule::Before { .. })) {
        match rule.dates(year) {
            Ok(d) => out.extend(apply(*id, d)),
            Err(e) => errors.push((*id, e)),
        }
    }
    for (id, rule) in rules {
        let Rule::Before { rule: of, days } = rule else { continue };
        if !rules.iter().any(|(r, x)| r == of && !matches!(x, Rule::Before { .. })) || *days < 0 {
            errors.push((*id, RuleError::BadReference));
            continue;
        }
        let mut dates: Vec<NaiveDate> = out
            .iter()
            .filter(|d| d.rule == *of)
            .map(|d| {
                let mut x = d.date - Duration::days(*days);
                while closed_day(x).is_some() {
                    x -= Duration::days(1);
                }
                x
            })
            .collect();
        dates.sort_unstable();
        out.extend(apply(*id, dates));
    }
    out.sort_by_key(|d| (d.date, d.rule));
    (out, errors)
}

/// Danish local elections: the third Tuesday of November every fourth year
/// (2025, 2029, …). The secretariat uses this to note exceptions.
pub fn is_local_election_year(year: i32) -> bool {
    year >= 2025 && (year - 2025) % 4 == 0
}

/// Whether one of a rule's dates may be moved to `to`: a move is a
/// correction of the same occasion, so within a year of it and within the
/// years the wheel draws.
pub fn may_move(on: NaiveDate, to: NaiveDate) -> bool {
    crate::programme::wheel::YEARS.contains(&to.year()) && (to - on).num_days().abs() <= 366
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_date_moves_within_a_year_of_itself() {
        let d = |y, m, dd| chrono::NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        assert!(super::may_move(d(2026, 10, 6), d(2026, 10, 13)));
        assert!(super::may_move(d(2026, 12, 15), d(2027, 1, 5)), "over the new year");
        assert!(!super::may_move(d(2026, 10, 6), d(2099, 10, 6)), "not years away");
        assert!(!super::may_move(d(2000, 1, 4), d(1999, 12, 28)), "not outside the years the wheel draws");
    }

    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_council_meets_the_first_tuesday_of_the_month() {
        let council = Rule::NthWeekday { nth: 1, weekday: 2, months: vec![1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12] };
        let dates = council.dates(2026).unwrap();
        assert_eq!(dates.len(), 11, "no meeting in July");
        assert_eq!(dates[0], d(2026, 1, 6));
        assert_eq!(dates[1], d(2026, 2, 3));
        assert!(dates.iter().all(|x| x.weekday() == Weekday::Tue && x.day() <= 7));
        assert_eq!(nth_weekday(2026, 3, -1, Weekday::Tue), Some(d(2026, 3, 31)));
        assert_eq!(nth_weekday(2026, 2, 5, Weekday::Mon), None, "February 2026 has four Mondays");
    }

    #[test]
    fn a_date_on_a_holiday_moves_to_the_next_working_day() {
        // 2027: 25 March is Maundy Thursday.
        let r = Rule::NthWeekday { nth: 4, weekday: 4, months: vec![3] };
        assert_eq!(r.dates(2027).unwrap(), vec![d(2027, 3, 30)], "Maundy Thursday, Good Friday, the weekend and Easter Monday are closed");
        assert_eq!(Rule::Yearly { month: 12, day: 25 }.dates(2026).unwrap(), vec![d(2026, 12, 28)]);
        assert_eq!(Rule::Yearly { month: 2, day: 29 }.dates(2026).unwrap(), vec![], "29 February only in leap years");
    }

    #[test]
    fn the_budget_has_two_readings_three_weeks_apart_before_the_deadline() {
        let budget = Rule::TwoReadings { month: 9, nth: 1, weekday: 2, gap_days: 21, adopt_by: (10, 15) };
        let dates = budget.dates(2026).unwrap();
        assert_eq!(dates, vec![d(2026, 9, 1), d(2026, 9, 22)]);
        let late = Rule::TwoReadings { month: 10, nth: 1, weekday: 2, gap_days: 21, adopt_by: (10, 15) };
        assert_eq!(late.dates(2026), Err(RuleError::SecondReadingTooLate));
    }

    #[test]
    fn deadlines_count_back_from_meetings_and_exceptions_apply() {
        let rules = vec![(1, Rule::NthWeekday { nth: 1, weekday: 2, months: vec![4, 5] }), (2, Rule::Before { rule: 1, days: 7 })];
        let (dates, errors) = generate(&rules, &[], 2026);
        assert!(errors.is_empty());
        // 7 April 2026 less a week is 31 March; 5 May less a week is 28 April.
        let deadlines: Vec<_> = dates.iter().filter(|x| x.rule == 2).map(|x| x.date).collect();
        assert_eq!(deadlines, vec![d(2026, 3, 31), d(2026, 4, 28)]);
        // Move April's meeting a week on; cancel May's: the deadlines follow.
        let ex = [Exception { rule: 1, date: d(2026, 4, 7), to: Some(d(2026, 4, 14)) }, Exception { rule: 1, date: d(2026, 5, 5), to: None }];
        let (dates, _) = generate(&rules, &ex, 2026);
        let got: Vec<_> = dates.iter().map(|x| (x.rule, x.date)).collect();
        assert_eq!(got, vec![(2, d(2026, 4, 7)), (1, d(2026, 4, 14))]);
        // A deadline on a holiday moves earlier: 2027's first Tuesday of April is the 6th; a week before is the 30th of March.
        let (dates, _) = generate(&[(1, Rule::NthWeekday { nth: 1, weekday: 2, months: vec![4] }), (2, Rule::Before { rule: 1, days: 12 })], &[], 2027);
        assert_eq!(dates[0].date, d(2027, 3, 24), "25 March 2027 is Maundy Thursday");
    }

    #[test]
    fn bad_rules_are_named() {
        assert_eq!(Rule::NthWeekday { nth: 6, weekday: 2, months: vec![1] }.validate(), Err(RuleError::BadNth));
        assert_eq!(Rule::NthWeekday { nth: 1, weekday: 8, months: vec![1] }.validate(), Err(RuleError::BadWeekday));
        assert_eq!(Rule::Yearly { month: 13, day: 1 }.validate(), Err(RuleError::BadMonth));
        assert_eq!(Rule::Yearly { month: 4, day: 31 }.validate(), Err(RuleError::BadDay));
        let (_, errors) = generate(&[(5, Rule::Before { rule: 9, days: 3 })], &[], 2026);
        assert_eq!(errors, vec![(5, RuleError::BadReference)]);
        assert!(is_local_election_year(2029) && !is_local_election_year(2027));
    }
}
