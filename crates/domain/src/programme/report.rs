//! Status reports: per period (month or quarter, set per programme), a
//! status that is never shown by colour alone, and the trend across reports.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// How often initiatives report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cadence {
    Month,
    Quarter,
}

impl Cadence {
    pub fn parse(s: &str) -> Option<Cadence> {
        match s {
            "month" => Some(Cadence::Month),
            "quarter" => Some(Cadence::Quarter),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Cadence::Month => "month",
            Cadence::Quarter => "quarter",
        }
    }
    /// The period a day falls in: "2026-03" or "2026-Q1".
    pub fn period_of(self, day: NaiveDate) -> String {
        match self {
            Cadence::Month => format!("{}-{:02}", day.year(), day.month()),
            Cadence::Quarter => format!("{}-Q{}", day.year(), (day.month() - 1) / 3 + 1),
        }
    }
    /// The periods of a year, in order.
    pub fn periods(self, year: i32) -> Vec<String> {
        match self {
            Cadence::Month => (1..=12).map(|m| format!("{year}-{m:02}")).collect(),
            Cadence::Quarter => (1..=4).map(|q| format!("{year}-Q{q}")).collect(),
        }
    }
    /// The last day of a period: reports are due then.
    pub fn due(self, period: &str) -> Option<NaiveDate> {
        let (y, rest) = period.split_once('-')?;
        let year: i32 = y.parse().ok()?;
        let last_month = match self {
            Cadence::Month => rest.parse::<u32>().ok().filter(|m| (1..=12).contains(m))?,
            Cadence::Quarter => rest.strip_prefix('Q')?.parse::<u32>().ok().filter(|q| (1..=4).contains(q))? * 3,
        };
        let first_of_next = if last_month == 12 { NaiveDate::from_ymd_opt(year + 1, 1, 1) } else { NaiveDate::from_ymd_opt(year, last_month + 1, 1) }?;
        first_of_next.pred_opt()
    }
}

/// An initiative's status in a report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    OnTrack,
    AtRisk,
    OffTrack,
    Done,
    Paused,
}

impl Status {
    pub const ALL: [Status; 5] = [Status::OnTrack, Status::AtRisk, Status::OffTrack, Status::Done, Status::Paused];
    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|x| x.as_str() == s)
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Status::OnTrack => "on_track",
            Status::AtRisk => "at_risk",
            Status::OffTrack => "off_track",
            Status::Done => "done",
            Status::Paused => "paused",
        }
    }
    /// A mark shown beside the colour, so the status never rests on colour alone.
    pub fn symbol(self) -> &'static str {
        match self {
            Status::OnTrack => "●",
            Status::AtRisk => "▲",
            Status::OffTrack => "■",
            Status::Done => "✓",
            Status::Paused => "‖",
        }
    }
    /// How well it goes, for trends: higher is better; paused has no place.
    fn health(self) -> Option<i32> {
        match self {
            Status::OffTrack => Some(0),
            Status::AtRisk => Some(1),
            Status::OnTrack => Some(2),
            Status::Done => Some(3),
            Status::Paused => None,
        }
    }
}

/// Which way an initiative is heading, from its two latest reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Trend {
    Better,
    Same,
    Worse,
    /// Fewer than two comparable reports.
    Unknown,
}

impl Trend {
    pub fn as_str(self) -> &'static str {
        match self {
            Trend::Better => "better",
            Trend::Same => "same",
            Trend::Worse => "worse",
            Trend::Unknown => "unknown",
        }
    }
    pub fn arrow(self) -> &'static str {
        match self {
            Trend::Better => "↗",
            Trend::Same => "→",
            Trend::Worse => "↘",
            Trend::Unknown => "",
        }
    }
}

/// The trend of statuses given oldest first.
pub fn trend(statuses: &[Status]) -> Trend {
    let known: Vec<i32> = statuses.iter().filter_map(|s| s.health()).collect();
    match known.as_slice() {
        [.., a, b] if b > a => Trend::Better,
        [.., a, b] if b < a => Trend::Worse,
        [.., _, _] => Trend::Same,
        _ => Trend::Unknown,
    }
}

/// The periods of a year up to and including `today`'s that have no report:
/// what the secretariat chases.
pub fn missing(cadence: Cadence, year: i32, reported: &[String], today: NaiveDate) -> Vec<String> {
    cadence
        .periods(year)
        .into_iter()
        .filter(|p| cadence.due(p).is_some_and(|d| d <= today || cadence.period_of(today) == *p))
        .filter(|p| !reported.contains(p))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn periods_and_their_deadlines() {
        assert_eq!(Cadence::Quarter.period_of(d(2026, 11, 23)), "2026-Q4");
        assert_eq!(Cadence::Month.period_of(d(2026, 2, 1)), "2026-02");
        assert_eq!(Cadence::Quarter.due("2026-Q1"), Some(d(2026, 3, 31)));
        assert_eq!(Cadence::Quarter.due("2026-Q4"), Some(d(2026, 12, 31)));
        assert_eq!(Cadence::Month.due("2028-02"), Some(d(2028, 2, 29)));
        assert_eq!(Cadence::Month.due("2026-13"), None);
        assert_eq!(Cadence::Quarter.due("2026-Q5"), None);
        assert_eq!(Cadence::Month.periods(2026).len(), 12);
    }

    #[test]
    fn trends_compare_the_two_latest_reports() {
        use Status::*;
        assert_eq!(trend(&[]), Trend::Unknown);
        assert_eq!(trend(&[OnTrack]), Trend::Unknown);
        assert_eq!(trend(&[AtRisk, OnTrack]), Trend::Better);
        assert_eq!(trend(&[OnTrack, OffTrack]), Trend::Worse);
        assert_eq!(trend(&[OffTrack, AtRisk, Paused, AtRisk]), Trend::Same, "a pause does not count");
        assert_eq!(trend(&[OnTrack, Done]), Trend::Better);
    }

    #[test]
    fn missing_reports_are_the_due_periods_without_one() {
        let got = missing(Cadence::Quarter, 2026, &["2026-Q1".into(), "2026-Q3".into()], d(2026, 11, 23));
        assert_eq!(got, vec!["2026-Q2".to_string(), "2026-Q4".to_string()]);
        assert!(missing(Cadence::Quarter, 2027, &[], d(2026, 11, 23)).is_empty());
    }
}
