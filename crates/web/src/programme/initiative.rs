//! An initiative (indsats): its page with milestones, dependencies, the
//! decisions that moved it and its status reports with their trend; the
//! form that creates and changes it; and the status report its owner
//! writes each period.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use chrono_tz::Europe::Copenhagen;
use domain::framework::ElementKind;
use domain::meetings::DecisionId;
use domain::meetings::input::FieldError;
use domain::org::UnitKind;
use domain::programme::initiative::{InitiativeInput, check, check_milestone, format_kroner, would_cycle};
use domain::programme::report::{ReportInput, Status, check_report, trend};
use store::programme::{self as pstore, Initiative, Programme, Saved, Ties};
use store::reference::Reference;

use super::{NoticeQuery, StatusMark, date_text, period_text, programme_of_year};
use crate::AppState;
use crate::ctx::{Ctx, User};
use crate::form::{Errors, Pairs, actor};
use crate::render::{AppError, PageResult, page_with_status};
use crate::routes::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .get("/programmes/{year}/initiatives/new", new_form)
        .post("/programmes/{year}/initiatives/new", create)
        .get("/initiatives/{id}", initiative_page)
        .get("/initiatives/{id}/edit", edit_form)
        .post("/initiatives/{id}/edit", update)
        .post("/initiatives/{id}/reports", report)
        .post("/initiatives/{id}/milestones", add_milestone)
        .post("/initiatives/{id}/dependencies", add_dependency)
        .post("/milestones/{id}/done", milestone_done)
}

/// An initiative with its programme, or 404.
async fn load(state: &AppState, ctx: &Ctx, id: i64) -> Result<(Initiative, Programme), AppError> {
    Ok(service::programme::initiative(&ctx.req(state)?, id).await?)
}

/// The same, when the viewer may change it.
async fn editable(state: &AppState, ctx: &Ctx, id: i64, what: &str) -> Result<(Initiative, Programme), AppError> {
    let (i, p) = load(state, ctx, id).await?;
    service::programme::edit_initiative(&ctx.req(state)?, i.owner_person_id, || format!("initiative:{id}:{what}")).await?;
    Ok((i, p))
}

/// Who may own an initiative: the leaders of directorates and centres (and
/// the board), by name.
fn owners(reference: &Reference) -> Vec<(i64, String)> {
    let mut out: Vec<(i64, String)> = vec![];
    for u in reference.units.iter().filter(|u| matches!(u.kind, UnitKind::Directorate | UnitKind::Centre | UnitKind::ExecutiveBoard)) {
        for l in reference.leaders.get(&u.id).into_iter().flatten() {
            if !out.iter().any(|o| o.0 == l.0) {
                out.push(l.clone());
            }
        }
    }
    out.sort_by(|a, b| a.1.cmp(&b.1));
    out
}

/// Units that take part in initiatives: directorates and centres, in tree
/// order. (Operating units take part through their centre.)
use super::directorates_and_centres as taking_part;

fn framework_keys(reference: &Reference, kind: ElementKind) -> Vec<(String, String)> {
    reference.framework_elements().iter().filter(|e| e.kind == kind).map(|e| (e.key.clone(), e.title.clone())).collect()
}

// ---- the form ----

#[derive(Template)]
#[template(path = "programme/initiative_form.html")]
struct FormPage<'a> {
    ctx: &'a Ctx,
    section: &'a str,
    title: String,
    p: Programme,
    /// None for a new initiative.
    id: Option<i64>,
    version: i64,
    input: InitiativeInput,
    units: Vec<i64>,
    perspectives: Vec<String>,
    values: Vec<String>,
    owners: Vec<(i64, String)>,
    unit_choices: Vec<(i64, String)>,
    perspective_choices: Vec<(String, String)>,
    value_choices: Vec<(String, String)>,
    /// The policies' goals in force: (id, "policy: goal").
    goal_choices: Vec<(i64, String)>,
    goals: Vec<i64>,
    errors: Errors,
    conflict: bool,
}

/// What the form holds besides the checked fields.
#[derive(Default)]
struct Chosen {
    units: Vec<i64>,
    goals: Vec<i64>,
    perspectives: Vec<String>,
    values: Vec<String>,
}

#[allow(clippy::too_many_arguments)]
async fn form_page(
    state: &AppState,
    ctx: &Ctx,
    status: StatusCode,
    p: Programme,
    id: Option<i64>,
    version: i64,
    input: InitiativeInput,
    chosen: Chosen,
    errors: Errors,
    conflict: bool,
) -> PageResult {
    let user = ctx.user()?;
    let reference = state.reference(user).await?;
    let title = if id.is_some() { ctx.tr.t("initiative-edit") } else { ctx.tr.t("initiative-new") };
    let f = FormPage {
        ctx,
        section: "programme",
        title,
        p,
        id,
        version,
        input,
        units: chosen.units,
        perspectives: chosen.perspectives,
        values: chosen.values,
        owners: owners(&reference),
        unit_choices: taking_part(&reference),
        perspective_choices: framework_keys(&reference, ElementKind::Perspective),
        value_choices: framework_keys(&reference, ElementKind::Value),
        goal_choices: goal_choices(&ctx.req(state)?).await?,
        goals: chosen.goals,
        errors,
        conflict,
    };
    page_with_status(ctx, status, &f)
}

/// The goals an initiative may serve: (id, "policy: goal").
async fn goal_choices(req: &service::Req<'_>) -> Result<Vec<(i64, String)>, AppError> {
    Ok(service::policy::goals_to_choose(req).await?.into_iter().map(|(g, policy)| (g.id, format!("{policy}: {}", g.title))).collect())
}

async fn new_form(State(state): State<AppState>, ctx: Ctx, Path(year): Path<i64>) -> PageResult {
    let p = programme_of_year(&state, &ctx, year).await?;
    super::require_programme_manager(&state, &ctx, &format!("programme:{year}:initiative")).await?;
    let input = InitiativeInput { starts_on: format!("{year}-01-01"), ends_on: format!("{year}-12-31"), ..Default::default() };
    form_page(&state, &ctx, StatusCode::OK, p, None, 0, input, Chosen::default(), Errors::default(), false).await
}

async fn edit_form(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> PageResult {
    let (i, p) = editable(&state, &ctx, id, "edit").await?;
    let user = ctx.user()?;
    let units = pstore::units_of(&state.db, user.tenant_id, id).await?.into_iter().map(|u| u.0).collect();
    let goals = service::policy::goals_of_initiative(&ctx.req(&state)?, id).await?.into_iter().map(|(g, _)| g.id).collect();
    let chosen = Chosen { units, goals, perspectives: i.perspectives.clone(), values: i.values.clone() };
    let input = input_of(&i);
    form_page(&state, &ctx, StatusCode::OK, p, Some(id), i.version, input, chosen, Errors::default(), false).await
}

fn input_of(i: &Initiative) -> InitiativeInput {
    InitiativeInput {
        title: i.title.clone(),
        purpose: i.purpose.clone(),
        description: i.description.clone(),
        owner: i.owner_person_id.map(|o| o.to_string()).unwrap_or_default(),
        starts_on: i.starts_on.to_string(),
        ends_on: i.ends_on.to_string(),
        budget: i.budget.map(format_kroner).unwrap_or_default(),
        risks: i.risks.clone(),
    }
}

/// Reads the form; checks the fields and that every chosen unit, perspective
/// and value is one offered.
fn read_form(form: &Pairs, reference: &Reference, offered_goals: &[(i64, String)]) -> (InitiativeInput, Chosen, Vec<FieldError>) {
    let input = InitiativeInput {
        title: form.one("title"),
        purpose: form.one("purpose"),
        description: form.one("description"),
        owner: form.one("owner"),
        starts_on: form.one("starts_on"),
        ends_on: form.one("ends_on"),
        budget: form.one("budget"),
        risks: form.one("risks"),
    };
    let mut errs = vec![];
    let offered_units = taking_part(reference);
    let units: Vec<i64> = form.all("units").iter().filter_map(|u| u.parse().ok()).collect();
    if units.iter().any(|u| !offered_units.iter().any(|o| o.0 == *u)) {
        errs.push(FieldError { field: "units", message_id: "initiative-unknown-choice" });
    }
    let perspectives = form.all("perspectives");
    let offered = framework_keys(reference, ElementKind::Perspective);
    if perspectives.iter().any(|k| !offered.iter().any(|o| &o.0 == k)) {
        errs.push(FieldError { field: "perspectives", message_id: "initiative-unknown-choice" });
    }
    let values = form.all("values");
    let offered = framework_keys(reference, ElementKind::Value);
    if values.iter().any(|k| !offered.iter().any(|o| &o.0 == k)) {
        errs.push(FieldError { field: "values", message_id: "initiative-unknown-choice" });
    }
    let goals: Vec<i64> = form.all("goals").iter().filter_map(|g| g.parse().ok()).collect();
    if goals.len() != form.all("goals").len() || goals.iter().any(|g| !offered_goals.iter().any(|o| o.0 == *g)) {
        errs.push(FieldError { field: "goals", message_id: "initiative-unknown-choice" });
    }
    (input, Chosen { units, goals, perspectives, values }, errs)
}

async fn save(state: &AppState, ctx: &Ctx, p: Programme, id: Option<i64>, form: Pairs) -> PageResult {
    let user = ctx.user()?;
    ctx.check_csrf(&form.one("csrf"))?;
    let reference = state.reference(user).await?;
    let version = form.one("version").parse::<i64>().unwrap_or(0);
    let offered_goals = goal_choices(&ctx.req(state)?).await?;
    let (input, chosen, mut errs) = read_form(&form, &reference, &offered_goals);
    if p.is_closed() {
        errs.push(FieldError { field: "title", message_id: "programme-closed" });
    }
    let owner_ids: Vec<i64> = owners(&reference).into_iter().map(|o| o.0).collect();
    match check(&input, &owner_ids) {
        Ok(checked) if errs.is_empty() => {
            let ties = Ties { units: &chosen.units, goals: &chosen.goals, perspectives: &chosen.perspectives, values: &chosen.values };
            match pstore::save_initiative(&state.db, user.tenant_id, p.id, id.map(|id| (id, version)), &checked, &ties, &actor(user)).await? {
                Saved::Saved(id) => Ok(Redirect::to(&format!("/initiatives/{id}?done=saved")).into_response()),
                Saved::Conflict => {
                    // Show what is saved now, with a warning; the typed text is lost
                    // only if the person chooses to leave.
                    let now = pstore::initiative(&state.db, user.tenant_id, id.unwrap_or(0)).await?.ok_or(AppError::NotFound)?;
                    form_page(state, ctx, StatusCode::CONFLICT, p, id, now.version, input, chosen, Errors::default(), true).await
                }
            }
        }
        other => {
            if let Err(e) = other {
                errs.extend(e);
            }
            let errors = Errors::from(&ctx.tr, &errs);
            form_page(state, ctx, StatusCode::UNPROCESSABLE_ENTITY, p, id, version, input, chosen, errors, false).await
        }
    }
}

async fn create(State(state): State<AppState>, ctx: Ctx, Path(year): Path<i64>, form: Pairs) -> PageResult {
    ctx.check_csrf(&form.one("csrf"))?;
    let p = programme_of_year(&state, &ctx, year).await?;
    super::require_programme_manager(&state, &ctx, &format!("programme:{year}:initiative")).await?;
    save(&state, &ctx, p, None, form).await
}

async fn update(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, form: Pairs) -> PageResult {
    ctx.check_csrf(&form.one("csrf"))?;
    let (_, p) = editable(&state, &ctx, id, "edit").await?;
    save(&state, &ctx, p, Some(id), form).await
}

// ---- the page ----

pub struct ReportRow {
    pub r: pstore::Report,
    pub period: String,
    pub status: Option<StatusMark>,
    pub written: String,
}

pub struct MilestoneRow {
    pub m: pstore::Milestone,
    pub due: String,
    pub done: String,
    pub overdue: bool,
}

#[derive(Template)]
#[template(path = "programme/initiative.html")]
struct InitiativePage<'a> {
    ctx: &'a Ctx,
    section: &'a str,
    title: String,
    i: Initiative,
    p: Programme,
    owner: String,
    span: String,
    budget: String,
    units: Vec<(i64, String)>,
    perspectives: Vec<String>,
    values: Vec<String>,
    /// The policy goals it serves: (id, title).
    goals: Vec<(i64, String)>,
    status: Option<StatusMark>,
    trend_label: String,
    /// Said when the newest status predates reports that are overdue.
    stale: String,
    reports: Vec<ReportRow>,
    milestones: Vec<MilestoneRow>,
    depends_on: Vec<(i64, String)>,
    needed_by: Vec<(i64, String)>,
    dependency_choices: Vec<(i64, String)>,
    decisions: Vec<(DecisionId, String, String)>,
    /// The initiative of an earlier programme this one continues.
    carried_from: Option<i64>,
    can_edit: bool,
    /// The report form: periods one may report for, newest first, and what is typed.
    periods: Vec<(String, String)>,
    report: ReportInput,
    statuses: Vec<(String, &'static str, String)>,
    errors: Errors,
    notice: Option<(bool, String)>,
}

async fn initiative_page(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Query(nq): Query<NoticeQuery>) -> PageResult {
    let (i, p) = load(&state, &ctx, id).await?;
    let notice = nq.done.as_deref().map(|o| {
        let known = ["saved", "reported", "milestone", "dependency", "conflict", "bad-input", "cycle", "closed"];
        let o = if known.contains(&o) { o } else { "bad-input" };
        (matches!(o, "saved" | "reported" | "milestone" | "dependency"), ctx.tr.t(&format!("initiative-outcome-{o}")))
    });
    let today = state.clock.now().with_timezone(&Copenhagen).date_naive();
    let current = p.cadence.period_of(today);
    let report = ReportInput { period: current.clone(), progress: "0".into(), ..Default::default() };
    initiative_view(&state, &ctx, StatusCode::OK, i, p, report, Errors::default(), notice).await
}

#[allow(clippy::too_many_arguments)]
async fn initiative_view(
    state: &AppState,
    ctx: &Ctx,
    status: StatusCode,
    i: Initiative,
    p: Programme,
    report: ReportInput,
    errors: Errors,
    notice: Option<(bool, String)>,
) -> PageResult {
    let user = ctx.user()?;
    let t = user.tenant_id;
    let reference = state.reference(user).await?;
    let today = state.clock.now().with_timezone(&Copenhagen).date_naive();
    let service::programme::InitiativeDetail { units, milestones, reports, decisions, goals, .. } = service::programme::detail(&ctx.req(state)?, &i).await?;
    let statuses: Vec<Status> = reports.iter().map(|r| r.status).collect();
    let tr = trend(&statuses);
    let milestones = milestones
        .into_iter()
        .map(|m| MilestoneRow {
            due: date_text(m.due_on),
            done: m.done_on.map(date_text).unwrap_or_default(),
            overdue: m.done_on.is_none() && m.due_on < today,
            m,
        })
        .collect();
    let snapshot = state.programme(user).await?;
    let portfolio = snapshot.portfolio(&state.db, t, &p).await?;
    let (all, deps) = (&portfolio.initiatives, &portfolio.dependencies);
    let titles: HashMap<i64, String> = all.iter().map(|x| (x.id, x.title.clone())).collect();
    let depends_on: Vec<(i64, String)> = deps.iter().filter(|d| d.0 == i.id).filter_map(|d| titles.get(&d.1).map(|n| (d.1, n.clone()))).collect();
    let needed_by = deps.iter().filter(|d| d.1 == i.id).filter_map(|d| titles.get(&d.0).map(|n| (d.0, n.clone()))).collect();
    let dependency_choices = all.iter().filter(|x| x.id != i.id && !depends_on.iter().any(|d| d.0 == x.id)).map(|x| (x.id, x.title.clone())).collect();
    // Only the decisions the viewer may read are named.
    let decisions: Vec<(DecisionId, String, String)> =
        decisions.into_iter().map(|d| (d.id, d.title, d.decided_at.with_timezone(&Copenhagen).format("%d.%m.%Y").to_string())).collect();
    let elements = reference.framework_elements();
    let title_of = |k: &String| elements.iter().find(|e| &e.key == k).map(|e| e.title.clone()).unwrap_or_else(|| k.clone());
    let cadence = p.cadence;
    let current = cadence.period_of(today);
    let periods = cadence
        .periods(p.year as i32)
        .into_iter()
        .filter(|per| cadence.due(per).is_some_and(|d| d <= today) || *per == current)
        .rev()
        .map(|per| (per.clone(), period_text(ctx, &per)))
        .collect();
    let can_edit = user.viewer.can_edit_initiative(i.owner_person_id) && p.status.takes_reports();
    // A status from before reports that are now overdue is old news, and said to be.
    let reported: Vec<String> = reports.iter().map(|r| r.period.clone()).collect();
    let stale = if i.is_done() || i.latest.is_none() || p.is_closed() {
        String::new()
    } else {
        let overdue = domain::programme::report::overdue_since_latest(cadence, p.year as i32, &reported, i.starts_on, today);
        if overdue.is_empty() {
            String::new()
        } else {
            ctx.tr.args(
                "initiative-status-stale",
                [("period", period_text(ctx, i.latest_period())), ("missing", overdue.iter().map(|o| period_text(ctx, o)).collect::<Vec<_>>().join(", "))],
            )
        }
    };
    let page_data = InitiativePage {
        stale,
        ctx,
        section: "programme",
        title: i.title.clone(),
        owner: i.owner_person_id.and_then(|o| reference.people.get(&o).cloned()).unwrap_or_default(),
        span: format!("{} – {}", date_text(i.starts_on), date_text(i.ends_on)),
        budget: i.budget.map(|b| format!("{} kr.", format_kroner(b))).unwrap_or_default(),
        units,
        perspectives: i.perspectives.iter().map(title_of).collect(),
        values: i.values.iter().map(title_of).collect(),
        goals,
        status: StatusMark::of(ctx, i.status()),
        trend_label: format!("{} {}", tr.arrow(), ctx.tr.t(&format!("trend-{}", tr.as_str()))).trim().to_string(),
        reports: reports
            .into_iter()
            .rev()
            .map(|r| ReportRow {
                period: period_text(ctx, &r.period),
                status: StatusMark::of(ctx, Some(r.status)),
                written: format!("{} · {}", ctx.tr.datetime(&r.created_at), r.created_by),
                r,
            })
            .collect(),
        milestones,
        depends_on,
        needed_by,
        dependency_choices,
        decisions,
        carried_from: i.carried_from_id,
        can_edit,
        periods,
        report,
        statuses: Status::ALL.into_iter().map(|s| (s.as_str().to_string(), s.symbol(), ctx.tr.t(&format!("initiative-status-{}", s.as_str())))).collect(),
        errors,
        notice,
        i,
        p,
    };
    page_with_status(ctx, status, &page_data)
}

// ---- changes from the page ----

fn back(id: i64, outcome: &str) -> PageResult {
    Ok(Redirect::to(&format!("/initiatives/{id}?done={outcome}")).into_response())
}

fn open_for_changes(p: &Programme) -> bool {
    p.status.takes_reports()
}

async fn report(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, form: Pairs) -> PageResult {
    ctx.check_csrf(&form.one("csrf"))?;
    let (i, p) = editable(&state, &ctx, id, "report").await?;
    let user = ctx.user()?;
    if !open_for_changes(&p) {
        return back(id, "closed");
    }
    let input = ReportInput {
        period: form.one("period"),
        status: form.one("status"),
        progress: form.one("progress"),
        happened: form.one("happened"),
        next_steps: form.one("next_steps"),
        needs: form.one("needs"),
    };
    let today = state.clock.now().with_timezone(&Copenhagen).date_naive();
    match check_report(&input, p.cadence, p.year as i32, today) {
        Ok(r) => {
            let new = pstore::NewReport {
                period: &r.period,
                status: r.status,
                progress: r.progress,
                happened: &r.happened,
                next_steps: &r.next_steps,
                needs: &r.needs,
            };
            pstore::save_report(&state.db, user.tenant_id, id, &new, &actor(user)).await?;
            back(id, "reported")
        }
        Err(errs) => {
            let errors = Errors::from(&ctx.tr, &errs);
            let notice = Some((false, ctx.tr.t("report-has-errors")));
            initiative_view(&state, &ctx, StatusCode::UNPROCESSABLE_ENTITY, i, p, input, errors, notice).await
        }
    }
}

async fn add_milestone(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, form: Pairs) -> PageResult {
    ctx.check_csrf(&form.one("csrf"))?;
    let (i, p) = editable(&state, &ctx, id, "milestone").await?;
    let user = ctx.user()?;
    if !open_for_changes(&p) {
        return back(id, "closed");
    }
    match check_milestone(&form.one("milestone_title"), &form.one("due_on"), i.starts_on, i.ends_on) {
        Ok((title, due)) => {
            pstore::add_milestone(&state.db, user.tenant_id, id, &title, due, &actor(user)).await?;
            back(id, "milestone")
        }
        Err(errs) => {
            let errors = Errors::from(&ctx.tr, &errs);
            let notice = Some((false, ctx.tr.t("milestone-has-errors")));
            let report = ReportInput { progress: "0".into(), ..Default::default() };
            initiative_view(&state, &ctx, StatusCode::UNPROCESSABLE_ENTITY, i, p, report, errors, notice).await
        }
    }
}

async fn milestone_done(State(state): State<AppState>, ctx: Ctx, Path(mid): Path<i64>, form: Pairs) -> PageResult {
    ctx.check_csrf(&form.one("csrf"))?;
    let user = ctx.user()?;
    let initiative = store::programme::milestone_initiative(&state.db, user.tenant_id, mid).await?.ok_or(AppError::NotFound)?;
    let (_, p) = editable(&state, &ctx, initiative, "milestone").await?;
    if !open_for_changes(&p) {
        return back(initiative, "closed");
    }
    let done = (form.one("done") == "1").then(|| state.clock.now().with_timezone(&Copenhagen).date_naive());
    pstore::set_milestone_done(&state.db, user.tenant_id, mid, done, &actor(user)).await?;
    back(initiative, "milestone")
}

async fn add_dependency(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, form: Pairs) -> PageResult {
    ctx.check_csrf(&form.one("csrf"))?;
    let (_, p) = editable(&state, &ctx, id, "dependency").await?;
    let user: &User = ctx.user()?;
    if !open_for_changes(&p) {
        return back(id, "closed");
    }
    let Ok(on) = form.one("depends_on").parse::<i64>() else { return back(id, "bad-input") };
    // Only on an initiative of the same programme.
    let Some(other) = pstore::initiative(&state.db, user.tenant_id, on).await? else { return back(id, "bad-input") };
    if other.programme_id != p.id {
        return back(id, "bad-input");
    }
    let edges = pstore::dependencies(&state.db, user.tenant_id, p.id).await?;
    if would_cycle(&edges, id, on) {
        return back(id, "cycle");
    }
    pstore::add_dependency(&state.db, user.tenant_id, id, on, &actor(user)).await?;
    back(id, "dependency")
}
