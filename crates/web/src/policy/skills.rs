//! The skills gap's page: the occupations in demand and the skills their
//! candidates most often lacked, green ones marked, each as a table; with
//! the business service's uploads of ESCO's CSV files and Y25i07.

use askama::Template;
use axum::extract::{Multipart, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use service::policy::business::KeepError;

use crate::AppState;
use crate::ctx::Ctx;
use crate::render::{PageResult, page_with_status};
use crate::routes::Routes;

pub fn routes() -> Routes {
    Routes::new().get("/skills", skills).post("/skills/esco", load_esco).post("/skills/demand", load_demand)
}

#[derive(Template)]
#[template(path = "policy/skills.html")]
struct SkillsPage<'a> {
    ctx: &'a Ctx,
    section: &'a str,
    title: String,
    gap: service::policy::skills::Gap,
    /// (what, when, detail) of each source, in words.
    sources: Vec<(String, String, String)>,
    period: String,
    can_keep: bool,
    notice: Option<(bool, String)>,
}

#[derive(serde::Deserialize, Default)]
pub struct Loaded {
    loaded: Option<String>,
}

async fn skills(State(state): State<AppState>, ctx: Ctx, Query(q): Query<Loaded>) -> PageResult {
    let notice = q.loaded.map(|what| (true, ctx.tr.t(if what == "esco" { "skills-loaded-esco" } else { "skills-loaded-demand" })));
    view(&state, &ctx, StatusCode::OK, notice).await
}

async fn view(state: &AppState, ctx: &Ctx, status: StatusCode, notice: Option<(bool, String)>) -> PageResult {
    let gap = service::policy::skills::gap(&ctx.req(state)?).await?;
    let sources = gap
        .sources
        .iter()
        .map(|(s, at, detail)| {
            let when = i18n::day(&ctx.tr, at.with_timezone(&chrono_tz::Europe::Copenhagen).date_naive());
            (ctx.tr.t(&format!("skills-source-{s}")), when, detail.clone())
        })
        .collect();
    let period = if gap.period.is_empty() { String::new() } else { super::period_words(ctx, &gap.period) };
    let p = SkillsPage {
        ctx,
        section: "policy",
        title: ctx.tr.t("skills-title"),
        sources,
        period,
        gap,
        can_keep: ctx.user()?.viewer.can_keep_businesses(),
        notice,
    };
    page_with_status(ctx, status, &p)
}

/// The files of a form by their field's name, and its CSRF token; none when
/// a file is larger than allowed.
async fn files(mut mp: Multipart, max: usize) -> Option<(String, Vec<(String, String, Vec<u8>)>)> {
    let (mut csrf, mut out) = (String::new(), vec![]);
    // A body past the limit ends in an error here: said as "too large", not as a file missing.
    while let Some(field) = mp.next_field().await.ok()? {
        let name = field.name().unwrap_or("").to_string();
        if name == "csrf" {
            csrf = field.text().await.unwrap_or_default();
            continue;
        }
        let file_name = field.file_name().unwrap_or("").to_string();
        let bytes = field.bytes().await.ok()?;
        if bytes.len() > max {
            return None;
        }
        out.push((name, file_name, bytes.to_vec()));
    }
    Some((csrf, out))
}

async fn load_esco(State(state): State<AppState>, ctx: Ctx, mp: Multipart) -> PageResult {
    // Asked before the files are read, as every upload is.
    service::policy::business::may_keep(&ctx.req(&state)?).await?;
    let max = state.config.max_upload;
    let fail = |status, msg: String| view(&state, &ctx, status, Some((false, msg)));
    let Some((csrf, sent)) = files(mp, max).await else { return fail(StatusCode::BAD_REQUEST, ctx.tr.t1("upload-too-large", "mb", max / (1024 * 1024))).await };
    ctx.check_csrf(&csrf)?;
    let mut grids = vec![];
    for name in ["occupations", "skills", "relations", "green"] {
        let Some((_, file_name, bytes)) = sent.iter().find(|f| f.0 == name && !f.2.is_empty()) else {
            return fail(StatusCode::UNPROCESSABLE_ENTITY, ctx.tr.t1("skills-error-file", "file", ctx.tr.t(&format!("skills-file-{name}")))).await;
        };
        match export::read_grid(file_name, bytes) {
            Ok(g) => grids.push(g),
            Err(e) => return fail(StatusCode::UNPROCESSABLE_ENTITY, ctx.tr.t(e.message_id())).await,
        }
    }
    match service::policy::skills::load_esco(&ctx.req(&state)?, &grids[0], &grids[1], &grids[2], &grids[3]).await {
        Ok(_) => Ok(Redirect::to("/skills?loaded=esco").into_response()),
        Err(KeepError::Invalid(e)) => {
            // The file by its name in the form, in the reader's language.
            let args: Vec<(&str, String)> =
                e.args().into_iter().map(|(k, v)| if k == "file" { (k, ctx.tr.t(&format!("skills-file-{v}"))) } else { (k, v) }).collect();
            fail(StatusCode::UNPROCESSABLE_ENTITY, ctx.tr.args(e.message_id(), args)).await
        }
        Err(KeepError::Service(e)) => Err(e.into()),
    }
}

async fn load_demand(State(state): State<AppState>, ctx: Ctx, mp: Multipart) -> PageResult {
    service::policy::business::may_keep(&ctx.req(&state)?).await?;
    let max = state.config.max_upload;
    let fail = |status, msg: String| view(&state, &ctx, status, Some((false, msg)));
    let Some((csrf, sent)) = files(mp, max).await else { return fail(StatusCode::BAD_REQUEST, ctx.tr.t1("upload-too-large", "mb", max / (1024 * 1024))).await };
    ctx.check_csrf(&csrf)?;
    let Some((_, file_name, bytes)) = sent.iter().find(|f| f.0 == "file" && !f.2.is_empty()) else {
        return fail(StatusCode::BAD_REQUEST, ctx.tr.t("upload-missing")).await;
    };
    // Jobindsats answers in JSON; a spreadsheet of the same columns is read too.
    let grid = if file_name.to_lowercase().ends_with(".json") { export::read_jobindsats(bytes) } else { export::read_grid(file_name, bytes) };
    let grid = match grid {
        Ok(g) => g,
        Err(e) => return fail(StatusCode::UNPROCESSABLE_ENTITY, ctx.tr.t(e.message_id())).await,
    };
    let area = domain::policy::COMPARISON.iter().find(|c| c.0 == domain::policy::ISHOJ).map(|c| c.1).unwrap_or("Ishøj");
    match service::policy::skills::load_demand(&ctx.req(&state)?, &grid, area).await {
        Ok(_) => Ok(Redirect::to("/skills?loaded=demand").into_response()),
        Err(KeepError::Invalid(e)) => fail(StatusCode::UNPROCESSABLE_ENTITY, ctx.tr.args(e.message_id(), e.args())).await,
        Err(KeepError::Service(e)) => Err(e.into()),
    }
}
