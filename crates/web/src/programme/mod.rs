//! The work programme: the yearly programme of the board and group
//! management (seed 002), its initiatives and how they are doing. This
//! module has the list of programmes and a programme's page; initiatives
//! and their status reports are in `initiative`.

pub mod aarshjul;
pub mod cycle;
pub mod initiative;
pub mod portfolio;
pub mod report;

use std::collections::HashMap;

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use chrono::Datelike;
use chrono_tz::Europe::Copenhagen;
use domain::meetings::DecisionId;
use domain::meetings::input::{FieldError, required_text};
use domain::programme::ProgrammeStatus;
use domain::programme::report::{Cadence, Status, Trend, missing, period_label};
use serde::Deserialize;
use std::sync::Arc;
use store::programme::{self as pstore, Initiative, Programme};
use store::programme_cache::Portfolio;

use crate::AppState;
use crate::ctx::{Ctx, User};
use crate::form::{Errors, actor};
use crate::render::{AppError, PageResult, page, page_with_status};
use crate::routes::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .get("/programmes", list)
        .post("/programmes", create)
        .get("/programmes/{year}", programme_page)
        .post("/programmes/{year}/status", set_status)
        .post("/programmes/{year}/roll-over", roll_over)
        .merge(initiative::routes())
        .merge(aarshjul::routes())
        .merge(cycle::routes())
        .merge(portfolio::routes())
        .merge(report::routes())
}

/// A programme's status, said in words (and never by colour alone).
pub fn status_label(ctx: &Ctx, s: ProgrammeStatus) -> String {
    ctx.tr.t(&format!("programme-status-{s}"))
}

/// An initiative's latest status as shown everywhere: a mark, the word and
/// a class for the colour.
#[derive(Clone)]
pub struct StatusMark {
    pub key: String,
    pub symbol: &'static str,
    pub label: String,
}

impl StatusMark {
    pub fn of(ctx: &Ctx, s: Option<Status>) -> Option<StatusMark> {
        s.map(|s| StatusMark { key: s.as_str().replace('_', "-"), symbol: s.symbol(), label: ctx.tr.t(&format!("initiative-status-{}", s.as_str())) })
    }
}

pub fn period_text(ctx: &Ctx, period: &str) -> String {
    period_label(period, ctx.tr.code() == "da")
}

/// A programme the viewer asked for by year, or 404.
pub async fn programme_of_year(state: &AppState, ctx: &Ctx, year: i64) -> Result<Programme, AppError> {
    let snapshot = state.programme(ctx.user()?).await?;
    snapshot.programme(year).cloned().ok_or(AppError::NotFound)
}

/// A programme with its initiatives, from the copy in memory, and that copy; or 404.
pub async fn portfolio_of_year(state: &AppState, ctx: &Ctx, year: i64) -> Result<(Arc<Portfolio>, Arc<store::programme_cache::Snapshot>), AppError> {
    let user = ctx.user()?;
    let snapshot = state.programme(user).await?;
    let p = snapshot.programme(year).ok_or(AppError::NotFound)?;
    Ok((snapshot.portfolio(&state.db, user.tenant_id, p).await?, snapshot))
}

/// The initiatives of the programmes not yet closed, newest year first,
/// as a decision may be linked to them: (id, "title (year)").
pub async fn open_initiatives(state: &AppState, user: &User) -> Result<Arc<Vec<(i64, String)>>, store::Error> {
    let snapshot = state.programme(user).await?;
    if let Some(kept) = snapshot.kept::<Vec<(i64, String)>>("open-initiatives") {
        return Ok(kept);
    }
    let mut all = vec![];
    for p in snapshot.programmes.iter().filter(|p| !p.is_closed()) {
        let portfolio = snapshot.portfolio(&state.db, user.tenant_id, p).await?;
        all.extend(portfolio.initiatives.iter().map(|i| (i.id, format!("{} ({})", i.title, p.year))));
    }
    Ok(snapshot.keep("open-initiatives".into(), all))
}

/// Each status's mark, said once for a page's many rows.
pub fn status_marks(ctx: &Ctx) -> HashMap<Status, StatusMark> {
    Status::ALL.into_iter().filter_map(|s| Some((s, StatusMark::of(ctx, Some(s))?))).collect()
}

pub struct ProgrammeRow {
    pub p: Programme,
    pub status: String,
    pub initiatives: i64,
}

#[derive(Template)]
#[template(path = "programme/programmes.html")]
struct ListPage<'a> {
    ctx: &'a Ctx,
    section: &'a str,
    title: String,
    rows: Vec<ProgrammeRow>,
    can_manage: bool,
    form: CreateForm,
    errors: Errors,
    /// The cadences offered, the usual one first.
    cadences: [Cadence; 2],
}

#[derive(Deserialize, Default)]
pub struct CreateForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    year: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    cadence: String,
}

async fn list_page(state: &AppState, ctx: &Ctx, status: StatusCode, form: CreateForm, errors: Errors) -> PageResult {
    let user = ctx.user()?;
    let programmes = pstore::programmes(&state.db, user.tenant_id).await?;
    let counts: HashMap<i64, i64> = pstore::initiative_counts(&state.db, user.tenant_id).await?.into_iter().collect();
    let rows =
        programmes.into_iter().map(|p| ProgrammeRow { status: status_label(ctx, p.status), initiatives: counts.get(&p.id).copied().unwrap_or(0), p }).collect();
    let p = ListPage {
        ctx,
        section: "programme",
        title: ctx.tr.t("programme-title"),
        rows,
        can_manage: user.viewer.can_manage_programme(),
        form,
        errors,
        cadences: [Cadence::Quarter, Cadence::Month],
    };
    page_with_status(ctx, status, &p)
}

async fn list(State(state): State<AppState>, ctx: Ctx) -> PageResult {
    let next = state.clock.now().with_timezone(&Copenhagen).year() + 1;
    let form = CreateForm { year: next.to_string(), cadence: Cadence::Quarter.to_string(), ..Default::default() };
    list_page(&state, &ctx, StatusCode::OK, form, Errors::default()).await
}

/// The signed-in person, if they write the programme; else refused (and logged).
pub(crate) async fn require_programme_manager<'a>(state: &AppState, ctx: &'a Ctx, what: &str) -> Result<&'a User, AppError> {
    service::programme::manage(&ctx.req(state)?, || what.to_string()).await?;
    ctx.user()
}

async fn create(State(state): State<AppState>, ctx: Ctx, Form(f): Form<CreateForm>) -> PageResult {
    ctx.check_csrf(&f.csrf)?;
    let user = require_programme_manager(&state, &ctx, "programme:create").await?;
    let mut errs = vec![];
    let year = f.year.trim().parse::<i64>().ok().filter(|y| (2000..=2100).contains(y));
    if year.is_none() {
        errs.push(FieldError { field: "year", message_id: "programme-year-invalid" });
    }
    let title = required_text("title", &f.title, domain::programme::initiative::MAX_TITLE).unwrap_or_else(|e| {
        errs.push(e);
        String::new()
    });
    let cadence = Cadence::parse(&f.cadence);
    if cadence.is_none() {
        errs.push(FieldError { field: "cadence", message_id: "programme-cadence-invalid" });
    }
    if let (true, Some(year), Some(cadence)) = (errs.is_empty(), year, cadence) {
        let made = pstore::create(&state.db, user.tenant_id, year, &title, cadence, &actor(user)).await?;
        if made.is_some() {
            return Ok(Redirect::to(&format!("/programmes/{year}")).into_response());
        }
        errs.push(FieldError { field: "year", message_id: "programme-year-taken" });
    }
    let errors = Errors::from(&ctx.tr, &errs);
    list_page(&state, &ctx, StatusCode::UNPROCESSABLE_ENTITY, f, errors).await
}

/// One initiative on its programme's page.
pub struct InitiativeRow {
    pub i: Initiative,
    pub owner: String,
    pub span: String,
    pub status: Option<StatusMark>,
    pub period: String,
    pub trend: Trend,
    pub trend_label: String,
    /// Periods due without a report, for the secretariat.
    pub missing: Vec<String>,
}

#[derive(Template)]
#[template(path = "programme/programme.html")]
struct ProgrammePage<'a> {
    ctx: &'a Ctx,
    section: &'a str,
    title: String,
    p: Programme,
    status: String,
    cadence: String,
    approved_by: Option<(DecisionId, String)>,
    rows: &'a [InitiativeRow],
    /// (status mark, how many) for the summary line.
    tally: Vec<(StatusMark, usize)>,
    unreported: usize,
    can_manage: bool,
    /// Decisions the programme can be approved by: (id, title and date).
    decisions: Vec<(DecisionId, String)>,
    /// Initiatives not done, which can be carried into next year.
    unfinished: usize,
    notice: Option<(bool, String)>,
}

#[derive(Deserialize, Default)]
pub struct NoticeQuery {
    done: Option<String>,
}

/// 05.03.2026, as Danes write a date.
/// The directorates and centres, in tree order: what initiatives and the
/// årshjul's entries are for.
pub fn directorates_and_centres(reference: &store::reference::Reference) -> Vec<(i64, String)> {
    use domain::org::UnitKind;
    reference.units.iter().filter(|u| matches!(u.kind, UnitKind::Directorate | UnitKind::Centre)).map(|u| (u.id, u.name.clone())).collect()
}

/// The colour that goes with a status (always beside its symbol and word).
pub fn status_colour(s: Option<Status>) -> &'static str {
    match s {
        Some(Status::OnTrack) => "#1b7a3e",
        Some(Status::AtRisk) => "#9a6700",
        Some(Status::OffTrack) => "#b3261e",
        Some(Status::Done | Status::Paused) => "#5c5c5c",
        None => "#767676",
    }
}

/// The key a status has in links, filters and class names; "none" before the first report.
pub fn status_key(s: Option<Status>) -> &'static str {
    s.map_or("none", Status::as_str)
}

pub fn date_text(d: chrono::NaiveDate) -> String {
    format!("{:02}.{:02}.{}", d.day(), d.month(), d.year())
}

async fn programme_page(State(state): State<AppState>, ctx: Ctx, Path(year): Path<i64>, Query(nq): Query<NoticeQuery>) -> PageResult {
    let (portfolio, snapshot) = portfolio_of_year(&state, &ctx, year).await?;
    let p = portfolio.programme.clone();
    let user = ctx.user()?;
    let reference = state.reference(user).await?;
    let today = state.clock.now().with_timezone(&Copenhagen).date_naive();
    let manage = user.viewer.can_manage_programme();
    let cadence = p.cadence;
    // Everyone reads the same rows on a day; they are made once per language and kept with the programme.
    let key = format!("rows|{}|{}|{today}", ctx.tr.code(), p.id);
    let rows = snapshot.kept_or(key, || initiative_rows(&ctx, &reference, &portfolio, today));
    let tally = Status::ALL
        .into_iter()
        .filter_map(|s| {
            let n = rows.iter().filter(|r| r.i.status() == Some(s)).count();
            let mark = StatusMark::of(&ctx, Some(s))?;
            (n > 0).then_some((mark, n))
        })
        .collect();
    let unreported = rows.iter().filter(|r| r.i.status().is_none()).count();
    let unfinished = rows.iter().filter(|r| domain::programme::initiative::carries(r.i.status())).count();
    // The decision that approved it, named only to those who may read it.
    let approved_by = match p.approved_decision_id {
        Some(d) => service::meetings::decisions::readable_of(&ctx.req(&state)?, &[d]).await?.into_iter().next().map(|d| (d.id, d.title)),
        None => None,
    };
    let decisions = if manage && p.is_draft() { approvable_decisions(&state, &ctx).await? } else { vec![] };
    let notice = nq.done.as_deref().map(|o| {
        if let Some(n) = o.strip_prefix("carried-") {
            return (true, ctx.tr.t1("programme-outcome-carried", "count", n.parse::<i64>().unwrap_or(0)));
        }
        let known = ["approved", "closed", "reopened", "conflict", "bad-input", "next-closed"];
        let o = if known.contains(&o) { o } else { "bad-input" };
        (!matches!(o, "conflict" | "bad-input" | "next-closed"), ctx.tr.t(&format!("programme-outcome-{o}")))
    });
    let page_data = ProgrammePage {
        ctx: &ctx,
        section: "programme",
        title: p.title.clone(),
        status: status_label(&ctx, p.status),
        cadence: ctx.tr.t(&format!("programme-cadence-{}", cadence.as_str())),
        approved_by,
        rows: &rows,
        tally,
        unreported,
        can_manage: manage,
        decisions,
        unfinished,
        notice,
        p,
    };
    page(&ctx, &page_data)
}

/// A programme's initiatives as its page lists them on `today`.
fn initiative_rows(ctx: &Ctx, reference: &store::reference::Reference, portfolio: &Portfolio, today: chrono::NaiveDate) -> Vec<InitiativeRow> {
    // The periods of the year each initiative has reported for; the trend is kept with the initiative.
    let reported = &portfolio.reported;
    let p = &portfolio.programme;
    let cadence = p.cadence;
    let marks = status_marks(ctx);
    let trends: HashMap<Trend, String> = Trend::ALL.into_iter().map(|tr| (tr, ctx.tr.t(&format!("trend-{}", tr.as_str())))).collect();
    let due = missing(cadence, p.year as i32, &[], today);
    portfolio
        .initiatives
        .iter()
        .map(|i| {
            let reported: &[String] = reported.get(&i.id).map(Vec::as_slice).unwrap_or_default();
            // Only periods the initiative runs in are chased, and none once it is done.
            let gaps: Vec<&String> = if i.is_done() || p.is_closed() {
                vec![]
            } else {
                due.iter().filter(|per| !reported.contains(per)).filter(|per| cadence.due(per).is_some_and(|d| d >= i.starts_on)).collect()
            };
            let tr = i.trend;
            InitiativeRow {
                owner: i.owner_person_id.and_then(|o| reference.people.get(&o).cloned()).unwrap_or_default(),
                span: format!("{} – {}", date_text(i.starts_on), date_text(i.ends_on)),
                status: i.status().and_then(|s| marks.get(&s).cloned()),
                period: if i.latest_period().is_empty() { String::new() } else { period_text(ctx, i.latest_period()) },
                trend: tr,
                trend_label: trends.get(&tr).cloned().unwrap_or_default(),
                missing: gaps.iter().map(|g| period_text(ctx, g)).collect(),
                i: i.clone(),
            }
        })
        .collect()
}

/// The latest decisions (of those the viewer reads) a programme could have
/// been approved by, newest first.
async fn approvable_decisions(state: &AppState, ctx: &Ctx) -> Result<Vec<(DecisionId, String)>, AppError> {
    let found = service::meetings::decisions::page(&ctx.req(state)?, Default::default(), 40, 0).await?;
    Ok(found.into_iter().map(|d| (d.id, format!("{} ({})", d.title, d.decided_at.with_timezone(&Copenhagen).format("%d.%m.%Y")))).collect())
}

#[derive(Deserialize)]
pub struct StatusForm {
    csrf: String,
    version: i64,
    status: String,
    #[serde(default)]
    decision: String,
}

async fn set_status(State(state): State<AppState>, ctx: Ctx, Path(year): Path<i64>, Form(f): Form<StatusForm>) -> PageResult {
    ctx.check_csrf(&f.csrf)?;
    let user = require_programme_manager(&state, &ctx, &format!("programme:{year}:status")).await?;
    let p = programme_of_year(&state, &ctx, year).await?;
    let bad = || Ok(Redirect::to(&format!("/programmes/{year}?done=bad-input")).into_response());
    let Some(to) = ProgrammeStatus::parse(&f.status) else { return bad() };
    // A second click on the same button finds it done.
    if p.status == to && to != ProgrammeStatus::Draft {
        let outcome = if to == ProgrammeStatus::Closed { "closed" } else { "approved" };
        return Ok(Redirect::to(&format!("/programmes/{year}?done={outcome}")).into_response());
    }
    if f.version != p.version {
        return Ok(Redirect::to(&format!("/programmes/{year}?done=conflict")).into_response());
    }
    if !p.status.may_become(to) {
        return bad();
    }
    let decision = f.decision.trim().parse::<DecisionId>().ok();
    // The decision must be one the person may read.
    if let Some(d) = decision
        && service::meetings::decisions::readable_of(&ctx.req(&state)?, &[d]).await?.is_empty()
    {
        return bad();
    }
    let ok = pstore::set_status(&state.db, user.tenant_id, p.id, f.version, to, decision, &actor(user)).await?;
    let outcome = match (ok, p.status, to) {
        (false, _, _) => "conflict",
        (true, ProgrammeStatus::Closed, _) => "reopened",
        (true, _, ProgrammeStatus::Closed) => "closed",
        (true, _, _) => "approved",
    };
    Ok(Redirect::to(&format!("/programmes/{year}?done={outcome}")).into_response())
}

#[derive(Deserialize)]
pub struct RollOverForm {
    csrf: String,
}

/// Carries the programme's unfinished initiatives into next year's draft.
async fn roll_over(State(state): State<AppState>, ctx: Ctx, Path(year): Path<i64>, Form(f): Form<RollOverForm>) -> PageResult {
    ctx.check_csrf(&f.csrf)?;
    let user = require_programme_manager(&state, &ctx, &format!("programme:{year}:roll-over")).await?;
    programme_of_year(&state, &ctx, year).await?;
    let title = ctx.tr.t1("programme-default-title", "year", year + 1);
    match pstore::roll_over(&state.db, user.tenant_id, year, &title, &actor(user)).await? {
        Some(n) => Ok(Redirect::to(&format!("/programmes/{}?done=carried-{n}", year + 1)).into_response()),
        None => Ok(Redirect::to(&format!("/programmes/{year}?done=next-closed")).into_response()),
    }
}
