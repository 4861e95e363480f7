//! Status reports: per period (month or quarter, set per programme), a
//! status that is never shown by colour alone, and the trend across reports.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

words! {
    /// How often initiatives report.
    pub enum Cadence {
        Month = "month",
        Quarter = "quarter",
    }
}

impl Cadence {
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

words! {
    /// An initiative's status in a report.
    pub enum Status {
        OnTrack = "on_track",
        AtRisk = "at_risk",
        OffTrack = "off_track",
        Done = "done",
        Paused = "paused",
    }
}

impl Status {
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
    /// Where it sorts when those that need attention come first: off track,
    /// at risk, no report yet, paused, on track, done.
    pub fn attention(status: Option<Status>) -> usize {
        match status {
            Some(Status::OffTrack) => 0,
            Some(Status::AtRisk) => 1,
            None => 2,
            Some(Status::Paused) => 3,
            Some(Status::OnTrack) => 4,
            Some(Status::Done) => 5,
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Trend {
    Better,
    Same,
    Worse,
    /// Fewer than two comparable reports.
    Unknown,
}

impl Trend {
    pub const ALL: [Trend; 4] = [Trend::Better, Trend::Same, Trend::Worse, Trend::Unknown];

    pub fn parse(s: &str) -> Trend {
        [Trend::Better, Trend::Same, Trend::Worse].into_iter().find(|t| t.as_str() == s).unwrap_or(Trend::Unknown)
    }
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

/// The periods whose report is overdue after the newest one: due before
/// `today`, not before the initiative began, later than every period
/// reported. When there are any, the newest status is old news and is
/// shown as such rather than as how the initiative stands.
pub fn overdue_since_latest(cadence: Cadence, year: i32, reported: &[String], starts_on: NaiveDate, today: NaiveDate) -> Vec<String> {
    let newest = reported.iter().max();
    cadence.periods(year).into_iter().filter(|p| cadence.due(p).is_some_and(|d| d < today && d >= starts_on)).filter(|p| newest.is_none_or(|n| p > n)).collect()
}

/// Whether owners are reminded today of the current period's report, and
/// how: "before" within `days_before` days of its deadline (the period's
/// last day), "due" on the day. With the period.
pub fn reminder(cadence: Cadence, today: NaiveDate, days_before: i64) -> Option<(String, &'static str)> {
    let period = cadence.period_of(today);
    let due = cadence.due(&period)?;
    let left = (due - today).num_days();
    match left {
        0 => Some((period, "due")),
        l if l > 0 && l <= days_before => Some((period, "before")),
        _ => None,
    }
}

/// The fields of the status report form, as typed.
#[derive(Clone, Debug, Default)]
pub struct ReportInput {
    pub period: String,
    pub status: String,
    pub progress: String,
    pub happened: String,
    pub next_steps: String,
    pub needs: String,
}

/// A checked status report.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub period: String,
    pub status: Status,
    pub progress: i64,
    pub happened: String,
    pub next_steps: String,
    pub needs: String,
}

/// Checks a status report for a programme of `year` reporting by `cadence`.
/// A report may be written for any period of the year up to today's, not
/// for one still to come.
pub fn check_report(r: &ReportInput, cadence: Cadence, year: i32, today: NaiveDate) -> Result<Report, Vec<crate::meetings::input::FieldError>> {
    use crate::meetings::input::FieldError;
    let mut errors = vec![];
    let period = r.period.trim();
    let current = cadence.period_of(today);
    let open = cadence.periods(year).into_iter().any(|p| p == period && (cadence.due(&p).is_some_and(|d| d <= today) || p == current));
    if !open {
        errors.push(FieldError { field: "period", message_id: "report-period-invalid" });
    }
    let status = Status::parse(r.status.trim());
    if status.is_none() {
        errors.push(FieldError { field: "status", message_id: "report-status-required" });
    }
    let progress = r.progress.trim().trim_end_matches('%').trim().parse::<i64>().ok().filter(|p| (0..=100).contains(p));
    if progress.is_none() {
        errors.push(FieldError { field: "progress", message_id: "report-progress-invalid" });
    }
    for (field, text) in [("happened", &r.happened), ("next_steps", &r.next_steps), ("needs", &r.needs)] {
        if text.chars().count() > super::initiative::MAX_TEXT {
            errors.push(FieldError { field, message_id: "input-too-long" });
        }
    }
    if r.happened.trim().is_empty() {
        errors.push(FieldError { field: "happened", message_id: "input-required" });
    }
    match (status, progress) {
        (Some(status), Some(progress)) if errors.is_empty() => Ok(Report {
            period: period.to_string(),
            status,
            progress,
            happened: r.happened.trim().to_string(),
            next_steps: r.next_steps.trim().to_string(),
            needs: r.needs.trim().to_string(),
        }),
        _ => Err(errors),
    }
}

/// A period as people say it: "1. kvartal 2026", "marts 2026" (Danish) or
/// "Q1 2026", "March 2026".
pub fn period_label(period: &str, danish: bool) -> String {
    const DA: [&str; 12] = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober", "november", "december"];
    const EN: [&str; 12] = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
    let Some((y, rest)) = period.split_once('-') else { return period.to_string() };
    if let Some(q) = rest.strip_prefix('Q') {
        return if danish { format!("{q}. kvartal {y}") } else { format!("Q{q} {y}") };
    }
    match rest.parse::<usize>() {
        Ok(m @ 1..=12) => format!("{} {y}", if danish { DA[m - 1] } else { EN[m - 1] }),
        _ => period.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_status_from_before_missing_reports_is_old_news() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let start = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let q = |s: &str| s.to_string();
        assert_eq!(overdue_since_latest(Cadence::Quarter, 2026, &[q("2026-Q1")], start, today), vec![q("2026-Q2"), q("2026-Q3")]);
        assert!(overdue_since_latest(Cadence::Quarter, 2026, &[q("2026-Q1"), q("2026-Q3")], start, today).is_empty(), "Q2 is a gap, but Q3 is current");
        let late_start = NaiveDate::from_ymd_opt(2026, 8, 1).unwrap();
        assert_eq!(overdue_since_latest(Cadence::Quarter, 2026, &[], late_start, today), vec![q("2026-Q3")], "not before it began");
        assert_eq!(overdue_since_latest(Cadence::Month, 2026, &[q("2026-10")], start, today), Vec::<String>::new(), "November is not over");
    }

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
    fn a_report_is_for_a_period_that_has_begun() {
        let good =
            ReportInput { period: "2026-Q3".into(), status: "at_risk".into(), progress: "40 %".into(), happened: "Udbud sendt".into(), ..Default::default() };
        let today = d(2026, 11, 23);
        let r = check_report(&good, Cadence::Quarter, 2026, today).unwrap();
        assert_eq!((r.status, r.progress), (Status::AtRisk, 40));
        assert!(check_report(&ReportInput { period: "2026-Q4".into(), ..good.clone() }, Cadence::Quarter, 2026, today).is_ok(), "the current quarter");
        let fields = |i: ReportInput| check_report(&i, Cadence::Quarter, 2026, today).unwrap_err().into_iter().map(|e| e.field).collect::<Vec<_>>();
        assert_eq!(fields(ReportInput { period: "2027-Q1".into(), ..good.clone() }), vec!["period"], "not a period to come");
        assert_eq!(fields(ReportInput { period: "2026-11".into(), ..good.clone() }), vec!["period"], "not a month in a quarterly programme");
        assert_eq!(
            fields(ReportInput { status: "green".into(), progress: "140".into(), happened: " ".into(), ..good }),
            vec!["status", "progress", "happened"]
        );
    }

    #[test]
    fn owners_are_reminded_in_the_last_week_and_on_the_day() {
        assert_eq!(reminder(Cadence::Quarter, d(2026, 12, 24), 7), Some(("2026-Q4".into(), "before")));
        assert_eq!(reminder(Cadence::Quarter, d(2026, 12, 31), 7), Some(("2026-Q4".into(), "due")));
        assert_eq!(reminder(Cadence::Quarter, d(2026, 12, 23), 7), None);
        assert_eq!(reminder(Cadence::Month, d(2026, 2, 28), 7), Some(("2026-02".into(), "due")));
    }

    #[test]
    fn periods_read_as_people_say_them() {
        assert_eq!(period_label("2026-Q1", true), "1. kvartal 2026");
        assert_eq!(period_label("2026-03", true), "marts 2026");
        assert_eq!(period_label("2026-03", false), "March 2026");
        assert_eq!(period_label("nonsense", true), "nonsense");
    }

    #[test]
    fn missing_reports_are_the_due_periods_without_one() {
        let got = missing(Cadence::Quarter, 2026, &["2026-Q1".into(), "2026-Q3".into()], d(2026, 11, 23));
        assert_eq!(got, vec!["2026-Q2".to_string(), "2026-Q4".to_string()]);
        assert!(missing(Cadence::Quarter, 2027, &[], d(2026, 11, 23)).is_empty());
    }
}
