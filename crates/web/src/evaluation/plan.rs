//! The dialogue after a report, as a workflow: the talk with the manager on
//! an agenda made from the report, the team dialogue with a kit of the
//! results the leader chooses to share, the development plan (one to three
//! focus behaviours, actions, support, a follow-up date) and check-ins.
//! The plan's address is its report's: `/evaluation/plans/{report}`.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use domain::evaluation::plan::{CheckInInput, DialogueInput, MIRROR, PlanInput};
use domain::evaluation::questionnaire::Part;
use domain::evaluation::report::Column;
use domain::meetings::input::FieldError;
use serde::Deserialize;
use service::evaluation::ReadPlan;
use store::evaluation::{self as ev, PlanChange};

use super::report::{Cell, cell, number};
use crate::AppState;
use crate::ctx::Ctx;
use crate::form::{Errors, Pairs, actor};
use crate::render::{AppError, PageResult, page, page_with_status};
use crate::routes::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .get("/evaluation/plans/{id}", plan_page)
        .post("/evaluation/plans/{id}", save)
        .post("/evaluation/plans/{id}/checkins", check_in)
        .get("/evaluation/plans/{id}/kit", kit)
}

#[derive(Deserialize, Default)]
pub struct Done {
    done: Option<String>,
}

pub struct Choice {
    pub value: String,
    pub label: String,
    pub checked: bool,
}

pub struct Step {
    pub label: String,
    pub done: bool,
    pub detail: String,
}

#[derive(Template)]
#[template(path = "evaluation/plan.html")]
struct PlanPage<'a> {
    ctx: &'a Ctx,
    section: &'a str,
    title: String,
    /// Whether a plan is made: check-ins are written on a plan.
    planned: bool,
    subject: i64,
    leader: String,
    round: String,
    notice: Option<(bool, String)>,
    steps: Vec<Step>,
    agenda: Vec<String>,
    talk_on: String,
    team_on: String,
    shared: Vec<Choice>,
    /// Focus behaviours to choose from, by statement: (statement, choices).
    focus: Vec<(String, Vec<Choice>)>,
    actions: String,
    support: String,
    follow_up_on: String,
    version: i64,
    errors: Errors,
    check_ins: Vec<(String, String, String)>,
    /// The check-in's date and note as typed (today and nothing at first).
    check_in_on: String,
    check_in_note: String,
}

/// The agenda of the talk with the manager, made from the report.
fn agenda(ctx: &Ctx, rp: &ReadPlan) -> Vec<String> {
    let r = &rp.report.report;
    let items = &rp.report.items;
    let tr = &ctx.tr;
    let list = |ix: &[usize]| ix.iter().filter_map(|i| items.get(*i)).map(|i| i.about_leader.clone()).collect::<Vec<_>>().join("; ");
    let mut out = vec![tr.t("evaluation-agenda-open")];
    if !r.top.is_empty() {
        out.push(tr.t1("evaluation-agenda-top", "list", list(&r.top)));
    }
    if !r.gaps.is_empty() {
        let gaps: Vec<usize> = r.gaps.iter().map(|g| g.item).collect();
        out.push(tr.t1("evaluation-agenda-gaps", "list", list(&gaps)));
    }
    if !r.bottom.is_empty() {
        out.push(tr.t1("evaluation-agenda-bottom", "list", list(&r.bottom)));
    }
    if let (Some(team), Some(leader)) = (r.mirror.followership.mean(), r.mirror.leadership.mean()) {
        out.push(tr.args("evaluation-agenda-mirror", [("team", number(ctx, team)), ("leader", number(ctx, leader))]));
    }
    if !r.comments.is_empty() {
        out.push(tr.t("evaluation-agenda-comments"));
    }
    out.push(tr.t("evaluation-agenda-focus"));
    out.push(tr.t("evaluation-agenda-support"));
    out
}

fn date_field(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

struct Typed {
    talk_on: String,
    team_on: String,
    shared: Vec<String>,
    focus: Vec<String>,
    actions: String,
    support: String,
    follow_up_on: String,
}

/// What was typed in the page's two forms, when it was refused.
#[derive(Default)]
struct Refused {
    plan: Option<Typed>,
    check_in: Option<(String, String)>,
}

async fn view(state: &AppState, ctx: &Ctx, status: StatusCode, id: i64, refused: Refused, errors: Errors, notice: Option<(bool, String)>) -> PageResult {
    let req = ctx.req(state)?;
    let rp = service::evaluation::plan(&req, id).await?;
    let p = &rp.plan;
    let today = state.clock.today();
    let (check_in_on, check_in_note) = refused.check_in.unwrap_or_else(|| (today.to_string(), String::new()));
    let typed = refused.plan.unwrap_or(Typed {
        talk_on: date_field(p.talk_on),
        team_on: date_field(p.team_on),
        shared: p.shared.clone(),
        focus: p.focus.iter().map(|f| f.to_string()).collect(),
        actions: p.actions.clone(),
        support: p.support.clone(),
        follow_up_on: date_field(p.follow_up_on),
    });
    let tr = &ctx.tr;
    let past = |d: Option<chrono::NaiveDate>| d.is_some_and(|d| d <= today);
    let when = |d: Option<chrono::NaiveDate>| d.map(|d| ::i18n::day(tr, d)).unwrap_or_default();
    let steps = vec![
        Step { label: tr.t("evaluation-step-released"), done: rp.report.subject.released, detail: String::new() },
        Step { label: tr.t("evaluation-step-talk"), done: past(p.talk_on), detail: when(p.talk_on) },
        Step { label: tr.t("evaluation-step-team"), done: past(p.team_on), detail: when(p.team_on) },
        Step {
            label: tr.t("evaluation-step-plan"),
            done: !p.focus.is_empty(),
            detail: p.follow_up_on.map(|d| tr.t1("evaluation-step-follow-up", "date", ::i18n::day(tr, d))).unwrap_or_default(),
        },
        Step {
            label: tr.t("evaluation-step-check-ins"),
            done: !rp.check_ins.is_empty(),
            detail: tr.t1("evaluation-step-check-in-count", "count", rp.check_ins.len()),
        },
        Step { label: tr.t("evaluation-step-next-round"), done: false, detail: String::new() },
    ];
    let mut shared: Vec<Choice> = rp
        .report
        .report
        .statements
        .iter()
        .filter(|s| s.part == Part::Statement)
        .map(|s| Choice { value: s.key.clone(), label: s.title.clone(), checked: typed.shared.contains(&s.key) })
        .collect();
    shared.push(Choice { value: MIRROR.into(), label: tr.t("evaluation-mirror"), checked: typed.shared.iter().any(|s| s == MIRROR) });
    let mut focus: Vec<(String, Vec<Choice>)> = vec![];
    for i in service::evaluation::focus_items(&req, &rp.report.round).await? {
        let choice = Choice { value: i.id.to_string(), label: i.item.about_self.clone(), checked: typed.focus.contains(&i.id.to_string()) };
        match focus.last_mut() {
            Some((t, v)) if *t == i.item.statement_title => v.push(choice),
            _ => focus.push((i.item.statement_title.clone(), vec![choice])),
        }
    }
    let page_ = PlanPage {
        ctx,
        section: "evaluation",
        title: tr.t1("evaluation-plan-title", "leader", &rp.report.subject.name),
        planned: !p.focus.is_empty(),
        subject: id,
        leader: rp.report.subject.name.clone(),
        round: rp.report.round.title.clone(),
        notice,
        steps,
        agenda: agenda(ctx, &rp),
        talk_on: typed.talk_on,
        team_on: typed.team_on,
        shared,
        focus,
        actions: typed.actions,
        support: typed.support,
        follow_up_on: typed.follow_up_on,
        version: p.version,
        errors,
        check_ins: rp
            .check_ins
            .iter()
            .map(|c| (c.on_date.parse().map(|d: chrono::NaiveDate| d.format("%d.%m.%Y").to_string()).unwrap_or_default(), c.note.clone(), c.written_by.clone()))
            .collect(),
        check_in_on,
        check_in_note,
    };
    page_with_status(ctx, status, &page_)
}

async fn plan_page(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Query(q): Query<Done>) -> PageResult {
    let notice = q.done.as_deref().map(|d| match d {
        "saved" => (true, ctx.tr.t("evaluation-outcome-saved")),
        "checked-in" => (true, ctx.tr.t("evaluation-checkin-saved")),
        _ => (false, ctx.tr.t("evaluation-outcome-stale")),
    });
    view(&state, &ctx, StatusCode::OK, id, Refused::default(), Errors::default(), notice).await
}

async fn save(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, form: Pairs) -> PageResult {
    ctx.check_csrf(&form.one("csrf"))?;
    let req = ctx.req(&state)?;
    let (_, round) = service::evaluation::plan_writer(&req, id).await?;
    let version: i64 = form.one("version").parse().unwrap_or(-1);
    let typed = Typed {
        talk_on: form.one("talk_on"),
        team_on: form.one("team_on"),
        shared: form.all("shared"),
        focus: form.all("focus"),
        actions: form.one("actions"),
        support: form.one("support"),
        follow_up_on: form.one("follow_up_on"),
    };
    // The page's one form ("all") sends the dialogue, and the plan when anything of it is typed: both are
    // checked together and saved together, so nothing typed in one part is lost by saving the other.
    // A plan once made stays checked: emptied, it is refused rather than silently kept.
    let saved = ev::plan(&state.db, req.tenant(), id).await?;
    let made = saved.as_ref().is_some_and(|p| !p.focus.is_empty());
    let planned =
        made || !typed.focus.is_empty() || !typed.actions.trim().is_empty() || !typed.support.trim().is_empty() || !typed.follow_up_on.trim().is_empty();
    let (with_dialogue, with_plan) = match form.one("action").as_str() {
        "all" => (true, planned),
        "dialogue" => (true, false),
        "plan" => (false, true),
        _ => return Err(AppError::BadRequest),
    };
    let items = service::evaluation::focus_items(&req, &round).await?;
    let statements: Vec<&str> = items.iter().filter(|i| i.item.part == Part::Statement).map(|i| i.item.statement_key.as_str()).collect();
    let dialogue = with_dialogue
        .then(|| DialogueInput { talk_on: typed.talk_on.clone(), team_on: typed.team_on.clone(), shared: typed.shared.clone() }.check(&statements));
    let plan = if with_plan {
        let known: Vec<i64> = items.iter().map(|i| i.id).collect();
        let input =
            PlanInput { focus: typed.focus.clone(), actions: typed.actions.clone(), support: typed.support.clone(), follow_up_on: typed.follow_up_on.clone() };
        Some(input.check(&known, state.clock.today(), saved.and_then(|p| p.follow_up_on)))
    } else {
        None
    };
    let mut errs = vec![];
    let (d, p) = (passed(dialogue, &mut errs), passed(plan, &mut errs));
    let mut changes = vec![];
    if let Some(d) = &d {
        changes.push(PlanChange::Dialogue { talk_on: d.talk_on, team_on: d.team_on, shared: &d.shared });
    }
    if let Some(p) = &p {
        changes.push(PlanChange::Plan { focus: &p.focus, actions: &p.actions, support: &p.support, follow_up_on: p.follow_up_on });
    }
    let result = if errs.is_empty() { Ok(service::evaluation::save_plan(&req, id, version, &changes).await?) } else { Err(errs) };
    match result {
        Ok(true) => Ok(Redirect::to(&format!("/evaluation/plans/{id}?done=saved")).into_response()),
        Ok(false) => Ok(Redirect::to(&format!("/evaluation/plans/{id}?done=stale")).into_response()),
        Err(errs) => {
            let errors = Errors::from(&ctx.tr, &errs);
            let notice = Some((false, ctx.tr.t("evaluation-has-errors")));
            view(&state, &ctx, StatusCode::UNPROCESSABLE_ENTITY, id, Refused { plan: Some(typed), check_in: None }, errors, notice).await
        }
    }
}

/// A part that was checked and passed; a part's refusals go to `errs`.
fn passed<T>(checked: Option<Result<T, Vec<FieldError>>>, errs: &mut Vec<FieldError>) -> Option<T> {
    match checked? {
        Ok(v) => Some(v),
        Err(e) => {
            errs.extend(e);
            None
        }
    }
}

async fn check_in(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, form: Pairs) -> PageResult {
    ctx.check_csrf(&form.one("csrf"))?;
    let req = ctx.req(&state)?;
    service::evaluation::plan_writer(&req, id).await?;
    let input = CheckInInput { on: form.one("on"), note: form.one("note") };
    match input.check() {
        Ok(c) => {
            let done = ev::add_check_in(&state.db, req.tenant(), id, c.on, &c.note, &actor(ctx.user()?)).await?;
            let outcome = if done { "checked-in" } else { "stale" };
            Ok(Redirect::to(&format!("/evaluation/plans/{id}?done={outcome}#check-ins")).into_response())
        }
        Err(errs) => {
            let errors = Errors::from(&ctx.tr, &errs);
            let notice = Some((false, ctx.tr.t("evaluation-has-errors")));
            view(&state, &ctx, StatusCode::UNPROCESSABLE_ENTITY, id, Refused { plan: None, check_in: Some((input.on, input.note)) }, errors, notice).await
        }
    }
}

#[derive(Template)]
#[template(path = "evaluation/kit.html")]
struct KitPage<'a> {
    ctx: &'a Ctx,
    section: &'a str,
    title: String,
    subject: i64,
    /// The shared statements: (title, all but me, the leader's own).
    rows: Vec<(String, Cell, Cell)>,
    mirror: Option<(Cell, Cell)>,
}

/// The team dialogue's kit: the results the leader chose to share, the
/// rules of the game and the questions, to print or show on a screen.
async fn kit(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> PageResult {
    let req = ctx.req(&state)?;
    let rp = service::evaluation::plan(&req, id).await?;
    let r = &rp.report.report;
    let rows = r
        .statements
        .iter()
        .filter(|s| s.part == Part::Statement && rp.plan.shared.contains(&s.key))
        .map(|s| (s.title.clone(), cell(&ctx, s.figure(Column::Total)), cell(&ctx, s.figure(Column::Own))))
        .collect();
    let mirror = rp.plan.shared.iter().any(|s| s == MIRROR).then(|| (cell(&ctx, r.mirror.followership), cell(&ctx, r.mirror.leadership)));
    let p =
        KitPage { ctx: &ctx, section: "evaluation", title: ctx.tr.t1("evaluation-kit-title", "leader", &rp.report.subject.name), subject: id, rows, mirror };
    page(&ctx, &p)
}
