//! A dot plot, drawn as SVG: a row per statement, a scale from 1 to 5
//! along the top, and a mark per group on each row. Each group has its own
//! shape as well as its own colour, and the leader's own answer is an open
//! diamond, so nothing is told by colour alone. On a page it stands beside
//! a table of the same figures and is hidden from screen readers there.

use std::fmt::Write;

use crate::decimal::Tenths;

/// A group's marks: its name in the legend and its shape.
pub struct Series {
    pub label: String,
    pub shape: Shape,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// The leader's own answer: an open diamond.
    Diamond,
    Circle,
    Square,
    Triangle,
    Cross,
    Ring,
}

impl Shape {
    /// The shape's name, for the PDF's template.
    pub fn name(self) -> &'static str {
        match self {
            Shape::Diamond => "diamond",
            Shape::Circle => "circle",
            Shape::Square => "square",
            Shape::Triangle => "triangle",
            Shape::Cross => "cross",
            Shape::Ring => "ring",
        }
    }

    /// A colour that tells the shapes apart a second way (DKFDS's palette).
    pub fn colour(self) -> &'static str {
        match self {
            Shape::Diamond => "#1a1a1a",
            Shape::Circle => "#0059b3",
            Shape::Square => "#358000",
            Shape::Triangle => "#b35900",
            Shape::Cross => "#8e3b8a",
            Shape::Ring => "#5c6e80",
        }
    }
}

pub struct Row {
    pub label: String,
    /// (series index, value from 1 to 5)
    pub values: Vec<(usize, f64)>,
}

const LEFT: f64 = 380.0;
const WIDTH: f64 = 900.0;
const TOP: f64 = 34.0;
const ROW: f64 = 34.0;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn x_of(v: f64) -> f64 {
    LEFT + (WIDTH - LEFT - 24.0) * (v.clamp(1.0, 5.0) - 1.0) / 4.0
}

fn mark(out: &mut String, shape: Shape, x: f64, y: f64) {
    let c = shape.colour();
    let t = Tenths;
    let (cx, cy) = (t(x), t(y));
    let _ = match shape {
        Shape::Diamond => write!(
            out,
            r#"<path d="M{cx} {}L{} {cy}L{cx} {}L{} {cy}Z" fill="white" stroke="{c}" stroke-width="2"/>"#,
            t(y - 8.0),
            t(x + 8.0),
            t(y + 8.0),
            t(x - 8.0)
        ),
        Shape::Circle => write!(out, r#"<circle cx="{cx}" cy="{cy}" r="6" fill="{c}"/>"#),
        Shape::Square => write!(out, r#"<rect x="{}" y="{}" width="11" height="11" fill="{c}"/>"#, t(x - 5.5), t(y - 5.5)),
        Shape::Triangle => {
            write!(out, r#"<path d="M{cx} {}L{} {}L{} {}Z" fill="{c}"/>"#, t(y - 7.0), t(x + 7.0), t(y + 6.0), t(x - 7.0), t(y + 6.0))
        }
        Shape::Cross => write!(
            out,
            r#"<path d="M{} {}L{} {}M{} {}L{} {}" stroke="{c}" stroke-width="3"/>"#,
            t(x - 6.0),
            t(y - 6.0),
            t(x + 6.0),
            t(y + 6.0),
            t(x - 6.0),
            t(y + 6.0),
            t(x + 6.0),
            t(y - 6.0)
        ),
        Shape::Ring => write!(out, r#"<circle cx="{cx}" cy="{cy}" r="6" fill="none" stroke="{c}" stroke-width="2.5"/>"#),
    };
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max { s.to_string() } else { format!("{}…", s.chars().take(max - 1).collect::<String>().trim_end()) }
}

/// The plot, with a legend below the rows. `scale` names the ends, e.g.
/// ("Helt uenig", "Helt enig").
pub fn svg(series: &[Series], rows: &[Row], scale: (&str, &str)) -> String {
    let legend_y = TOP + ROW * rows.len() as f64 + 18.0;
    // The legend wraps to as many lines as it needs.
    let widths: Vec<f64> = series.iter().map(|s| 34.0 + 8.0 * s.label.chars().count() as f64).collect();
    let mut lines = 1;
    let mut x = 0.0;
    for w in &widths {
        if x + w > WIDTH && x > 0.0 {
            lines += 1;
            x = 0.0;
        }
        x += w;
    }
    let height = legend_y + 26.0 * lines as f64;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0}" class="styr-dotplot" font-family="IBM Plex Sans, Arial, sans-serif" font-size="14">"#
    );
    for v in 1..=5 {
        let x = x_of(v as f64);
        let _ = write!(
            s,
            r##"<line x1="{x:.1}" y1="{:.1}" x2="{x:.1}" y2="{:.1}" stroke="#c8c8c8"/><text x="{x:.1}" y="18" text-anchor="middle">{v}</text>"##,
            TOP - 8.0,
            TOP + ROW * rows.len() as f64 - 8.0
        );
    }
    let _ = write!(
        s,
        r#"<text x="{:.1}" y="18" text-anchor="end">{}</text><text x="{:.1}" y="18">{}</text>"#,
        x_of(1.0) - 14.0,
        esc(scale.0),
        x_of(5.0) + 14.0,
        esc(scale.1)
    );
    for (i, r) in rows.iter().enumerate() {
        let y = TOP + ROW * i as f64 + 8.0;
        let _ = write!(s, r#"<text x="0" y="{}"><title>{}</title>{}</text>"#, Tenths(y + 5.0), esc(&r.label), esc(&shorten(&r.label, 46)));
        let (ty, x1, x5) = (Tenths(y), Tenths(x_of(1.0)), Tenths(x_of(5.0)));
        let _ = write!(s, r##"<line x1="{x1}" y1="{ty}" x2="{x5}" y2="{ty}" stroke="#e6e6e6"/>"##);
        for (k, v) in &r.values {
            if let Some(series) = series.get(*k) {
                mark(&mut s, series.shape, x_of(*v), y);
            }
        }
    }
    let (mut x, mut y) = (0.0, legend_y);
    for (series, w) in series.iter().zip(&widths) {
        if x + w > WIDTH && x > 0.0 {
            x = 0.0;
            y += 26.0;
        }
        mark(&mut s, series.shape, x + 8.0, y);
        let _ = write!(s, r#"<text x="{:.1}" y="{:.1}">{}</text>"#, x + 20.0, y + 5.0, esc(&series.label));
        x += w;
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_value_is_a_mark_on_its_row() {
        let series = vec![Series { label: "Mig selv".into(), shape: Shape::Diamond }, Series { label: "Medarbejdere & co".into(), shape: Shape::Circle }];
        let rows = vec![Row { label: "Jeg kommunikerer".into(), values: vec![(0, 5.0), (1, 3.0)] }, Row { label: "Tom".into(), values: vec![] }];
        let svg = svg(&series, &rows, ("Helt uenig", "Helt enig"));
        assert_eq!(svg.matches("<circle").count(), 2, "one on the row, one in the legend");
        assert!(svg.contains("Medarbejdere &amp; co"));
        // 5 is at the right end, 3 in the middle of the scale.
        assert!(svg.contains(&format!(r#"cx="{:.1}""#, x_of(3.0))));
    }
}
