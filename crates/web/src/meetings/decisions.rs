//! The decision register, a decision's way through the organisation unit by
//! unit, leaders' reports, and follow-up actions.

use std::collections::{HashMap, HashSet};

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect};
use chrono::NaiveDate;
use chrono_tz::Europe::Copenhagen;
use domain::meetings::DecisionId;
use domain::meetings::decision::{Implementation, Progress, Tally, percent_of_counts, progress_of_counts, reach};
use domain::org::UnitKind;
use serde::Deserialize;
use service::meetings::decisions::RegisterQuery as RegisterFilter;
use store::meetings::decisions::{self as dstore, Action, Decision, NewAction};

use super::{actor, describe};
use crate::AppState;
use crate::ctx::{Ctx, urlencode};
use crate::i18n::Tr;
use crate::render::{AppError, PageResult, page};
use crate::routes::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .get("/decisions", register)
        .get("/decisions/{id}", decision_page)
        .post("/decisions/{id}/report", report)
        .post("/decisions/{id}/actions", add_action)
        .post("/decisions/{id}/initiatives", link_initiative)
        .get("/actions", follow_up)
        .post("/actions/{id}/status", action_status)
}

#[derive(Deserialize, Default)]
pub struct RegisterQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    forum: String,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    perspective: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    page: Option<i64>,
}

pub struct DecisionRow {
    pub d: Decision,
    pub date: String,
    pub forum: String,
    pub percent: u32,
    pub units: i64,
    pub status: String,
}

#[derive(Template)]
#[template(path = "meetings/decisions.html")]
struct RegisterPage<'a> {
    ctx: &'a Ctx,
    section: &'a str,
    title: String,
    q: RegisterQuery,
    rows: Vec<DecisionRow>,
    total: i64,
    page_no: i64,
    pages: i64,
    forums: Vec<(i64, String)>,
    units: Vec<(i64, String)>,
    perspectives: Vec<(String, String)>,
    /// (value, label) of the progress filter.
    statuses: Vec<(&'static str, String)>,
    query_string: String,
    bad_dates: bool,
}

/// (percent implemented, units reached, status) from a decision's stored counts.
fn status_of(tr: &Tr, d: &Decision) -> (u32, i64, String) {
    let (n, done, pending) = d.counts();
    (percent_of_counts(n, done), n, tr.t(&format!("progress-{}", progress_of_counts(n, done, pending).as_str())))
}

async fn register(State(state): State<AppState>, ctx: Ctx, Query(q): Query<RegisterQuery>) -> PageResult {
    let user = ctx.user()?;
    let tr = ctx.tr;
    let req = ctx.req(&state)?;
    let readable = service::meetings::readable_forums(&req).await?;
    let from = (!q.from.trim().is_empty()).then(|| NaiveDate::parse_from_str(q.from.trim(), "%Y-%m-%d"));
    let to = (!q.to.trim().is_empty()).then(|| NaiveDate::parse_from_str(q.to.trim(), "%Y-%m-%d"));
    let bad_dates = matches!(from, Some(Err(_))) || matches!(to, Some(Err(_)));
    let query = RegisterFilter {
        forum: q.forum.parse().ok(),
        from: from.and_then(|r| r.ok()).map(domain::meetings::cadence::day_start),
        to: to.and_then(|r| r.ok()).map(|d| domain::meetings::cadence::day_start(d + chrono::Duration::days(1))),
        unit: q.unit.parse().ok(),
        perspective: Some(q.perspective.clone()).filter(|p| !p.is_empty()),
        progress: Progress::parse(&q.status),
        words: q.q.split_whitespace().take(8).map(|w| w.to_string()).collect(),
    };
    let size = 50;
    let page_no = q.page.unwrap_or(1).max(1);
    let offset = (page_no - 1) * size;
    let (decisions, total) = service::meetings::decisions::register(&req, query, size, offset).await?;
    let reference = state.reference(user).await?;
    let forum_names = reference.forum_names();
    let rows = decisions
        .into_iter()
        .map(|d| {
            let (percent, units, status) = status_of(&tr, &d);
            DecisionRow {
                date: d.decided_at.with_timezone(&Copenhagen).format("%d.%m.%Y").to_string(),
                forum: forum_names.get(&d.forum_id).cloned().unwrap_or_default(),
                percent,
                units,
                status,
                d,
            }
        })
        .collect();
    let units = reference.units.iter().filter(|u| u.kind != UnitKind::OperatingUnit).map(|u| (u.id, u.name.clone())).collect();
    let perspectives = reference
        .framework_elements()
        .iter()
        .filter(|e| e.kind == domain::framework::ElementKind::Perspective)
        .map(|e| (e.key.clone(), e.title.clone()))
        .collect();
    let query_string = format!(
        "q={}&forum={}&unit={}&perspective={}&status={}&from={}&to={}",
        urlencode(&q.q),
        urlencode(&q.forum),
        urlencode(&q.unit),
        urlencode(&q.perspective),
        urlencode(&q.status),
        urlencode(&q.from),
        urlencode(&q.to)
    );
    let p = RegisterPage {
        ctx: &ctx,
        section: "decisions",
        title: tr.t("decisions-title"),
        rows,
        total,
        page_no,
        pages: ((total + size - 1) / size).max(1),
        forums: readable.iter().map(|f| (f.id, f.name.clone())).collect(),
        units,
        perspectives,
        statuses: Progress::ALL.iter().map(|p| (p.as_str(), tr.t(&format!("progress-{}", p.as_str())))).collect(),
        query_string,
        bad_dates,
        q,
    };
    page(&ctx, &p)
}

/// The units a decision reaches, those it names and all below them; `None`
/// when it is to the whole organisation and so reaches every unit.
fn reached_units(d: &Decision, named: &[i64], org: &store::reference::Reference) -> Option<HashSet<i64>> {
    (!d.whole_organisation).then(|| reach(named, &org.tree()).into_iter().collect())
}

/// A decision the viewer may read, with the ids of the units it names.
async fn readable(state: &AppState, ctx: &Ctx, id: DecisionId) -> Result<(Decision, Vec<i64>), AppError> {
    Ok(service::meetings::decisions::decision(&ctx.req(state)?, id).await?)
}

pub struct UnitRow {
    pub unit_id: i64,
    pub name: String,
    pub depth: usize,
    pub leader: String,
    pub status: String,
    pub status_key: Implementation,
    pub note: String,
    pub updated: String,
    /// The viewer leads this unit and may report on it.
    pub can_report: bool,
}

/// A decision's progress in one centre (or other unit) and the operating
/// units under it.
pub struct GroupRow {
    pub unit_id: i64,
    pub name: String,
    pub depth: usize,
    pub tally: Tally,
    /// Its units are listed below.
    pub open: bool,
}

/// Up to this many units, a decision's page lists every one.
const LIST_ALL_UP_TO: i64 = 30;

pub struct ActionRow {
    pub a: Action,
    pub due: String,
    pub owner: String,
    pub unit: String,
    pub overdue: bool,
    pub can_close: bool,
}

#[derive(Template)]
#[template(path = "meetings/decision.html")]
struct DecisionPage<'a> {
    ctx: &'a Ctx,
    section: &'a str,
    title: String,
    d: Decision,
    forum: String,
    when: String,
    /// The viewer may open the meeting it was made at.
    meeting_link: bool,
    concerns: Vec<(i64, &'a str)>,
    communicate: String,
    status: String,
    percent: u32,
    /// Listed unit by unit: all reached units, or when there are many, one
    /// centre's and one's own.
    units: Vec<UnitRow>,
    many: bool,
    reached_count: i64,
    /// With many units, progress summed by centre (see `summed_under`).
    groups: Vec<GroupRow>,
    units_heading: String,
    /// The centre whose units are listed.
    under: Option<i64>,
    steps: [Implementation; 4],
    /// What a leader may report.
    report_choices: Vec<Implementation>,
    /// Every unit reached, for the action form.
    reached: Vec<(i64, &'a str)>,
    actions: Vec<ActionRow>,
    can_manage: bool,
    people: Vec<(i64, String)>,
    /// The work programme's initiatives the decision moved.
    initiatives: Vec<(i64, String)>,
    /// For those who write the programme: initiatives it could be linked to.
    initiative_choices: Vec<&'a (i64, String)>,
    can_link: bool,
    notice: Option<(bool, String)>,
}

#[derive(Deserialize, Default)]
pub struct NoticeQuery {
    done: Option<String>,
    /// The centre whose units to list, on a decision to many units.
    under: Option<i64>,
}

async fn decision_page(State(state): State<AppState>, ctx: Ctx, Path(id): Path<DecisionId>, Query(nq): Query<NoticeQuery>) -> PageResult {
    let (d, named) = readable(&state, &ctx, id).await?;
    let user = ctx.user()?;
    let t = user.tenant_id;
    let tr = ctx.tr;
    let org = state.reference(user).await?;
    let (units, leaders, under) = (&org.units, &org.leaders, &org.summed_under);
    // A decision to many units is summed up by centre; the units of one
    // centre are listed when asked for, and one's own units always. Only
    // those listed are read with their notes.
    let many = d.units_reached > LIST_ALL_UP_TO;
    let open = nq.under.filter(|u| many && under.get(u) == Some(u));
    let mut tallies: HashMap<i64, Tally> = HashMap::new();
    let detail: HashMap<i64, dstore::UnitProgress> = if many {
        for (i, reached) in dstore::units_by_status(&state.db, t, id).await? {
            for g in reached.iter().filter_map(|u| under.get(u)) {
                tallies.entry(*g).or_default().add_units(i, 1);
            }
        }
        let shown: Vec<i64> = units.iter().map(|u| u.id).filter(|u| user.viewer.leads(*u) || (open.is_some() && under.get(u) == open.as_ref())).collect();
        let rows = if shown.is_empty() { vec![] } else { dstore::implementations_of(&state.db, t, id, &shown).await? };
        rows.into_iter().map(|p| (p.unit_id, p)).collect()
    } else {
        dstore::implementations(&state.db, t, id).await?.into_iter().map(|p| (p.unit_id, p)).collect()
    };
    let mut concerns: Vec<(i64, &str)> = named.iter().filter_map(|&u| Some((u, org.unit(u)?.name.as_str()))).collect();
    concerns.sort_by(|a, b| a.1.cmp(b.1));
    let reached_ids = reached_units(&d, &named, &org);
    // The units in tree order, with their depth, for those the decision reaches.
    let mut unit_rows = vec![];
    let mut groups = vec![];
    let mut reached: Vec<(i64, &str)> = vec![];
    for &(i, depth) in &org.outline {
        let u = &units[i];
        if many && let Some(t) = tallies.get(&u.id) {
            groups.push(GroupRow { unit_id: u.id, name: u.name.clone(), depth, tally: *t, open: open == Some(u.id) });
        }
        if reached_ids.as_ref().is_none_or(|r| r.contains(&u.id)) {
            reached.push((u.id, &u.name));
        }
        if let Some(p) = detail.get(&u.id) {
            unit_rows.push(UnitRow {
                unit_id: u.id,
                name: u.name.clone(),
                depth,
                leader: leaders.get(&u.id).and_then(|l| l.first()).map(|l| l.1.clone()).unwrap_or_default(),
                status: tr.t(&format!("implementation-{}", p.status)),
                status_key: p.status,
                note: p.note.clone(),
                updated: if p.updated_by.is_empty() { String::new() } else { format!("{} · {}", tr.datetime(&p.updated_at), p.updated_by) },
                can_report: user.viewer.can_report_for(u.id),
            });
        }
    }
    let units_heading = match (many, open) {
        (false, _) => String::new(),
        (true, Some(g)) => tr.t1("decision-units-under", "unit", groups.iter().find(|r| r.unit_id == g).map(|r| r.name.as_str()).unwrap_or_default()),
        (true, None) => tr.t("decision-units-own"),
    };
    let today = state.clock.now().with_timezone(&Copenhagen).date_naive();
    let acts = dstore::actions_of_decision(&state.db, t, id).await?;
    let forum = org.forum(d.forum_id).cloned();
    let members = match &forum {
        Some(f) => super::forum_members(&state, user, f).await?,
        None => vec![],
    };
    let names = &org.people;
    let manage = user.viewer.can_manage_meetings();
    let actions = acts
        .into_iter()
        .map(|a| ActionRow {
            due: a.due.format("%d.%m.%Y").to_string(),
            owner: a.owner_person_id.and_then(|p| names.get(&p).cloned()).unwrap_or_default(),
            unit: a.unit_id.and_then(|u| org.unit(u)).map(|u| u.name.clone()).unwrap_or_default(),
            overdue: a.is_overdue(today),
            can_close: user.viewer.can_close_action(a.owner_person_id),
            a,
        })
        .collect();
    // Anyone a decision's actions could go to: the forum's members and the concerned units' leaders.
    let mut people = members;
    for (u, _) in &concerns {
        for l in leaders.get(u).into_iter().flatten() {
            if !people.iter().any(|p| p.0 == l.0) {
                people.push(l.clone());
            }
        }
    }
    let notice = nq.done.as_deref().map(|o| {
        let known = ["reported", "added", "closed", "reopened", "conflict", "bad-status", "not-yours", "bad-action", "linked", "unlinked", "bad-initiative"];
        let o = if known.contains(&o) { o } else { "reported" };
        (matches!(o, "reported" | "added" | "closed" | "reopened" | "linked" | "unlinked"), tr.t(&format!("decision-outcome-{o}")))
    });
    let initiatives = state.programme(user).await?.initiatives_of_decision(&state.db, t, id).await?;
    let open_initiatives = if user.viewer.can_manage_programme() { Some(crate::programme::open_initiatives(&state, user).await?) } else { None };
    let initiative_choices: Vec<&(i64, String)> =
        open_initiatives.iter().flat_map(|all| all.iter()).filter(|(i, _)| !initiatives.iter().any(|l| l.0 == *i)).collect();
    let p = DecisionPage {
        ctx: &ctx,
        section: "decisions",
        title: d.title.clone(),
        meeting_link: forum.as_ref().is_some_and(|f| user.viewer.can_read_forum(f)),
        forum: forum.map(|f| f.name).unwrap_or_default(),
        when: describe::when(&tr, &d.decided_at),
        communicate: tr.t(&format!("communicate-{}", d.communicate)),
        status: tr.t(&format!("progress-{}", d.progress())),
        percent: percent_of_counts(d.units_reached, d.units_implemented),
        concerns,
        units: unit_rows,
        many,
        reached_count: d.units_reached,
        groups,
        units_heading,
        under: open,
        steps: Implementation::ALL,
        report_choices: Implementation::reportable(),
        reached,
        actions,
        can_manage: manage,
        people,
        initiatives,
        initiative_choices,
        can_link: user.viewer.can_manage_programme(),
        notice,
        d,
    };
    page(&ctx, &p)
}

fn back(id: DecisionId, outcome: &str) -> PageResult {
    Ok(Redirect::to(&format!("/decisions/{id}?done={outcome}")).into_response())
}

#[derive(Deserialize)]
pub struct ReportForm {
    csrf: String,
    unit: i64,
    status: String,
    #[serde(default)]
    note: String,
}

async fn report(State(state): State<AppState>, ctx: Ctx, Path(id): Path<DecisionId>, Form(f): Form<ReportForm>) -> PageResult {
    ctx.check_csrf(&f.csrf)?;
    let (d, _) = readable(&state, &ctx, id).await?;
    let user = ctx.user()?;
    // Only the unit's own leader reports for it.
    if !user.viewer.can_report_for(f.unit) {
        return Err(ctx.forbid(&state, &format!("decision:{id}:unit:{}", f.unit)).await);
    }
    let current = dstore::implementations(&state.db, user.tenant_id, d.id).await?;
    let Some(cur) = current.iter().find(|p| p.unit_id == f.unit).map(|p| p.status) else {
        return back(id, "not-yours");
    };
    let Some(to) = Implementation::parse(&f.status).filter(|to| cur.can_report(*to)) else {
        return back(id, "bad-status");
    };
    let note: String = f.note.trim().chars().take(2000).collect();
    dstore::report(&state.db, user.tenant_id, d.id, f.unit, to, &note, &actor(user)).await?;
    back(id, "reported")
}

#[derive(Deserialize)]
pub struct ActionForm {
    csrf: String,
    what: String,
    #[serde(default)]
    owner: String,
    #[serde(default)]
    unit: String,
    due: String,
}

async fn add_action(State(state): State<AppState>, ctx: Ctx, Path(id): Path<DecisionId>, Form(f): Form<ActionForm>) -> PageResult {
    ctx.check_csrf(&f.csrf)?;
    let (d, named) = readable(&state, &ctx, id).await?;
    let user = ctx.user()?;
    if !user.viewer.can_add_actions() {
        return Err(ctx.forbid(&state, &format!("decision:{id}:action")).await);
    }
    let what = domain::meetings::input::required_text("what", &f.what, 1000);
    let due = domain::meetings::input::parse_date("due", &f.due);
    let today = state.clock.now().with_timezone(&Copenhagen).date_naive();
    let (Ok(what), Ok(due)) = (what, due) else { return back(id, "bad-action") };
    if due < today {
        return back(id, "bad-action");
    }
    let owner = f.owner.parse::<i64>().ok();
    if let Some(o) = owner
        && store::org::person(&state.db, user.tenant_id, o).await?.is_none()
    {
        return back(id, "bad-action");
    }
    // A unit the decision does not reach is not offered; one sent anyway is refused.
    let unit = match f.unit.trim() {
        "" => None,
        u => {
            let org = state.reference(user).await?;
            let reached = reached_units(&d, &named, &org);
            match u.parse::<i64>().ok().filter(|u| org.unit(*u).is_some() && reached.as_ref().is_none_or(|r| r.contains(u))) {
                Some(u) => Some(u),
                None => return back(id, "bad-action"),
            }
        }
    };
    let a = NewAction { forum_id: d.forum_id, decision_id: Some(d.id), what: &what, owner, unit, due };
    dstore::add_action(&state.db, user.tenant_id, &a, &actor(user)).await?;
    back(id, "added")
}

#[derive(Deserialize)]
pub struct LinkForm {
    csrf: String,
    initiative: String,
    #[serde(default)]
    remove: String,
}

/// Links a decision to the initiative it moved, or removes the link: for
/// those who write the work programme.
async fn link_initiative(State(state): State<AppState>, ctx: Ctx, Path(id): Path<DecisionId>, Form(f): Form<LinkForm>) -> PageResult {
    ctx.check_csrf(&f.csrf)?;
    let (d, _) = readable(&state, &ctx, id).await?;
    let user = ctx.user()?;
    if !user.viewer.can_manage_programme() {
        return Err(ctx.forbid(&state, &format!("decision:{id}:initiative")).await);
    }
    let Ok(initiative) = f.initiative.parse::<i64>() else { return back(id, "bad-initiative") };
    if store::programme::initiative(&state.db, user.tenant_id, initiative).await?.is_none() {
        return back(id, "bad-initiative");
    }
    if f.remove == "1" {
        store::programme::unlink_decision(&state.db, user.tenant_id, d.id, initiative, &actor(user)).await?;
        back(id, "unlinked")
    } else {
        store::programme::link_decision(&state.db, user.tenant_id, d.id, initiative, &actor(user)).await?;
        back(id, "linked")
    }
}

#[derive(Deserialize)]
pub struct StatusForm {
    csrf: String,
    version: i64,
    done: String,
    #[serde(default)]
    back: String,
}

async fn action_status(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Form(f): Form<StatusForm>) -> PageResult {
    let user = ctx.user()?;
    ctx.check_csrf(&f.csrf)?;
    let a = dstore::action(&state.db, user.tenant_id, id).await?.ok_or(AppError::NotFound)?;
    if !user.viewer.can_close_action(a.owner_person_id) {
        return Err(ctx.forbid(&state, &format!("action:{id}")).await);
    }
    let done = f.done == "1";
    // Marking it what it already is writes nothing.
    let ok = match a.toggled(done) {
        Some(to) => dstore::set_action_status(&state.db, user.tenant_id, id, f.version, to, &actor(user)).await?,
        None => true,
    };
    let outcome = if !ok {
        "conflict"
    } else if done {
        "closed"
    } else {
        "reopened"
    };
    match a.decision_id {
        Some(d) if f.back != "actions" => back(d, outcome),
        _ => Ok(Redirect::to(&format!("/actions?done={outcome}")).into_response()),
    }
}

#[derive(Deserialize, Default)]
pub struct FollowUpQuery {
    #[serde(default)]
    forum: String,
    #[serde(default)]
    show: String,
    page: Option<i64>,
    done: Option<String>,
}

pub struct FollowUpRow {
    pub a: Action,
    /// The decision it carries out.
    pub decision: String,
    pub unit: String,
    pub forum: String,
    pub owner: String,
    pub due: String,
    pub overdue: bool,
    pub can_close: bool,
}

#[derive(Template)]
#[template(path = "meetings/actions.html")]
struct FollowUpPage<'a> {
    ctx: &'a Ctx,
    section: &'a str,
    title: String,
    q: FollowUpQuery,
    rows: Vec<FollowUpRow>,
    forums: Vec<(i64, String)>,
    total: i64,
    page_no: i64,
    pages: i64,
    notice: Option<(bool, String)>,
}

async fn follow_up(State(state): State<AppState>, ctx: Ctx, Query(mut q): Query<FollowUpQuery>) -> PageResult {
    let user = ctx.user()?;
    let tr = ctx.tr;
    let req = ctx.req(&state)?;
    let readable = service::meetings::readable_forums(&req).await?;
    let reference = state.reference(user).await?;
    let all_forums = &reference.forums;
    // Leaders and employees start with their own tasks; the secretariat,
    // who follow up on everyone's, with all open ones.
    if q.show.is_empty() {
        q.show = if user.viewer.can_manage_meetings() { "open" } else { "mine" }.into();
    }
    let mine = q.show == "mine";
    let size = 50;
    let page_no = q.page.unwrap_or(1).max(1);
    let offset = (page_no - 1) * size;
    let (acts, total) = service::meetings::decisions::actions(&req, q.forum.parse::<i64>().ok(), mine, q.show != "all", size, offset).await?;
    let titles = service::meetings::decisions::titles_of(&req, &acts).await?;
    let names = &reference.people;
    let forum_names: HashMap<i64, String> = all_forums.iter().map(|f| (f.id, f.name.clone())).collect();
    let today = state.clock.now().with_timezone(&Copenhagen).date_naive();
    let rows = acts
        .into_iter()
        .map(|a| FollowUpRow {
            decision: a.decision_id.and_then(|d| titles.get(&d.get()).cloned()).unwrap_or_default(),
            unit: a.unit_id.and_then(|u| reference.unit(u)).map(|u| u.name.clone()).unwrap_or_default(),
            forum: forum_names.get(&a.forum_id).cloned().unwrap_or_default(),
            owner: a.owner_person_id.and_then(|p| names.get(&p).cloned()).unwrap_or_default(),
            due: a.due.format("%d.%m.%Y").to_string(),
            overdue: a.is_overdue(today),
            can_close: user.viewer.can_close_action(a.owner_person_id),
            a,
        })
        .collect();
    let notice = q.done.as_deref().map(|o| {
        let o = if ["closed", "reopened", "conflict"].contains(&o) { o } else { "closed" };
        (o != "conflict", tr.t(&format!("decision-outcome-{o}")))
    });
    let p = FollowUpPage {
        ctx: &ctx,
        section: "decisions",
        title: tr.t("actions-title"),
        rows,
        forums: readable.iter().filter(|f| f.follow_up).map(|f| (f.id, f.name.clone())).collect(),
        total,
        page_no,
        pages: ((total + size - 1) / size).max(1),
        notice,
        q,
    };
    page(&ctx, &p)
}
