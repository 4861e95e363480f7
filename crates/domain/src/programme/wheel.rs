//! The årshjul's geometry, apart from any drawing: which year it shows and
//! where a day falls on it (the start month at 12 o'clock, time running
//! clockwise), its month, week and quarter segments, the lanes that keep
//! overlapping entries apart, and whether a label fits along its arc.

use chrono::{Datelike, Duration, NaiveDate};

/// The years styr draws and lists: a year outside them is no page, and
/// dates far outside them are past what the calendar arithmetic can hold.
pub const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

/// Entries shorter than this are drawn this many days wide, so they can be
/// seen and hit.
pub const MIN_DAYS: i64 = 3;

/// The year a wheel shows: twelve months from the first day of its start
/// month (January for the budget year, August for a school year).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WheelYear {
    pub first: NaiveDate,
    /// The first day after the year.
    pub end: NaiveDate,
}

impl WheelYear {
    /// The year beginning in `month` of `year`; a bad month gives January.
    /// `None` for a year outside `YEARS`.
    pub fn starting(year: i32, month: u32) -> Option<WheelYear> {
        let month = if (1..=12).contains(&month) { month } else { 1 };
        if !YEARS.contains(&year) {
            return None;
        }
        WheelYear::span(NaiveDate::from_ymd_opt(year, month, 1)?, 12)
    }

    /// A wheel zoomed to `months` months (3 for a quarter, 1 for a month)
    /// from the first of `first`'s month; the whole circle is then that span.
    /// `None` past the end of the calendar.
    pub fn span(first: NaiveDate, months: u32) -> Option<WheelYear> {
        let first = first.with_day(1)?;
        let end = first.checked_add_months(chrono::Months::new(months.clamp(1, 12)))?;
        Some(WheelYear { first, end })
    }

    /// How many months the wheel shows.
    pub fn month_count(&self) -> u32 {
        ((self.end.year() - self.first.year()) * 12 + self.end.month() as i32 - self.first.month() as i32).max(1) as u32
    }

    /// "2026", or "2026/27" for a year that does not start in January.
    pub fn title(&self) -> String {
        if self.first.month() == 1 { self.first.year().to_string() } else { format!("{}/{:02}", self.first.year(), (self.first.year() + 1) % 100) }
    }

    pub fn days(&self) -> i64 {
        (self.end - self.first).num_days()
    }

    pub fn contains(&self, d: NaiveDate) -> bool {
        d >= self.first && d < self.end
    }

    /// How far round the wheel a day begins, in turns from 12 o'clock.
    pub fn turn(&self, d: NaiveDate) -> f64 {
        ((d - self.first).num_days() as f64 / self.days() as f64).clamp(0.0, 1.0)
    }

    /// The months as (first day, turn at start, turn at end).
    pub fn months(&self) -> Vec<(NaiveDate, f64, f64)> {
        (0..self.month_count())
            .filter_map(|k| {
                let a = self.first.checked_add_months(chrono::Months::new(k))?;
                let b = self.first.checked_add_months(chrono::Months::new(k + 1))?;
                Some((a, self.turn(a), self.turn(b)))
            })
            .collect()
    }

    /// The ISO weeks the year touches, each as (week number, turn at its
    /// start, turn at its end), cut at the year's ends. A year of 53 ISO
    /// weeks (2026) shows all 53.
    pub fn weeks(&self) -> Vec<(u32, f64, f64)> {
        let mut out = vec![];
        let mut d = self.first;
        while d < self.end {
            let monday = d - Duration::days(d.weekday().num_days_from_monday() as i64);
            let next = (monday + Duration::days(7)).min(self.end);
            out.push((d.iso_week().week(), self.turn(d), self.turn(next)));
            d = next;
        }
        out
    }

    /// The four quarters of the year shown: (number 1–4 of the wheel's
    /// year, turn at start, turn at end); none on a wheel zoomed in.
    pub fn quarters(&self) -> Vec<(u32, f64, f64)> {
        if self.month_count() != 12 {
            return vec![];
        }
        let m = self.months();
        (0..4).map(|q| (q as u32 + 1, m[q * 3].1, m[q * 3 + 2].2)).collect()
    }

    /// The part of an entry's days that falls in the year, as day offsets
    /// from its first day (inclusive), at least `MIN_DAYS` wide and kept
    /// inside the year. `None` when the entry lies outside.
    pub fn clip(&self, start: NaiveDate, end: NaiveDate) -> Option<(i64, i64)> {
        let (start, end) = if end < start { (end, start) } else { (start, end) };
        if end < self.first || start >= self.end {
            return None;
        }
        let days = self.days();
        let a = (start - self.first).num_days().max(0);
        let b = (end - self.first).num_days().min(days - 1);
        let b = b.max(a + MIN_DAYS - 1);
        let shift = (b - (days - 1)).max(0);
        Some((a - shift, b - shift))
    }
}

/// Places entries, given as inclusive day ranges, in lanes so that no two
/// in a lane overlap: in order of start (longer first on the same day),
/// each in the first lane free by then. Returns each entry's lane, in the
/// order given.
pub fn lanes(spans: &[(i64, i64)]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..spans.len()).collect();
    order.sort_by_key(|&i| (spans[i].0, -(spans[i].1 - spans[i].0), i));
    let mut lane_end: Vec<i64> = vec![];
    let mut out = vec![0; spans.len()];
    for i in order {
        let (a, b) = spans[i];
        match lane_end.iter().position(|&e| e < a) {
            Some(l) => {
                lane_end[l] = b;
                out[i] = l;
            }
            None => {
                lane_end.push(b);
                out[i] = lane_end.len() - 1;
            }
        }
    }
    out
}

/// A point at radius `r` from (`cx`, `cy`), `turn` turns clockwise from 12 o'clock.
pub fn polar(cx: f64, cy: f64, r: f64, turn: f64) -> (f64, f64) {
    let a = turn * std::f64::consts::TAU;
    (cx + r * a.sin(), cy - r * a.cos())
}

/// Text along an arc whose middle lies in the lower half would stand on its
/// head; it is drawn the other way round.
pub fn reads_reversed(mid_turn: f64) -> bool {
    mid_turn > 0.25 && mid_turn < 0.75
}

/// A label as it fits along `room` pixels of arc at `font_px`: whole,
/// shortened with an ellipsis (keeping at least four letters), or not at
/// all (then it is only in the list beside the wheel). Widths are
/// estimated at 0.56 em a letter, which suits IBM Plex Sans.
pub fn fit_label(text: &str, room: f64, font_px: f64) -> Option<String> {
    let per = 0.56 * font_px;
    let fits = (room / per).floor() as usize;
    let n = text.chars().count();
    if n <= fits {
        Some(text.to_string())
    } else if fits >= 5 {
        let kept: String = text.chars().take(fits - 1).collect();
        Some(format!("{}…", kept.trim_end()))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn years_outside_the_range_are_no_wheel() {
        assert!(WheelYear::starting(1999, 1).is_none() && WheelYear::starting(2101, 1).is_none());
        assert!(WheelYear::starting(i32::MAX, 1).is_none(), "a year chrono cannot hold does not panic");
        assert!(WheelYear::starting(2100, 8).is_some());
    }

    #[test]
    fn the_start_month_is_at_twelve_and_time_runs_clockwise() {
        let y = WheelYear::starting(2026, 1).unwrap();
        assert_eq!((y.title(), y.days()), ("2026".to_string(), 365));
        assert_eq!(y.turn(d(2026, 1, 1)), 0.0);
        assert!((y.turn(d(2026, 7, 2)) - 0.5).abs() < 0.002, "midsummer is at six o'clock");
        let school = WheelYear::starting(2026, 8).unwrap();
        assert_eq!(school.title(), "2026/27");
        assert_eq!(school.turn(d(2026, 8, 1)), 0.0);
        assert!(school.contains(d(2027, 7, 31)) && !school.contains(d(2027, 8, 1)));
        let (x, y2) = polar(0.0, 0.0, 10.0, 0.25);
        assert!((x - 10.0).abs() < 1e-9 && y2.abs() < 1e-9, "a quarter turn is three o'clock");
    }

    #[test]
    fn months_weeks_and_quarters() {
        let y = WheelYear::starting(2026, 1).unwrap();
        let m = y.months();
        assert_eq!(m.len(), 12);
        assert_eq!(m[1].0, d(2026, 2, 1));
        assert!((m[11].2 - 1.0).abs() < 1e-9);
        let w = y.weeks();
        assert_eq!(w.first().unwrap().0, 1, "1 January 2026 is in ISO week 1");
        assert_eq!(w.last().unwrap().0, 53, "2026 has 53 ISO weeks");
        assert_eq!(w.len(), 53);
        let w27 = WheelYear::starting(2027, 1).unwrap().weeks();
        assert_eq!((w27[0].0, w27[1].0), (53, 1), "1–3 January 2027 belong to week 53 of 2026");
        assert_eq!(y.quarters()[2].0, 3);
    }

    #[test]
    fn a_wheel_zooms_to_a_quarter_or_a_month() {
        let q = WheelYear::span(d(2026, 4, 15), 3).unwrap();
        assert_eq!((q.first, q.end, q.month_count()), (d(2026, 4, 1), d(2026, 7, 1), 3));
        assert_eq!(q.months().len(), 3);
        assert!(q.quarters().is_empty());
        assert!((q.turn(d(2026, 5, 16)) - 0.5).abs() < 0.01, "mid-May is at six o'clock");
        let m = WheelYear::span(d(2026, 12, 1), 1).unwrap();
        assert_eq!((m.end, m.days()), (d(2027, 1, 1), 31));
        assert_eq!(m.weeks().first().unwrap().0, 49);
    }

    #[test]
    fn short_entries_are_drawn_three_days_wide_and_kept_inside() {
        let y = WheelYear::starting(2026, 1).unwrap();
        assert_eq!(y.clip(d(2026, 3, 10), d(2026, 3, 10)), Some((68, 70)));
        assert_eq!(y.clip(d(2025, 12, 1), d(2026, 1, 5)), Some((0, 4)), "cut at the start");
        assert_eq!(y.clip(d(2026, 12, 31), d(2026, 12, 31)), Some((362, 364)), "kept inside at the end");
        assert_eq!(y.clip(d(2027, 1, 2), d(2027, 1, 3)), None);
    }

    #[test]
    fn overlapping_entries_get_their_own_lanes() {
        let l = lanes(&[(0, 10), (5, 8), (11, 20), (9, 12), (30, 31)]);
        assert_eq!(l, vec![0, 1, 0, 1, 0], "(9, 12) takes lane 1 again once (5, 8) has ended");
        assert_eq!(lanes(&[(0, 10), (2, 4), (3, 9)]), vec![0, 1, 2]);
        assert_eq!(lanes(&[]), Vec::<usize>::new());
    }

    #[test]
    fn labels_fit_shorten_or_move_to_the_list() {
        assert_eq!(fit_label("Budget", 100.0, 12.0).as_deref(), Some("Budget"));
        assert_eq!(fit_label("Budgetseminar for byrådet", 60.0, 12.0).as_deref(), Some("Budgets…"));
        assert_eq!(fit_label("Budgetseminar", 20.0, 12.0), None);
        assert!(reads_reversed(0.5) && !reads_reversed(0.1) && !reads_reversed(0.9));
    }
}
