//! The portfolio of a year's initiatives: a table that sorts and filters by
//! directorate, centre, perspective, status and owner with counts, a board
//! by status, and a heat map of perspectives × directorates. An initiative
//! belongs to the directorates and centres of the units taking part.

use std::collections::{BTreeSet, HashMap};

use askama::Template;
use axum::extract::{Path, Query, State};
use domain::framework::ElementKind;
use domain::org::UnitKind;
use domain::programme::report::{Status, Trend};
use serde::Deserialize;
use store::programme as pstore;

use std::sync::Arc;

use store::programme_cache::Portfolio;

use super::{StatusMark, date_text, period_text, portfolio_of_year, status_colour, status_key, status_marks};
use crate::AppState;
use crate::ctx::Ctx;
use crate::render::{PageResult, page};
use crate::routes::Routes;

pub fn routes() -> Routes {
    Routes::new().get("/programmes/{year}/portfolio", portfolio)
}

#[derive(Deserialize, Default)]
pub struct PortfolioQuery {
    #[serde(default)]
    directorate: String,
    #[serde(default)]
    centre: String,
    #[serde(default)]
    perspective: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    owner: String,
    #[serde(default)]
    sort: String,
    #[serde(default)]
    view: String,
}

pub struct Card {
    pub id: i64,
    pub title: String,
    pub owner: String,
    pub owner_id: Option<i64>,
    pub directorates: Vec<(i64, String)>,
    pub centres: Vec<(i64, String)>,
    pub perspectives: Vec<(String, String)>,
    /// None before the first report.
    pub status_key: Option<Status>,
    pub status: Option<StatusMark>,
    pub period: String,
    pub trend: String,
    pub ends: String,
    pub start: chrono::NaiveDate,
    pub end: chrono::NaiveDate,
}

/// A count in the heat map: how many, its shade 0–4, and the link to those initiatives.
type HeatCell = (usize, usize, String);

#[derive(Template)]
#[template(path = "programme/portfolio.html")]
struct PortfolioPage<'a> {
    ctx: &'a Ctx,
    section: &'a str,
    title: String,
    year: i64,
    q: PortfolioQuery,
    cards: Vec<&'a Card>,
    total: usize,
    /// (status key, label, count) among those shown.
    counts: Vec<(String, String, usize)>,
    /// The board's columns: (status key, label, cards' indexes).
    board: Vec<(String, String, Vec<usize>)>,
    /// Heat map: perspectives down, directorates across.
    heat_rows: Vec<(String, Vec<HeatCell>)>,
    heat_cols: Vec<String>,
    directorates: &'a [(i64, String)],
    centres: &'a [(i64, String)],
    perspectives: &'a [(String, String)],
    owners: &'a [(i64, String)],
    /// The query without sort and view, for links that change only those.
    filters: String,
    /// The timeline, when it is the view asked for.
    timeline: Option<Arc<String>>,
}

/// The statuses in the order the counts and the board show them.
const STATUSES: [Option<Status>; 6] = [Some(Status::OnTrack), Some(Status::AtRisk), Some(Status::OffTrack), Some(Status::Paused), Some(Status::Done), None];

async fn portfolio(State(state): State<AppState>, ctx: Ctx, Path(year): Path<i64>, Query(q): Query<PortfolioQuery>) -> PageResult {
    let (portfolio, snapshot) = portfolio_of_year(&state, &ctx, year).await?;
    let user = ctx.user()?;
    let reference = state.reference(user).await?;
    // Everyone reads the same cards; they are made once per language and kept with the programme.
    let key = format!("cards|{}|{}", ctx.tr.code(), portfolio.programme.id);
    let made = snapshot.kept_or(key, || cards_of(&ctx, &reference, &portfolio));
    let Cards { all, directorates, centres, owners, perspectives: perspective_names } = &*made;
    let total = all.len();
    let id = |s: &str| s.parse::<i64>().ok();
    let mut cards: Vec<&Card> = all
        .iter()
        .filter(|c| id(&q.directorate).is_none_or(|d| c.directorates.iter().any(|x| x.0 == d)))
        .filter(|c| id(&q.centre).is_none_or(|d| c.centres.iter().any(|x| x.0 == d)))
        .filter(|c| q.perspective.is_empty() || c.perspectives.iter().any(|x| x.0 == q.perspective))
        .filter(|c| q.status.is_empty() || status_key(c.status_key) == q.status)
        .filter(|c| id(&q.owner).is_none_or(|o| c.owner_id == Some(o)))
        .collect();
    match q.sort.as_str() {
        "owner" => cards.sort_by(|a, b| (&a.owner, &a.title).cmp(&(&b.owner, &b.title))),
        // Those that need attention first.
        "status" => cards.sort_by(|a, b| (Status::attention(a.status_key), &a.title).cmp(&(Status::attention(b.status_key), &b.title))),
        "end" => cards.sort_by(|a, b| (a.end, &a.title).cmp(&(b.end, &b.title))),
        _ => cards.sort_by(|a, b| a.title.cmp(&b.title)),
    }
    let label = |s: Option<Status>| match s {
        None => ctx.tr.t("initiative-no-report"),
        Some(s) => ctx.tr.t(&format!("initiative-status-{s}")),
    };
    let counts = STATUSES.iter().map(|&s| (status_key(s).to_string(), label(s), cards.iter().filter(|c| c.status_key == s).count())).collect();
    let board = STATUSES
        .iter()
        .map(|&s| (status_key(s).to_string(), label(s), cards.iter().enumerate().filter(|(_, c)| c.status_key == s).map(|(i, _)| i).collect()))
        .collect();
    // Each count opens the initiatives it counts: the board narrowed to the
    // perspective and the directorate, the other filters kept.
    let heat_rows: Vec<(String, Vec<(usize, String)>)> = perspective_names
        .iter()
        .map(|(key, name)| {
            (
                name.clone(),
                directorates
                    .iter()
                    .map(|(d, _)| {
                        let n = cards.iter().filter(|c| c.perspectives.iter().any(|x| &x.0 == key) && c.directorates.iter().any(|x| x.0 == *d)).count();
                        let mut query = vec![format!("perspective={}", crate::ctx::urlencode(key)), format!("directorate={d}")];
                        query.extend(
                            [("status", &q.status), ("owner", &q.owner)]
                                .iter()
                                .filter(|(_, v)| !v.is_empty())
                                .map(|(k, v)| format!("{k}={}", crate::ctx::urlencode(v))),
                        );
                        (n, format!("/programmes/{year}/portfolio?{}", query.join("&")))
                    })
                    .collect(),
            )
        })
        .collect();
    let heat_max = heat_rows.iter().flat_map(|r| r.1.iter().map(|c| c.0)).max().unwrap_or(0);
    let heat_rows = heat_rows
        .into_iter()
        .map(|(name, row)| (name, row.into_iter().map(|(n, link)| (n, if n == 0 { 0 } else { (n * 4).div_ceil(heat_max) }, link)).collect()))
        .collect();
    let filters = [("directorate", &q.directorate), ("centre", &q.centre), ("perspective", &q.perspective), ("status", &q.status), ("owner", &q.owner)]
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", crate::ctx::urlencode(v)))
        .collect::<Vec<_>>()
        .join("&");
    let timeline = if q.view == "timeline" {
        // Everyone reads the same timeline for the same filters on the same day.
        let today = state.clock.now().with_timezone(&chrono_tz::Europe::Copenhagen).date_naive();
        let key = format!("timeline|{}|{year}|{filters}|{today}", ctx.tr.code());
        Some(snapshot.kept_or(key, || timeline(&ctx, &portfolio, &cards, today)))
    } else {
        None
    };
    let page_data = PortfolioPage {
        ctx: &ctx,
        section: "programme",
        title: ctx.tr.t1("portfolio-title", "year", year),
        year,
        heat_cols: directorates.iter().map(|d| d.1.clone()).collect(),
        heat_rows,
        cards,
        total,
        counts,
        board,
        directorates,
        centres,
        perspectives: perspective_names,
        owners,
        filters,
        timeline,
        q,
    };
    page(&ctx, &page_data)
}

/// Every initiative of a programme as a card, and the choices to filter
/// them by (taken from all of them, so a filter never hides its own way back).
struct Cards {
    all: Vec<Card>,
    directorates: Vec<(i64, String)>,
    centres: Vec<(i64, String)>,
    owners: Vec<(i64, String)>,
    perspectives: Vec<(String, String)>,
}

fn cards_of(ctx: &Ctx, reference: &store::reference::Reference, portfolio: &Portfolio) -> Cards {
    let units: HashMap<i64, &store::org::Unit> = reference.units.iter().map(|u| (u.id, u)).collect();
    // The directorate and centre above (or at) a unit.
    let above = |unit: i64, kind: UnitKind| -> Option<(i64, String)> {
        let mut at = units.get(&unit).copied();
        for _ in 0..32 {
            let u = at?;
            if u.kind == kind {
                return Some((u.id, u.name.clone()));
            }
            at = u.parent_id.and_then(|p| units.get(&p).copied());
        }
        None
    };
    let mut taking_part: HashMap<i64, Vec<i64>> = HashMap::new();
    for (i, u) in &portfolio.units {
        taking_part.entry(*i).or_default().push(*u);
    }
    let elements = reference.framework_elements();
    let perspective_names: Vec<(String, String)> =
        elements.iter().filter(|e| e.kind == ElementKind::Perspective).map(|e| (e.key.clone(), e.title.clone())).collect();
    let marks = status_marks(ctx);
    let trends: HashMap<Trend, String> =
        Trend::ALL.into_iter().map(|tr| (tr, format!("{} {}", tr.arrow(), ctx.tr.t(&format!("trend-{}", tr.as_str()))).trim().to_string())).collect();
    let all: Vec<Card> = portfolio
        .initiatives
        .iter()
        .map(|i| {
            let parts = taking_part.get(&i.id).cloned().unwrap_or_default();
            let set = |kind| parts.iter().filter_map(|u| above(*u, kind)).collect::<BTreeSet<_>>().into_iter().collect::<Vec<_>>();
            let tr = i.trend;
            Card {
                id: i.id,
                owner: i.owner_person_id.and_then(|o| reference.people.get(&o).cloned()).unwrap_or_default(),
                owner_id: i.owner_person_id,
                directorates: set(UnitKind::Directorate),
                centres: set(UnitKind::Centre),
                perspectives: i
                    .perspectives
                    .iter()
                    .map(|k| (k.clone(), perspective_names.iter().find(|p| &p.0 == k).map_or_else(|| k.clone(), |p| p.1.clone())))
                    .collect(),
                status_key: i.status(),
                status: i.status().and_then(|s| marks.get(&s).cloned()),
                period: Some(i.latest_period()).filter(|p| !p.is_empty()).map(|p| period_text(ctx, p)).unwrap_or_default(),
                trend: trends.get(&tr).cloned().unwrap_or_default(),
                ends: date_text(i.ends_on),
                start: i.starts_on,
                end: i.ends_on,
                title: i.title.clone(),
            }
        })
        .collect();
    // The choices come from all initiatives, so a filter never hides its own way back.
    let mut directorates: Vec<(i64, String)> = all.iter().flat_map(|c| c.directorates.clone()).collect::<BTreeSet<_>>().into_iter().collect();
    directorates.sort_by(|a, b| a.1.cmp(&b.1));
    let mut centres: Vec<(i64, String)> = all.iter().flat_map(|c| c.centres.clone()).collect::<BTreeSet<_>>().into_iter().collect();
    centres.sort_by(|a, b| a.1.cmp(&b.1));
    let mut owners: Vec<(i64, String)> = all.iter().filter_map(|c| c.owner_id.map(|o| (o, c.owner.clone()))).collect::<BTreeSet<_>>().into_iter().collect();
    owners.sort_by(|a, b| a.1.cmp(&b.1));
    Cards { all, directorates, centres, owners, perspectives: perspective_names }
}

/// The shown initiatives as a timeline over the programme's year (or
/// longer, when one runs beyond it), with their milestones and dependencies.
fn timeline(ctx: &Ctx, portfolio: &Portfolio, cards: &[&Card], today: chrono::NaiveDate) -> String {
    use chrono::NaiveDate;
    let (p, deps) = (&portfolio.programme, &portfolio.dependencies);
    let mut milestones: HashMap<i64, Vec<&pstore::Milestone>> = HashMap::new();
    for m in &portfolio.milestones {
        milestones.entry(m.initiative_id).or_default().push(m);
    }
    let year = p.year as i32;
    // Programmes are for the years 2000–2100, which the calendar holds.
    let (Some(first), Some(last)) = (NaiveDate::from_ymd_opt(year, 1, 1), NaiveDate::from_ymd_opt(year, 12, 31)) else { return String::new() };
    let mut rows: Vec<export::timeline::Row> = cards
        .iter()
        .map(|c| export::timeline::Row {
            id: c.id,
            title: c.title.clone(),
            start: c.start,
            end: c.end,
            symbol: c.status.as_ref().map(|s| s.symbol.to_string()).unwrap_or_default(),
            colour: status_colour(c.status_key).to_string(),
            href: format!("/initiatives/{}", c.id),
            milestones: milestones.get(&c.id).into_iter().flatten().map(|m| (m.due_on, m.done_on.is_some(), m.title.clone())).collect(),
            depends_on: deps.iter().filter(|d| d.0 == c.id).map(|d| d.1).collect(),
        })
        .collect();
    rows.sort_by(|a, b| (a.start, &a.title).cmp(&(b.start, &b.title)));
    let from = rows.iter().map(|r| r.start).min().unwrap_or(first).min(first);
    let to = rows.iter().map(|r| r.end).max().unwrap_or(last).max(last);
    let t = export::timeline::Timeline {
        from,
        to,
        today,
        rows,
        months: std::array::from_fn(|m| ctx.tr.t(&format!("month-{}", m + 1))),
        today_label: ctx.tr.t("aarshjul-today"),
    };
    export::timeline::svg(&t)
}
