//! Case handling against published deadlines (seed 004, theme 2: "kompetent
//! og hurtig sagsbehandling"; retssikkerhedsloven § 3, stk. 2): the case
//! types with their deadlines, the clock that counts a case's days from
//! "fuldt oplyst" to the decision less the time spent waiting for the
//! applicant, and the quarter's headline, the share decided within the
//! deadline with the median beside it.

use std::collections::HashSet;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::import::MIN_PERSONS;

/// The register of published deadlines, as the municipality writes it (TOML).
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Register {
    #[serde(default)]
    pub intro: String,
    #[serde(rename = "case_types")]
    pub types: Vec<CaseType>,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CaseType {
    /// Stable and as the case system exports it: "byggesag-1".
    pub key: String,
    /// The area of the register: "Byggesager", "Beskæftigelse".
    pub area: String,
    pub title: String,
    /// The deadline in calendar days.
    pub days: u32,
    /// What the days are counted from, in words ("fra ansøgningen er fuldt oplyst").
    #[serde(default)]
    pub counted_from: String,
    /// The unit answering for the deadline, by name.
    pub owner: String,
    /// When the deadline was last reviewed, and how often it is to be.
    pub reviewed_on: NaiveDate,
    #[serde(default = "every_year")]
    pub review_months: u32,
    /// The policy indicator this type's cases count towards, by key.
    #[serde(default)]
    pub indicator: String,
}

fn every_year() -> u32 {
    12
}

impl CaseType {
    /// The day the deadline is due for its next review.
    pub fn review_due(&self) -> NaiveDate {
        self.reviewed_on.checked_add_months(chrono::Months::new(self.review_months)).unwrap_or(self.reviewed_on)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RegisterError {
    #[error("the register is not valid TOML or does not follow the format: {0}")]
    Syntax(String),
    #[error("the case type {0:?} is used twice or is not lower-case letters, digits and hyphens")]
    Key(String),
    #[error("the case type {0:?} has a deadline of 0 days")]
    Days(String),
    /// The indicator's figure and the page's area total must be one table,
    /// or the two, each suppressed on its own, could be set against each other.
    #[error("the case types that feed the indicator {0:?} are not all the case types of one area")]
    Indicator(String),
}

impl RegisterError {
    pub fn message_id(&self) -> &'static str {
        match self {
            RegisterError::Syntax(_) => "frister-error-syntax",
            RegisterError::Key(_) => "frister-error-key",
            RegisterError::Days(_) => "frister-error-days",
            RegisterError::Indicator(_) => "frister-error-indicator",
        }
    }

    /// The parser's words, or the case type at fault.
    pub fn detail(&self) -> String {
        match self {
            RegisterError::Syntax(d) | RegisterError::Key(d) | RegisterError::Days(d) | RegisterError::Indicator(d) => d.clone(),
        }
    }
}

impl Register {
    pub fn parse(text: &str) -> Result<Register, RegisterError> {
        let r: Register = toml::from_str(text).map_err(|e| RegisterError::Syntax(e.message().to_string()))?;
        let mut keys = HashSet::new();
        for t in &r.types {
            if !crate::framework::valid_key(&t.key) || !keys.insert(t.key.as_str()) {
                return Err(RegisterError::Key(t.key.clone()));
            }
            if t.days == 0 {
                return Err(RegisterError::Days(t.key.clone()));
            }
        }
        for t in r.types.iter().filter(|t| !t.indicator.is_empty()) {
            let feeding = r.types.iter().filter(|u| u.indicator == t.indicator);
            let area = r.types.iter().filter(|u| u.area == t.area);
            if !feeding.map(|u| &u.key).eq(area.map(|u| &u.key)) {
                return Err(RegisterError::Indicator(t.indicator.clone()));
            }
        }
        Ok(r)
    }
}

/// Ishøj's published deadlines, written for styr's demo after the building
/// permits' service targets seed 004's follow-up names.
pub const ISHOJ_FRISTER: &str = include_str!("frister.toml");

/// A case as the case system exports it: dates only, no names.
#[derive(Clone, Debug, PartialEq)]
pub struct Case {
    pub number: String,
    pub case_type: String,
    pub received_on: NaiveDate,
    /// "Fuldt oplyst": the clock starts here.
    pub complete_on: Option<NaiveDate>,
    pub decided_on: Option<NaiveDate>,
    /// Waiting for the applicant: (from, to), both days included.
    pub waits: Vec<(NaiveDate, NaiveDate)>,
}

/// The calendar days a case has used of its deadline by `until` (its
/// decision, or today while open): from "fuldt oplyst" to then, less every
/// day spent waiting for the applicant in between (overlapping waits count
/// once). None before the case is fully informed.
pub fn days_used(case: &Case, today: NaiveDate) -> Option<i64> {
    let start = case.complete_on?;
    let end = case.decided_on.unwrap_or(today);
    if end < start {
        return Some(0);
    }
    // The clock counts the days after "fuldt oplyst" up to the decision; a
    // wait counts only on those days.
    let first = start.succ_opt().unwrap_or(start);
    let mut waits: Vec<(NaiveDate, NaiveDate)> = case.waits.iter().map(|(a, b)| ((*a).max(first), (*b).min(end))).filter(|(a, b)| a <= b).collect();
    waits.sort();
    let mut waited = 0;
    let mut covered_to: Option<NaiveDate> = None;
    for (a, b) in waits {
        let from = match covered_to {
            Some(c) if c >= a => c.succ_opt().unwrap_or(c),
            _ => a,
        };
        if from <= b {
            waited += (b - from).num_days() + 1;
        }
        covered_to = Some(covered_to.map_or(b, |c| c.max(b)));
    }
    Some(((end - start).num_days() - waited).max(0))
}

/// A quarter's decided cases of one type: how many, how many within the
/// deadline, and the median days used.
#[derive(Clone, Debug, PartialEq)]
pub struct Quarter {
    pub year: i32,
    pub quarter: u8,
    pub decided: usize,
    pub within: usize,
    pub median: Option<f64>,
    /// Too few cases to show, or hidden so that a total cannot give a hidden one away.
    pub hidden: bool,
}

impl Quarter {
    pub fn share(&self) -> Option<f64> {
        (!self.hidden && self.decided > 0).then(|| 100.0 * self.within as f64 / self.decided as f64)
    }

    pub fn period(&self) -> super::period::Period {
        super::period::Period::Quarter(self.year, self.quarter)
    }
}

fn quarter_of(d: NaiveDate) -> (i32, u8) {
    (d.year(), ((d.month() - 1) / 3 + 1) as u8)
}

fn median(mut v: Vec<i64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_unstable();
    let n = v.len();
    Some(if n % 2 == 1 { v[n / 2] as f64 } else { (v[n / 2 - 1] + v[n / 2]) as f64 / 2.0 })
}

/// The decided cases of a type by the quarter they were decided in, oldest
/// first. A quarter with fewer than `MIN_PERSONS` cases is hidden.
pub fn quarters(cases: &[&Case], deadline: u32) -> Vec<Quarter> {
    let mut keys: Vec<(i32, u8)> = cases.iter().filter_map(|c| c.decided_on.map(quarter_of)).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .map(|(year, quarter)| {
            let days: Vec<i64> = cases
                .iter()
                .filter(|c| c.decided_on.map(quarter_of) == Some((year, quarter)))
                .filter_map(|c| days_used(c, c.decided_on.unwrap_or(c.received_on)))
                .collect();
            let within = days.iter().filter(|d| **d <= deadline as i64).count();
            let decided = days.len();
            Quarter { year, quarter, decided, within, median: median(days), hidden: (decided as i64) < MIN_PERSONS }
        })
        .collect()
}

/// Complementary suppression over the cells of a table with a shown total:
/// when exactly the hidden cells could be worked out as the total less the
/// shown ones, the smallest shown cell is hidden too, until at least two are
/// hidden or none is. `counts` are the cells' sizes; returns which to hide.
pub fn complementary(counts: &[usize], hidden: &[bool]) -> Vec<bool> {
    let mut hide = hidden.to_vec();
    // One hidden cell is the total less the others; two or more only add up together.
    while hide.iter().filter(|h| **h).count() == 1 {
        let Some(next) = (0..counts.len()).filter(|i| !hide[*i] && counts[*i] > 0).min_by_key(|i| counts[*i]) else { break };
        hide[next] = true;
    }
    hide
}

/// An area's quarter: hides the small cells' complement among `cells` (one
/// quarter's cells of the area's types) and returns the total, itself
/// hidden when it is small, when it would be the one hidden cell, or when
/// the total less the shown cells would tell the hidden cells' outcome
/// (all of them within, or none).
pub fn area_quarter(year: i32, quarter: u8, cells: &mut [&mut Quarter]) -> Quarter {
    let counts: Vec<usize> = cells.iter().map(|c| c.decided).collect();
    let hidden: Vec<bool> = cells.iter().map(|c| c.hidden).collect();
    let hide = complementary(&counts, &hidden);
    for (c, h) in cells.iter_mut().zip(&hide) {
        c.hidden |= *h;
    }
    let decided: usize = counts.iter().sum();
    let within: usize = cells.iter().map(|c| c.within).sum();
    let any_hidden = hide.iter().any(|h| *h);
    // What subtracting the shown cells from the total gives away: the hidden cells' pool.
    let (pool_decided, pool_within) = cells.iter().filter(|c| c.hidden).fold((0, 0), |(d, w), c| (d + c.decided, w + c.within));
    let pool_told = any_hidden && (pool_within == 0 || pool_within == pool_decided);
    let hidden = (decided as i64) < MIN_PERSONS || hide.iter().filter(|h| **h).count() == 1 || pool_told;
    Quarter { year, quarter, decided, within, median: None, hidden }
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CaseImportError {
    #[error("the file has no column {0:?}")]
    MissingColumn(String),
    #[error("row {row}: {text:?} is not a date")]
    Date { row: usize, text: String },
    #[error("row {row}: {text:?} is not a case type of the register")]
    CaseType { row: usize, text: String },
    #[error("row {row}: the case {text:?} is in the file twice")]
    Twice { row: usize, text: String },
    #[error("row {row}: {text:?} is not a wait (from–to)")]
    Wait { row: usize, text: String },
    #[error("row {row}: the case has no case number")]
    NoNumber { row: usize },
    #[error("row {row}: the case {text:?} is decided before it is fully informed, or decided without being so")]
    Order { row: usize, text: String },
    #[error("the file holds no cases")]
    Empty,
}

impl CaseImportError {
    pub fn message_id(&self) -> &'static str {
        match self {
            CaseImportError::MissingColumn(_) => "cases-error-column",
            CaseImportError::Date { .. } => "cases-error-date",
            CaseImportError::CaseType { .. } => "cases-error-type",
            CaseImportError::Twice { .. } => "cases-error-twice",
            CaseImportError::Wait { .. } => "cases-error-wait",
            CaseImportError::NoNumber { .. } => "cases-error-no-number",
            CaseImportError::Order { .. } => "cases-error-order",
            CaseImportError::Empty => "cases-error-empty",
        }
    }

    pub fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            CaseImportError::MissingColumn(c) => vec![("column", c.clone())],
            CaseImportError::Date { row, text }
            | CaseImportError::CaseType { row, text }
            | CaseImportError::Twice { row, text }
            | CaseImportError::Wait { row, text }
            | CaseImportError::Order { row, text } => vec![("row", row.to_string()), ("text", text.clone())],
            CaseImportError::NoNumber { row } => vec![("row", row.to_string())],
            CaseImportError::Empty => vec![],
        }
    }
}

/// A date as a case system exports it: 2026-03-05 (or 2026-03-05T00:00:00),
/// 05-03-2026 or 5.3.2026, in the years 2000–2100.
pub fn date(s: &str) -> Option<NaiveDate> {
    day(s).filter(|d| (2000..=2100).contains(&d.year()))
}

/// A date in any of the case system's forms, in any year: a business in a
/// CVR extract may have started in 1920.
pub fn day(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let s = if s.len() > 10 && s.as_bytes().get(10) == Some(&b'T') { &s[..10] } else { s };
    ["%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"].iter().find_map(|f| NaiveDate::parse_from_str(s, f).ok()).filter(|d| (1800..=2200).contains(&d.year()))
}

/// Cases from a spreadsheet exported from the case system: sagsnummer,
/// sagstype, modtaget, fuldt oplyst, afgjort and ventetid (waits as
/// "from–to", several separated by ";"). Dates and status only, no names.
pub fn read_cases(grid: &[Vec<String>], types: &[&str]) -> Result<Vec<Case>, CaseImportError> {
    let Some((header, rows)) = grid.split_first() else { return Err(CaseImportError::Empty) };
    let col = |names: &[&str]| {
        header
            .iter()
            .position(|h| names.iter().any(|n| h.trim().trim_start_matches('\u{feff}').to_lowercase() == *n))
            .ok_or_else(|| CaseImportError::MissingColumn(names[0].to_string()))
    };
    let (number, kind, received, complete, decided) =
        (col(&["sagsnummer", "sag"])?, col(&["sagstype", "type"])?, col(&["modtaget"])?, col(&["fuldt oplyst", "fuldt_oplyst"])?, col(&["afgjort"])?);
    let waits = col(&["ventetid", "venter"]).ok();
    let mut seen = HashSet::new();
    let mut out = vec![];
    for (i, r) in rows.iter().enumerate() {
        let row = i + 2;
        let cell = |c: usize| r.get(c).map(|s| s.trim()).unwrap_or("");
        if r.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let day = |c: usize| date(cell(c)).ok_or_else(|| CaseImportError::Date { row, text: cell(c).to_string() });
        let optional = |c: usize| if cell(c).is_empty() { Ok(None) } else { day(c).map(Some) };
        if !types.contains(&cell(kind)) {
            return Err(CaseImportError::CaseType { row, text: cell(kind).to_string() });
        }
        if cell(number).is_empty() {
            return Err(CaseImportError::NoNumber { row });
        }
        if !seen.insert(cell(number).to_string()) {
            return Err(CaseImportError::Twice { row, text: cell(number).to_string() });
        }
        let mut spans = vec![];
        for w in waits.map(cell).unwrap_or("").split(';').map(str::trim).filter(|w| !w.is_empty()) {
            let bad = || CaseImportError::Wait { row, text: w.to_string() };
            let (a, b) = w.split_once('–').or_else(|| w.split_once("..")).or_else(|| w.split_once(" - ")).ok_or_else(bad)?;
            let (a, b) = (date(a).ok_or_else(bad)?, date(b).ok_or_else(bad)?);
            if b < a {
                return Err(bad());
            }
            spans.push((a, b));
        }
        let (complete_on, decided_on) = (optional(complete)?, optional(decided)?);
        // A decision before the case is fully informed, or without it, is an error in the export, not a fast case.
        if decided_on.is_some() && complete_on.is_none_or(|c| decided_on < Some(c)) {
            return Err(CaseImportError::Order { row, text: cell(number).to_string() });
        }
        out.push(Case {
            number: cell(number).to_string(),
            case_type: cell(kind).to_string(),
            received_on: day(received)?,
            complete_on,
            decided_on,
            waits: spans,
        });
    }
    if out.is_empty() {
        return Err(CaseImportError::Empty);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn case(complete: &str, decided: &str, waits: &[(&str, &str)]) -> Case {
        Case {
            number: "1".into(),
            case_type: "byggesag-1".into(),
            received_on: d(complete),
            complete_on: Some(d(complete)),
            decided_on: Some(d(decided)),
            waits: waits.iter().map(|(a, b)| (d(a), d(b))).collect(),
        }
    }

    #[test]
    fn the_clock_counts_calendar_days_less_the_waits() {
        let today = d("2026-12-01");
        assert_eq!(days_used(&case("2026-01-01", "2026-02-10", &[]), today), Some(40));
        // Waiting 10 days (both included) for the applicant.
        assert_eq!(days_used(&case("2026-01-01", "2026-02-10", &[("2026-01-05", "2026-01-14")]), today), Some(30));
        // Overlapping waits count once; a wait reaching outside the case is cut to it.
        let c = case("2026-01-01", "2026-02-10", &[("2026-01-05", "2026-01-14"), ("2026-01-10", "2026-01-19"), ("2025-12-20", "2026-01-02")]);
        assert_eq!(days_used(&c, today), Some(40 - 15 - 1), "the day it is fully informed is not a day of the clock");
        // A wait ending the day the case is fully informed takes nothing off.
        assert_eq!(days_used(&case("2026-01-01", "2026-02-10", &[("2025-12-20", "2026-01-01")]), today), Some(40));
        // Open cases count to today; not yet fully informed, not at all.
        let mut open = case("2026-11-01", "2026-11-01", &[]);
        open.decided_on = None;
        assert_eq!(days_used(&open, today), Some(30));
        open.complete_on = None;
        assert_eq!(days_used(&open, today), None);
    }

    #[test]
    fn a_quarter_gives_the_share_within_and_the_median() {
        let cases: Vec<Case> =
            [10, 20, 39, 40, 41, 100].iter().map(|n| case("2026-01-01", &(d("2026-01-01") + chrono::Duration::days(*n)).to_string(), &[])).collect();
        let refs: Vec<&Case> = cases.iter().collect();
        let q = quarters(&refs, 40);
        assert_eq!(q.len(), 2, "decided in the first quarter (5) and the second (1)");
        assert_eq!((q[0].decided, q[0].within, q[0].median), (5, 4, Some(39.0)));
        assert_eq!(q[0].share(), Some(80.0));
        assert!(q[1].hidden && q[1].share().is_none(), "one case is too few to show");
    }

    #[test]
    fn complementary_suppression_hides_a_second_cell() {
        // Categories with 12, 3 and 9 cases under a shown total: 3 is hidden, so 9 must be too.
        assert_eq!(complementary(&[12, 3, 9], &[false, true, false]), vec![false, true, true]);
        // Two already hidden: nothing more.
        assert_eq!(complementary(&[12, 3, 2], &[false, true, true]), vec![false, true, true]);
        assert_eq!(complementary(&[12, 30], &[false, false]), vec![false, false]);
        // Nothing else to hide: the total itself must go, which the caller sees as one hidden cell left.
        assert_eq!(complementary(&[3], &[true]), vec![true]);
    }

    #[test]
    fn an_areas_total_never_gives_a_hidden_cell_away() {
        let q = |decided, within, hidden| Quarter { year: 2026, quarter: 1, decided, within, median: None, hidden };
        // 2 houses hidden, so the 6 simple ones go too; 15 in all, 14 within: the total shows.
        let (mut a, mut b, mut c) = (q(6, 5, false), q(2, 2, true), q(7, 7, false));
        let total = area_quarter(2026, 1, &mut [&mut a, &mut b, &mut c]);
        assert!(a.hidden && b.hidden && !c.hidden && !total.hidden && total.decided == 15);
        // All within: the total's 100 % would say the hidden cells were all within too.
        let (mut a, mut b, mut c) = (q(6, 6, false), q(2, 2, true), q(7, 7, false));
        assert!(area_quarter(2026, 1, &mut [&mut a, &mut b, &mut c]).hidden);
        // 53 % within in all, but the total less the shown 7 (none within) leaves 8 of 8 within: hidden.
        let (mut a, mut b, mut c) = (q(2, 2, true), q(6, 6, false), q(7, 0, false));
        assert!(area_quarter(2026, 1, &mut [&mut a, &mut b, &mut c]).hidden);
        // The same with none of the pool within.
        let (mut a, mut b, mut c) = (q(2, 0, true), q(6, 0, false), q(7, 7, false));
        assert!(area_quarter(2026, 1, &mut [&mut a, &mut b, &mut c]).hidden);
        // A mixed pool tells nothing: the total shows.
        let (mut a, mut b, mut c) = (q(2, 1, true), q(6, 6, false), q(7, 0, false));
        assert!(!area_quarter(2026, 1, &mut [&mut a, &mut b, &mut c]).hidden);
        // Nothing hidden: the total shows, whatever its share.
        let (mut a, mut c) = (q(6, 6, false), q(7, 7, false));
        assert!(!area_quarter(2026, 1, &mut [&mut a, &mut c]).hidden);
    }

    #[test]
    fn a_bad_export_row_is_named() {
        let header = "Sagsnummer;Sagstype;Modtaget;Fuldt oplyst;Afgjort;Ventetid";
        let bad = |row: &str| {
            let g: Vec<Vec<String>> = [header, row].iter().map(|r| r.split(';').map(str::to_string).collect()).collect();
            read_cases(&g, &["byggesag-simple"])
        };
        assert_eq!(bad(";byggesag-simple;2026-01-02;;;"), Err(CaseImportError::NoNumber { row: 2 }));
        assert_eq!(bad("26-003;byggesag-simple;2026-01-02;2026-02-01;2026-01-20;"), Err(CaseImportError::Order { row: 2, text: "26-003".into() }));
        assert_eq!(bad("26-003;byggesag-simple;2026-01-02;;2026-01-20;"), Err(CaseImportError::Order { row: 2, text: "26-003".into() }));
        assert_eq!(bad("26-003;byggesag-simple;05-03-26;;;"), Err(CaseImportError::Date { row: 2, text: "05-03-26".into() }), "a two-digit year is no year");
        assert_eq!(date("2026-03-05T00:00:00"), Some(d("2026-03-05")));
    }

    #[test]
    fn cases_are_read_from_the_case_systems_export() {
        let grid: Vec<Vec<String>> = [
            "Sagsnummer;Sagstype;Modtaget;Fuldt oplyst;Afgjort;Ventetid",
            "26-001;byggesag-simple;2026-01-02;2026-01-05;2026-02-01;2026-01-10–2026-01-12",
            "26-002;byggesag-simple;05-01-2026;;;",
        ]
        .iter()
        .map(|r| r.split(';').map(str::to_string).collect())
        .collect();
        let cases = read_cases(&grid, &["byggesag-simple"]).unwrap();
        assert_eq!(cases[0].waits, vec![(d("2026-01-10"), d("2026-01-12"))]);
        assert_eq!(days_used(&cases[0], d("2026-12-01")), Some(27 - 3));
        assert_eq!((cases[1].received_on, cases[1].complete_on), (d("2026-01-05"), None));
        let bad = |row: &str| {
            let mut g = grid.clone();
            g.push(row.split(';').map(str::to_string).collect());
            read_cases(&g, &["byggesag-simple"])
        };
        assert_eq!(bad("26-003;byggesag-slot;2026-01-02;;;"), Err(CaseImportError::CaseType { row: 4, text: "byggesag-slot".into() }));
        assert_eq!(bad("26-001;byggesag-simple;2026-01-02;;;"), Err(CaseImportError::Twice { row: 4, text: "26-001".into() }));
        assert_eq!(bad("26-003;byggesag-simple;i går;;;"), Err(CaseImportError::Date { row: 4, text: "i går".into() }));
        assert_eq!(
            bad("26-003;byggesag-simple;2026-01-02;;;2026-02-01–2026-01-01"),
            Err(CaseImportError::Wait { row: 4, text: "2026-02-01–2026-01-01".into() })
        );
        assert_eq!(read_cases(&grid[..1], &[]), Err(CaseImportError::Empty));
    }

    #[test]
    fn ishojs_register_is_whole() {
        let r = Register::parse(ISHOJ_FRISTER).unwrap();
        let building: Vec<u32> = r.types.iter().filter(|t| t.area == "Byggesager").map(|t| t.days).collect();
        assert_eq!(building, vec![40, 40, 50, 55, 60]);
        assert!(matches!(Register::parse("[[case_types]]\nkey = \"a\""), Err(RegisterError::Syntax(_))));
        let split = ISHOJ_FRISTER.replacen("indicator = \"byggesager-inden-for-frist\"", "", 1);
        assert_eq!(Register::parse(&split), Err(RegisterError::Indicator("byggesager-inden-for-frist".into())), "one building type left out of the figure");
    }
}
