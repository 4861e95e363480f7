//! Time is stored in UTC and shown in Europe/Copenhagen.

use chrono::{DateTime, Utc};
use chrono_tz::Europe::Copenhagen;

/// Formats a stored instant the way a Danish reader expects: `23.11.2026 kl. 14:05`
/// in Danish, `23 Nov 2026 14:05` in English, always in Copenhagen time.
pub fn local_datetime(at: DateTime<Utc>, danish: bool) -> String {
    let local = at.with_timezone(&Copenhagen);
    if danish { local.format("%d.%m.%Y kl. %H:%M").to_string() } else { local.format("%-d %b %Y %H:%M").to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn summer_and_winter_time() {
        let winter = Utc.with_ymd_and_hms(2026, 1, 15, 8, 0, 0).unwrap();
        let summer = Utc.with_ymd_and_hms(2026, 7, 15, 8, 0, 0).unwrap();
        assert_eq!(local_datetime(winter, true), "15.01.2026 kl. 09:00");
        assert_eq!(local_datetime(summer, true), "15.07.2026 kl. 10:00");
        assert_eq!(local_datetime(summer, false), "15 Jul 2026 10:00");
    }
}
