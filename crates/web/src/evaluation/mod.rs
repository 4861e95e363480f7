//! The leader evaluation's pages. `/evaluation` is everyone's way in (what
//! they are asked to answer, the reports they may read) and HR's list of
//! rounds; a round's page is HR's (settings, leaders, progress, opening and
//! closing); a leader's page holds who is asked about them, which HR and
//! the leader adjust before the round opens. The questionnaire is in
//! `answer`, the report in `report`.

pub mod answer;
pub mod overview;
pub mod plan;
pub mod report;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use domain::evaluation::anonymity::Group;
use domain::evaluation::policy::ReportReader;
use domain::evaluation::questionnaire::{Part, check_wording};
use domain::evaluation::round::{Release, RoundState, SettingsInput, can_open};
use domain::meetings::input::FieldError;
use domain::org::UnitKind;
use serde::Deserialize;
use service::evaluation as svc;
use store::evaluation::{self as ev, ItemChange, Round, StoredItem, Subject};

use crate::AppState;
use crate::ctx::Ctx;
use crate::form::{Errors, Pairs};
use crate::render::{AppError, PageResult, page_with_status};
use crate::routes::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .get("/evaluation", index)
        .get("/evaluation/mine.json", my_data)
        .post("/evaluation/rounds", create)
        .get("/evaluation/rounds/{id}", round_page)
        .post("/evaluation/rounds/{id}/settings", settings)
        .post("/evaluation/rounds/{id}/leaders", add_leaders)
        .post("/evaluation/rounds/{id}/open", open)
        .post("/evaluation/rounds/{id}/close", close)
        .get("/evaluation/rounds/{id}/questionnaire", questionnaire)
        .post("/evaluation/rounds/{id}/questionnaire", change_item)
        .get("/evaluation/leaders/{id}", leader_page)
        .post("/evaluation/leaders/{id}/raters", change_raters)
        .merge(answer::routes())
        .merge(report::routes())
        .merge(plan::routes())
        .merge(overview::routes())
}

/// A group's name in the reader's language.
pub fn group_name(ctx: &Ctx, g: Group) -> String {
    ctx.tr.t(&format!("evaluation-group-{g}"))
}

pub fn state_name(ctx: &Ctx, s: RoundState) -> String {
    ctx.tr.t(&format!("evaluation-state-{s}"))
}

fn date(d: chrono::NaiveDate) -> String {
    d.format("%d.%m.%Y").to_string()
}

#[derive(Deserialize, Default)]
pub struct Notice {
    done: Option<String>,
}

/// The outcomes a redirect may report, each with its message.
const OUTCOMES: [&str; 16] = [
    "no-person",
    "confirm",
    "created",
    "saved",
    "leaders-added",
    "opened",
    "closed",
    "changed",
    "stale",
    "not-draft",
    "no-framework",
    "validated",
    "released",
    "no-leaders",
    "no-items",
    "over",
];

fn notice(ctx: &Ctx, q: &Notice) -> Option<(bool, String)> {
    let o = q.done.as_deref()?;
    let o = if OUTCOMES.contains(&o) { o } else { "stale" };
    let good = !matches!(o, "stale" | "not-draft" | "no-framework" | "no-leaders" | "no-items" | "over" | "no-person" | "confirm");
    Some((good, ctx.tr.t(&format!("evaluation-outcome-{o}"))))
}

pub struct RoundRow {
    pub id: i64,
    pub title: String,
    pub state: String,
    pub period: String,
}

pub struct Invitation {
    pub id: i64,
    pub leader: String,
    pub group: String,
    pub own: bool,
    pub answered: bool,
    pub round: String,
}

pub struct ReportLink {
    pub href: String,
    pub leader: String,
    pub round: String,
    pub as_whom: String,
}

#[derive(Template)]
#[template(path = "evaluation/index.html")]
struct IndexPage<'a> {
    ctx: &'a Ctx,
    section: &'a str,
    title: String,
    notice: Option<(bool, String)>,
    invitations: Vec<Invitation>,
    reports: Vec<ReportLink>,
    /// Rounds the viewer is evaluated in, for progress and the list of raters: (link, round title).
    mine: Vec<(String, String)>,
    hr: bool,
    rounds: Vec<RoundRow>,
    form: SettingsInput,
    errors: Errors,
}

fn default_settings(today: chrono::NaiveDate) -> SettingsInput {
    let opens = today + chrono::Duration::days(14);
    SettingsInput {
        title: String::new(),
        opens_on: opens.to_string(),
        closes_on: (opens + chrono::Duration::days(21)).to_string(),
        min_employees: "5".into(),
        min_peers: "3".into(),
        peer_cap: domain::evaluation::round::DEFAULT_PEER_CAP.to_string(),
        release: Release::HrFirst.to_string(),
        retention_months: domain::evaluation::round::DEFAULT_RETENTION_MONTHS.to_string(),
    }
}

async fn index_view(state: &AppState, ctx: &Ctx, status: StatusCode, form: SettingsInput, errors: Errors, notice: Option<(bool, String)>) -> PageResult {
    let req = ctx.req(state)?;
    let hr = req.viewer().can_run_evaluations();
    let invitations = svc::my_invitations(&req)
        .await?
        .into_iter()
        .map(|(id, leader, g, answered, round)| Invitation { id, leader, group: group_name(ctx, g), own: g == Group::Own, answered, round })
        .collect();
    let reports = svc::my_reports(&req)
        .await?
        .into_iter()
        .map(|(s, r, reader)| ReportLink {
            href: format!("/evaluation/reports/{}", s.id),
            leader: s.name.clone(),
            round: r.title.clone(),
            as_whom: ctx.tr.t(match reader {
                ReportReader::Leader => "evaluation-report-about-you",
                ReportReader::Manager => "evaluation-report-as-manager",
                ReportReader::Hr => "evaluation-report-as-hr",
            }),
        })
        .collect();
    let mut mine = vec![];
    if let Some(me) = req.viewer().person() {
        for (s, r) in ev::subjects_of(&state.db, req.tenant(), me).await? {
            if s.person_id == Some(me) && r.state != RoundState::Closed {
                mine.push((format!("/evaluation/leaders/{}", s.id), r.title));
            }
        }
    }
    let rounds = if hr {
        ev::rounds(&state.db, req.tenant())
            .await?
            .into_iter()
            .map(|r| RoundRow {
                id: r.id,
                title: r.title.clone(),
                state: state_name(ctx, r.state),
                period: format!("{} – {}", date(r.opens_on), date(r.closes_on)),
            })
            .collect()
    } else {
        vec![]
    };
    let p = IndexPage { ctx, section: "evaluation", title: ctx.tr.t("evaluation-title"), notice, invitations, reports, mine, hr, rounds, form, errors };
    page_with_status(ctx, status, &p)
}

async fn index(State(state): State<AppState>, ctx: Ctx, Query(q): Query<Notice>) -> PageResult {
    let n = notice(&ctx, &q);
    index_view(&state, &ctx, StatusCode::OK, default_settings(state.clock.today()), Errors::default(), n).await
}

fn settings_input(form: &Pairs) -> SettingsInput {
    SettingsInput {
        title: form.one("title"),
        opens_on: form.one("opens_on"),
        closes_on: form.one("closes_on"),
        min_employees: form.one("min_employees"),
        min_peers: form.one("min_peers"),
        peer_cap: form.one("peer_cap"),
        release: form.one("release"),
        retention_months: form.one("retention_months"),
    }
}

async fn create(State(state): State<AppState>, ctx: Ctx, form: Pairs) -> PageResult {
    ctx.check_csrf(&form.one("csrf"))?;
    let req = ctx.req(&state)?;
    svc::run(&req, || "evaluation:rounds".into()).await?;
    let input = settings_input(&form);
    match input.check(state.clock.today()) {
        Ok(s) => match svc::create_round(&req, &s).await? {
            Some(id) => Ok(Redirect::to(&format!("/evaluation/rounds/{id}?done=created")).into_response()),
            None => Ok(Redirect::to("/evaluation?done=no-framework").into_response()),
        },
        Err(errs) => {
            let errors = Errors::from(&ctx.tr, &errs);
            let n = Some((false, ctx.tr.t("evaluation-has-errors")));
            index_view(&state, &ctx, StatusCode::UNPROCESSABLE_ENTITY, input, errors, n).await
        }
    }
}

pub struct LeaderRow {
    pub id: i64,
    pub name: String,
    pub unit: String,
    pub validated: bool,
    pub released: bool,
    /// (group, asked, answered)
    pub counts: Vec<(String, i64, i64)>,
}

#[derive(Template)]
#[template(path = "evaluation/round.html")]
struct RoundPage<'a> {
    ctx: &'a Ctx,
    section: &'a str,
    title: String,
    notice: Option<(bool, String)>,
    round: Round,
    state: String,
    draft: bool,
    open: bool,
    closed: bool,
    form: SettingsInput,
    errors: Errors,
    leaders: Vec<LeaderRow>,
    items: usize,
    kinds: [UnitKind; 4],
    units: Vec<(i64, String)>,
    /// How many people the invitations would go to.
    invitees: usize,
    release_label: String,
}

fn form_of(r: &Round) -> SettingsInput {
    SettingsInput {
        title: r.title.clone(),
        opens_on: r.opens_on.to_string(),
        closes_on: r.closes_on.to_string(),
        min_employees: r.minimums.employees().to_string(),
        min_peers: r.minimums.peers().to_string(),
        peer_cap: r.peer_cap.to_string(),
        release: r.release.to_string(),
        retention_months: r.retention_months.to_string(),
    }
}

async fn round_view(
    state: &AppState,
    ctx: &Ctx,
    status: StatusCode,
    id: i64,
    form: Option<SettingsInput>,
    errors: Errors,
    notice: Option<(bool, String)>,
) -> PageResult {
    let req = ctx.req(state)?;
    let round = svc::round(&req, id).await?;
    let progress = svc::progress(&req, &round).await?;
    let subjects: Vec<Subject> = progress.iter().map(|(s, _)| s.clone()).collect();
    let mut invitees = std::collections::HashSet::new();
    let mut leaders = vec![];
    for (s, p) in &progress {
        let counts: Vec<(String, i64, i64)> = if round.state == RoundState::Draft {
            let list = ev::invitees(&state.db, req.tenant(), s.id).await?;
            invitees.extend(list.iter().map(|i| i.person_id));
            Group::DIRECTIONS.iter().map(|g| (group_name(ctx, *g), list.iter().filter(|i| i.grp == *g).count() as i64, 0)).collect()
        } else {
            p.iter().map(|(g, n, a)| (group_name(ctx, *g), *n, *a)).collect()
        };
        leaders.push(LeaderRow { id: s.id, name: s.name.clone(), unit: s.unit_name.clone(), validated: s.validated, released: s.released, counts });
    }
    let _ = subjects;
    let r = req.reference().await?;
    let units = r.units.iter().map(|u| (u.id, u.path.clone())).collect();
    let items = ev::items(&state.db, req.tenant(), id).await?.len();
    let p = RoundPage {
        ctx,
        section: "evaluation",
        title: round.title.clone(),
        notice,
        state: state_name(ctx, round.state),
        draft: round.state == RoundState::Draft,
        open: round.state == RoundState::Open,
        closed: round.state == RoundState::Closed,
        form: form.unwrap_or_else(|| form_of(&round)),
        errors,
        leaders,
        items,
        kinds: [UnitKind::Directorate, UnitKind::Centre, UnitKind::OperatingUnit, UnitKind::ExecutiveBoard],
        units,
        invitees: invitees.len(),
        release_label: ctx.tr.t(&format!("evaluation-release-{}", round.release.as_str().replace('_', "-"))),
        round,
    };
    page_with_status(ctx, status, &p)
}

async fn round_page(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Query(q): Query<Notice>) -> PageResult {
    let n = notice(&ctx, &q);
    round_view(&state, &ctx, StatusCode::OK, id, None, Errors::default(), n).await
}

fn version_of(form: &Pairs) -> i64 {
    form.one("version").parse().unwrap_or(-1)
}

async fn settings(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, form: Pairs) -> PageResult {
    ctx.check_csrf(&form.one("csrf"))?;
    let req = ctx.req(&state)?;
    let round = svc::round(&req, id).await?;
    let input = settings_input(&form);
    match input.check(state.clock.today()) {
        Ok(s) => {
            let done = ev::update_settings(&state.db, req.tenant(), id, version_of(&form), &s, &req.actor()).await?;
            let outcome = if done {
                "saved"
            } else if round.state != RoundState::Draft {
                "not-draft"
            } else {
                "stale"
            };
            Ok(Redirect::to(&format!("/evaluation/rounds/{id}?done={outcome}")).into_response())
        }
        Err(errs) => {
            let errors = Errors::from(&ctx.tr, &errs);
            let n = Some((false, ctx.tr.t("evaluation-has-errors")));
            round_view(&state, &ctx, StatusCode::UNPROCESSABLE_ENTITY, id, Some(input), errors, n).await
        }
    }
}

async fn add_leaders(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, form: Pairs) -> PageResult {
    ctx.check_csrf(&form.one("csrf"))?;
    let req = ctx.req(&state)?;
    let round = svc::round(&req, id).await?;
    if round.version != version_of(&form) {
        return Ok(Redirect::to(&format!("/evaluation/rounds/{id}?done=stale")).into_response());
    }
    let kinds: Vec<UnitKind> = form.all("kind").iter().filter_map(|k| UnitKind::parse(k)).collect();
    let units: Vec<i64> = form.all("unit").iter().filter_map(|u| u.parse().ok()).collect();
    let outcome = match svc::add_leaders(&req, &round, &kinds, &units).await? {
        Some(_) => "leaders-added",
        None if round.state != RoundState::Draft => "not-draft",
        None => "stale",
    };
    Ok(Redirect::to(&format!("/evaluation/rounds/{id}?done={outcome}#leaders")).into_response())
}

async fn open(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, form: Pairs) -> PageResult {
    ctx.check_csrf(&form.one("csrf"))?;
    let req = ctx.req(&state)?;
    let round = svc::round(&req, id).await?;
    // Mail cannot be called back: HR says so first.
    if form.one("confirm") != "yes" {
        return Ok(Redirect::to(&format!("/evaluation/rounds/{id}?done=confirm")).into_response());
    }
    let leaders = ev::subjects(&state.db, req.tenant(), id).await?.len();
    let items = ev::items(&state.db, req.tenant(), id).await?.len();
    if let Err(e) = can_open(round.state, leaders, items, round.closes_on, state.clock.today()) {
        let outcome = match e {
            domain::evaluation::round::CannotOpen::NotDraft => "not-draft",
            domain::evaluation::round::CannotOpen::NoLeaders => "no-leaders",
            domain::evaluation::round::CannotOpen::NoItems => "no-items",
            domain::evaluation::round::CannotOpen::Over => "over",
        };
        return Ok(Redirect::to(&format!("/evaluation/rounds/{id}?done={outcome}")).into_response());
    }
    let round = Round { version: version_of(&form), ..round };
    let outcome = match svc::open(&req, &round, &state.config.base_url).await? {
        Some(_) => "opened",
        None => "stale",
    };
    Ok(Redirect::to(&format!("/evaluation/rounds/{id}?done={outcome}")).into_response())
}

async fn close(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, form: Pairs) -> PageResult {
    ctx.check_csrf(&form.one("csrf"))?;
    let req = ctx.req(&state)?;
    let round = svc::round(&req, id).await?;
    // Closing drops the drafts for good: HR says so first.
    if form.one("confirm") != "yes" {
        return Ok(Redirect::to(&format!("/evaluation/rounds/{id}?done=confirm")).into_response());
    }
    let outcome = if svc::close(&req, &round).await? { "closed" } else { "stale" };
    Ok(Redirect::to(&format!("/evaluation/rounds/{id}?done={outcome}")).into_response())
}

pub struct StatementItems {
    pub key: String,
    pub title: String,
    pub part: String,
    pub items: Vec<StoredItem>,
}

#[derive(Template)]
#[template(path = "evaluation/questionnaire.html")]
struct QuestionnairePage<'a> {
    ctx: &'a Ctx,
    section: &'a str,
    title: String,
    notice: Option<(bool, String)>,
    round: Round,
    draft: bool,
    statements: Vec<StatementItems>,
    errors: Errors,
    /// The item whose error is shown ("item-7", "add-statement.x"), and what was typed.
    failed_key: String,
    failed_leader: String,
    failed_self: String,
}

fn by_statement(ctx: &Ctx, items: Vec<StoredItem>) -> Vec<StatementItems> {
    let mut out: Vec<StatementItems> = vec![];
    for i in items {
        match out.last_mut() {
            Some(s) if s.key == i.item.statement_key => s.items.push(i),
            _ => out.push(StatementItems {
                key: i.item.statement_key.clone(),
                title: i.item.statement_title.clone(),
                part: ctx.tr.t(&format!("evaluation-part-{}", i.item.part)),
                items: vec![i],
            }),
        }
    }
    out
}

async fn questionnaire_view(
    state: &AppState,
    ctx: &Ctx,
    status: StatusCode,
    id: i64,
    errors: Errors,
    failed: Option<(String, String, String)>,
    notice: Option<(bool, String)>,
) -> PageResult {
    let req = ctx.req(state)?;
    let round = svc::round(&req, id).await?;
    let items = ev::items(&state.db, req.tenant(), id).await?;
    let p = QuestionnairePage {
        ctx,
        section: "evaluation",
        title: ctx.tr.t1("evaluation-questionnaire-of", "round", &round.title),
        notice,
        draft: round.state == RoundState::Draft,
        statements: by_statement(ctx, items),
        errors,
        failed_key: failed.as_ref().map(|f| f.0.clone()).unwrap_or_default(),
        failed_leader: failed.as_ref().map(|f| f.1.clone()).unwrap_or_default(),
        failed_self: failed.map(|f| f.2).unwrap_or_default(),
        round,
    };
    page_with_status(ctx, status, &p)
}

async fn questionnaire(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Query(q): Query<Notice>) -> PageResult {
    let n = notice(&ctx, &q);
    questionnaire_view(&state, &ctx, StatusCode::OK, id, Errors::default(), None, n).await
}

async fn change_item(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, form: Pairs) -> PageResult {
    ctx.check_csrf(&form.one("csrf"))?;
    let req = ctx.req(&state)?;
    let round = svc::round(&req, id).await?;
    let action = form.one("action");
    let item: i64 = form.one("item").parse().unwrap_or(0);
    let (leader_text, self_text) = (form.one("about_leader"), form.one("about_self"));
    let checked = if action == "remove" {
        Ok((String::new(), String::new()))
    } else {
        let a = check_wording("about_leader", &leader_text);
        let b = check_wording("about_self", &self_text);
        match (a, b) {
            (Ok(a), Ok(b)) => Ok((a, b)),
            (a, b) => Err([a.err(), b.err()].into_iter().flatten().collect::<Vec<FieldError>>()),
        }
    };
    let (about_leader, about_self) = match checked {
        Ok(t) => t,
        Err(errs) => {
            let which = if action == "add" { format!("add-{}", form.one("statement")) } else { format!("item-{item}") };
            let errors = Errors::from(&ctx.tr, &errs);
            let n = Some((false, ctx.tr.t("evaluation-has-errors")));
            return questionnaire_view(&state, &ctx, StatusCode::UNPROCESSABLE_ENTITY, id, errors, Some((which, leader_text, self_text)), n).await;
        }
    };
    let statement = form.one("statement");
    let change = match action.as_str() {
        "reword" => ItemChange::Reword { item, about_leader: &about_leader, about_self: &about_self },
        "remove" => ItemChange::Remove { item },
        "add" => ItemChange::Add { statement_key: &statement, about_leader: &about_leader, about_self: &about_self },
        _ => return Err(AppError::BadRequest),
    };
    let done = ev::change_item(&state.db, req.tenant(), id, version_of(&form), change, &req.actor()).await?;
    let outcome = if done {
        "changed"
    } else if round.state != RoundState::Draft {
        "not-draft"
    } else {
        "stale"
    };
    Ok(Redirect::to(&format!("/evaluation/rounds/{id}/questionnaire?done={outcome}")).into_response())
}

pub struct RaterRow {
    pub invitation: i64,
    pub name: String,
    pub email: String,
    pub group: String,
    pub own: bool,
}

#[derive(Template)]
#[template(path = "evaluation/leader.html")]
struct LeaderPage<'a> {
    ctx: &'a Ctx,
    section: &'a str,
    title: String,
    notice: Option<(bool, String)>,
    round: Round,
    subject: Subject,
    draft: bool,
    hr: bool,
    raters: Vec<RaterRow>,
    counts: Vec<(String, i64, i64)>,
    progress_on: String,
    groups: Vec<Group>,
    errors: Errors,
    /// The e-mail HR typed, when it was refused.
    email: String,
}

async fn leader_page(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Query(q): Query<Notice>) -> PageResult {
    let n = notice(&ctx, &q);
    leader_view(&state, &ctx, StatusCode::OK, id, n, Errors::default(), String::new()).await
}

async fn leader_view(state: &AppState, ctx: &Ctx, status: StatusCode, id: i64, notice: Option<(bool, String)>, errors: Errors, email: String) -> PageResult {
    let req = ctx.req(state)?;
    let (round, subject) = svc::subject_for_raters(&req, id).await?;
    let list = ev::invitees(&state.db, req.tenant(), id).await?;
    let raters = list
        .iter()
        .map(|i| RaterRow { invitation: i.id, name: i.name.clone(), email: i.email.clone(), group: group_name(ctx, i.grp), own: i.grp == Group::Own })
        .collect();
    let has_manager = list.iter().any(|i| i.grp == Group::Manager);
    let groups = [Group::Employees, Group::Peers, Group::Manager].into_iter().filter(|g| domain::evaluation::policy::addable(*g, has_manager)).collect();
    let progress = if round.state == RoundState::Draft { vec![] } else { svc::progress(&req, &round).await? };
    let (counts, progress_on) = progress
        .into_iter()
        .find(|(s, _)| s.id == id)
        .map(|(s, p)| {
            let on = s.progress_on.and_then(|d| d.parse().ok()).map(|d| ::i18n::day(&ctx.tr, d)).unwrap_or_default();
            (p.iter().map(|(g, n, a)| (group_name(ctx, *g), *n, *a)).collect(), on)
        })
        .unwrap_or_default();
    let p = LeaderPage {
        ctx,
        section: "evaluation",
        title: ctx.tr.t1("evaluation-leader-title", "leader", &subject.name),
        notice,
        errors,
        email,
        draft: round.state == RoundState::Draft,
        hr: req.viewer().can_run_evaluations(),
        raters,
        counts,
        progress_on,
        groups,
        round,
        subject,
    };
    page_with_status(ctx, status, &p)
}

async fn change_raters(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, form: Pairs) -> PageResult {
    ctx.check_csrf(&form.one("csrf"))?;
    let req = ctx.req(&state)?;
    let email = form.one("email");
    let ask = match form.one("action").as_str() {
        "add" => Some(svc::RaterRequest::Add { email: email.clone(), group: Group::parse(&form.one("group")) }),
        "remove" => form.one("invitation").parse().ok().map(|invitation| svc::RaterRequest::Remove { invitation }),
        "validate" => Some(svc::RaterRequest::Validate),
        "drop" => Some(svc::RaterRequest::Drop),
        _ => None,
    };
    let (dropping, validating) = (matches!(ask, Some(svc::RaterRequest::Drop)), matches!(ask, Some(svc::RaterRequest::Validate)));
    let (round, outcome) = svc::change_raters(&req, id, ask).await?;
    let word = match outcome {
        svc::RaterOutcome::UnknownPerson => {
            let errors = Errors::from(&ctx.tr, &[FieldError { field: "email", message_id: "evaluation-add-rater-unknown" }]);
            let n = Some((false, ctx.tr.t("evaluation-has-errors")));
            return leader_view(&state, &ctx, StatusCode::UNPROCESSABLE_ENTITY, id, n, errors, email).await;
        }
        svc::RaterOutcome::GroupNotAllowed | svc::RaterOutcome::NotUnderstood => return Err(AppError::BadRequest),
        svc::RaterOutcome::Done if dropping => return Ok(Redirect::to(&format!("/evaluation/rounds/{}?done=changed#leaders", round.id)).into_response()),
        svc::RaterOutcome::Done if validating => "validated",
        svc::RaterOutcome::Done => "changed",
        svc::RaterOutcome::NotDone if round.state != RoundState::Draft => "not-draft",
        svc::RaterOutcome::NotDone => "stale",
    };
    Ok(Redirect::to(&format!("/evaluation/leaders/{id}?done={word}")).into_response())
}

/// One's own data in the leader evaluation, as a file to keep (GDPR art. 15 and 20).
async fn my_data(State(state): State<AppState>, ctx: Ctx) -> PageResult {
    let req = ctx.req(&state)?;
    let data = svc::my_data(&req).await?;
    let body = serde_json::to_string_pretty(&data).map_err(AppError::internal)?;
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, "application/json; charset=utf-8"),
            (axum::http::header::CONTENT_DISPOSITION, "attachment; filename=\"lederevaluering-mine-data.json\""),
        ],
        body,
    )
        .into_response())
}

/// The part's name of an item, for templates.
pub fn part_name(ctx: &Ctx, p: Part) -> String {
    ctx.tr.t(&format!("evaluation-part-{p}"))
}
