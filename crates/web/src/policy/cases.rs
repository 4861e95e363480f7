//! Case handling's pages: the quarters' headline per case type for those
//! signed in (with the import for the secretariat), and the public register
//! of case-processing deadlines at /frister, which needs no sign-in.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use chrono::{Datelike, NaiveDate};
use domain::policy::cases::Quarter;
use service::policy::cases::{AreaSummary, Published};

use super::{figure, period_words};
use crate::AppState;
use crate::ctx::Ctx;
use crate::render::{AppError, PageResult, page_with_status};
use crate::routes::Routes;

pub fn routes() -> Routes {
    Routes::new().get("/cases", cases_page).post("/cases/import", import).get("/frister", register).get("/frister/{municipality}", register_of)
}

#[derive(serde::Deserialize, Default)]
pub struct Span {
    from: Option<String>,
    to: Option<String>,
    imported: Option<usize>,
}

/// A quarter's cell: the share within the deadline, the count and the median, or why not shown.
pub struct Cell {
    pub share: String,
    pub detail: String,
    pub hidden: bool,
}

fn cell(ctx: &Ctx, q: Option<&Quarter>) -> Cell {
    match q {
        None => Cell { share: String::new(), detail: String::new(), hidden: false },
        Some(q) if q.hidden => Cell { share: "–".into(), detail: ctx.tr.t("cases-hidden"), hidden: true },
        Some(q) => Cell {
            share: q.share().map(|s| format!("{} %", figure(ctx, s, "%"))).unwrap_or_default(),
            detail: match q.median {
                Some(m) => ctx.tr.args("cases-detail", [("n", q.decided.to_string()), ("median", figure(ctx, m, "dage"))]),
                None => ctx.tr.t1("cases-detail-total", "n", q.decided),
            },
            hidden: false,
        },
    }
}

pub struct TypeLine {
    pub title: String,
    pub days: u32,
    pub cells: Vec<Cell>,
    pub open: String,
}

pub struct AreaView {
    pub area: String,
    pub lines: Vec<TypeLine>,
    pub totals: Vec<Cell>,
}

#[derive(Template)]
#[template(path = "policy/cases.html")]
struct CasesPage<'a> {
    ctx: &'a Ctx,
    section: &'a str,
    title: String,
    from: String,
    to: String,
    /// The quarters shown, in words.
    quarters: Vec<String>,
    areas: Vec<AreaView>,
    can_import: bool,
    notice: Option<(bool, String)>,
}

/// The first day of the quarter three quarters before today's: a year of quarters.
fn year_back(today: NaiveDate) -> NaiveDate {
    let q0 = (today.month0() / 3) as i32;
    let (mut y, mut q) = (today.year(), q0 - 3);
    if q < 0 {
        q += 4;
        y -= 1;
    }
    NaiveDate::from_ymd_opt(y, q as u32 * 3 + 1, 1).unwrap_or(today)
}

async fn cases_page(State(state): State<AppState>, ctx: Ctx, Query(span): Query<Span>) -> PageResult {
    let notice = span.imported.map(|n| (true, ctx.tr.t1("cases-imported", "n", n)));
    cases_view(&state, &ctx, &span, StatusCode::OK, notice).await
}

async fn cases_view(state: &AppState, ctx: &Ctx, span: &Span, status: StatusCode, notice: Option<(bool, String)>) -> PageResult {
    let req = ctx.req(state)?;
    let today = state.clock.today();
    let to = span.to.as_deref().and_then(domain::policy::cases::date).unwrap_or(today);
    let from = span.from.as_deref().and_then(domain::policy::cases::date).unwrap_or_else(|| year_back(to));
    let areas: Vec<AreaSummary> = service::policy::cases::summary(&req, from, to).await?;
    let mut keys: Vec<(i32, u8)> = areas.iter().flat_map(|a| a.totals.iter().map(|q| (q.year, q.quarter))).collect();
    keys.sort();
    keys.dedup();
    let quarters = keys.iter().map(|(y, q)| period_words(ctx, &format!("{y}K{q}"))).collect();
    let areas = areas
        .iter()
        .map(|a| AreaView {
            area: a.area.clone(),
            lines: a
                .types
                .iter()
                .map(|t| TypeLine {
                    title: t.case_type.title.clone(),
                    days: t.case_type.days,
                    cells: keys.iter().map(|(y, q)| cell(ctx, t.quarters.iter().find(|x| x.year == *y && x.quarter == *q))).collect(),
                    open: ctx.tr.args("cases-open", [("n", t.open.to_string()), ("late", t.open_late.to_string())]),
                })
                .collect(),
            totals: keys.iter().map(|(y, q)| cell(ctx, a.totals.iter().find(|x| x.year == *y && x.quarter == *q))).collect(),
        })
        .collect();
    let can_import = ctx.user()?.viewer.can_add_figures();
    let p =
        CasesPage { ctx, section: "policy", title: ctx.tr.t("cases-title"), from: from.to_string(), to: to.to_string(), quarters, areas, can_import, notice };
    page_with_status(ctx, status, &p)
}

/// Imports cases from the case system's export (CSV or XLSX).
async fn import(State(state): State<AppState>, ctx: Ctx, mp: axum::extract::Multipart) -> PageResult {
    // Asked before the file is read, as every upload is.
    service::policy::cases::may_import(&ctx.req(&state)?).await?;
    let max = state.config.max_upload;
    let span = Span::default();
    let fail = |status, msg| cases_view(&state, &ctx, &span, status, Some((false, msg)));
    let up = match crate::admin::read_upload(mp, max).await {
        Ok(u) => u,
        Err(p) => return fail(StatusCode::BAD_REQUEST, crate::admin::upload_message(ctx.tr, &p, max)).await,
    };
    ctx.check_csrf(&up.csrf)?;
    let grid = match export::read_grid(&up.file_name, &up.bytes) {
        Ok(g) => g,
        Err(e) => return fail(StatusCode::UNPROCESSABLE_ENTITY, ctx.tr.t(e.message_id())).await,
    };
    match service::policy::cases::import(&ctx.req(&state)?, &grid).await {
        Ok(n) => Ok(Redirect::to(&format!("/cases?imported={n}")).into_response()),
        Err(service::policy::cases::CasesError::Import(e)) => fail(StatusCode::UNPROCESSABLE_ENTITY, ctx.tr.args(e.message_id(), e.args())).await,
        Err(service::policy::cases::CasesError::Service(e)) => Err(e.into()),
    }
}

/// A deadline as the public register shows it.
pub struct Deadline {
    pub title: String,
    pub days: String,
    pub counted_from: String,
    pub owner: String,
    pub reviewed: String,
    pub reviewed_iso: String,
}

#[derive(Template)]
#[template(path = "policy/frister.html")]
struct RegisterPage<'a> {
    ctx: &'a Ctx,
    section: &'a str,
    title: String,
    municipality: String,
    intro: String,
    /// (area, its deadlines), in the register's order.
    areas: Vec<(String, Vec<Deadline>)>,
    /// With more than one municipality on the installation: (slug, name) to choose from.
    choices: Vec<(String, String)>,
}

/// The register, for the installation's one municipality, or a choice of them.
async fn register(State(state): State<AppState>, ctx: Ctx) -> PageResult {
    let tenants = store::tenant::all(&state.db).await.map_err(service::Error::from)?;
    match tenants.as_slice() {
        [one] => register_page(&state, &ctx, one).await,
        _ => {
            let choices = tenants.iter().map(|t| (t.slug.clone(), t.name.clone())).collect();
            let p = RegisterPage {
                ctx: &ctx,
                section: "",
                title: ctx.tr.t("frister-title"),
                municipality: String::new(),
                intro: String::new(),
                areas: vec![],
                choices,
            };
            page_with_status(&ctx, StatusCode::OK, &p)
        }
    }
}

async fn register_of(State(state): State<AppState>, ctx: Ctx, Path(slug): Path<String>) -> PageResult {
    let tenant = store::tenant::by_slug(&state.db, &slug).await.map_err(service::Error::from)?.ok_or(AppError::NotFound)?;
    register_page(&state, &ctx, &tenant).await
}

async fn register_page(state: &AppState, ctx: &Ctx, tenant: &store::tenant::Tenant) -> PageResult {
    let published: Vec<Published> = service::policy::cases::published(&state.db, tenant.id).await?;
    let mut areas: Vec<(String, Vec<Deadline>)> = vec![];
    for p in published {
        let t = &p.case_type;
        let d = Deadline {
            title: t.title.clone(),
            days: ctx.tr.t1("frister-days", "n", t.days),
            counted_from: t.counted_from.clone(),
            owner: p.owner,
            reviewed: i18n::day(&ctx.tr, t.reviewed_on),
            reviewed_iso: t.reviewed_on.to_string(),
        };
        match areas.iter_mut().find(|(a, _)| *a == t.area) {
            Some((_, v)) => v.push(d),
            None => areas.push((t.area.clone(), vec![d])),
        }
    }
    let intro = service::policy::cases::intro(&state.db, tenant.id).await?;
    let p = RegisterPage {
        ctx,
        section: "",
        title: ctx.tr.t1("frister-title-of", "municipality", &tenant.name),
        municipality: tenant.name.clone(),
        intro,
        areas,
        choices: vec![],
    };
    page_with_status(ctx, StatusCode::OK, &p)
}
