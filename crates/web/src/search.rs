//! The search page: agenda items, minutes and decisions in Danish, as the
//! person may read them.

use domain::search::HitKind;
use std::collections::HashMap;

use askama::Template;
use axum::extract::{Query, State};
use chrono_tz::Europe::Copenhagen;
use serde::Deserialize;
use store::search::Hit;

use crate::AppState;
use crate::ctx::Ctx;
use crate::render::{PageResult, page};
use crate::routes::Routes;

pub fn routes() -> Routes {
    Routes::new().get("/search", search)
}

/// Hits per page; the newest first, as people look for what is current.
const PER_PAGE: i64 = 25;
/// Deeper than this nobody reads; a narrower search is the better help.
const LAST_PAGE: i64 = 200;

#[derive(Deserialize, Default)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
    page: Option<i64>,
}

pub struct Row {
    pub hit: Hit,
    pub kind: String,
    pub link: String,
    pub forum: String,
    pub date: String,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage<'a> {
    ctx: &'a Ctx,
    section: &'a str,
    title: String,
    q: String,
    rows: Vec<Row>,
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
    let forums = &reference.forums;
    let page_no = q.page.unwrap_or(1).clamp(1, LAST_PAGE);
    let offset = (page_no - 1) * PER_PAGE;
    // One more than shown tells whether there is a next page without counting.
    let mut hits = service::meetings::search::search(&ctx.req(&state)?, &q.q, PER_PAGE + 1, offset).await?;
    let more = hits.len() as i64 > PER_PAGE && page_no < LAST_PAGE;
    hits.truncate(PER_PAGE as usize);
    let names: HashMap<i64, String> = forums.iter().map(|f| (f.id, f.name.clone())).collect();
    let rows = hits
        .into_iter()
        .map(|h| Row {
            kind: ctx.tr.t(&format!("search-kind-{}", h.kind)),
            link: match h.kind {
                HitKind::Decision => format!("/decisions/{}", h.ref_id),
                HitKind::Minute => format!("/meetings/{}#minute-{}", h.meeting_id, h.ref_id),
                HitKind::Item => format!("/meetings/{}#item-{}", h.meeting_id, h.ref_id),
            },
            forum: names.get(&h.forum_id).cloned().unwrap_or_default(),
            date: h.at.with_timezone(&Copenhagen).format("%d.%m.%Y").to_string(),
            hit: h,
        })
        .collect();
    let base = format!("/search?q={}&", crate::ctx::urlencode(&q.q));
    let title = ctx.tr.t("search-title");
    let encoded = crate::ctx::urlencode(q.q.trim());
    page(&ctx, &SearchPage { ctx: &ctx, section: "search", title, q: q.q, rows, page_no, first: offset + 1, more, base, encoded })
}
