//! The portfolio's timeline, drawn as SVG: one row per initiative with a
//! bar from its start to its end, its milestones as diamonds (filled when
//! reached, open while not, with a badge when overdue), arrows from the
//! initiatives it depends on, months along the top and a line for today.
//! Status is drawn as a mark and a colour, never the colour alone. On a web
//! page it stands beside a table of the same initiatives, so it is hidden
//! from screen readers there.

use std::fmt::Write;

use chrono::{Datelike, NaiveDate};

pub struct Row {
    pub id: i64,
    pub title: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// A mark for the status (● ▲ ■ ✓ ‖) or empty before the first report.
    pub symbol: String,
    pub colour: String,
    pub href: String,
    /// (due, reached, title)
    pub milestones: Vec<(NaiveDate, bool, String)>,
    /// Rows (by id) this one depends on.
    pub depends_on: Vec<i64>,
}

pub struct Timeline {
    pub from: NaiveDate,
    /// The last day shown.
    pub to: NaiveDate,
    pub today: NaiveDate,
    pub rows: Vec<Row>,
    /// Month names, January first.
    pub months: [String; 12],
    pub today_label: String,
}

const LEFT: f64 = 330.0;
const WIDTH: f64 = 1400.0;
const TOP: f64 = 44.0;
const ROW: f64 = 30.0;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Where a day begins, in pixels from the left.
fn x_of(t: &Timeline, d: NaiveDate) -> f64 {
    let days = ((t.to - t.from).num_days() + 1).max(1) as f64;
    let d = d.clamp(t.from, t.to + chrono::Duration::days(1));
    LEFT + (WIDTH - LEFT - 20.0) * (d - t.from).num_days() as f64 / days
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max { s.to_string() } else { format!("{}…", s.chars().take(max - 1).collect::<String>().trim_end()) }
}

pub fn svg(t: &Timeline) -> String {
    let height = TOP + ROW * t.rows.len().max(1) as f64 + 20.0;
    let mut s = String::with_capacity(16 * 1024);
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height}\" width=\"{WIDTH}\" height=\"{height}\" aria-hidden=\"true\" focusable=\"false\" font-family=\"'IBM Plex Sans', Arial, sans-serif\">\
         <defs><marker id=\"tl-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0 0L10 5L0 10Z\" fill=\"#3a3a3a\"/></marker></defs>\
         <rect width=\"{WIDTH}\" height=\"{height}\" fill=\"#ffffff\"/>"
    );
    // Months along the top, with lines down.
    let mut month = t.from.with_day(1);
    while let Some(m) = month.filter(|m| *m <= t.to) {
        let Some(next) = m.checked_add_months(chrono::Months::new(1)) else { break };
        let (x1, x2) = (x_of(t, m.max(t.from)), x_of(t, next.min(t.to + chrono::Duration::days(1))));
        let _ = write!(
            s,
            "<line x1=\"{x1:.1}\" y1=\"{:.1}\" x2=\"{x1:.1}\" y2=\"{:.1}\" stroke=\"#dcdcdc\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"13\" text-anchor=\"middle\" fill=\"#3a3a3a\">{}</text>",
            TOP - 8.0,
            height - 10.0,
            (x1 + x2) / 2.0,
            TOP - 16.0,
            esc(&t.months[m.month0() as usize])
        );
        month = Some(next);
    }
    let y_of = |i: usize| TOP + ROW * i as f64;
    // Dependencies first, under the bars.
    for (i, r) in t.rows.iter().enumerate() {
        for dep in &r.depends_on {
            let Some(j) = t.rows.iter().position(|x| x.id == *dep) else { continue };
            let (x1, y1) = (x_of(t, t.rows[j].end), y_of(j) + ROW / 2.0);
            let (x2, y2) = (x_of(t, r.start), y_of(i) + ROW / 2.0);
            let mid = (x1 + 12.0).max((x1 + x2) / 2.0);
            let _ = write!(
                s,
                "<path d=\"M{x1:.1} {y1:.1}H{mid:.1}V{y2:.1}H{:.1}\" fill=\"none\" stroke=\"#3a3a3a\" stroke-width=\"1.3\" marker-end=\"url(#tl-arrow)\"/>",
                x2.max(mid + 6.0)
            );
        }
    }
    for (i, r) in t.rows.iter().enumerate() {
        let y = y_of(i);
        if i % 2 == 0 {
            let _ = write!(s, "<rect x=\"0\" y=\"{y:.1}\" width=\"{WIDTH}\" height=\"{ROW}\" fill=\"#f5f5f5\" fill-opacity=\"0.7\"/>");
        }
        let (x1, x2) = (x_of(t, r.start), x_of(t, r.end + chrono::Duration::days(1)));
        let _ = write!(
            s,
            "<a href=\"{}\" tabindex=\"-1\"><title>{}</title><text x=\"10\" y=\"{:.1}\" font-size=\"13\" fill=\"#1a1a1a\">{}</text>\
             <rect x=\"{x1:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"3\" fill=\"{}\" fill-opacity=\"0.85\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" font-weight=\"700\" fill=\"#ffffff\">{}</text></a>",
            esc(&r.href),
            esc(&format!("{} · {} – {}", r.title, r.start.format("%d.%m.%Y"), r.end.format("%d.%m.%Y"))),
            y + ROW / 2.0 + 4.5,
            esc(&shorten(&r.title, 44)),
            y + 7.0,
            (x2 - x1).max(3.0),
            ROW - 14.0,
            esc(&r.colour),
            x1 + 4.0,
            y + ROW / 2.0 + 4.0,
            esc(&r.symbol)
        );
        for (due, reached, title) in &r.milestones {
            let x = x_of(t, *due) + 1.5;
            let cy = y + ROW / 2.0;
            let fill = if *reached { "#1a1a1a" } else { "#ffffff" };
            let _ = write!(
                s,
                "<g><title>{}</title><path d=\"M{x:.1} {:.1}L{:.1} {cy:.1}L{x:.1} {:.1}L{:.1} {cy:.1}Z\" fill=\"{fill}\" stroke=\"#1a1a1a\" stroke-width=\"1.5\"/>",
                esc(&format!("{title} · {}", due.format("%d.%m.%Y"))),
                cy - 7.0,
                x + 7.0,
                cy + 7.0,
                x - 7.0
            );
            if !reached && *due < t.today {
                let _ = write!(
                    s,
                    "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"5\" fill=\"#b3261e\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"8\" font-weight=\"700\" fill=\"#ffffff\" text-anchor=\"middle\">!</text>",
                    x + 7.0,
                    cy - 7.0,
                    x + 7.0,
                    cy - 4.2
                );
            }
            s.push_str("</g>");
        }
    }
    if t.today >= t.from && t.today <= t.to {
        let x = x_of(t, t.today);
        let _ = write!(
            s,
            "<line x1=\"{x:.1}\" y1=\"{:.1}\" x2=\"{x:.1}\" y2=\"{:.1}\" stroke=\"#b3261e\" stroke-width=\"2\"/><text x=\"{x:.1}\" y=\"{:.1}\" font-size=\"11\" font-weight=\"700\" fill=\"#b3261e\" text-anchor=\"middle\">{}</text>",
            TOP - 6.0,
            height - 10.0,
            TOP - 32.0,
            esc(&t.today_label)
        );
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    fn row(id: i64, title: &str, start: NaiveDate, end: NaiveDate, deps: Vec<i64>) -> Row {
        Row {
            id,
            title: title.into(),
            start,
            end,
            symbol: "▲".into(),
            colour: "#9a6700".into(),
            href: format!("/initiatives/{id}"),
            milestones: vec![(d(3, 1), true, "Kortlægning".into()), (d(6, 1), false, "Udbud".into())],
            depends_on: deps,
        }
    }

    #[test]
    fn rows_bars_milestones_dependencies_and_today() {
        let t = Timeline {
            from: d(1, 1),
            to: d(12, 31),
            today: d(11, 23),
            rows: vec![row(1, "Fælles indkøb & <aftaler>", d(1, 1), d(12, 31), vec![]), row(2, "Rekruttering", d(4, 1), d(9, 30), vec![1])],
            months: ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"].map(String::from),
            today_label: "I dag".into(),
        };
        let s = svg(&t);
        assert!(s.starts_with("<svg") && s.ends_with("</svg>"));
        assert!(s.contains("Fælles indkøb &amp; &lt;aftaler&gt;") && !s.contains("<aftaler>"));
        assert_eq!(s.matches("<a ").count(), 2);
        assert_eq!(s.matches("marker-end").count(), 1, "one dependency arrow");
        assert!(s.contains(">!<"), "an overdue milestone has a badge");
        assert!(s.contains("I dag") && s.contains(">dec<"));
        // A day maps inside the drawing and in order.
        assert!(x_of(&t, d(1, 1)) >= LEFT && x_of(&t, d(12, 31)) < WIDTH && x_of(&t, d(6, 1)) < x_of(&t, d(7, 1)));
    }
}
