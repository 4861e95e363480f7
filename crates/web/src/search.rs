//! The one search: a tab per kind of thing with its count, each in the
//! reader's permissions (`service::search`).

use askama::Template;
use axum::extract::{Query, State};
use chrono_tz::Europe::Copenhagen;
use domain::framework::ElementKind;
use domain::search::{HitKind, Tab};
use serde::Deserialize;
use service::search::{Count, Found};

use crate::AppState;
use crate::ctx::Ctx;
use crate::render::{PageResult, page};
use crate::routes::Routes;

pub fn routes() -> Routes {
    Routes::new().get("/search", search)
}

/// Hits per page; meetings and decisions the newest first, as people look for what is current.
const PER_PAGE: i64 = 25;
/// Deeper than this nobody reads; a narrower search is the better help.
const LAST_PAGE: i64 = 200;

#[derive(Deserialize, Default)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
    tab: Option<String>,
    page: Option<i64>,
}

/// One hit as the page lists it, whatever its kind.
pub struct Row {
    pub badge: String,
    pub title: String,
    pub link: String,
    pub meta: String,
    pub snippet: String,
}

pub struct TabLink {
    pub label: String,
    pub count: String,
    pub href: String,
    pub open: bool,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage<'a> {
    ctx: &'a Ctx,
    section: &'a str,
    title: String,
    q: String,
    tabs: Vec<TabLink>,
    /// The open tab's name and how many it found, said in words.
    found: String,
    rows: Vec<Row>,
    /// Whether the tabs found nothing at all.
    nothing: bool,
    page_no: i64,
    /// The number of the first hit shown, counted from one.
    first: i64,
    more: bool,
    base: String,
    /// The query, percent-encoded, for the places to look next.
    encoded: String,
}

async fn search(State(state): State<AppState>, ctx: Ctx, Query(q): Query<SearchQuery>) -> PageResult {
    let user = ctx.user()?;
    let reference = state.reference(user).await?;
    let page_no = q.page.unwrap_or(1).clamp(1, LAST_PAGE);
    let offset = (page_no - 1) * PER_PAGE;
    let asked = q.tab.as_deref().and_then(Tab::parse);
    let results = service::search::search(&ctx.req(&state)?, &q.q, asked, PER_PAGE, offset).await?;
    let encoded = crate::ctx::urlencode(q.q.trim());
    let tabs: Vec<TabLink> = results
        .counts
        .iter()
        .map(|c| TabLink {
            label: ctx.tr.t(&format!("search-tab-{}", c.tab)),
            count: count_text(c),
            href: format!("/search?q={encoded}&tab={}", c.tab),
            open: c.tab == results.tab,
        })
        .collect();
    let open = results.counts.iter().find(|c| c.tab == results.tab).copied();
    let found =
        open.map(|c| ctx.tr.args("search-found-in", [("tab", ctx.tr.t(&format!("search-tab-{}", c.tab))), ("count", count_text(&c))])).unwrap_or_default();
    let nothing = !results.counts.is_empty() && results.counts.iter().all(|c| c.n == 0);
    let status = |s: domain::programme::report::Status| ctx.tr.t(&format!("initiative-status-{}", s.as_str()));
    let day = |d: chrono::NaiveDate| d.format("%d.%m.%Y").to_string();
    let rows: Vec<Row> = match results.found {
        Found::Meetings(hits) => hits
            .into_iter()
            .map(|h| Row {
                badge: ctx.tr.t(&format!("search-kind-{}", h.kind)),
                link: match h.kind {
                    HitKind::Decision => format!("/decisions/{}", h.ref_id),
                    HitKind::Minute => format!("/meetings/{}#minute-{}", h.meeting_id, h.ref_id),
                    HitKind::Item => format!("/meetings/{}#item-{}", h.meeting_id, h.ref_id),
                },
                meta: format!(
                    "{} · {}",
                    reference.forum(h.forum_id).map(|f| f.name.clone()).unwrap_or_default(),
                    h.at.with_timezone(&Copenhagen).format("%d.%m.%Y")
                ),
                title: h.title,
                snippet: h.snippet,
            })
            .collect(),
        Found::People(people) => people
            .into_iter()
            .map(|p| Row {
                badge: ctx.tr.t("search-kind-person"),
                link: format!("/people/{}", p.id),
                meta: [p.title, p.email].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" · "),
                title: p.name,
                snippet: String::new(),
            })
            .collect(),
        Found::Units(units) => units
            .into_iter()
            .map(|u| Row {
                badge: ctx.tr.t(&format!("unit-kind-{}", u.kind.as_str())),
                link: format!("/units/{}", u.id),
                meta: u.parent_id.and_then(|p| reference.unit(p)).map(|p| ctx.tr.args("search-unit-under", [("unit", p.name.clone())])).unwrap_or_default(),
                title: u.name,
                snippet: String::new(),
            })
            .collect(),
        Found::Initiatives(list) => list
            .into_iter()
            .map(|(i, year)| Row {
                badge: ctx.tr.t("search-kind-initiative"),
                link: format!("/initiatives/{}", i.id),
                meta: [
                    ctx.tr.args("search-programme-year", [("year", year.to_string())]),
                    i.status().map(status).unwrap_or_else(|| ctx.tr.t("initiative-no-report")),
                ]
                .join(" · "),
                title: i.title,
                snippet: i.purpose,
            })
            .collect(),
        Found::Reports(list) => list
            .into_iter()
            .map(|(r, title)| Row {
                badge: ctx.tr.t("search-kind-report"),
                link: format!("/initiatives/{}#reports", r.initiative_id),
                meta: format!("{} · {}", crate::programme::period_text(&ctx, &r.period), status(r.status)),
                title,
                snippet: [r.happened, r.next_steps].into_iter().filter(|s| !s.trim().is_empty()).collect::<Vec<_>>().join(" "),
            })
            .collect(),
        Found::Dates(dates) => dates
            .into_iter()
            .map(|d| Row {
                badge: ctx.tr.t("search-kind-date"),
                meta: if d.end > d.start { format!("{}–{}", day(d.start), day(d.end)) } else { day(d.start) },
                link: d.href,
                title: d.title,
                snippet: String::new(),
            })
            .collect(),
        Found::Framework(elements) => elements
            .into_iter()
            .map(|(e, anchor)| Row {
                badge: ctx.tr.t(element_kind(e.kind)),
                link: format!("/framework#{anchor}"),
                meta: String::new(),
                title: e.title,
                snippet: if e.summary.is_empty() { e.body } else { e.summary },
            })
            .collect(),
    };
    let base = format!("/search?q={encoded}&tab={}&", results.tab);
    let title = ctx.tr.t("search-title");
    page(
        &ctx,
        &SearchPage {
            ctx: &ctx,
            section: "search",
            title,
            q: q.q,
            tabs,
            found,
            rows,
            nothing,
            page_no,
            first: offset + 1,
            more: results.more && page_no < LAST_PAGE,
            base,
            encoded,
        },
    )
}

/// "12", or "200+" when the count stopped at the cap.
fn count_text(c: &Count) -> String {
    if c.capped { format!("{}+", c.n) } else { c.n.to_string() }
}

fn element_kind(k: ElementKind) -> &'static str {
    match k {
        ElementKind::Vision | ElementKind::Mission => "framework-vision-mission",
        ElementKind::Principle => "framework-principles",
        ElementKind::Value => "framework-values",
        ElementKind::Perspective => "framework-perspectives",
        ElementKind::LeadershipStatement | ElementKind::Item => "framework-statements",
        ElementKind::Leadership | ElementKind::Followership => "framework-leadership-followership",
        ElementKind::Direction => "framework-directions",
    }
}
