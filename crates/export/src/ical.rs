//! iCalendar (RFC 5545) for meetings: events in Europe/Copenhagen time with
//! the zone's rules included, so Outlook and Google Calendar place them
//! right across summer time.

use chrono::{DateTime, Utc};
use chrono_tz::Europe::Copenhagen;

/// One meeting as a calendar event.
pub struct Event {
    /// Stable across changes, so a moved meeting moves in the calendar.
    pub uid: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub summary: String,
    pub location: String,
    pub description: String,
    pub url: String,
    pub cancelled: bool,
    /// Raised on every change (the row's version).
    pub sequence: i64,
    /// A whole day or days (an årshjul entry): written as dates, from the
    /// start's day to the end's day inclusive.
    pub all_day: bool,
}

const ZONE: &str = "BEGIN:VTIMEZONE\r\nTZID:Europe/Copenhagen\r\n\
BEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\nDTSTART:19700329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\n\
BEGIN:STANDARD\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\nDTSTART:19701025T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\n\
END:VTIMEZONE\r\n";

/// Escapes a text value (RFC 5545 3.3.11).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line at 75 octets without splitting a UTF-8 character.
pub fn fold(line: &str) -> String {
    let mut out = String::new();
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
    out
}

fn local(at: &DateTime<Utc>) -> String {
    at.with_timezone(&Copenhagen).format("%Y%m%dT%H%M%S").to_string()
}

/// A whole calendar of events.
pub fn calendar(name: &str, events: &[Event], now: DateTime<Utc>) -> String {
    let mut out = String::new();
    for l in ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//styr//styr//DA", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"] {
        out.push_str(l);
        out.push_str("\r\n");
    }
    out.push_str(&fold(&format!("X-WR-CALNAME:{}", escape(name))));
    out.push_str("X-WR-TIMEZONE:Europe/Copenhagen\r\n");
    out.push_str(ZONE);
    let stamp = now.format("%Y%m%dT%H%M%SZ").to_string();
    for e in events {
        out.push_str("BEGIN:VEVENT\r\n");
        out.push_str(&fold(&format!("UID:{}", e.uid)));
        out.push_str(&format!("DTSTAMP:{stamp}\r\n"));
        if e.all_day {
            let day = |at: &DateTime<Utc>| at.with_timezone(&Copenhagen).date_naive();
            // DTEND of a date is exclusive: the day after the last.
            out.push_str(&format!("DTSTART;VALUE=DATE:{}\r\n", day(&e.start).format("%Y%m%d")));
            out.push_str(&format!("DTEND;VALUE=DATE:{}\r\n", (day(&e.end) + chrono::Duration::days(1)).format("%Y%m%d")));
        } else {
            out.push_str(&format!("DTSTART;TZID=Europe/Copenhagen:{}\r\n", local(&e.start)));
            out.push_str(&format!("DTEND;TZID=Europe/Copenhagen:{}\r\n", local(&e.end)));
        }
        out.push_str(&format!("SEQUENCE:{}\r\n", e.sequence));
        out.push_str(&fold(&format!("SUMMARY:{}", escape(&e.summary))));
        if !e.location.is_empty() {
            out.push_str(&fold(&format!("LOCATION:{}", escape(&e.location))));
        }
        if !e.description.is_empty() {
            out.push_str(&fold(&format!("DESCRIPTION:{}", escape(&e.description))));
        }
        out.push_str(&fold(&format!("URL:{}", e.url)));
        out.push_str(if e.cancelled { "STATUS:CANCELLED\r\n" } else { "STATUS:CONFIRMED\r\n" });
        out.push_str("END:VEVENT\r\n");
    }
    out.push_str("END:VCALENDAR\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_day_in_the_annual_wheel_is_a_whole_day() {
        let at = |d: u32| Utc.with_ymd_and_hms(2026, 9, d, 10, 0, 0).unwrap();
        let e = Event {
            uid: "aarshjul-entry-1@ishoj.styr".into(),
            start: at(1),
            end: at(2),
            summary: "Budgetseminar".into(),
            location: String::new(),
            description: String::new(),
            url: "https://styr.example/aarshjul/2026".into(),
            cancelled: false,
            sequence: 0,
            all_day: true,
        };
        let ics = calendar("Årshjul", &[e], at(1));
        assert!(ics.contains("DTSTART;VALUE=DATE:20260901\r\n") && ics.contains("DTEND;VALUE=DATE:20260903\r\n"), "{ics}");
    }

    #[test]
    fn escaping_and_folding() {
        assert_eq!(escape("Del 1; del 2, i alt\nslut\\"), "Del 1\\; del 2\\, i alt\\nslut\\\\");
        let long = format!("SUMMARY:{}", "æ".repeat(60));
        let folded = fold(&long);
        for line in folded.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 75, "{} octets", line.len());
        }
        assert_eq!(folded.replace("\r\n ", "").trim_end(), long);
    }

    #[test]
    fn a_meeting_in_summer_and_winter_time() {
        let winter = Utc.with_ymd_and_hms(2026, 12, 1, 8, 0, 0).unwrap();
        let summer = Utc.with_ymd_and_hms(2027, 6, 1, 7, 0, 0).unwrap();
        let ev = |start: DateTime<Utc>| Event {
            uid: "meeting-1@ishoj.styr".into(),
            all_day: false,
            start,
            end: start + chrono::Duration::hours(2),
            summary: "Direktionsmøde".into(),
            location: "Rådhuset, lokale 1".into(),
            description: String::new(),
            url: "https://styr.example/meetings/1".into(),
            cancelled: false,
            sequence: 2,
        };
        let cal = calendar("Direktionsmøde", &[ev(winter), ev(summer)], winter);
        assert!(cal.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(cal.ends_with("END:VCALENDAR\r\n"));
        assert!(cal.contains("DTSTART;TZID=Europe/Copenhagen:20261201T090000\r\n"), "09:00 local in winter");
        assert!(cal.contains("DTSTART;TZID=Europe/Copenhagen:20270601T090000\r\n"), "09:00 local in summer");
        assert!(cal.contains("LOCATION:Rådhuset\\, lokale 1\r\n"));
        assert!(cal.contains("BEGIN:VTIMEZONE") && cal.contains("TZID:Europe/Copenhagen"));
        assert_eq!(cal.matches("BEGIN:VEVENT").count(), 2);
        assert!(!cal.replace("\r\n", "").contains('\n'), "only CRLF line ends");
    }
}
