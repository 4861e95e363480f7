//! An initiative (indsats) as people type it, checked: what is required,
//! dates in order, milestones inside their initiative, budget figures in
//! Danish notation, and dependencies that never go round in a circle.

use chrono::NaiveDate;

use crate::meetings::input::{FieldError, parse_date};
use crate::programme::report::{Status, Trend};

fn err(field: &'static str, message_id: &'static str) -> FieldError {
    FieldError { field, message_id }
}

/// The fields of the initiative form, as typed.
#[derive(Clone, Debug, Default)]
pub struct InitiativeInput {
    pub title: String,
    pub purpose: String,
    pub description: String,
    pub owner: String,
    pub starts_on: String,
    pub ends_on: String,
    /// Kroner, e.g. "1.200.000"; empty when not relevant.
    pub budget: String,
    pub risks: String,
}

/// An initiative as stored, with what its reports have made of it.
#[derive(Clone, Debug, PartialEq)]
pub struct Initiative {
    pub id: i64,
    pub programme_id: i64,
    /// The initiative of last year's programme it was carried over from.
    pub carried_from_id: Option<i64>,
    pub title: String,
    pub purpose: String,
    pub description: String,
    pub owner_person_id: Option<i64>,
    /// Framework keys.
    pub perspectives: Vec<String>,
    pub values: Vec<String>,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub budget: Option<i64>,
    pub risks: String,
    /// The newest report's status and period (none before the first report).
    pub latest: Option<(Status, String)>,
    pub trend: Trend,
    pub version: i64,
}

impl Initiative {
    pub fn status(&self) -> Option<Status> {
        self.latest.as_ref().map(|l| l.0)
    }

    /// The period of the newest report, "" before the first.
    pub fn latest_period(&self) -> &str {
        self.latest.as_ref().map_or("", |l| l.1.as_str())
    }

    pub fn is_done(&self) -> bool {
        self.status() == Some(Status::Done)
    }
}

/// A checked initiative.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckedInitiative {
    pub title: String,
    pub purpose: String,
    pub description: String,
    pub owner: i64,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub budget: Option<i64>,
    pub risks: String,
}

pub const MAX_TITLE: usize = 200;
pub const MAX_TEXT: usize = 4000;

/// Whole kroner in Danish or plain notation: "1.200.000", "1200000", "1 200 000 kr."
pub fn parse_kroner(s: &str) -> Option<i64> {
    let t = s.trim().trim_end_matches("kr.").trim_end_matches("kr").trim();
    let t = t.strip_suffix(",00").unwrap_or(t);
    if t.is_empty() || !t.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ' ' || c == '\u{a0}') {
        return None;
    }
    let digits: String = t.chars().filter(|c| c.is_ascii_digit()).collect();
    digits.parse().ok()
}

/// Whole kroner with Danish thousands separators: 1200000 → "1.200.000".
pub fn format_kroner(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// Checks the form; `owners` are the people who may own an initiative
/// (directors and centre chiefs).
pub fn check(i: &InitiativeInput, owners: &[i64]) -> Result<CheckedInitiative, Vec<FieldError>> {
    let mut errors = vec![];
    let title = i.title.trim();
    if title.is_empty() {
        errors.push(err("title", "input-required"));
    } else if title.chars().count() > MAX_TITLE {
        errors.push(err("title", "input-too-long"));
    }
    for (field, text) in [("purpose", &i.purpose), ("description", &i.description), ("risks", &i.risks)] {
        if text.chars().count() > MAX_TEXT {
            errors.push(err(field, "input-too-long"));
        }
    }
    if i.purpose.trim().is_empty() {
        errors.push(err("purpose", "input-required"));
    }
    let owner = i.owner.trim().parse::<i64>().ok().filter(|o| owners.contains(o));
    if owner.is_none() {
        errors.push(err("owner", "initiative-owner-invalid"));
    }
    let start = parse_date("starts_on", &i.starts_on);
    let end = parse_date("ends_on", &i.ends_on);
    match (&start, &end) {
        (Ok(s), Ok(e)) if e < s => errors.push(err("ends_on", "input-end-before-start")),
        _ => errors.extend([start.clone().err(), end.clone().err()].into_iter().flatten()),
    }
    let budget = if i.budget.trim().is_empty() {
        None
    } else {
        let b = parse_kroner(&i.budget);
        if b.is_none() {
            errors.push(err("budget", "initiative-budget-invalid"));
        }
        b
    };
    match (errors.is_empty(), owner, start, end) {
        (true, Some(owner), Ok(starts_on), Ok(ends_on)) => Ok(CheckedInitiative {
            title: title.to_string(),
            purpose: i.purpose.trim().to_string(),
            description: i.description.trim().to_string(),
            owner,
            starts_on,
            ends_on,
            budget,
            risks: i.risks.trim().to_string(),
        }),
        _ => Err(errors),
    }
}

/// A milestone: a title and a date inside its initiative's span.
pub fn check_milestone(title: &str, due: &str, starts_on: NaiveDate, ends_on: NaiveDate) -> Result<(String, NaiveDate), Vec<FieldError>> {
    let mut errors = vec![];
    let title = title.trim();
    if title.is_empty() {
        errors.push(err("milestone_title", "input-required"));
    } else if title.chars().count() > MAX_TITLE {
        errors.push(err("milestone_title", "input-too-long"));
    }
    match parse_date("due_on", due) {
        Ok(d) if d < starts_on || d > ends_on => errors.push(err("due_on", "milestone-outside-initiative")),
        Ok(d) if errors.is_empty() => return Ok((title.to_string(), d)),
        Ok(_) => {}
        Err(e) => errors.push(e),
    }
    Err(errors)
}

/// Whether an initiative is carried into next year's programme: every one
/// not reported done.
pub fn carries(latest_status: Option<crate::programme::report::Status>) -> bool {
    latest_status != Some(crate::programme::report::Status::Done)
}

/// An initiative's span in next year's programme: it starts when the year
/// does (or later, if it was planned to), and runs at least to its old end,
/// and at least to the end of the year when its old end has passed.
pub fn carried_span(starts_on: NaiveDate, ends_on: NaiveDate, year: i32) -> (NaiveDate, NaiveDate) {
    let first = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(starts_on);
    let last = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(ends_on);
    let start = starts_on.max(first);
    let end = if ends_on < first { last } else { ends_on };
    (start, end.max(start))
}

/// Whether letting `from` depend on `to` closes a circle, given the
/// dependencies there are as (initiative, depends on) pairs.
pub fn would_cycle(edges: &[(i64, i64)], from: i64, to: i64) -> bool {
    if from == to {
        return true;
    }
    // Is `from` reachable from `to` along existing dependencies?
    let mut seen = vec![to];
    let mut i = 0;
    while i < seen.len() {
        let at = seen[i];
        for (a, b) in edges {
            if *a == at && !seen.contains(b) {
                if *b == from {
                    return true;
                }
                seen.push(*b);
            }
        }
        i += 1;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> InitiativeInput {
        InitiativeInput {
            title: "Fælles indkøb".into(),
            purpose: "Bedre aftaler for mindre".into(),
            owner: "7".into(),
            starts_on: "2026-01-01".into(),
            ends_on: "2026-12-31".into(),
            budget: "1.200.000".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_good_initiative_passes() {
        let i = check(&input(), &[7]).unwrap();
        assert_eq!(i.budget, Some(1_200_000));
        assert_eq!(i.owner, 7);
    }

    #[test]
    fn each_problem_is_named_by_its_field() {
        let mut bad = input();
        bad.title = " ".into();
        bad.ends_on = "2025-12-31".into();
        bad.budget = "en del".into();
        bad.owner = "8".into();
        let fields: Vec<_> = check(&bad, &[7]).unwrap_err().into_iter().map(|e| (e.field, e.message_id)).collect();
        assert_eq!(
            fields,
            vec![
                ("title", "input-required"),
                ("owner", "initiative-owner-invalid"),
                ("ends_on", "input-end-before-start"),
                ("budget", "initiative-budget-invalid")
            ]
        );
    }

    #[test]
    fn kroner_in_danish_notation() {
        assert_eq!(parse_kroner("1.200.000"), Some(1_200_000));
        assert_eq!(parse_kroner("1 200 000 kr."), Some(1_200_000));
        assert_eq!(parse_kroner("800000,00"), Some(800_000));
        assert_eq!(parse_kroner("-5"), None);
        assert_eq!(parse_kroner("1,5 mio."), None);
    }

    #[test]
    fn kroner_are_written_the_danish_way() {
        assert_eq!(format_kroner(1_200_000), "1.200.000");
        assert_eq!(format_kroner(999), "999");
        assert_eq!(format_kroner(1000), "1.000");
        assert_eq!(format_kroner(0), "0");
        assert_eq!(format_kroner(-25_000), "-25.000");
    }

    #[test]
    fn milestones_stay_inside_their_initiative() {
        let (s, e) = (NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(), NaiveDate::from_ymd_opt(2026, 6, 30).unwrap());
        assert!(check_milestone("Udbud", "2026-03-01", s, e).is_ok());
        assert_eq!(check_milestone("Udbud", "2026-07-01", s, e).unwrap_err()[0].message_id, "milestone-outside-initiative");
        assert_eq!(check_milestone("", "2026-03-01", s, e).unwrap_err()[0].field, "milestone_title");
    }

    #[test]
    fn unfinished_initiatives_carry_into_next_year() {
        use crate::programme::report::Status;
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert!(carries(None) && carries(Some(Status::AtRisk)) && carries(Some(Status::Paused)));
        assert!(!carries(Some(Status::Done)));
        assert_eq!(carried_span(d(2026, 1, 1), d(2026, 12, 31), 2027), (d(2027, 1, 1), d(2027, 12, 31)), "a year's initiative gets next year");
        assert_eq!(carried_span(d(2026, 3, 1), d(2027, 6, 30), 2027), (d(2027, 1, 1), d(2027, 6, 30)), "one planned into next year keeps its end");
        assert_eq!(carried_span(d(2027, 4, 1), d(2027, 9, 30), 2027), (d(2027, 4, 1), d(2027, 9, 30)), "one not yet begun keeps its span");
    }

    #[test]
    fn dependency_circles_are_refused() {
        let edges = [(1, 2), (2, 3)];
        assert!(would_cycle(&edges, 3, 1), "3 → 1 → 2 → 3");
        assert!(would_cycle(&edges, 1, 1));
        assert!(!would_cycle(&edges, 1, 3));
        assert!(!would_cycle(&edges, 4, 1));
    }
}
