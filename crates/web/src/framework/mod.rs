//! The framework pages: the current version shown as staff will print and
//! discuss it, earlier versions, and each version's source for download.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::IntoResponse;
use domain::framework::FrameworkDoc;
use serde::Deserialize;
use store::framework::Version;

use crate::AppState;
use crate::ctx::Ctx;
use crate::render::{AppError, PageResult, page};
use crate::routes::Routes;

pub fn routes() -> Routes {
    Routes::new().get("/framework", show).get("/framework/versions", versions).get("/framework/versions/{n}/source.toml", source)
}

#[derive(Deserialize)]
pub struct VersionQuery {
    version: Option<i64>,
}

#[derive(Template)]
#[template(path = "framework/show.html")]
struct ShowPage<'a> {
    ctx: &'a Ctx,
    section: &'a str,
    title: String,
    version: Option<Version>,
    latest: i64,
    doc: Option<FrameworkDoc>,
}

async fn show(State(state): State<AppState>, ctx: Ctx, Query(q): Query<VersionQuery>) -> PageResult {
    let req = ctx.req(&state)?;
    let latest = service::framework::in_force(&req).await?;
    let version = match q.version {
        Some(n) => Some(service::framework::version(&req, n).await?),
        None => latest.clone(),
    };
    let doc = match &version {
        Some(v) => {
            let src = service::framework::source(&req, v).await?;
            Some(FrameworkDoc::parse(&src).map_err(AppError::internal)?)
        }
        None => None,
    };
    let title = doc.as_ref().map(|d| d.title.clone()).unwrap_or_else(|| ctx.tr.t("framework-title"));
    let p = ShowPage { ctx: &ctx, section: "framework", title, latest: latest.map(|v| v.version).unwrap_or(0), version, doc };
    page(&ctx, &p)
}

#[derive(Template)]
#[template(path = "framework/versions.html")]
struct VersionsPage<'a> {
    ctx: &'a Ctx,
    section: &'a str,
    title: String,
    versions: Vec<Version>,
}

async fn versions(State(state): State<AppState>, ctx: Ctx) -> PageResult {
    let versions = service::framework::versions(&ctx.req(&state)?).await?;
    page(&ctx, &VersionsPage { ctx: &ctx, section: "framework", title: ctx.tr.t("framework-versions-title"), versions })
}

async fn source(State(state): State<AppState>, ctx: Ctx, Path(n): Path<i64>) -> PageResult {
    let req = ctx.req(&state)?;
    let v = service::framework::version(&req, n).await?;
    let src = service::framework::source(&req, &v).await?;
    let disposition = format!("attachment; filename=\"framework-v{n}.toml\"");
    Ok(([(header::CONTENT_TYPE, "application/toml; charset=utf-8".to_string()), (header::CONTENT_DISPOSITION, disposition)], src).into_response())
}
