//! An indicator's trend, drawn as SVG: a line per area over the years, the
//! municipality's own bold with its points marked, the comparison areas thin
//! or dashed, the source's expected value dashed beside the actual one, and
//! the targets as open diamonds. Each kind of line differs in width or dash
//! as well as colour, so nothing is told by colour alone; on a page it stands
//! beside a table of the same figures and is hidden from screen readers there.

use std::fmt::Write;

use crate::decimal::Tenths;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// The municipality itself.
    Own,
    /// A neighbour: thin and grey, drawn under the rest.
    Neighbour,
    Region,
    Country,
    /// The source's expected value for the municipality.
    Expected,
}

impl Style {
    fn stroke(self) -> (&'static str, f64, &'static str) {
        match self {
            Style::Own => ("#0059b3", 3.0, ""),
            Style::Neighbour => ("#a6a6a6", 1.2, ""),
            Style::Region => ("#358000", 2.0, "8 4"),
            Style::Country => ("#8e3b8a", 2.0, "2 4"),
            Style::Expected => ("#b35900", 2.0, "10 3 2 3"),
        }
    }
}

pub struct Line {
    /// The legend's words; lines with the same label share one entry.
    pub label: String,
    pub style: Style,
    /// (time in years, e.g. 2024.25 for the second quarter; value), in time
    /// order. A value that is not a number (NaN) is a period without a figure
    /// (hidden, say): the line breaks there rather than bridging it.
    pub points: Vec<(f64, f64)>,
}

/// How numbers are written on the axis: decimals and the decimal mark.
#[derive(Clone, Copy)]
pub struct Numbers {
    pub decimals: usize,
    pub comma: bool,
}

impl Numbers {
    fn show(self, v: f64) -> String {
        let s = format!("{v:.*}", self.decimals);
        if self.comma { s.replace('.', ",") } else { s }
    }
}

const WIDTH: f64 = 900.0;
const HEIGHT: f64 = 340.0;
const LEFT: f64 = 64.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 36.0;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A step between gridlines of 1, 2 or 5 times a power of ten, giving about
/// `n` lines over `span`.
fn nice_step(span: f64, n: f64) -> f64 {
    let raw = (span / n).max(f64::EPSILON);
    let p = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0].into_iter().map(|m| m * p).find(|s| *s >= raw).unwrap_or(10.0 * p)
}

/// The chart. `targets` are (year, target), drawn as open diamonds and
/// named `target_label` in the legend; `unit` labels the axis.
pub fn svg(lines: &[Line], targets: &[(f64, f64)], target_label: &str, unit: &str, numbers: Numbers) -> String {
    let all = lines.iter().flat_map(|l| l.points.iter().copied()).filter(|(_, y)| y.is_finite()).chain(targets.iter().copied());
    let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for (x, y) in all {
        (x0, x1, y0, y1) = (x0.min(x), x1.max(x), y0.min(y), y1.max(y));
    }
    let mut s = String::new();
    if x0 > x1 {
        return s;
    }
    let (x0, x1) = (x0.floor(), x1.ceil().max(x0.floor() + 1.0));
    // A flat line (one figure, or all alike) still gets a scale around it.
    let flat = (y1 - y0).abs() < 1e-9 * y0.abs().max(y1.abs()).max(1.0);
    let (y0, y1) = if flat { (y0 - y0.abs().max(1.0) * 0.1, y1 + y1.abs().max(1.0) * 0.1) } else { (y0, y1) };
    let step = nice_step(y1 - y0, 5.0);
    let (y0, y1) = ((y0 / step).floor() * step, ((y1 / step).ceil() * step).max(y0 + step));
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let px = |x: f64| LEFT + plot_w * (x - x0) / (x1 - x0);
    let py = |y: f64| TOP + plot_h * (1.0 - (y - y0) / (y1 - y0));
    // The legend: one entry per label, in the order the lines come.
    let mut legend: Vec<(&str, Style)> = vec![];
    for l in lines {
        if !legend.iter().any(|(t, _)| *t == l.label) {
            legend.push((&l.label, l.style));
        }
    }
    let targets_at = legend.len();
    if !targets.is_empty() {
        legend.push((target_label, Style::Own));
    }
    let legend_rows = legend.len().div_ceil(3);
    let height = HEIGHT + 24.0 * legend_rows as f64;
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0}" class="styr-trend" font-family="IBM Plex Sans, Arial, sans-serif" font-size="13">"#
    );
    // Gridlines and the value axis.
    // At most a few dozen gridlines, whatever the numbers.
    for k in 0..=((y1 - y0) / step).round().clamp(1.0, 40.0) as usize {
        let v = y0 + step * k as f64;
        let y = Tenths(py(v));
        let _ = write!(
            s,
            r##"<line x1="{LEFT}" y1="{y}" x2="{}" y2="{y}" stroke="#e6e6e6"/><text x="{}" y="{}" text-anchor="end">{}</text>"##,
            WIDTH - RIGHT,
            LEFT - 6.0,
            Tenths(py(v) + 4.0),
            esc(&numbers.show(v))
        );
    }
    let _ = write!(s, r#"<text x="4" y="{}" font-size="12">{}</text>"#, TOP - 4.0 + 2.0, esc(unit));
    // The years along the bottom, at most about twelve labels.
    let years = (x1 - x0) as i64;
    let every = (years / 12 + 1).max(1);
    for (k, year) in (x0 as i64..=x1 as i64).enumerate() {
        let x = Tenths(px(year as f64));
        let _ = write!(s, r##"<line x1="{x}" y1="{}" x2="{x}" y2="{}" stroke="#8c8c8c"/>"##, Tenths(HEIGHT - BOTTOM), Tenths(HEIGHT - BOTTOM + 5.0));
        if k as i64 % every == 0 {
            let _ = write!(s, r#"<text x="{x}" y="{}" text-anchor="middle">{year}</text>"#, Tenths(HEIGHT - BOTTOM + 20.0));
        }
    }
    let _ = write!(s, r##"<line x1="{LEFT}" y1="{0}" x2="{1}" y2="{0}" stroke="#8c8c8c"/>"##, Tenths(HEIGHT - BOTTOM), WIDTH - RIGHT);
    // Neighbours first, so the municipality's own line is drawn on top.
    let mut order: Vec<&Line> = lines.iter().collect();
    order.sort_by_key(|l| match l.style {
        Style::Neighbour => 0,
        Style::Country | Style::Region => 1,
        Style::Expected => 2,
        Style::Own => 3,
    });
    for l in order {
        if !l.points.iter().any(|(_, y)| y.is_finite()) {
            continue;
        }
        let (colour, width, dash) = l.style.stroke();
        // The pen lifts at a period without a figure, and a new stretch starts after it.
        let mut d = String::new();
        let mut lifted = true;
        for (x, y) in &l.points {
            if !y.is_finite() {
                lifted = true;
                continue;
            }
            let _ = write!(d, "{}{} {}", if lifted { "M" } else { "L" }, Tenths(px(*x)), Tenths(py(*y)));
            lifted = false;
        }
        let dash = if dash.is_empty() { String::new() } else { format!(r#" stroke-dasharray="{dash}""#) };
        let _ = write!(s, r#"<path d="{d}" fill="none" stroke="{colour}" stroke-width="{width}"{dash}><title>{}</title></path>"#, esc(&l.label));
        if l.style == Style::Own {
            for (x, y) in l.points.iter().filter(|(_, y)| y.is_finite()) {
                let _ = write!(s, r#"<circle cx="{}" cy="{}" r="3.5" fill="{colour}"/>"#, Tenths(px(*x)), Tenths(py(*y)));
            }
        }
    }
    for (x, y) in targets {
        diamond(&mut s, px(*x), py(*y));
    }
    for (i, (label, style)) in legend.iter().enumerate() {
        let x = (i % 3) as f64 * (WIDTH / 3.0) + 4.0;
        let y = HEIGHT + 8.0 + 24.0 * (i / 3) as f64;
        if i == targets_at {
            diamond(&mut s, x + 14.0, y);
            let _ = write!(s, r#"<text x="{:.1}" y="{:.1}">{}</text>"#, x + 36.0, y + 4.5, esc(label));
            continue;
        }
        let (colour, width, dash) = style.stroke();
        let dash = if dash.is_empty() { String::new() } else { format!(r#" stroke-dasharray="{dash}""#) };
        let _ = write!(
            s,
            r#"<path d="M{x:.1} {y:.1}h28" stroke="{colour}" stroke-width="{width}"{dash}/><text x="{:.1}" y="{:.1}">{}</text>"#,
            x + 36.0,
            y + 4.5,
            esc(label)
        );
    }
    s.push_str("</svg>");
    s
}

fn diamond(s: &mut String, x: f64, y: f64) {
    let t = Tenths;
    let _ = write!(
        s,
        r##"<path d="M{} {}L{} {}L{} {}L{} {}Z" fill="white" stroke="#1a1a1a" stroke-width="2"/>"##,
        t(x),
        t(y - 6.0),
        t(x + 6.0),
        t(y),
        t(x),
        t(y + 6.0),
        t(x - 6.0),
        t(y)
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers() -> Numbers {
        Numbers { decimals: 1, comma: true }
    }

    #[test]
    fn a_period_without_a_figure_breaks_the_line() {
        let gap = vec![Line { label: "Ishøj".into(), style: Style::Own, points: vec![(2016.0, 66.0), (2017.0, f64::NAN), (2018.0, 68.0), (2019.0, 69.0)] }];
        let svg = svg(&gap, &[], "Mål", "%", Numbers { decimals: 1, comma: true });
        let d = &svg[svg.find("<path d=\"M").unwrap() + 9..];
        let d = &d[..d.find('"').unwrap()];
        assert_eq!((d.matches('M').count(), d.matches('L').count()), (2, 1), "{d}");
        assert_eq!(svg.matches("<circle").count(), 3);
        assert!(!svg.contains("NaN"));
    }

    #[test]
    fn every_area_is_a_line_and_the_own_points_are_marked() {
        let lines = vec![
            Line { label: "Ishøj".into(), style: Style::Own, points: vec![(2016.0, 66.5), (2017.0, 67.1), (2018.0, 67.9)] },
            Line { label: "Nabokommuner".into(), style: Style::Neighbour, points: vec![(2016.0, 71.0), (2018.0, 72.0)] },
            Line { label: "Nabokommuner".into(), style: Style::Neighbour, points: vec![(2016.0, 73.0), (2018.0, 74.0)] },
            Line { label: "Hele landet & øer".into(), style: Style::Country, points: vec![(2016.0, 75.0), (2018.0, 76.0)] },
        ];
        let svg = svg(&lines, &[(2018.0, 70.0)], "Mål", "%", numbers());
        assert_eq!(
            svg.matches("<path d=\"M").count(),
            4 + 3 + 2,
            "four lines, three legend lines (the neighbours share one), the target and its legend diamond"
        );
        assert_eq!(svg.matches("<circle").count(), 3, "the municipality's own points");
        assert!(svg.contains("Hele landet &amp; øer"));
        assert!(svg.contains(">2016<") && svg.contains(">2018<"));
        // A comma for the decimal mark on the axis, and the axis reaches the highest value.
        assert!(svg.contains(",0<"), "{svg}");
        assert_eq!(svg.matches(r##"fill="white" stroke="#1a1a1a""##).count(), 2, "the target, and its legend entry");
        assert!(svg.contains(">Mål</text>"));
    }

    #[test]
    fn one_figure_or_a_flat_line_gets_a_scale_and_ends() {
        let one = vec![Line { label: "Ishøj".into(), style: Style::Own, points: vec![(2025.0, 70.0)] }];
        let svg = svg(&one, &[], "Mål", "%", numbers());
        assert!(svg.ends_with("</svg>") && svg.len() < 20_000, "{}", svg.len());
        assert!(svg.contains("70,0<"), "{svg}");
        let flat = vec![Line { label: "Ishøj".into(), style: Style::Own, points: vec![(2024.0, 0.0), (2025.0, 0.0)] }];
        assert!(svg_len(&flat) < 20_000);
        let huge = vec![Line { label: "Ishøj".into(), style: Style::Own, points: vec![(2024.0, 1e12), (2025.0, 1e12 + 0.5)] }];
        assert!(svg_len(&huge) < 20_000);
    }

    fn svg_len(lines: &[Line]) -> usize {
        svg(lines, &[], "Mål", "%", numbers()).len()
    }

    #[test]
    fn nothing_to_draw_draws_nothing() {
        assert_eq!(svg(&[], &[], "Mål", "%", numbers()), "");
    }

    #[test]
    fn gridlines_fall_on_round_numbers() {
        assert_eq!(nice_step(10.0, 5.0), 2.0);
        assert_eq!(nice_step(430.0, 5.0), 100.0);
        assert_eq!(nice_step(0.7, 5.0), 0.2);
    }
}
