//! A round of leader evaluation: HR prepares it (questionnaire, leaders,
//! raters, dates, minimums), opens it, and it closes on its last day or
//! when HR closes it. A closed round never opens again: its drafts and the
//! secret they were kept under are gone, and late answers are refused.

use chrono::NaiveDate;

use super::anonymity::{FLOOR, Minimums};
use crate::meetings::input::{FieldError, parse_any_date, required_text};

words! {
    /// Where a round stands.
    pub enum RoundState {
        /// HR prepares it; nothing is sent.
        Draft = "draft",
        /// Invitations are out; raters answer.
        Open = "open",
        /// Answers are settled into reports; nothing more is accepted.
        Closed = "closed",
    }
}

words! {
    /// Who reads a leader's report once the round has closed.
    pub enum Release {
        /// HR reads it first and releases it to the leader and the manager.
        HrFirst = "hr_first",
        /// The leader and the manager read it as soon as the round closes.
        AtClose = "at_close",
    }
}

/// The most peer requests one person gets in a round, unless HR says otherwise.
pub const DEFAULT_PEER_CAP: u32 = 5;
/// How long a round's reports and plans are kept, unless HR says otherwise.
pub const DEFAULT_RETENTION_MONTHS: u32 = 36;
pub const MAX_TITLE: usize = 200;

/// A round's settings as HR typed them, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    pub title: String,
    pub opens_on: NaiveDate,
    pub closes_on: NaiveDate,
    pub minimums: Minimums,
    pub peer_cap: u32,
    pub release: Release,
    pub retention_months: u32,
}

/// The form's fields as typed.
#[derive(Clone, Debug, Default)]
pub struct SettingsInput {
    pub title: String,
    pub opens_on: String,
    pub closes_on: String,
    pub min_employees: String,
    pub min_peers: String,
    pub peer_cap: String,
    pub release: String,
    pub retention_months: String,
}

impl SettingsInput {
    /// Checks every field and names each problem beside its field. A closing
    /// day already past is refused: the round would close as it opened.
    pub fn check(&self, today: NaiveDate) -> Result<Settings, Vec<FieldError>> {
        let mut errs = vec![];
        let title = required_text("title", &self.title, MAX_TITLE).map_err(|e| errs.push(e)).ok();
        let opens = parse_any_date("opens_on", &self.opens_on).map_err(|e| errs.push(e)).ok();
        let closes = parse_any_date("closes_on", &self.closes_on).map_err(|e| errs.push(e)).ok();
        if let (Some(o), Some(c)) = (opens, closes) {
            if c < o {
                errs.push(FieldError { field: "closes_on", message_id: "input-end-before-start" });
            } else if c < today {
                errs.push(FieldError { field: "closes_on", message_id: "evaluation-closes-in-past" });
            }
        }
        let number = |field: &'static str, s: &str, errs: &mut Vec<FieldError>| -> Option<u32> {
            match s.trim().parse::<u32>() {
                Ok(n) if n <= 1000 => Some(n),
                _ => {
                    errs.push(FieldError { field, message_id: "evaluation-bad-number" });
                    None
                }
            }
        };
        let e = number("min_employees", &self.min_employees, &mut errs);
        let p = number("min_peers", &self.min_peers, &mut errs);
        let minimums = match (e, p) {
            (Some(e), Some(p)) => {
                for (field, n) in [("min_employees", e), ("min_peers", p)] {
                    if n < FLOOR {
                        errs.push(FieldError { field, message_id: "evaluation-minimum-below-floor" });
                    }
                }
                Minimums::new(e, p).ok()
            }
            _ => None,
        };
        let cap = number("peer_cap", &self.peer_cap, &mut errs);
        if cap == Some(0) {
            errs.push(FieldError { field: "peer_cap", message_id: "evaluation-bad-number" });
        }
        let release = Release::parse(&self.release);
        if release.is_none() {
            errs.push(FieldError { field: "release", message_id: "initiative-unknown-choice" });
        }
        let retention = number("retention_months", &self.retention_months, &mut errs);
        if retention.is_some_and(|m| !(1..=120).contains(&m)) {
            errs.push(FieldError { field: "retention_months", message_id: "evaluation-bad-retention" });
        }
        match (title, opens, closes, minimums, cap, release, retention) {
            (Some(title), Some(opens_on), Some(closes_on), Some(minimums), Some(peer_cap), Some(release), Some(retention_months)) if errs.is_empty() => {
                Ok(Settings { title, opens_on, closes_on, minimums, peer_cap, release, retention_months })
            }
            _ => Err(errs),
        }
    }
}

/// Why a round cannot open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CannotOpen {
    NotDraft,
    NoLeaders,
    NoItems,
    /// Its last day has passed.
    Over,
}

impl CannotOpen {
    pub fn message_id(self) -> &'static str {
        match self {
            CannotOpen::NotDraft => "evaluation-open-not-draft",
            CannotOpen::NoLeaders => "evaluation-open-no-leaders",
            CannotOpen::NoItems => "evaluation-open-no-items",
            CannotOpen::Over => "evaluation-open-over",
        }
    }
}

/// Whether a round may open now.
pub fn can_open(state: RoundState, leaders: usize, items: usize, closes_on: NaiveDate, today: NaiveDate) -> Result<(), CannotOpen> {
    if state != RoundState::Draft {
        Err(CannotOpen::NotDraft)
    } else if leaders == 0 {
        Err(CannotOpen::NoLeaders)
    } else if items == 0 {
        Err(CannotOpen::NoItems)
    } else if closes_on < today {
        Err(CannotOpen::Over)
    } else {
        Ok(())
    }
}

/// Whether answers are taken: the round is open and its last day not past.
pub fn takes_answers(state: RoundState, closes_on: NaiveDate, today: NaiveDate) -> bool {
    state == RoundState::Open && today <= closes_on
}

/// Whether the worker should close the round today.
pub fn due_to_close(state: RoundState, closes_on: NaiveDate, today: NaiveDate) -> bool {
    state == RoundState::Open && today > closes_on
}

/// The day a reminder goes, the n-th of at most two: a third and two
/// thirds of the way through the round, and never on its first day.
pub fn reminder_due(opens_on: NaiveDate, closes_on: NaiveDate, sent: u32, today: NaiveDate) -> bool {
    if sent >= 2 {
        return false;
    }
    let days = (closes_on - opens_on).num_days().max(1);
    let at = opens_on + chrono::Duration::days((days * (sent as i64 + 1) / 3).max(1));
    today >= at && today <= closes_on
}

/// Whether a closed round's time to be kept is over: its reports, plans
/// and everything pointing to people are then deleted.
pub fn expired(closed_on: NaiveDate, retention_months: u32, today: NaiveDate) -> bool {
    closed_on.checked_add_months(chrono::Months::new(retention_months)).is_some_and(|end| today >= end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn input() -> SettingsInput {
        SettingsInput {
            title: "Lederevaluering 2027".into(),
            opens_on: "1.3.2027".into(),
            closes_on: "2027-03-21".into(),
            min_employees: "5".into(),
            min_peers: "3".into(),
            peer_cap: "5".into(),
            release: "hr_first".into(),
            retention_months: "36".into(),
        }
    }

    #[test]
    fn settings_are_checked_field_by_field() {
        let today = d("2027-01-10");
        let s = input().check(today).unwrap();
        assert_eq!((s.opens_on, s.minimums.employees()), (d("2027-03-01"), 5));
        let bad = SettingsInput { min_employees: "2".into(), closes_on: "2027-02-01".into(), release: "x".into(), ..input() };
        let fields: Vec<&str> = bad.check(today).unwrap_err().iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["closes_on", "min_employees", "release"]);
        let past = SettingsInput { opens_on: "2026-12-01".into(), closes_on: "2027-01-01".into(), ..input() };
        assert_eq!(past.check(today).unwrap_err()[0].message_id, "evaluation-closes-in-past");
    }

    #[test]
    fn a_round_opens_once_and_takes_answers_until_its_last_day() {
        let (c, t) = (d("2027-03-21"), d("2027-03-01"));
        assert_eq!(can_open(RoundState::Draft, 3, 40, c, t), Ok(()));
        assert_eq!(can_open(RoundState::Closed, 3, 40, c, t), Err(CannotOpen::NotDraft));
        assert_eq!(can_open(RoundState::Draft, 0, 40, c, t), Err(CannotOpen::NoLeaders));
        assert!(takes_answers(RoundState::Open, c, c));
        assert!(!takes_answers(RoundState::Open, c, d("2027-03-22")));
        assert!(!takes_answers(RoundState::Closed, c, t));
        assert!(due_to_close(RoundState::Open, c, d("2027-03-22")));
    }

    #[test]
    fn a_round_is_kept_its_months_from_the_day_it_closed() {
        let closed = d("2026-09-14");
        assert!(!expired(closed, 36, d("2029-09-13")));
        assert!(expired(closed, 36, d("2029-09-14")));
        assert!(expired(closed, 1, d("2026-10-14")));
    }

    #[test]
    fn at_most_two_reminders_a_third_of_the_way_apart() {
        let (o, c) = (d("2027-03-01"), d("2027-03-22"));
        assert!(!reminder_due(o, c, 0, d("2027-03-07")));
        assert!(reminder_due(o, c, 0, d("2027-03-08")));
        assert!(!reminder_due(o, c, 1, d("2027-03-14")));
        assert!(reminder_due(o, c, 1, d("2027-03-15")));
        assert!(!reminder_due(o, c, 2, d("2027-03-20")));
        assert!(!reminder_due(o, c, 0, d("2027-03-23")), "not after the round");
    }
}
