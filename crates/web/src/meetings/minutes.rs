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
    Routes::new().post("/meetings/{id}/minutes", save).post("/meetings/{id}/minutes/approve", approve).post("/meetings/{id}/minutes/correct", correct)
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
    pub decision_id: Option<DecisionId>,
}

pub struct MinutesView {
    pub minutes: Option<Minutes>,
    pub rows: Vec<MinuteRow>,
    pub attendees: Vec<(i64, String, bool)>,
    pub revisions: Vec<Revision>,
    /// Units a decision can name: (id, name, depth).
    pub unit_choices: Vec<(i64, String)>,
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
    let rows = items
        .placed()
        .enumerate()
        .map(|(n, s)| {
            let i = &s.item;
            let e = entries.get(&i.id);
            MinuteRow {
                item_id: i.id,
                number: n + 1,
                title: i.title.clone(),
                is_decision: i.kind == ItemKind::Decision,
                hidden: s.hidden(),
                text: e.map(|e| e.text.clone()).unwrap_or_default(),
                communicate: e.map_or(Communicate::None, |e| e.communicate),
                concerns: e.and_then(|e| serde_json::from_str(&e.concerns).ok()).unwrap_or_default(),
                decision_id: if s.hidden() { None } else { decisions.get(&i.id).map(|d| d.id) },
            }
        })
        .collect();
    let present: Vec<i64> = minutes.as_ref().map(|m| m.attendees.clone()).unwrap_or_default();
    let attendees = members.iter().map(|(id, name)| (*id, name.clone(), present.contains(id))).collect();
    let manage = user.viewer.can_manage_meetings();
    let editable = manage && started && forum.formal && !approved;
    // The units a decision can concern are offered only while the minutes are written.
    let unit_choices = if editable {
        state
            .reference(user)
            .await?
            .units
            .iter()
            .filter(|u| matches!(u.kind, UnitKind::Directorate | UnitKind::Centre))
            .map(|u| (u.id, u.name.clone()))
            .collect()
    } else {
        vec![]
    };
    Ok(MinutesView {
        // Only corrected minutes have revisions.
        revisions: if minutes.as_ref().is_some_and(|m| m.revision > 0) { minutes_store::revisions(&state.db, t, meeting.id).await? } else { vec![] },
        minutes,
        rows,
        attendees,
        unit_choices,
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
        entries.push(Entry { item_id: i.id, text, communicate, concerns: serde_json::to_string(&concerns).unwrap_or_default() });
    }
    let outcome = minutes_store::save_draft(&state.db, user.tenant_id, id, version, &attendees, &entries, &actor(user)).await?;
    back(
        id,
        match outcome {
            Outcome::Saved => "saved",
            Outcome::Conflict => "conflict",
            Outcome::Frozen | Outcome::NotApproved => "frozen",
        },
    )
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
