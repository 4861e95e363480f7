//! An entry typed into the årshjul (a budget seminar, a staff survey, KL's
//! spring meeting): what the secretariat types, checked. Each problem names
//! the field and a message id.

use chrono::NaiveDate;

use crate::meetings::input::{FieldError, parse_date, required_text};

pub const MAX_TITLE: usize = 200;
pub const MAX_NOTE: usize = 2000;
pub const MAX_LINK: usize = 500;
/// A span longer than this is not a date of the year.
pub const MAX_DAYS: i64 = 366;

words! {
    /// How a date is drawn on the wheel.
    pub enum EntryGlyph {
        /// A period: a sector of its ring.
        Span = "span",
        /// A deadline or a decision: a diamond.
        Deadline = "deadline",
        /// A meeting: a circle.
        Meeting = "meeting",
    }
}

words! {
    /// How far a date has come, shown beside its colour.
    pub enum EntryState {
        Planned = "planned",
        Tentative = "tentative",
        AtRisk = "at_risk",
        Done = "done",
    }
}

impl EntryState {
    /// A date of the past counts as held or reached; one to come as planned.
    pub fn by_day(day: NaiveDate, today: NaiveDate) -> EntryState {
        if day < today { EntryState::Done } else { EntryState::Planned }
    }
}

/// An entry typed into the årshjul, as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub id: i64,
    pub category_id: i64,
    pub title: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub glyph: EntryGlyph,
    pub state: EntryState,
    pub link: String,
    pub unit_id: Option<i64>,
    pub note: String,
    pub version: i64,
}

/// The fields of the entry form, as typed.
#[derive(Clone, Debug, Default)]
pub struct EntryInput {
    pub category: String,
    pub title: String,
    pub starts_on: String,
    /// Empty for a single day.
    pub ends_on: String,
    pub glyph: String,
    pub state: String,
    /// Empty for no unit in particular.
    pub unit: String,
    pub link: String,
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedEntry {
    pub category: i64,
    pub title: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub glyph: EntryGlyph,
    pub state: EntryState,
    pub unit: Option<i64>,
    pub link: String,
    pub note: String,
}

/// Checks an entry against the tenant's `categories` and the `units` it
/// may be for.
pub fn check(input: &EntryInput, categories: &[i64], units: &[i64]) -> Result<CheckedEntry, Vec<FieldError>> {
    let mut errs: Vec<FieldError> = vec![];
    let title = required_text("title", &input.title, MAX_TITLE).map_err(|e| errs.push(e)).ok();
    let start = parse_date("starts_on", &input.starts_on);
    let end =
        if input.ends_on.trim().is_empty() { start.clone().map_err(|e| FieldError { field: "ends_on", ..e }) } else { parse_date("ends_on", &input.ends_on) };
    let dates = match (start, end) {
        (Ok(s), Ok(e)) if e < s => {
            errs.push(FieldError { field: "ends_on", message_id: "input-end-before-start" });
            None
        }
        (Ok(s), Ok(e)) if (e - s).num_days() > MAX_DAYS => {
            errs.push(FieldError { field: "ends_on", message_id: "aarshjul-span-too-long" });
            None
        }
        (Ok(s), Ok(e)) => Some((s, e)),
        (s, e) => {
            errs.extend([s.err(), e.err()].into_iter().flatten());
            None
        }
    };
    let glyph = EntryGlyph::parse(&input.glyph);
    let state = EntryState::parse(&input.state);
    if glyph.is_none() || state.is_none() {
        errs.push(FieldError { field: "glyph", message_id: "initiative-unknown-choice" });
    }
    let category = input.category.trim().parse::<i64>().ok().filter(|c| categories.contains(c));
    if category.is_none() {
        errs.push(FieldError { field: "category", message_id: "initiative-unknown-choice" });
    }
    let unit = match input.unit.trim() {
        "" => Ok(None),
        u => u.parse::<i64>().ok().filter(|u| units.contains(u)).map(Some).ok_or(()),
    };
    if unit.is_err() {
        errs.push(FieldError { field: "unit", message_id: "initiative-unknown-choice" });
    }
    let link = input.link.trim();
    if link.chars().count() > MAX_LINK {
        errs.push(FieldError { field: "link", message_id: "input-too-long" });
    } else if !crate::platform::redirect::link_ok(link) {
        errs.push(FieldError { field: "link", message_id: "aarshjul-link-invalid" });
    }
    let note = input.note.trim();
    if note.chars().count() > MAX_NOTE {
        errs.push(FieldError { field: "note", message_id: "input-too-long" });
    }
    match (errs.is_empty(), title, dates, glyph, state, category, unit) {
        (true, Some(title), Some((start, end)), Some(glyph), Some(state), Some(category), Ok(unit)) => {
            Ok(CheckedEntry { category, title, start, end, glyph, state, unit, link: link.to_string(), note: note.to_string() })
        }
        _ => Err(errs),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> EntryInput {
        EntryInput {
            category: "2".into(),
            title: " Budgetseminar ".into(),
            starts_on: "2026-09-03".into(),
            ends_on: "".into(),
            glyph: "span".into(),
            state: "planned".into(),
            unit: "".into(),
            link: "".into(),
            note: "".into(),
        }
    }

    fn fields(r: Result<CheckedEntry, Vec<FieldError>>) -> Vec<(&'static str, &'static str)> {
        r.err().unwrap_or_default().into_iter().map(|e| (e.field, e.message_id)).collect()
    }

    #[test]
    fn a_single_day_ends_where_it_starts_and_is_trimmed() {
        let e = check(&input(), &[2], &[]).unwrap();
        assert_eq!(
            (e.title.as_str(), e.start, e.end, e.unit),
            ("Budgetseminar", NaiveDate::from_ymd_opt(2026, 9, 3).unwrap(), NaiveDate::from_ymd_opt(2026, 9, 3).unwrap(), None)
        );
    }

    #[test]
    fn each_bad_field_is_named() {
        let bad = EntryInput { ends_on: "2026-09-01".into(), ..input() };
        assert_eq!(fields(check(&bad, &[2], &[])), vec![("ends_on", "input-end-before-start")]);
        let bad = EntryInput { ends_on: "2027-12-01".into(), ..input() };
        assert_eq!(fields(check(&bad, &[2], &[])), vec![("ends_on", "aarshjul-span-too-long")]);
        assert_eq!(fields(check(&input(), &[3], &[])), vec![("category", "initiative-unknown-choice")]);
        let bad = EntryInput { unit: "9".into(), ..input() };
        assert_eq!(fields(check(&bad, &[2], &[4])), vec![("unit", "initiative-unknown-choice")]);
        let bad = EntryInput { title: "  ".into(), starts_on: "3. september".into(), ..input() };
        assert_eq!(fields(check(&bad, &[2], &[])), vec![("title", "input-required"), ("starts_on", "input-bad-date"), ("ends_on", "input-bad-date")]);
    }

    #[test]
    fn links_go_to_pages_not_scripts() {
        for ok in ["/meetings/12", "https://www.kl.dk/", "http://intra/"] {
            assert!(check(&EntryInput { link: ok.into(), ..input() }, &[2], &[]).is_ok(), "{ok}");
        }
        for bad in ["javascript:alert(1)", "//evil.example", "www.kl.dk", "/\\evil.example"] {
            assert_eq!(fields(check(&EntryInput { link: bad.into(), ..input() }, &[2], &[])), vec![("link", "aarshjul-link-invalid")], "{bad}");
        }
    }

    #[test]
    fn a_unit_must_be_one_of_those_offered() {
        let e = check(&EntryInput { unit: "4".into(), ..input() }, &[2], &[4, 5]).unwrap();
        assert_eq!(e.unit, Some(4));
    }
}
