//! The search page: agenda items, minutes and decisions in Danish, as the
//! person may read them.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Query, State};
use axum::routing::get;
use axum::Router;
use chrono_tz::Europe::Copenhagen;
use serde::Deserialize;
use store::search::{Hit, Scope};

use crate::ctx::Ctx;
use crate::render::{page, AppError, PageResult};
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/search", get(search))
}

#[derive(Deserialize, Default)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
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
}

async fn search(State(state): State<AppState>, ctx: Ctx, Query(q): Query<SearchQuery>) -> PageResult {
    let user = ctx.user()?;
    let t = user.tenant_id;
    let err = |e| AppError::internal(ctx.tr, e);
    let reference = state.reference(user).await.map_err(err)?;
    let forums = &reference.forums;
    let readable: Vec<i64> = forums.iter().filter(|f| user.viewer.can_read_forum(&f.membership, f.readers)).map(|f| f.id).collect();
    let closed: Vec<i64> = forums.iter().filter(|f| user.viewer.can_read_closed(&f.membership)).map(|f| f.id).collect();
    let communicated = user.viewer.audiences();
    let scope = Scope { forums: &readable, closed_forums: &closed, communicated: &communicated, led_units: &user.viewer.leads };
    let hits = store::search::search(&state.db, t, &q.q, &scope, 100).await.map_err(err)?;
    let names: HashMap<i64, String> = forums.iter().map(|f| (f.id, f.name.clone())).collect();
    let rows = hits
        .into_iter()
        .map(|h| Row {
            kind: ctx.tr.t(&format!("search-kind-{}", h.kind)),
            link: match h.kind.as_str() {
                "decision" => format!("/decisions/{}", h.ref_id),
                "minute" => format!("/meetings/{}#minutes", h.meeting_id),
                _ => format!("/meetings/{}#item-{}", h.meeting_id, h.ref_id),
            },
            forum: names.get(&h.forum_id).cloned().unwrap_or_default(),
            date: h.at.with_timezone(&Copenhagen).format("%d.%m.%Y").to_string(),
            hit: h,
        })
        .collect();
    page(&ctx, &SearchPage { ctx: &ctx, section: "search", title: ctx.tr.t("search-title"), q: q.q, rows })
}
