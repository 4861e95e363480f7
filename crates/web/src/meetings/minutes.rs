//! Minutes on the meeting page: the secretariat records attendance and each
//! item's decision or gist, approves the minutes (which creates the
//! decisions), and corrects approved minutes with a reason.

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect};
use domain::meetings::agenda::ItemKind;
use domain::meetings::decision::{Approval, Communicate};
use domain::meetings::{DecisionId, ItemId, MeetingId};
use domain::org::UnitKind;
use service::meetings::agenda::MeetingItems;
use store::meetings::agenda as agenda_store;
use store::meetings::minutes::{self as minutes_store, DecisionSource, Entry, Minutes, Outcome, Revision};
use store::meetings::{Forum, Meeting};

use super::{actor, load_meeting};
use crate::AppState;
use crate::ctx::Ctx;
use crate::form::Pairs as Form;
use crate::render::{AppError, PageResult};
use crate::routes::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .post("/meetings/{id}/minutes", save)
        .get("/meetings/{id}/minutes/approve", approve_confirm)
        .post("/meetings/{id}/minutes/approve", approve)
        .post("/meetings/{id}/minutes/correct", correct)
}

/// One item in the minutes section.
pub struct MinuteRow {
    pub item_id: ItemId,
    pub number: usize,
    pub title: String,
    pub is_decision: bool,
    pub hidden: bool,
    pub text: String,
    pub communicate: Communicate,
    pub concerns: Vec<String>,
    /// What `concerns` names, in words, for the line above the choices.
    pub chosen: String,
    /// Follow-up tasks written in place: (what, owner's id or "", due as YYYY-MM-DD).
    pub planned: Vec<(String, String, String)>,
    pub decision_id: Option<DecisionId>,
}

pub struct MinutesView {
    pub minutes: Option<Minutes>,
    pub rows: Vec<MinuteRow>,
    pub attendees: Vec<(i64, String, bool)>,
    /// Approved minutes: the members present and absent, by name, and who approved them.
    pub present: String,
    pub absent: String,
    pub approved_by: String,
    pub revisions: Vec<Revision>,
    /// Units a decision can name: (id, name, depth).
    pub unit_choices: Vec<(i64, String)>,
    /// Who a follow-up task written in the minutes can go to: the forum's members.
    pub owner_choices: Vec<(i64, String)>,
    /// The meeting's day (a task's earliest deadline) and the deadline a new
    /// task starts with, two weeks on, as YYYY-MM-DD.
    pub meeting_day: String,
    pub default_due: String,
    pub editable: bool,
    pub correctable: bool,
    pub communicate_choices: [Communicate; 3],
}

fn first(form: &[(String, String)], key: &str) -> String {
    form.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()).unwrap_or_default()
}

pub async fn load(
    state: &AppState,
    ctx: &Ctx,
    forum: &Forum,
    meeting: &Meeting,
    items: &MeetingItems,
    members: &[(i64, String)],
) -> Result<MinutesView, AppError> {
    let user = ctx.user()?;
    let req = ctx.req(state)?;
    let t = user.tenant_id;
    // A meeting that has not begun has no minutes yet.
    let started = meeting.starts_at <= req.now() && !meeting.is_cancelled();
    let (minutes, entries) = service::meetings::minutes::of_meeting(&req, forum, meeting, items).await?.unzip();
    let approved = minutes.as_ref().is_some_and(|m| m.is_approved());
    let entries: HashMap<ItemId, Entry> = entries.into_iter().flatten().map(|e| (e.item_id, e)).collect();
    let decisions = if approved { store::meetings::decisions::of_meeting(&state.db, t, meeting.id).await? } else { HashMap::new() };
    let org = state.reference(user).await?;
    let tr = ctx.tr;
    let day = meeting.starts_at.with_timezone(&chrono_tz::Europe::Copenhagen).date_naive();
    let chosen = |concerns: &[String]| {
        concerns
            .iter()
            .filter_map(
                |c| if c == "all" { Some(tr.t("decision-whole-organisation")) } else { c.parse().ok().and_then(|u| org.unit(u)).map(|u| u.name.clone()) },
            )
            .collect::<Vec<_>>()
            .join(", ")
    };
    let rows = items
        .placed()
        .enumerate()
        .map(|(n, s)| {
            let i = &s.item;
            let e = entries.get(&i.id);
            let concerns: Vec<String> = e.and_then(|e| serde_json::from_str(&e.concerns).ok()).unwrap_or_default();
            MinuteRow {
                item_id: i.id,
                number: n + 1,
                title: i.title.clone(),
                is_decision: i.kind == ItemKind::Decision,
                hidden: s.hidden(),
                text: e.map(|e| e.text.clone()).unwrap_or_default(),
                communicate: e.map_or(Communicate::None, |e| e.communicate),
                chosen: chosen(&concerns),
                planned: e
                    .map(|e| e.planned().into_iter().map(|a| (a.what, a.owner.map(|o| o.to_string()).unwrap_or_default(), a.due.to_string())).collect())
                    .unwrap_or_default(),
                concerns,
                decision_id: if s.hidden() { None } else { decisions.get(&i.id).map(|d| d.id) },
            }
        })
        .collect();
    let present: Vec<i64> = minutes.as_ref().map(|m| m.attendees.clone()).unwrap_or_default();
    let attendees: Vec<(i64, String, bool)> = members.iter().map(|(id, name)| (*id, name.clone(), present.contains(id))).collect();
    // Present and absent by the members kept with the minutes, named as
    // the people are named today.
    let name_of = |p: &i64| org.people.get(p).cloned().unwrap_or_default();
    let (present, absent) = match minutes.as_ref() {
        Some(m) => (
            m.attendees.iter().map(name_of).collect::<Vec<_>>().join(", "),
            m.members.iter().filter(|p| !m.attendees.contains(p)).map(name_of).collect::<Vec<_>>().join(", "),
        ),
        None => (String::new(), String::new()),
    };
    // The audit label of whoever approved is their e-mail; the page names the person.
    let approved_by = match minutes.as_ref().filter(|m| m.is_approved()) {
        Some(m) => {
            // Usually a person with that address, found in memory; otherwise the account's person.
            match org.everyone().find(|p| p.email == m.approved_by) {
                Some(p) => p.name.clone(),
                None => {
                    let person = store::platform::accounts::by_email(&state.db, &m.approved_by).await?.and_then(|a| a.person_id);
                    person.and_then(|p| org.people.get(&p).cloned()).unwrap_or_else(|| m.approved_by.clone())
                }
            }
        }
        None => String::new(),
    };
    let manage = user.viewer.can_manage_meetings();
    let editable = manage && started && forum.formal && !approved;
    // The units a decision can concern are offered only while the minutes are written.
    let unit_choices = if editable {
        org.units.iter().filter(|u| matches!(u.kind, UnitKind::Directorate | UnitKind::Centre)).map(|u| (u.id, u.name.clone())).collect()
    } else {
        vec![]
    };
    Ok(MinutesView {
        // Only corrected minutes have revisions.
        revisions: if minutes.as_ref().is_some_and(|m| m.revision > 0) { minutes_store::revisions(&state.db, t, meeting.id).await? } else { vec![] },
        minutes,
        rows,
        attendees,
        present,
        absent,
        approved_by,
        unit_choices,
        owner_choices: if editable { members.to_vec() } else { vec![] },
        meeting_day: day.to_string(),
        default_due: (day + chrono::Duration::days(14)).to_string(),
        editable,
        correctable: manage && approved,
        communicate_choices: Communicate::ALL,
    })
}

fn back(id: MeetingId, outcome: &str) -> PageResult {
    Ok(Redirect::to(&format!("/meetings/{id}?minutes={outcome}#minutes")).into_response())
}

async fn managed(state: &AppState, ctx: &Ctx, id: MeetingId, what: &str) -> Result<(Forum, Meeting), AppError> {
    service::meetings::manage(&ctx.req(state)?, || format!("meeting:{id}:{what}")).await?;
    load_meeting(state, ctx, id).await
}

async fn save(State(state): State<AppState>, ctx: Ctx, Path(id): Path<MeetingId>, Form(form): Form) -> PageResult {
    ctx.check_csrf(&first(&form, "csrf"))?;
    let (forum, meeting) = managed(&state, &ctx, id, "minutes").await?;
    let user = ctx.user()?;
    if meeting.starts_at > state.clock.now() || meeting.is_cancelled() || !forum.formal {
        return back(id, "not-yet");
    }
    let version = first(&form, "version").parse::<i64>().unwrap_or(-1);
    let attendees: Vec<i64> = form.iter().filter(|(k, _)| k == "attendee").filter_map(|(_, v)| v.parse().ok()).collect();
    let items = agenda_store::items_of_meeting(&state.db, user.tenant_id, id).await?;
    // Who sits in the forum now: whom a task may go to, and whom the minutes name as absent.
    let owners: Vec<i64> = super::forum_members(&state, user, &forum).await?.into_iter().map(|m| m.0).collect();
    let meeting_day = meeting.starts_at.with_timezone(&chrono_tz::Europe::Copenhagen).date_naive();
    let mut entries = vec![];
    for i in items.iter().filter(|i| i.is_placed()) {
        let text = first(&form, &format!("text-{}", i.id)).trim().to_string();
        if text.chars().count() > domain::meetings::agenda::MAX_TEXT {
            return back(id, "too-long");
        }
        let communicate = Communicate::parse(&first(&form, &format!("communicate-{}", i.id))).unwrap_or(Communicate::None);
        let concerns: Vec<String> = form
            .iter()
            .filter(|(k, _)| *k == format!("concerns-{}", i.id))
            .map(|(_, v)| v.clone())
            .filter(|v| v == "all" || v.parse::<i64>().is_ok())
            .collect();
        // The task rows come as three lists of the same length, one value per row.
        let column = |name: &str| -> Vec<String> { form.iter().filter(|(k, _)| *k == format!("{name}-{}", i.id)).map(|(_, v)| v.clone()).collect() };
        let (whats, owners_typed, dues) = (column("action-what"), column("action-owner"), column("action-due"));
        let rows: Vec<(String, String, String)> = whats
            .into_iter()
            .enumerate()
            .map(|(n, w)| (w, owners_typed.get(n).cloned().unwrap_or_default(), dues.get(n).cloned().unwrap_or_default()))
            .collect();
        let planned = if i.kind == ItemKind::Decision {
            match domain::meetings::decision::plan_actions(&rows, &owners, meeting_day) {
                Ok(p) => p,
                Err(_) => return back(id, "bad-action"),
            }
        } else {
            vec![]
        };
        entries.push(Entry {
            item_id: i.id,
            text,
            communicate,
            concerns: serde_json::to_string(&concerns).unwrap_or_default(),
            actions: serde_json::to_string(&planned).unwrap_or_else(|_| "[]".into()),
        });
    }
    let outcome = minutes_store::save_draft(&state.db, user.tenant_id, id, version, &attendees, &owners, &entries, &actor(user)).await?;
    back(
        id,
        match outcome {
            Outcome::Saved => "saved",
            Outcome::Conflict => "conflict",
            Outcome::Frozen | Outcome::NotApproved => "frozen",
        },
    )
}

/// A decision the approval will make, as the confirmation shows it.
pub struct PendingDecision {
    pub title: String,
    pub text: String,
    /// The units it names, or "the whole organisation".
    pub concerns: String,
    /// How many units it reaches, the named ones and all below them.
    pub reaches: usize,
    pub communicate: String,
    /// The follow-up tasks it will be given: "what – owner, due".
    pub tasks: Vec<String>,
}

#[derive(askama::Template)]
#[template(path = "meetings/approve.html")]
struct ApprovePage<'a> {
    ctx: &'a Ctx,
    section: &'a str,
    title: String,
    forum: Forum,
    meeting: Meeting,
    when: String,
    version: i64,
    decisions: Vec<PendingDecision>,
    /// Items for decision without a decision text: they make no decision.
    without_text: Vec<String>,
}

/// Before the minutes are approved: the decisions it will make, whom each
/// reaches and who is told. The POST below approves.
async fn approve_confirm(State(state): State<AppState>, ctx: Ctx, Path(id): Path<MeetingId>) -> PageResult {
    let (forum, meeting) = managed(&state, &ctx, id, "approve").await?;
    let user = ctx.user()?;
    let tr = ctx.tr;
    let Some(m) = minutes_store::get(&state.db, user.tenant_id, id).await? else { return back(id, "not-yet") };
    if m.is_approved() {
        return back(id, "frozen");
    }
    let org = state.reference(user).await?;
    let tree = org.tree();
    let roots: Vec<i64> = tree.iter().filter(|(_, p)| p.is_none()).map(|(id, _)| *id).collect();
    let entries = minutes_store::entries(&state.db, user.tenant_id, id).await?;
    let mut decisions = vec![];
    let mut without_text = vec![];
    for i in agenda_store::items_of_meeting(&state.db, user.tenant_id, id).await?.into_iter().filter(|i| i.takes_decision()) {
        let Some(e) = entries.iter().find(|e| e.item_id == i.id && !e.text.trim().is_empty()) else {
            without_text.push(i.title.clone());
            continue;
        };
        let named = e.concerned_units();
        let concerns = match &named {
            None => tr.t("decision-whole-organisation"),
            Some(units) => units.iter().filter_map(|u| org.unit(*u)).map(|u| u.name.clone()).collect::<Vec<_>>().join(", "),
        };
        // As approval counts them: the named units that exist, and all below.
        let named: Vec<i64> = named.unwrap_or_else(|| roots.clone()).into_iter().filter(|u| org.unit(*u).is_some()).collect();
        let reaches = domain::meetings::decision::reach(&named, &tree).len();
        let tasks = e
            .planned()
            .into_iter()
            .map(|a| {
                let owner = a.owner.and_then(|o| org.people.get(&o).cloned()).unwrap_or_else(|| tr.t("none"));
                format!("{} – {owner}, {}", a.what, tr.t1("home-due", "date", a.due.format("%d.%m.%Y")))
            })
            .collect();
        decisions.push(PendingDecision {
            tasks,
            title: i.title.clone(),
            text: e.text.clone(),
            concerns,
            reaches,
            communicate: tr.t(&format!("communicate-{}", e.communicate)),
        });
    }
    let p = ApprovePage {
        ctx: &ctx,
        section: "meetings",
        title: tr.t("minutes-approve-title"),
        when: super::describe::when(&tr, &meeting.starts_at),
        version: m.version,
        decisions,
        without_text,
        forum,
        meeting,
    };
    crate::render::page(&ctx, &p)
}

async fn approve(State(state): State<AppState>, ctx: Ctx, Path(id): Path<MeetingId>, Form(form): Form) -> PageResult {
    ctx.check_csrf(&first(&form, "csrf"))?;
    let (forum, meeting) = managed(&state, &ctx, id, "approve").await?;
    let user = ctx.user()?;
    let version = first(&form, "version").parse::<i64>().unwrap_or(-1);
    let Some(how) = Approval::parse(&first(&form, "how")) else {
        return back(id, "how-missing");
    };
    let items = agenda_store::items_of_meeting(&state.db, user.tenant_id, id).await?;
    let sources: Vec<DecisionSource> = items
        .iter()
        .filter(|i| i.takes_decision())
        .map(|i| DecisionSource {
            item_id: i.id,
            forum_id: i.forum_id,
            title: i.title.clone(),
            recommendation: i.recommendation.clone(),
            perspective_key: i.perspective_key.clone(),
            value_key: i.value_key.clone(),
            closed: i.closed,
        })
        .collect();
    let outcome = minutes_store::approve(&state.db, user.tenant_id, id, version, how, meeting.starts_at, &sources, &actor(user)).await?;
    if outcome == Outcome::Saved {
        service::meetings::notify::minutes_approved(&state.svc, user.tenant_id, &forum, &meeting, &state.config.base_url).await?;
    }
    back(id, if outcome == Outcome::Saved { "approved" } else { "conflict" })
}

async fn correct(State(state): State<AppState>, ctx: Ctx, Path(id): Path<MeetingId>, Form(form): Form) -> PageResult {
    ctx.check_csrf(&first(&form, "csrf"))?;
    let (_, meeting) = managed(&state, &ctx, id, "correct").await?;
    let version = first(&form, "version").parse::<i64>().unwrap_or(-1);
    let Ok(reason) = domain::meetings::input::required_text("reason", &first(&form, "reason"), 1000) else {
        return back(id, "reason-missing");
    };
    let texts: Vec<(ItemId, String)> =
        form.iter().filter_map(|(k, v)| k.strip_prefix("text-").and_then(|i| i.parse().ok()).map(|i| (i, v.trim().to_string()))).collect();
    let outcome = service::meetings::minutes::correct(&ctx.req(&state)?, &meeting, version, &texts, &reason).await?;
    back(
        id,
        match outcome {
            Err(service::meetings::minutes::Refused::TooLong) => "too-long",
            Ok(Outcome::Saved) => "corrected",
            Ok(Outcome::NotApproved) => "not-approved",
            Ok(_) => "conflict",
        },
    )
}
