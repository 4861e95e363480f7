//! Checks of what people type when they plan meetings. Each problem names
//! the field and a message id, so the page can show it beside the field.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc};

use super::cadence::local_to_utc;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub message_id: &'static str,
}

fn err(field: &'static str, message_id: &'static str) -> FieldError {
    FieldError { field, message_id }
}

pub fn parse_date(field: &'static str, s: &str) -> Result<NaiveDate, FieldError> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| err(field, "input-bad-date"))
}

/// A date as a date field sends it (2026-11-01) or as Danes write it
/// (1.11.2026, 01-11-2026).
pub fn parse_any_date(field: &'static str, s: &str) -> Result<NaiveDate, FieldError> {
    let s = s.trim();
    ["%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y", "%d/%m/%Y"].iter().find_map(|f| NaiveDate::parse_from_str(s, f).ok()).ok_or_else(|| err(field, "audit-bad-date"))
}

pub fn parse_time(field: &'static str, s: &str) -> Result<NaiveTime, FieldError> {
    let s = s.trim();
    NaiveTime::parse_from_str(s, "%H:%M").or_else(|_| NaiveTime::parse_from_str(s, "%H.%M")).map_err(|_| err(field, "input-bad-time"))
}

/// The longest period generated in one go.
pub const MAX_GENERATE_DAYS: i64 = 3 * 366;

/// A period to generate meetings for: `to` not before `from`, at most three years.
pub fn period(from: &str, to: &str) -> Result<(NaiveDate, NaiveDate), Vec<FieldError>> {
    let f = parse_date("from", from);
    let t = parse_date("to", to);
    match (f, t) {
        (Ok(f), Ok(t)) if t < f => Err(vec![err("to", "input-end-before-start")]),
        (Ok(f), Ok(t)) if (t - f).num_days() > MAX_GENERATE_DAYS => Err(vec![err("to", "input-period-too-long")]),
        (Ok(f), Ok(t)) => Ok((f, t)),
        (f, t) => Err([f.err(), t.err()].into_iter().flatten().collect()),
    }
}

/// A meeting's new start and end: a valid local date and time, not in the
/// past, lasting 5 minutes to 2 days.
pub fn meeting_time(date: &str, time: &str, minutes: &str, now: DateTime<Utc>) -> Result<(DateTime<Utc>, DateTime<Utc>), Vec<FieldError>> {
    let d = parse_date("date", date);
    let t = parse_time("time", time);
    let m = minutes.trim().parse::<i64>().ok().filter(|m| (5..=2880).contains(m)).ok_or(err("minutes", "input-bad-minutes"));
    match (d, t, m) {
        (Ok(d), Ok(t), Ok(m)) => {
            let start = local_to_utc(NaiveDateTime::new(d, t));
            if start < now {
                return Err(vec![err("date", "input-in-the-past")]);
            }
            Ok((start, start + Duration::minutes(m)))
        }
        (d, t, m) => Err([d.err(), t.err(), m.err()].into_iter().flatten().collect()),
    }
}

/// A required free text, trimmed, of at most `max` characters.
pub fn required_text(field: &'static str, s: &str, max: usize) -> Result<String, FieldError> {
    let s = s.trim();
    if s.is_empty() {
        Err(err(field, "input-required"))
    } else if s.chars().count() > max {
        Err(err(field, "input-too-long"))
    } else {
        Ok(s.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn periods() {
        assert!(period("2026-01-01", "2026-12-31").is_ok());
        assert_eq!(period("2026-12-31", "2026-01-01").unwrap_err()[0].message_id, "input-end-before-start");
        assert_eq!(period("2026-01-01", "2030-01-01").unwrap_err()[0].message_id, "input-period-too-long");
        let e = period("i går", "31-12-2026").unwrap_err();
        assert_eq!(e.iter().map(|e| e.field).collect::<Vec<_>>(), vec!["from", "to"]);
    }

    #[test]
    fn dates_as_danes_write_them() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
        for s in ["2026-11-01", "1.11.2026", "01.11.2026", " 1-11-2026 ", "1/11/2026"] {
            assert_eq!(parse_any_date("from", s), Ok(d), "{s}");
        }
        assert_eq!(parse_any_date("from", "31.2.2026").unwrap_err().message_id, "audit-bad-date");
    }

    #[test]
    fn meeting_times() {
        let now = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
        let (s, e) = meeting_time("2026-12-01", "09:30", "120", now).unwrap();
        assert_eq!(s, Utc.with_ymd_and_hms(2026, 12, 1, 8, 30, 0).unwrap());
        assert_eq!((e - s).num_minutes(), 120);
        assert!(meeting_time("2026-12-01", "9.30", "60", now).is_ok(), "Danish time notation");
        assert_eq!(meeting_time("2026-11-20", "09:00", "60", now).unwrap_err()[0].message_id, "input-in-the-past");
        let e = meeting_time("2026-12-01", "25:00", "0", now).unwrap_err();
        assert_eq!(e.iter().map(|e| e.field).collect::<Vec<_>>(), vec!["time", "minutes"]);
    }

    #[test]
    fn texts() {
        assert_eq!(required_text("reason", "  ", 10).unwrap_err().message_id, "input-required");
        assert_eq!(required_text("reason", "abcdefghijk", 10).unwrap_err().message_id, "input-too-long");
        assert_eq!(required_text("reason", " Sygdom ", 10).unwrap(), "Sygdom");
    }
}
