//! The årshjul drawn as SVG, following the conventions of circular year
//! plans: the start month at 12 o'clock and time running clockwise; an
//! outer ring of month names, a ring of ISO week numbers and optionally one
//! of quarters; one ring per category, the most important outermost; spans
//! as ring sectors in lanes, one-day entries as glyphs (a diamond for a
//! deadline or decision, a circle for a meeting); labels along the arc,
//! upright in the lower half; a needle for today, a legend, and the title
//! in the hub. Status never rests on colour alone: done is faded with a
//! mark, tentative dashed, at risk carries a badge. The geometry is in
//! `domain::programme::wheel`; this module only writes the XML.

use std::fmt::Write;

use chrono::{Datelike, NaiveDate};
use domain::programme::wheel::{WheelYear, fit_label, lanes, polar, reads_reversed};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Glyph {
    /// A period, drawn as a ring sector.
    Span,
    /// A deadline or a decision: a diamond.
    Deadline,
    /// A meeting: a circle.
    Meeting,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    Planned,
    Done,
    Tentative,
    AtRisk,
}

#[derive(Clone, Debug)]
pub struct Ring {
    pub name: String,
    /// A CSS colour, #rrggbb.
    pub colour: String,
    /// One or two letters shown in the legend beside the colour.
    pub icon: String,
}

#[derive(Clone, Debug)]
pub struct Entry {
    pub title: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// Index into the rings.
    pub ring: usize,
    pub glyph: Glyph,
    pub state: State,
    pub href: String,
}

/// The words the wheel shows, in the reader's language.
#[derive(Clone, Debug)]
pub struct Texts {
    pub months: [String; 12],
    /// The letter before a quarter's number ("K" in Danish).
    pub quarter: String,
    pub today: String,
    pub legend: String,
    pub done: String,
    pub tentative: String,
    pub at_risk: String,
    pub deadline: String,
    pub meeting: String,
}

#[derive(Clone, Debug)]
pub struct Wheel {
    pub title: String,
    pub subtitle: String,
    /// The span in the hub: "2026", "2026/27", "1. kvartal 2026".
    pub hub: String,
    pub year: WheelYear,
    /// The most important first: it is drawn outermost.
    pub rings: Vec<Ring>,
    pub entries: Vec<Entry>,
    pub today: Option<NaiveDate>,
    pub quarters: bool,
    /// For screen readers: what the wheel shows, in a sentence or two.
    pub description: String,
    pub texts: Texts,
}

const CX: f64 = 500.0;
const CY: f64 = 500.0;
const R_OUT: f64 = 485.0;
const MONTH_W: f64 = 34.0;
const WEEK_W: f64 = 20.0;
const QUARTER_W: f64 = 20.0;
const HUB: f64 = 118.0;
const RING_GAP: f64 = 5.0;
const FONT: &str = "'IBM Plex Sans', Arial, sans-serif";

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn pt(r: f64, turn: f64) -> (f64, f64) {
    polar(CX, CY, r, turn)
}

/// A ring sector between two turns and two radii.
fn sector(r_in: f64, r_out: f64, a: f64, b: f64) -> String {
    let large = if b - a > 0.5 { 1 } else { 0 };
    let (x1, y1) = pt(r_out, a);
    let (x2, y2) = pt(r_out, b);
    let (x3, y3) = pt(r_in, b);
    let (x4, y4) = pt(r_in, a);
    format!("M{x1:.2} {y1:.2}A{r_out:.2} {r_out:.2} 0 {large} 1 {x2:.2} {y2:.2}L{x3:.2} {y3:.2}A{r_in:.2} {r_in:.2} 0 {large} 0 {x4:.2} {y4:.2}Z")
}

/// An arc for text to run along, turned so it reads upright.
fn text_arc(r: f64, a: f64, b: f64) -> String {
    let large = if b - a > 0.5 { 1 } else { 0 };
    if reads_reversed((a + b) / 2.0) {
        let (x1, y1) = pt(r, b);
        let (x2, y2) = pt(r, a);
        format!("M{x1:.2} {y1:.2}A{r:.2} {r:.2} 0 {large} 0 {x2:.2} {y2:.2}")
    } else {
        let (x1, y1) = pt(r, a);
        let (x2, y2) = pt(r, b);
        format!("M{x1:.2} {y1:.2}A{r:.2} {r:.2} 0 {large} 1 {x2:.2} {y2:.2}")
    }
}

/// Black or white, whichever reads better on a colour.
fn ink_on(colour: &str) -> &'static str {
    let hex = colour.trim_start_matches('#');
    let c = |i: usize| u8::from_str_radix(hex.get(i..i + 2).unwrap_or("80"), 16).unwrap_or(128) as f64 / 255.0;
    let lin = |v: f64| if v <= 0.03928 { v / 12.92 } else { ((v + 0.055) / 1.055).powf(2.4) };
    let l = 0.2126 * lin(c(0)) + 0.7152 * lin(c(2)) + 0.0722 * lin(c(4));
    if l > 0.18 { "#1a1a1a" } else { "#ffffff" }
}

/// Where each ring lies: (outer radius, lane width, lanes), with the
/// entries' lanes.
struct Layout {
    rings: Vec<(f64, f64, usize)>,
    lane_of: Vec<usize>,
    spans: Vec<Option<(i64, i64)>>,
}

fn layout(w: &Wheel, top: f64) -> Layout {
    let spans: Vec<Option<(i64, i64)>> = w.entries.iter().map(|e| w.year.clip(e.start, e.end)).collect();
    let mut lane_of = vec![0; w.entries.len()];
    let mut counts = vec![1usize; w.rings.len()];
    for (r, count) in counts.iter_mut().enumerate() {
        let (idx, ranges): (Vec<usize>, Vec<(i64, i64)>) =
            (0..w.entries.len()).filter(|&i| w.entries[i].ring == r).filter_map(|i| Some((i, spans[i]?))).unzip();
        let l = lanes(&ranges);
        for (k, &i) in idx.iter().enumerate() {
            lane_of[i] = l[k];
        }
        *count = l.iter().max().map_or(1, |m| m + 1);
    }
    let total: usize = counts.iter().sum();
    let room = top - HUB - RING_GAP * w.rings.len() as f64;
    let lane = (room / total.max(1) as f64).clamp(6.0, 30.0);
    let mut r = top;
    let rings = counts
        .iter()
        .map(|&n| {
            let out = (r, lane, n);
            r -= n as f64 * lane + RING_GAP;
            out
        })
        .collect();
    Layout { rings, lane_of, spans }
}

/// The wheel as a standalone SVG document: an image with a title and a
/// description, whose entries link to their pages.
pub fn svg(w: &Wheel) -> String {
    render(w, false)
}

/// The wheel for a web page that lists the same entries in a table beside
/// it: hidden from screen readers and out of the tab order (they get the
/// table, which has the same links), clickable with a mouse.
pub fn svg_inline(w: &Wheel) -> String {
    render(w, true)
}

fn render(w: &Wheel, inline: bool) -> String {
    let mut s = String::with_capacity(64 * 1024);
    let role = if inline { "aria-hidden=\"true\" focusable=\"false\"" } else { "role=\"img\" aria-labelledby=\"wheel-title wheel-desc\"" };
    let tab = if inline { " tabindex=\"-1\"" } else { "" };
    let days = w.year.days() as f64;
    let turn_of_day = |d: i64| d as f64 / days;
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1400 1000\" width=\"1400\" height=\"1000\" {role} font-family=\"{FONT}\">\
         <title id=\"wheel-title\">{}</title><desc id=\"wheel-desc\">{}</desc><rect width=\"1400\" height=\"1000\" fill=\"#ffffff\"/><defs>",
        esc(&format!("{} {}", w.title, w.hub)),
        esc(&w.description)
    );
    // Paths for text along arcs are collected first, drawn later.
    let mut defs = String::new();
    let mut body = String::new();

    // Months: the outer ring.
    let r_month_in = R_OUT - MONTH_W;
    for (k, (first, a, b)) in w.year.months().iter().enumerate() {
        let fill = if k % 2 == 0 { "#e8eef5" } else { "#f4f7fa" };
        let _ = write!(body, "<path d=\"{}\" fill=\"{fill}\" stroke=\"#ffffff\" stroke-width=\"1\"/>", sector(r_month_in, R_OUT, *a, *b));
        let _ = write!(defs, "<path id=\"wm{k}\" d=\"{}\"/>", text_arc(r_month_in + MONTH_W / 2.0, *a, *b));
        let name = &w.texts.months[first.month0() as usize];
        let _ = write!(
            body,
            "<text font-size=\"16\" font-weight=\"600\" fill=\"#1a1a1a\" dy=\"5.5\"><textPath href=\"#wm{k}\" startOffset=\"50%\" text-anchor=\"middle\">{}</textPath></text>",
            esc(name)
        );
    }
    // Weeks.
    let r_week_in = r_month_in - WEEK_W;
    for (k, (week, a, b)) in w.year.weeks().iter().enumerate() {
        let fill = if k % 2 == 0 { "#f7f7f7" } else { "#ececec" };
        let _ = write!(body, "<path d=\"{}\" fill=\"{fill}\"/>", sector(r_week_in, r_month_in, *a, *b));
        // A week cut to a day or two at the year's ends has no room for its number.
        if (b - a) * days >= 2.5 {
            let _ = write!(defs, "<path id=\"ww{k}\" d=\"{}\"/>", text_arc(r_week_in + WEEK_W / 2.0, *a, *b));
            let _ = write!(
                body,
                "<text font-size=\"9.5\" fill=\"#3a3a3a\" dy=\"3.3\"><textPath href=\"#ww{k}\" startOffset=\"50%\" text-anchor=\"middle\">{week}</textPath></text>"
            );
        }
    }
    // Quarters.
    let mut top = r_week_in - 4.0;
    if w.quarters {
        let r_q_in = r_week_in - QUARTER_W;
        for (q, a, b) in w.year.quarters() {
            let fill = if q % 2 == 1 { "#dde6f0" } else { "#eef2f7" };
            let _ = write!(body, "<path d=\"{}\" fill=\"{fill}\"/>", sector(r_q_in, r_week_in, a, b));
            let _ = write!(defs, "<path id=\"wq{q}\" d=\"{}\"/>", text_arc(r_q_in + QUARTER_W / 2.0, a, b));
            let _ = write!(
                body,
                "<text font-size=\"11\" font-weight=\"600\" fill=\"#1a1a1a\" dy=\"4\"><textPath href=\"#wq{q}\" startOffset=\"50%\" text-anchor=\"middle\">{}{q}</textPath></text>",
                esc(&w.texts.quarter)
            );
        }
        top = r_q_in - 4.0;
    }
    // Month lines across the category rings, so dates can be read off.
    for (_, a, _) in w.year.months() {
        let (x1, y1) = pt(HUB, a);
        let (x2, y2) = pt(top, a);
        let _ = write!(body, "<line x1=\"{x1:.2}\" y1=\"{y1:.2}\" x2=\"{x2:.2}\" y2=\"{y2:.2}\" stroke=\"#d0d0d0\" stroke-width=\"1\"/>");
    }
    let lay = layout(w, top);
    // Ring backgrounds.
    for (i, ring) in w.rings.iter().enumerate() {
        let (r_out, lane, n) = lay.rings[i];
        let r_in = r_out - lane * n as f64;
        let _ = write!(
            body,
            "<circle cx=\"{CX}\" cy=\"{CY}\" r=\"{:.2}\" fill=\"none\" stroke=\"{}\" stroke-opacity=\"0.12\" stroke-width=\"{:.2}\"/>",
            (r_in + r_out) / 2.0,
            esc(&ring.colour),
            r_out - r_in
        );
    }
    // Entries: spans first, glyphs on top.
    let mut order: Vec<usize> = (0..w.entries.len()).filter(|&i| lay.spans[i].is_some() && w.entries[i].ring < w.rings.len()).collect();
    order.sort_by_key(|&i| (w.entries[i].glyph != Glyph::Span, i));
    for i in order {
        let e = &w.entries[i];
        let Some((a_day, b_day)) = lay.spans[i] else { continue };
        let (r_ring, lane, _) = lay.rings[e.ring];
        let r_out = r_ring - lay.lane_of[i] as f64 * lane - 0.8;
        let r_in = r_out - lane + 1.6;
        let (a, b) = (turn_of_day(a_day), turn_of_day(b_day + 1));
        let colour = esc(&w.rings[e.ring].colour);
        let when =
            if e.start == e.end { e.start.format("%d.%m.%Y").to_string() } else { format!("{} – {}", e.start.format("%d.%m.%Y"), e.end.format("%d.%m.%Y")) };
        let state_word = match e.state {
            State::Planned => String::new(),
            State::Done => format!(" ({})", w.texts.done),
            State::Tentative => format!(" ({})", w.texts.tentative),
            State::AtRisk => format!(" ({})", w.texts.at_risk),
        };
        let _ = write!(body, "<a href=\"{}\"{tab}><title>{}</title>", esc(&e.href), esc(&format!("{} · {when}{state_word}", e.title)));
        let (opacity, dash) = match e.state {
            State::Done => ("0.35", ""),
            State::Tentative => ("0.45", " stroke-dasharray=\"4 3\""),
            _ => ("0.9", ""),
        };
        match e.glyph {
            Glyph::Span => {
                let _ = write!(
                    body,
                    "<path d=\"{}\" fill=\"{colour}\" fill-opacity=\"{opacity}\" stroke=\"{colour}\" stroke-width=\"1.2\"{dash}/>",
                    sector(r_in, r_out, a, b)
                );
                let mid_r = (r_in + r_out) / 2.0;
                let font = (lane * 0.5).clamp(7.0, 12.0);
                if let Some(label) = (lane >= 10.0).then(|| fit_label(&e.title, (b - a) * std::f64::consts::TAU * mid_r - 6.0, font)).flatten() {
                    let ink = if e.state == State::Planned || e.state == State::AtRisk { ink_on(&w.rings[e.ring].colour) } else { "#1a1a1a" };
                    let _ = write!(defs, "<path id=\"we{i}\" d=\"{}\"/>", text_arc(mid_r, a, b));
                    let _ = write!(
                        body,
                        "<text font-size=\"{font:.1}\" fill=\"{ink}\" dy=\"{:.1}\"><textPath href=\"#we{i}\" startOffset=\"50%\" text-anchor=\"middle\">{}</textPath></text>",
                        font * 0.35,
                        esc(&label)
                    );
                }
            }
            Glyph::Deadline | Glyph::Meeting => {
                let (x, y) = pt((r_in + r_out) / 2.0, (a + b) / 2.0);
                let size = (lane * 0.42).clamp(3.0, 9.0);
                let fill = if e.state == State::Tentative { "#ffffff".to_string() } else { colour.clone() };
                if e.glyph == Glyph::Deadline {
                    let _ = write!(
                        body,
                        "<path d=\"M{x:.2} {:.2}L{:.2} {y:.2}L{x:.2} {:.2}L{:.2} {y:.2}Z\" fill=\"{fill}\" fill-opacity=\"{opacity}\" stroke=\"{colour}\" stroke-width=\"1.4\"{dash}/>",
                        y - size,
                        x + size,
                        y + size,
                        x - size
                    );
                } else {
                    let _ = write!(
                        body,
                        "<circle cx=\"{x:.2}\" cy=\"{y:.2}\" r=\"{:.2}\" fill=\"{fill}\" fill-opacity=\"{opacity}\" stroke=\"{colour}\" stroke-width=\"1.4\"{dash}/>",
                        size * 0.85
                    );
                }
            }
        }
        // Marks beside the colour: a tick for done, a badge for at risk.
        let (mx, my) = pt((r_in + r_out) / 2.0, b - 0.5 / days);
        match e.state {
            State::Done if e.glyph == Glyph::Span && lane >= 10.0 => {
                let _ = write!(
                    body,
                    "<text x=\"{mx:.2}\" y=\"{my:.2}\" font-size=\"10\" font-weight=\"700\" fill=\"#1a1a1a\" text-anchor=\"end\" dy=\"3.5\">✓</text>"
                );
            }
            State::AtRisk => {
                let (bx, by) = pt(r_out, a);
                let _ = write!(
                    body,
                    "<circle cx=\"{bx:.2}\" cy=\"{by:.2}\" r=\"6\" fill=\"#b3261e\" stroke=\"#ffffff\" stroke-width=\"1\"/><text x=\"{bx:.2}\" y=\"{by:.2}\" font-size=\"9\" font-weight=\"700\" fill=\"#ffffff\" text-anchor=\"middle\" dy=\"3.2\">!</text>"
                );
            }
            _ => {}
        }
        body.push_str("</a>");
    }
    // Today.
    if let Some(t) = w.today.filter(|t| w.year.contains(*t)) {
        let turn = w.year.turn(t) + 0.5 / days;
        let (x1, y1) = pt(HUB - 4.0, turn);
        let (x2, y2) = pt(R_OUT + 4.0, turn);
        let (tx, ty) = pt(HUB + 14.0, turn);
        let _ = write!(
            body,
            "<g><title>{} {}</title><line x1=\"{x1:.2}\" y1=\"{y1:.2}\" x2=\"{x2:.2}\" y2=\"{y2:.2}\" stroke=\"#b3261e\" stroke-width=\"2.5\"/><circle cx=\"{x2:.2}\" cy=\"{y2:.2}\" r=\"4\" fill=\"#b3261e\"/>\
             <text x=\"{tx:.2}\" y=\"{ty:.2}\" font-size=\"11\" font-weight=\"700\" fill=\"#b3261e\" text-anchor=\"middle\" dy=\"4\">{}</text></g>",
            esc(&w.texts.today),
            t.format("%d.%m.%Y"),
            esc(&w.texts.today)
        );
    }
    // The hub.
    let _ = write!(
        body,
        "<circle cx=\"{CX}\" cy=\"{CY}\" r=\"{:.1}\" fill=\"#ffffff\" stroke=\"#c8c8c8\"/><text x=\"{CX}\" y=\"{:.1}\" font-size=\"{}\" font-weight=\"700\" text-anchor=\"middle\" fill=\"#1a1a1a\">{}</text>\
         <text x=\"{CX}\" y=\"{:.1}\" font-size=\"15\" text-anchor=\"middle\" fill=\"#3a3a3a\">{}</text><text x=\"{CX}\" y=\"{:.1}\" font-size=\"13\" text-anchor=\"middle\" fill=\"#3a3a3a\">{}</text>",
        HUB - 30.0,
        CY - 4.0,
        if w.hub.chars().count() <= 7 { 40 } else { 22 },
        esc(&w.hub),
        CY + 20.0,
        esc(&w.title),
        CY + 38.0,
        esc(&w.subtitle)
    );
    // The legend.
    let mut ly = 60.0;
    let _ = write!(body, "<text x=\"1020\" y=\"{ly}\" font-size=\"20\" font-weight=\"700\" fill=\"#1a1a1a\">{}</text>", esc(&w.texts.legend));
    ly += 30.0;
    for ring in &w.rings {
        let _ = write!(
            body,
            "<rect x=\"1020\" y=\"{:.1}\" width=\"26\" height=\"18\" rx=\"3\" fill=\"{}\"/><text x=\"1033\" y=\"{:.1}\" font-size=\"10\" font-weight=\"700\" fill=\"{}\" text-anchor=\"middle\">{}</text><text x=\"1056\" y=\"{:.1}\" font-size=\"15\" fill=\"#1a1a1a\">{}</text>",
            ly - 13.0,
            esc(&ring.colour),
            ly,
            ink_on(&ring.colour),
            esc(&ring.icon),
            ly + 1.0,
            esc(&ring.name)
        );
        ly += 28.0;
    }
    ly += 14.0;
    let grey = "#5c6e80";
    let _ = write!(
        body,
        "<path d=\"M1033 {:.1}l8 8l-8 8l-8 -8Z\" fill=\"{grey}\"/><text x=\"1056\" y=\"{:.1}\" font-size=\"15\" fill=\"#1a1a1a\">{}</text>",
        ly - 14.0,
        ly,
        esc(&w.texts.deadline)
    );
    ly += 28.0;
    let _ = write!(
        body,
        "<circle cx=\"1033\" cy=\"{:.1}\" r=\"7\" fill=\"{grey}\"/><text x=\"1056\" y=\"{:.1}\" font-size=\"15\" fill=\"#1a1a1a\">{}</text>",
        ly - 5.0,
        ly,
        esc(&w.texts.meeting)
    );
    ly += 28.0;
    let _ = write!(
        body,
        "<rect x=\"1020\" y=\"{:.1}\" width=\"26\" height=\"18\" rx=\"3\" fill=\"{grey}\" fill-opacity=\"0.35\" stroke=\"{grey}\"/><text x=\"1033\" y=\"{:.1}\" font-size=\"11\" font-weight=\"700\" text-anchor=\"middle\" fill=\"#1a1a1a\">✓</text><text x=\"1056\" y=\"{:.1}\" font-size=\"15\" fill=\"#1a1a1a\">{}</text>",
        ly - 13.0,
        ly,
        ly + 1.0,
        esc(&w.texts.done)
    );
    ly += 28.0;
    let _ = write!(
        body,
        "<rect x=\"1020\" y=\"{:.1}\" width=\"26\" height=\"18\" rx=\"3\" fill=\"{grey}\" fill-opacity=\"0.45\" stroke=\"{grey}\" stroke-dasharray=\"4 3\"/><text x=\"1056\" y=\"{:.1}\" font-size=\"15\" fill=\"#1a1a1a\">{}</text>",
        ly - 13.0,
        ly + 1.0,
        esc(&w.texts.tentative)
    );
    ly += 28.0;
    let _ = write!(
        body,
        "<circle cx=\"1033\" cy=\"{:.1}\" r=\"8\" fill=\"#b3261e\"/><text x=\"1033\" y=\"{:.1}\" font-size=\"11\" font-weight=\"700\" fill=\"#ffffff\" text-anchor=\"middle\">!</text><text x=\"1056\" y=\"{:.1}\" font-size=\"15\" fill=\"#1a1a1a\">{}</text>",
        ly - 5.0,
        ly - 1.0,
        ly,
        esc(&w.texts.at_risk)
    );
    ly += 28.0;
    let _ = write!(
        body,
        "<line x1=\"1020\" y1=\"{:.1}\" x2=\"1046\" y2=\"{:.1}\" stroke=\"#b3261e\" stroke-width=\"2.5\"/><text x=\"1056\" y=\"{:.1}\" font-size=\"15\" fill=\"#1a1a1a\">{}</text>",
        ly - 5.0,
        ly - 5.0,
        ly,
        esc(&w.texts.today)
    );

    s.push_str(&defs);
    s.push_str("</defs>");
    s.push_str(&body);
    s.push_str("</svg>");
    s
}

/// PNGs drawn lately, by the SHA-256 of their SVG: asking again for the
/// same wheel is served from memory; each app server keeps its own.
type Drawn = std::collections::VecDeque<([u8; 32], std::sync::Arc<Vec<u8>>)>;
static RECENTLY_DRAWN: std::sync::Mutex<Drawn> = std::sync::Mutex::new(std::collections::VecDeque::new());
const RECENT: usize = 16;

/// The wheel's SVG as a PNG, drawn on the server at `scale` times its
/// size (1400 × 1000) with the given TrueType fonts; no browser needed.
pub fn png(svg: &str, font_data: &[&'static [u8]], scale: f32) -> Result<std::sync::Arc<Vec<u8>>, String> {
    use resvg::{tiny_skia, usvg};
    use sha2::{Digest, Sha256};
    let key: [u8; 32] = Sha256::new().chain_update(svg.as_bytes()).chain_update(scale.to_le_bytes()).finalize().into();
    let lock = || RECENTLY_DRAWN.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, png)) = lock().iter().find(|(k, _)| *k == key) {
        return Ok(png.clone());
    }
    let mut db = usvg::fontdb::Database::new();
    for f in font_data {
        db.load_font_data(f.to_vec());
    }
    let options = usvg::Options { font_family: "IBM Plex Sans".into(), fontdb: std::sync::Arc::new(db), ..Default::default() };
    let tree = usvg::Tree::from_str(svg, &options).map_err(|e| e.to_string())?;
    let size = tree.size().to_int_size().scale_by(scale).ok_or("bad size")?;
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height()).ok_or("bad size")?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(&tree, tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    let png = std::sync::Arc::new(pixmap.encode_png().map_err(|e| e.to_string())?);
    let mut recent = lock();
    recent.push_front((key, png.clone()));
    recent.truncate(RECENT);
    Ok(png)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts() -> Texts {
        Texts {
            months: ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober", "november", "december"].map(String::from),
            quarter: "K".into(),
            today: "I dag".into(),
            legend: "Forklaring".into(),
            done: "afholdt".into(),
            tentative: "foreløbig".into(),
            at_risk: "i risiko".into(),
            deadline: "Frist eller beslutning".into(),
            meeting: "Møde".into(),
        }
    }

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    fn wheel(entries: Vec<Entry>) -> Wheel {
        Wheel {
            title: "Årshjul".into(),
            subtitle: "Ishøj Kommune".into(),
            hub: "2026".into(),
            year: WheelYear::starting(2026, 1).unwrap(),
            rings: vec![
                Ring { name: "Budget".into(), colour: "#004b87".into(), icon: "B".into() },
                Ring { name: "Byråd & <udvalg>".into(), colour: "#f2c94c".into(), icon: "P".into() },
            ],
            entries,
            today: Some(d(11, 23)),
            quarters: true,
            description: "Årets vigtigste datoer.".into(),
            texts: texts(),
        }
    }

    fn entry(title: &str, start: NaiveDate, end: NaiveDate, ring: usize, glyph: Glyph, state: State) -> Entry {
        Entry { title: title.into(), start, end, ring, glyph, state, href: "/x?a=1&b=2".into() }
    }

    #[test]
    fn the_wheel_is_well_formed_and_escapes_text() {
        let s = svg(&wheel(vec![
            entry("Budgetseminar", d(9, 1), d(9, 2), 0, Glyph::Span, State::Done),
            entry("Byrådsmøde", d(10, 6), d(10, 6), 1, Glyph::Meeting, State::Planned),
            entry("1. behandling <budget>", d(9, 8), d(9, 8), 0, Glyph::Deadline, State::AtRisk),
            entry("Foreløbig plan", d(3, 1), d(5, 31), 1, Glyph::Span, State::Tentative),
        ]));
        assert!(s.starts_with("<svg") && s.ends_with("</svg>"));
        assert!(s.contains("Byråd &amp; &lt;udvalg&gt;") && s.contains("href=\"/x?a=1&amp;b=2\"") && !s.contains("<budget>"));
        assert!(s.contains("<title id=\"wheel-title\">Årshjul 2026</title>") && s.contains("<desc id=\"wheel-desc\">"));
        for word in ["januar", "december", ">53<", ">K4<", "I dag", "✓", "stroke-dasharray", ">!<"] {
            assert!(s.contains(word), "{word}");
        }
        // Balanced tags: every opened element is closed.
        let opens = s.matches("<a ").count();
        assert_eq!(opens, s.matches("</a>").count());
        assert_eq!(opens, 4);
    }

    #[test]
    fn an_entry_outside_the_year_is_left_out_and_lanes_separate_overlaps() {
        let s = svg(&wheel(vec![
            entry("Næste år", NaiveDate::from_ymd_opt(2027, 2, 1).unwrap(), NaiveDate::from_ymd_opt(2027, 2, 1).unwrap(), 0, Glyph::Meeting, State::Planned),
            entry("A", d(4, 1), d(4, 30), 0, Glyph::Span, State::Planned),
            entry("B", d(4, 10), d(4, 20), 0, Glyph::Span, State::Planned),
        ]));
        assert!(!s.contains("Næste år"));
        let w = wheel(vec![entry("A", d(4, 1), d(4, 30), 0, Glyph::Span, State::Planned), entry("B", d(4, 10), d(4, 20), 0, Glyph::Span, State::Planned)]);
        let lay = layout(&w, 400.0);
        assert_eq!(lay.lane_of, vec![0, 1]);
        assert_eq!(lay.rings[0].2, 2, "the budget ring has two lanes");
    }

    #[test]
    fn inline_the_wheel_leaves_screen_readers_and_the_keyboard_to_the_table() {
        let w = wheel(vec![entry("Budgetseminar", d(9, 1), d(9, 2), 0, Glyph::Span, State::Planned)]);
        let inline = svg_inline(&w);
        assert!(inline.contains("aria-hidden=\"true\"") && inline.contains("tabindex=\"-1\"") && !inline.contains("role=\"img\""));
        let file = svg(&w);
        assert!(file.contains("role=\"img\"") && !file.contains("tabindex"));
    }

    #[test]
    fn the_wheel_draws_as_a_png_without_a_browser() {
        let w = wheel(vec![entry("Budgetseminar", d(9, 1), d(9, 2), 0, Glyph::Span, State::Planned)]);
        let png = png(&svg(&w), &[], 0.5).unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        // Width and height in the IHDR chunk: 1400 × 1000 at half size.
        assert_eq!(u32::from_be_bytes(png[16..20].try_into().unwrap()), 700);
        assert_eq!(u32::from_be_bytes(png[20..24].try_into().unwrap()), 500);
    }

    #[test]
    fn text_is_dark_on_light_colours_and_light_on_dark() {
        assert_eq!(ink_on("#f2c94c"), "#1a1a1a");
        assert_eq!(ink_on("#004b87"), "#ffffff");
    }

    #[test]
    fn a_hundred_and_fifty_entries_stay_inside_the_drawing() {
        let entries: Vec<Entry> = (0..150)
            .map(|k| {
                let start = d(1, 1) + chrono::Duration::days((k * 7) % 360);
                entry(
                    &format!("Punkt nummer {k} med en lang titel"),
                    start,
                    start + chrono::Duration::days(k % 9),
                    (k % 2) as usize,
                    if k % 3 == 0 { Glyph::Deadline } else { Glyph::Span },
                    State::Planned,
                )
            })
            .collect();
        let w = wheel(entries);
        let lay = layout(&w, 400.0);
        let last = lay.rings.last().unwrap();
        assert!(last.0 - last.1 * last.2 as f64 >= HUB - 1.0, "the innermost ring ends outside the hub");
        assert!(lay.rings.iter().all(|r| r.1 >= 6.0));
        let s = svg(&w);
        assert_eq!(s.matches("<a ").count(), 150);
    }
}
