//! The årshjul: the year's shared milestones as a wheel drawn on the server
//! (export::wheel) with the same entries as a table beside it. Its entries
//! come from four places: entries typed in by the secretariat, the
//! governance cycle's rules (domain::programme::cycle), the meetings of
//! the formal forums the reader may read, and the work programme's
//! milestones.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, Query, RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect};
use chrono::{Datelike, Duration, NaiveDate};
use chrono_tz::Europe::Copenhagen;
use domain::meetings::input::FieldError;
use domain::meetings::input::parse_date;
use domain::programme::entry::{CheckedEntry, EntryGlyph, EntryInput, EntryState, check};
use domain::programme::wheel::WheelYear;
use export::wheel::{Entry, Glyph, Ring, State as Mark, Texts, Wheel};
use store::aarshjul::{Category, Entry as Typed};

use crate::AppState;
use crate::ctx::{Ctx, User};
use crate::form::{Errors, Pairs, actor};
use crate::i18n::Tr;
use crate::render::{AppError, PageResult, page_with_status};
use crate::routes::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .get("/aarshjul", this_year)
        .get("/aarshjul/{year}", wheel_page)
        .get("/aarshjul/{year}/print", print_wheel)
        .post("/aarshjul/entries", add_entry)
        .get("/aarshjul/entries/{id}", entry_page)
        .post("/aarshjul/entries/{id}", save_entry)
        .post("/aarshjul/entries/{id}/delete", delete_entry)
}

pub use service::programme::ensure_categories;

#[derive(Clone, Default)]
pub struct WheelQuery {
    /// The month the wheel starts with: 1 (the budget year) or 8 (a school year).
    start: Option<u32>,
    quarters: Option<String>,
    /// Category keys to show, comma-separated; all when empty.
    category: String,
    done: Option<String>,
    /// A quarter (q1–q4) or a month (m1–m12) of the calendar year to zoom to.
    zoom: Option<String>,
    /// The personal wheel: the meetings of one's own forums and the
    /// milestones of one's own initiatives, beside the shared dates.
    mine: bool,
    /// Only this initiative's milestones on the programme's ring.
    initiative: Option<i64>,
    /// Only what concerns this unit: its own entries (and those for no unit
    /// in particular), and the milestones of initiatives it takes part in.
    unit: Option<i64>,
}

impl WheelQuery {
    /// The zoom as (first month, months), when it names a quarter or a month.
    fn zoomed(&self) -> Option<(u32, u32)> {
        let z = self.zoom.as_deref()?;
        let n: u32 = z.get(1..)?.parse().ok()?;
        match z.chars().next()? {
            'q' if (1..=4).contains(&n) => Some(((n - 1) * 3 + 1, 3)),
            'm' if (1..=12).contains(&n) => Some((n, 1)),
            _ => None,
        }
    }

    /// From the query string, where `category` may repeat (one checkbox
    /// each) or hold several keys separated by commas.
    pub fn parse(raw: Option<&str>) -> WheelQuery {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(raw.unwrap_or("")).unwrap_or_default();
        let one = |k: &str| pairs.iter().find(|p| p.0 == k).map(|p| p.1.clone());
        WheelQuery {
            start: one("start").and_then(|s| s.parse().ok()).filter(|m| (1..=12).contains(m)),
            quarters: one("quarters"),
            category: pairs.iter().filter(|p| p.0 == "category").map(|p| p.1.as_str()).collect::<Vec<_>>().join(","),
            done: one("done"),
            zoom: one("zoom").filter(|z| !z.is_empty()),
            mine: one("mine").is_some_and(|m| m == "1"),
            initiative: one("initiative").and_then(|v| v.parse().ok()),
            unit: one("unit").and_then(|v| v.parse().ok()),
        }
    }
}

/// One entry of the wheel, as the table lists it.
pub struct Row {
    pub date: String,
    pub sort: (NaiveDate, String),
    pub title: String,
    pub href: String,
    pub category: String,
    pub kind: String,
    pub state: String,
    /// An entry typed in, which the secretariat may delete.
    pub entry_id: Option<i64>,
    /// Stable across changes, for calendar programs.
    pub uid: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

async fn this_year(State(state): State<AppState>) -> impl IntoResponse {
    Redirect::to(&format!("/aarshjul/{}", state.clock.now().with_timezone(&Copenhagen).year()))
}

fn texts(tr: &Tr) -> Texts {
    let months: [String; 12] = std::array::from_fn(|m| tr.t(&format!("month-{}", m + 1)));
    Texts {
        months,
        quarter: tr.t("aarshjul-quarter-letter"),
        today: tr.t("aarshjul-today"),
        legend: tr.t("aarshjul-legend"),
        done: tr.t("aarshjul-state-done"),
        tentative: tr.t("aarshjul-state-tentative"),
        at_risk: tr.t("aarshjul-state-at_risk"),
        deadline: tr.t("aarshjul-glyph-deadline"),
        meeting: tr.t("aarshjul-glyph-meeting"),
    }
}

/// How the drawing shows a date's kind.
fn glyph(g: EntryGlyph) -> Glyph {
    match g {
        EntryGlyph::Span => Glyph::Span,
        EntryGlyph::Deadline => Glyph::Deadline,
        EntryGlyph::Meeting => Glyph::Meeting,
    }
}

/// How the drawing marks a date's state beside its colour.
fn mark(s: EntryState) -> Mark {
    match s {
        EntryState::Planned => Mark::Planned,
        EntryState::Done => Mark::Done,
        EntryState::Tentative => Mark::Tentative,
        EntryState::AtRisk => Mark::AtRisk,
    }
}

/// A wheel as one reader sees it, with the same dates as rows for the
/// table and the calendar file.
pub struct Built {
    pub wheel: Wheel,
    pub rows: Vec<Row>,
    /// Drawn when first asked for: (for the page, as a file).
    drawn: std::sync::OnceLock<(String, String)>,
}

impl Built {
    /// The SVG for the page (hidden from screen readers, which get the table).
    pub fn inline_svg(&self) -> &str {
        &self.drawn().0
    }
    /// The SVG as a file of its own.
    pub fn file_svg(&self) -> &str {
        &self.drawn().1
    }
    fn drawn(&self) -> &(String, String) {
        self.drawn.get_or_init(|| (export::wheel::svg_inline(&self.wheel), export::wheel::svg(&self.wheel)))
    }
}

/// The wheel for a year as `user` may see it, with its rows. Readers who
/// see the same forums and ask the same get the same wheel, which is kept
/// with the programme's copy in memory until the programme, the wheel or
/// the meetings change, or the day does.
pub async fn build(
    state: &AppState,
    tr: Tr,
    user: &User,
    year: i32,
    q: &WheelQuery,
) -> Result<(std::sync::Arc<Built>, Vec<store::aarshjul::Category>), AppError> {
    let t = user.tenant_id;
    let snapshot = state.programme(user).await?;
    // Made when the server started; a page that reads writes nothing.
    let categories = service::programme::categories_in(snapshot.categories.clone(), &tr);
    // A zoom is within the calendar year; otherwise the year from its start
    // month. A year outside 2000–2100 is no page, however it is asked for
    // (the page, its SVG, PNG and calendar file).
    let (wy, hub) = match q.zoomed() {
        Some((month, months)) => {
            let first = NaiveDate::from_ymd_opt(year, month, 1).filter(|_| domain::programme::wheel::YEARS.contains(&year)).ok_or(AppError::NotFound)?;
            let period = if months == 3 { format!("{year}-Q{}", (month - 1) / 3 + 1) } else { format!("{year}-{month:02}") };
            (WheelYear::span(first, months).ok_or(AppError::NotFound)?, domain::programme::report::period_label(&period, tr.code() == "da"))
        }
        None => {
            let wy = WheelYear::starting(year, q.start.unwrap_or(1)).ok_or(AppError::NotFound)?;
            (wy, wy.title())
        }
    };
    let (first, last) = (wy.first, wy.end - Duration::days(1));
    let today = state.clock.today();
    let reference = state.reference(user).await?;
    // One's own wheel: every forum one is a member of, and one's own initiatives.
    let mine = q.mine && user.viewer.person().is_some();
    // A unit's wheel: the meetings of the forums its leaders sit in.
    let unit_leaders: Option<(Vec<i64>, Vec<domain::org::UnitKind>)> = q.unit.map(|u| {
        let kind = reference.unit(u).map(|x| x.kind);
        (reference.leaders.get(&u).map(|l| l.iter().map(|p| p.0).collect()).unwrap_or_default(), kind.into_iter().collect())
    });
    let forums: Vec<i64> = reference
        .forums
        .iter()
        .filter(|f| if mine { user.viewer.is_member(&f.membership) } else { user.viewer.sees_on_wheel(f) })
        .filter(|f| unit_leaders.as_ref().is_none_or(|(people, kinds)| people.iter().any(|p| f.membership.includes(*p, kinds))))
        .map(|f| f.id)
        .collect();
    let owner = if mine { user.viewer.person() } else { None };
    let key = format!("wheel|{}|{year}|{}|{forums:?}|{owner:?}|{today}|{}", tr.code(), query_of(q), if mine { &user.name } else { &user.tenant_name });
    if let Some(built) = snapshot.kept::<Built>(&key) {
        return Ok((built, categories));
    }
    let wanted: Vec<&str> = q.category.split(',').map(str::trim).filter(|c| !c.is_empty()).collect();
    let shown: Vec<&store::aarshjul::Category> = categories.iter().filter(|c| wanted.is_empty() || wanted.contains(&c.key.as_str())).collect();
    let ring_of: HashMap<i64, usize> = shown.iter().enumerate().map(|(i, c)| (c.id, i)).collect();
    let all = snapshot.dates(&state.db, t, store::aarshjul::Window { from: first, to: last, today }).await?;
    let dates = store::aarshjul::for_reader(&all, |f| forums.contains(&f), owner);
    // The initiatives a unit takes part in, for the unit filter.
    let taking_part: Option<Vec<i64>> = match q.unit {
        Some(u) => {
            let mut ids = vec![];
            for y in first.year()..=last.year() {
                if let Some(p) = snapshot.programme(y.into()) {
                    let portfolio = snapshot.portfolio(&state.db, t, p).await?;
                    ids.extend(portfolio.units.iter().filter(|(_, unit)| *unit == u).map(|(i, _)| *i));
                }
            }
            Some(ids)
        }
        None => None,
    };
    let keep = |d: &store::aarshjul::Dated| {
        let by_initiative = match (q.initiative, d.initiative_id) {
            (Some(wanted), Some(i)) => i == wanted,
            _ => true,
        };
        let by_unit = match (q.unit, &taking_part) {
            (Some(u), Some(ids)) => match (d.entry_id, d.initiative_id) {
                (Some(_), _) => d.unit_id.is_none_or(|x| x == u),
                (_, Some(i)) => ids.contains(&i),
                _ => true,
            },
            _ => true,
        };
        by_initiative && by_unit
    };
    // Said once for all rows: a label per kind and per state.
    let kinds: HashMap<EntryGlyph, String> = EntryGlyph::ALL.into_iter().map(|g| (g, tr.t(&format!("aarshjul-glyph-{g}")))).collect();
    let states: HashMap<EntryState, String> = EntryState::ALL.into_iter().map(|s| (s, tr.t(&format!("aarshjul-state-{s}")))).collect();
    let mut entries: Vec<Entry> = vec![];
    let mut rows: Vec<Row> = vec![];
    for d in dates.into_iter().filter(keep) {
        let Some(ring) = ring_of.get(&d.category_id) else { continue };
        let e = Entry { title: d.title.clone(), start: d.start, end: d.end, ring: *ring, glyph: glyph(d.glyph), state: mark(d.state), href: d.href.clone() };
        rows.push(Row {
            date: if e.start == e.end {
                e.start.format("%d.%m.%Y").to_string()
            } else {
                format!("{} – {}", e.start.format("%d.%m.%Y"), e.end.format("%d.%m.%Y"))
            },
            sort: (e.start, e.title.clone()),
            title: e.title.clone(),
            href: e.href.clone(),
            category: shown[e.ring].name.clone(),
            kind: kinds[&d.glyph].clone(),
            state: states[&d.state].clone(),
            entry_id: d.entry_id,
            uid: d.uid,
            start: e.start,
            end: e.end,
        });
        entries.push(e);
    }
    rows.sort_by(|a, b| a.sort.cmp(&b.sort));
    let wheel = Wheel {
        title: if mine { tr.t("aarshjul-mine") } else { tr.t("aarshjul-title") },
        subtitle: if mine { user.name.clone() } else { user.tenant_name.clone() },
        hub: hub.clone(),
        year: wy,
        rings: shown.iter().map(|c| Ring { name: c.name.clone(), colour: c.colour.clone(), icon: c.icon.clone() }).collect(),
        entries,
        today: Some(today),
        quarters: q.quarters.is_some(),
        description: tr.args("aarshjul-description", [("count", rows.len().to_string()), ("year", hub)]),
        texts: texts(&tr),
    };
    Ok((snapshot.keep(key, Built { wheel, rows, drawn: std::sync::OnceLock::new() }), categories))
}

#[derive(Template)]
#[template(path = "programme/aarshjul.html")]
struct WheelPage<'a> {
    ctx: &'a Ctx,
    section: &'a str,
    title: String,
    year: i32,
    svg: &'a str,
    /// What the wheel shows, for screen readers (the drawing is hidden from them).
    description: String,
    rows: &'a [Row],
    categories: Vec<store::aarshjul::Category>,
    chosen: Vec<String>,
    start: u32,
    quarters: bool,
    zoom: String,
    mine: bool,
    unit: String,
    initiative: String,
    /// Directorates and centres, and this year's initiatives, to filter by.
    unit_choices: Vec<(i64, String)>,
    initiative_choices: Vec<(i64, String)>,
    /// The query string that keeps the filters, for links.
    query: String,
    /// A month in one step, the filters kept: (link, month, shown now).
    month_links: Vec<(String, String, bool)>,
    /// Zoomed to a month: the month before and after, (link, label) each.
    month_step: Option<((String, String), (String, String))>,
    /// The whole year, the filters kept.
    year_link: String,
    /// Zoomed to a month: its dates week by week, shown instead of a
    /// wheel that would be a nearly empty circle.
    month_weeks: Option<Vec<MonthWeek>>,
    can_manage: bool,
    form: EntryInput,
    errors: Errors,
    notice: Option<(bool, String)>,
}

/// A week of a month's dates: its number and each date with its day.
pub struct MonthWeek {
    pub week: u32,
    /// (day, row).
    pub dates: Vec<(String, usize)>,
}

/// A month's rows grouped by ISO week, each with its weekday and day.
fn month_weeks(ctx: &Ctx, rows: &[Row]) -> Vec<MonthWeek> {
    let mut out: Vec<MonthWeek> = vec![];
    for (i, r) in rows.iter().enumerate() {
        let week = r.start.iso_week().week();
        let day = ::i18n::day(&ctx.tr, r.start);
        match out.last_mut() {
            Some(w) if w.week == week => w.dates.push((day, i)),
            _ => out.push(MonthWeek { week, dates: vec![(day, i)] }),
        }
    }
    out
}

/// A link to `year`'s wheel zoomed to `zoom` (or the whole year), the other filters kept.
fn zoomed_link(q: &WheelQuery, year: i32, zoom: Option<String>) -> String {
    let query = query_of(&WheelQuery { zoom, ..q.clone() });
    if query.is_empty() { format!("/aarshjul/{year}") } else { format!("/aarshjul/{year}?{query}") }
}

fn query_of(q: &WheelQuery) -> String {
    let mut parts = vec![];
    if let Some(s) = q.start {
        parts.push(format!("start={s}"));
    }
    if q.quarters.is_some() {
        parts.push("quarters=1".to_string());
    }
    if !q.category.is_empty() {
        parts.push(format!("category={}", crate::ctx::urlencode(&q.category)));
    }
    if let Some(z) = q.zoom.as_deref().filter(|_| q.zoomed().is_some()) {
        parts.push(format!("zoom={z}"));
    }
    if q.mine {
        parts.push("mine=1".to_string());
    }
    if let Some(i) = q.initiative {
        parts.push(format!("initiative={i}"));
    }
    if let Some(u) = q.unit {
        parts.push(format!("unit={u}"));
    }
    parts.join("&")
}

async fn wheel_page(State(state): State<AppState>, ctx: Ctx, Path(year): Path<String>, RawQuery(raw): RawQuery) -> PageResult {
    let q = WheelQuery::parse(raw.as_deref());
    if let Some(y) = year.strip_suffix(".ics") {
        let y: i32 = y.parse().map_err(|_| AppError::NotFound)?;
        return feed(&state, &ctx, y, &q, raw.as_deref()).await;
    }
    if let Some(y) = year.strip_suffix(".png") {
        let y: i32 = y.parse().map_err(|_| AppError::NotFound)?;
        let (built, _) = build(&state, ctx.tr, ctx.user()?, y, &q).await?;
        let (svg, wheel) = (built.file_svg().to_string(), &built.wheel);
        let fonts = crate::assets::pdf_fonts();
        // Drawing takes a while; it runs beside the request threads.
        let png = tokio::task::spawn_blocking(move || export::wheel::png(&svg, &fonts, 1.5)).await.map_err(AppError::internal)?.map_err(AppError::internal)?;
        let name = format!("attachment; filename=\"aarshjul-{}.png\"", wheel.hub.replace(['/', ' ', '.'], "-"));
        return Ok(([(header::CONTENT_TYPE, "image/png".to_string()), (header::CONTENT_DISPOSITION, name)], png.to_vec()).into_response());
    }
    if let Some(y) = year.strip_suffix(".svg") {
        let y: i32 = y.parse().map_err(|_| AppError::NotFound)?;
        let (built, _) = build(&state, ctx.tr, ctx.user()?, y, &q).await?;
        let name = format!("attachment; filename=\"aarshjul-{}.svg\"", built.wheel.hub.replace(['/', ' ', '.'], "-"));
        return Ok(([(header::CONTENT_TYPE, "image/svg+xml; charset=utf-8".to_string()), (header::CONTENT_DISPOSITION, name)], built.file_svg().to_string())
            .into_response());
    }
    let year: i32 = year.parse().ok().filter(|y| (2000..=2100).contains(y)).ok_or(AppError::NotFound)?;
    let notice = q.done.as_deref().map(|o| {
        let known = ["added", "deleted", "bad-input"];
        let o = if known.contains(&o) { o } else { "bad-input" };
        (o != "bad-input", ctx.tr.t(&format!("aarshjul-outcome-{o}")))
    });
    let form = EntryInput {
        glyph: "span".into(),
        state: "planned".into(),
        starts_on: format!("{year}-01-01"),
        ends_on: format!("{year}-01-01"),
        ..Default::default()
    };
    wheel_view(&state, &ctx, StatusCode::OK, year, &q, form, Errors::default(), notice).await
}

#[allow(clippy::too_many_arguments)]
async fn wheel_view(
    state: &AppState,
    ctx: &Ctx,
    status: StatusCode,
    year: i32,
    q: &WheelQuery,
    form: EntryInput,
    errors: Errors,
    notice: Option<(bool, String)>,
) -> PageResult {
    let (built, categories) = build(state, ctx.tr, ctx.user()?, year, q).await?;
    let wheel = &built.wheel;
    let user = ctx.user()?;
    let reference = state.reference(user).await?;
    let unit_choices = unit_choices(&reference);
    let snapshot = state.programme(user).await?;
    let initiative_choices = match snapshot.programme(year.into()) {
        Some(p) => snapshot.portfolio(&state.db, user.tenant_id, p).await?.initiatives.iter().map(|i| (i.id, i.title.clone())).collect(),
        None => vec![],
    };
    let month = matches!(q.zoomed(), Some((_, 1)));
    let p = WheelPage {
        ctx,
        section: "aarshjul",
        title: format!("{} {}", wheel.title, wheel.hub),
        year,
        svg: if month { "" } else { built.inline_svg() },
        month_weeks: month.then(|| month_weeks(ctx, &built.rows)),
        description: wheel.description.clone(),
        rows: &built.rows,
        chosen: q.category.split(',').map(|c| c.trim().to_string()).filter(|c| !c.is_empty()).collect(),
        categories,
        start: q.start.unwrap_or(1),
        quarters: q.quarters.is_some(),
        zoom: q.zoom.clone().unwrap_or_default(),
        mine: q.mine,
        unit: q.unit.map(|u| u.to_string()).unwrap_or_default(),
        initiative: q.initiative.map(|i| i.to_string()).unwrap_or_default(),
        unit_choices,
        initiative_choices,
        query: query_of(q),
        month_links: (1..=12).map(|m| (zoomed_link(q, year, Some(format!("m{m}"))), ctx.tr.t(&format!("month-{m}")), q.zoomed() == Some((m, 1)))).collect(),
        month_step: match q.zoomed() {
            Some((m, 1)) => {
                let (py, pm) = if m == 1 { (year - 1, 12) } else { (year, m - 1) };
                let (ny, nm) = if m == 12 { (year + 1, 1) } else { (year, m + 1) };
                let label = |y: i32, m: u32| if y == year { ctx.tr.t(&format!("month-{m}")) } else { format!("{} {y}", ctx.tr.t(&format!("month-{m}"))) };
                Some(((zoomed_link(q, py, Some(format!("m{pm}"))), label(py, pm)), (zoomed_link(q, ny, Some(format!("m{nm}"))), label(ny, nm))))
            }
            _ => None,
        },
        year_link: zoomed_link(q, year, None),
        can_manage: ctx.user()?.viewer.can_manage_programme(),
        form,
        errors,
        notice,
    };
    page_with_status(ctx, status, &p)
}

#[derive(Template)]
#[template(path = "programme/aarshjul_print.html")]
struct PrintPage<'a> {
    ctx: &'a Ctx,
    title: String,
    tenant: String,
    description: String,
    svg: &'a str,
    /// A4 or A3, landscape.
    paper: &'static str,
    back: String,
}

/// The wheel alone, to print on one landscape sheet of A4 (or A3 with
/// `?paper=a3`), with the same filters as the page.
async fn print_wheel(State(state): State<AppState>, ctx: Ctx, Path(year): Path<i32>, RawQuery(raw): RawQuery) -> PageResult {
    let q = WheelQuery::parse(raw.as_deref());
    let paper = if raw.as_deref().unwrap_or("").split('&').any(|p| p == "paper=a3") { "A3" } else { "A4" };
    let user = ctx.user()?;
    let (built, _) = build(&state, ctx.tr, user, year, &q).await?;
    let query = query_of(&q);
    let p = PrintPage {
        ctx: &ctx,
        title: format!("{} {}", built.wheel.title, built.wheel.hub),
        tenant: user.tenant_name.clone(),
        description: built.wheel.description.clone(),
        // The table of the same dates is on the page this came from; the sheet carries the description.
        svg: built.inline_svg(),
        paper,
        back: if query.is_empty() { format!("/aarshjul/{year}") } else { format!("/aarshjul/{year}?{query}") },
    };
    crate::render::page(&ctx, &p)
}

/// The directorates and centres, which entries may be for and the wheel filters by.
use super::directorates_and_centres as unit_choices;

fn entry_input(form: &Pairs) -> EntryInput {
    EntryInput {
        category: form.one("category"),
        title: form.one("title"),
        starts_on: form.one("starts_on"),
        ends_on: form.one("ends_on"),
        glyph: form.one("glyph"),
        state: form.one("state"),
        unit: form.one("unit"),
        link: form.one("link"),
        note: form.one("note"),
    }
}

/// What an entry may be filed under: the tenant's categories and the units it may be for.
async fn entry_choices(state: &AppState, user: &User, tr: &Tr) -> Result<(Vec<Category>, Vec<(i64, String)>), AppError> {
    let categories = service::programme::categories_in(store::aarshjul::categories(&state.db, user.tenant_id).await?, tr);
    let reference = state.reference(user).await?;
    Ok((categories, unit_choices(&reference)))
}

/// An entry as typed, checked against the tenant's categories and units.
async fn checked(state: &AppState, user: &User, f: &EntryInput) -> Result<Result<CheckedEntry, Vec<FieldError>>, AppError> {
    // A write: the rings are made here if the municipality came after the server started.
    let categories = ensure_categories(&state.db, user.tenant_id).await?;
    let reference = state.reference(user).await?;
    let units = unit_choices(&reference);
    let ids: Vec<i64> = categories.iter().map(|c| c.id).collect();
    let unit_ids: Vec<i64> = units.iter().map(|u| u.0).collect();
    Ok(check(f, &ids, &unit_ids))
}

fn new_entry(c: &CheckedEntry) -> store::aarshjul::NewEntry<'_> {
    store::aarshjul::NewEntry {
        category_id: c.category,
        title: &c.title,
        starts_on: c.start,
        ends_on: c.end,
        glyph: c.glyph,
        state: c.state,
        link: &c.link,
        unit_id: c.unit,
        note: &c.note,
    }
}

async fn add_entry(State(state): State<AppState>, ctx: Ctx, form: Pairs) -> PageResult {
    ctx.check_csrf(&form.one("csrf"))?;
    let user = super::require_programme_manager(&state, &ctx, "aarshjul:entry").await?;
    let f = entry_input(&form);
    match checked(&state, user, &f).await? {
        Ok(c) => {
            store::aarshjul::add_entry(&state.db, user.tenant_id, &new_entry(&c), &actor(user)).await?;
            Ok(Redirect::to(&format!("/aarshjul/{}?done=added", c.start.year())).into_response())
        }
        Err(errs) => {
            let year = parse_date("starts_on", &f.starts_on).map(|s| s.year()).unwrap_or_else(|_| state.clock.now().with_timezone(&Copenhagen).year());
            let errors = Errors::from(&ctx.tr, &errs);
            let notice = Some((false, ctx.tr.t("aarshjul-entry-has-errors")));
            wheel_view(&state, &ctx, StatusCode::UNPROCESSABLE_ENTITY, year, &WheelQuery::default(), f, errors, notice).await
        }
    }
}

#[derive(Template)]
#[template(path = "programme/aarshjul_entry.html")]
struct EntryPage<'a> {
    ctx: &'a Ctx,
    section: &'a str,
    title: String,
    year: i32,
    e: Typed,
    dates: String,
    category: String,
    kind: String,
    state: String,
    unit: Option<(i64, String)>,
    can_manage: bool,
    /// The form to change it, and the version it shows.
    form: EntryInput,
    version: i64,
    categories: Vec<Category>,
    unit_choices: Vec<(i64, String)>,
    errors: Errors,
    notice: Option<(bool, String)>,
}

fn input_of(e: &Typed) -> EntryInput {
    EntryInput {
        category: e.category_id.to_string(),
        title: e.title.clone(),
        starts_on: e.starts_on.to_string(),
        ends_on: e.ends_on.to_string(),
        glyph: e.glyph.to_string(),
        state: e.state.to_string(),
        unit: e.unit_id.map(|u| u.to_string()).unwrap_or_default(),
        link: e.link.clone(),
        note: e.note.clone(),
    }
}

/// An entry's own page, which every date on the wheel of it links to; the
/// secretariat changes or deletes it here. `form` is what was typed, when
/// a change was refused.
async fn entry_view(
    state: &AppState,
    ctx: &Ctx,
    status: StatusCode,
    id: i64,
    typed: Option<(EntryInput, Errors)>,
    notice: Option<(bool, String)>,
) -> PageResult {
    let user = ctx.user()?;
    let e = store::aarshjul::entry(&state.db, user.tenant_id, id).await?.ok_or(AppError::NotFound)?;
    let (categories, units) = entry_choices(state, user, &ctx.tr).await?;
    let reference = state.reference(user).await?;
    let (start, end) = (e.starts_on, e.ends_on);
    let text = |d: NaiveDate| super::date_text(d);
    let dates = if start == end { text(start) } else { format!("{} – {}", text(start), text(end)) };
    let (form, errors) = typed.unwrap_or_else(|| (input_of(&e), Errors::default()));
    let p = EntryPage {
        ctx,
        section: "aarshjul",
        title: e.title.clone(),
        year: start.year(),
        dates,
        category: categories.iter().find(|c| c.id == e.category_id).map(|c| c.name.clone()).unwrap_or_default(),
        kind: ctx.tr.t(&format!("aarshjul-glyph-{}", e.glyph)),
        state: ctx.tr.t(&format!("aarshjul-state-{}", e.state)),
        unit: e.unit_id.and_then(|u| reference.unit(u)).map(|x| (x.id, x.name.clone())),
        can_manage: user.viewer.can_manage_programme(),
        version: e.version,
        form,
        categories,
        unit_choices: units,
        errors,
        notice,
        e,
    };
    page_with_status(ctx, status, &p)
}

async fn entry_page(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Query(nq): Query<super::NoticeQuery>) -> PageResult {
    let notice =
        nq.done.as_deref().map(|o| if o == "conflict" { (false, ctx.tr.t("aarshjul-entry-changed")) } else { (true, ctx.tr.t("aarshjul-entry-saved")) });
    entry_view(&state, &ctx, StatusCode::OK, id, None, notice).await
}

async fn save_entry(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, form: Pairs) -> PageResult {
    ctx.check_csrf(&form.one("csrf"))?;
    let user = super::require_programme_manager(&state, &ctx, &format!("aarshjul:entry:{id}")).await?;
    store::aarshjul::entry(&state.db, user.tenant_id, id).await?.ok_or(AppError::NotFound)?;
    let f = entry_input(&form);
    let version = form.one("version").parse::<i64>().unwrap_or(0);
    match checked(&state, user, &f).await? {
        Ok(c) => {
            if store::aarshjul::update_entry(&state.db, user.tenant_id, id, version, &new_entry(&c), &actor(user)).await? {
                return Ok(Redirect::to(&format!("/aarshjul/entries/{id}?done=saved")).into_response());
            }
            // Someone changed it first: theirs stands above, what this person typed stays in the form.
            let notice = Some((false, ctx.tr.t("aarshjul-entry-conflict")));
            entry_view(&state, &ctx, StatusCode::CONFLICT, id, Some((f, Errors::default())), notice).await
        }
        Err(errs) => {
            let notice = Some((false, ctx.tr.t("aarshjul-entry-not-saved")));
            entry_view(&state, &ctx, StatusCode::UNPROCESSABLE_ENTITY, id, Some((f, Errors::from(&ctx.tr, &errs))), notice).await
        }
    }
}

async fn delete_entry(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, form: Pairs) -> PageResult {
    ctx.check_csrf(&form.one("csrf"))?;
    let user = super::require_programme_manager(&state, &ctx, &format!("aarshjul:entry:{id}")).await?;
    let e = store::aarshjul::entry(&state.db, user.tenant_id, id).await?.ok_or(AppError::NotFound)?;
    // The version the page showed: an entry someone changed since is not deleted unseen.
    let version = form.one("version").parse::<i64>().unwrap_or(-1);
    if !store::aarshjul::delete_entry(&state.db, user.tenant_id, id, version, &actor(user)).await? {
        return Ok(Redirect::to(&format!("/aarshjul/entries/{id}?done=conflict")).into_response());
    }
    let year = e.starts_on.year();
    Ok(Redirect::to(&format!("/aarshjul/{year}?done=deleted")).into_response())
}

/// The wheel's dates as an iCalendar file of whole days, for Outlook and
/// Google Calendar; a calendar program may use a personal feed token
/// (`?token=`) instead of signing in.
async fn feed(state: &AppState, ctx: &Ctx, year: i32, q: &WheelQuery, raw: Option<&str>) -> PageResult {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(raw.unwrap_or("")).unwrap_or_default();
    let token = pairs.iter().find(|p| p.0 == "token").map(|p| p.1.clone());
    let user = crate::meetings::calendar::reader(state, ctx, token.as_deref()).await?;
    let (built, _) = build(state, ctx.tr, &user, year, q).await?;
    let (wheel, rows) = (&built.wheel, &built.rows);
    let tenant = store::tenant::get(&state.db, user.tenant_id).await?.map(|t| t.slug).unwrap_or_default();
    let noon = |d: NaiveDate| domain::meetings::cadence::local_to_utc(d.and_time(chrono::NaiveTime::MIN) + chrono::Duration::hours(12));
    let events: Vec<export::ical::Event> = rows
        .iter()
        .map(|r| export::ical::Event {
            uid: format!("{}@{tenant}.styr", r.uid),
            start: noon(r.start),
            end: noon(r.end),
            summary: r.title.clone(),
            location: String::new(),
            description: r.category.clone(),
            url: if r.href.starts_with('/') { format!("{}{}", ctx.origin, r.href) } else { r.href.clone() },
            cancelled: false,
            sequence: 0,
            all_day: true,
        })
        .collect();
    let name = format!("{} {}", wheel.title, wheel.hub);
    Ok(crate::meetings::calendar::ics(&name, export::ical::calendar(&name, &events, state.clock.now())))
}
