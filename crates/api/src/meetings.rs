//! The meetings part of the API: forums, meetings with their agendas and
//! approved minutes, decisions and follow-up actions, each as the caller may
//! read them.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};
use store::Db;
use store::meetings::decisions as dstore;
use utoipa::{IntoParams, ToSchema};

use crate::{ApiError, Caller};

#[derive(Serialize, ToSchema)]
pub struct ApiForum {
    pub id: i64,
    pub name: String,
    pub purpose: String,
    /// Formal agenda and minutes.
    pub formal: bool,
    pub follow_up: bool,
    /// members, leaders or everyone
    pub readers: String,
    pub proposers: String,
    pub duration_minutes: i64,
    pub place: String,
}

#[derive(Serialize, ToSchema)]
pub struct ApiMeeting {
    pub id: i64,
    pub forum_id: i64,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub place: String,
    /// planned or cancelled
    pub status: String,
    pub chair_person_id: Option<i64>,
    pub agenda_published_at: Option<DateTime<Utc>>,
}

#[derive(Serialize, ToSchema)]
pub struct ApiItem {
    pub id: i64,
    pub number: usize,
    /// null for a closed item the caller may not read
    pub title: Option<String>,
    /// decision, discussion or information
    pub kind: String,
    pub recommendation: Option<String>,
    pub closed: bool,
    pub minutes: i64,
    pub part: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct ApiMinuteEntry {
    pub item_id: i64,
    pub text: String,
}

#[derive(Serialize, ToSchema)]
pub struct ApiMinutes {
    pub approved_at: DateTime<Utc>,
    /// at_meeting or circulation.
    pub approved_how: String,
    pub attendees: Vec<i64>,
    pub revision: i64,
    pub entries: Vec<ApiMinuteEntry>,
}

#[derive(Serialize, ToSchema)]
pub struct ApiMeetingDetail {
    #[serde(flatten)]
    pub meeting: ApiMeeting,
    pub agenda: Vec<ApiItem>,
    /// Present once the minutes are approved.
    pub minutes: Option<ApiMinutes>,
}

#[derive(Serialize, ToSchema)]
pub struct ApiDecision {
    pub id: i64,
    pub forum_id: i64,
    pub meeting_id: i64,
    pub title: String,
    pub text: String,
    pub decided_at: DateTime<Utc>,
    /// none, leaders or employees
    pub communicate: String,
    pub whole_organisation: bool,
    pub perspective_key: Option<String>,
    pub units_reached: i64,
    pub units_implemented: i64,
}

#[derive(Serialize, ToSchema)]
pub struct ApiAction {
    pub id: i64,
    pub forum_id: i64,
    pub decision_id: Option<i64>,
    pub what: String,
    pub owner_person_id: Option<i64>,
    pub unit_id: Option<i64>,
    pub due_date: String,
    /// open or done
    pub status: String,
}

fn bad(msg: &str) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, "bad_request", msg)
}

fn date(s: &Option<String>, name: &str) -> Result<Option<DateTime<Utc>>, ApiError> {
    match s.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map(|d| Some(domain::meetings::cadence::local_to_utc(d.and_time(NaiveTime::MIN))))
            .map_err(|_| bad(&format!("{name} must be a date as YYYY-MM-DD"))),
    }
}

fn meeting(m: store::meetings::Meeting) -> ApiMeeting {
    ApiMeeting {
        id: m.id,
        forum_id: m.forum_id,
        starts_at: m.starts_at,
        ends_at: m.ends_at,
        place: m.place,
        status: m.status,
        chair_person_id: m.chair_person_id,
        agenda_published_at: m.agenda_published_at,
    }
}

/// The forums the caller may read.
#[utoipa::path(get, path = "/api/v1/forums", responses((status = 200, body = Vec<ApiForum>), (status = 401, body = ApiError)))]
pub async fn forums(State(db): State<Db>, caller: Caller) -> Result<Json<Vec<ApiForum>>, ApiError> {
    let all = store::meetings::forums(&db, caller.tenant_id).await.map_err(ApiError::internal)?;
    Ok(Json(
        all.into_iter()
            .filter(|f| caller.viewer.can_read_forum(&f.membership, f.readers))
            .map(|f| ApiForum {
                id: f.id,
                name: f.name,
                purpose: f.purpose,
                formal: f.formal,
                follow_up: f.follow_up,
                readers: f.readers.as_str().into(),
                proposers: f.proposers.as_str().into(),
                duration_minutes: f.duration_minutes,
                place: f.place,
            })
            .collect(),
    ))
}

#[derive(Deserialize, IntoParams)]
pub struct MeetingsQuery {
    /// The forum.
    forum: i64,
    /// First day (YYYY-MM-DD, Copenhagen); default 90 days back.
    from: Option<String>,
    /// Day after the last (YYYY-MM-DD); default a year ahead.
    to: Option<String>,
}

async fn readable_forum(db: &Db, caller: &Caller, id: i64) -> Result<store::meetings::Forum, ApiError> {
    let f = store::meetings::forum(db, caller.tenant_id, id).await.map_err(ApiError::internal)?.ok_or_else(ApiError::not_found)?;
    if caller.viewer.can_read_forum(&f.membership, f.readers) {
        Ok(f)
    } else {
        Err(ApiError::new(StatusCode::FORBIDDEN, "forbidden", "You may not read this forum."))
    }
}

/// A forum's meetings in a period.
#[utoipa::path(get, path = "/api/v1/meetings", params(MeetingsQuery), responses((status = 200, body = Vec<ApiMeeting>), (status = 400, body = ApiError), (status = 403, body = ApiError)))]
pub async fn meetings(State(db): State<Db>, caller: Caller, Query(q): Query<MeetingsQuery>) -> Result<Json<Vec<ApiMeeting>>, ApiError> {
    let f = readable_forum(&db, &caller, q.forum).await?;
    let now = Utc::now();
    let from = date(&q.from, "from")?.unwrap_or(now - chrono::Duration::days(90));
    let to = date(&q.to, "to")?.unwrap_or(now + chrono::Duration::days(365));
    if to < from {
        return Err(bad("to is before from"));
    }
    let list = store::meetings::meetings_of_forum(&db, caller.tenant_id, f.id, from, to).await.map_err(ApiError::internal)?;
    Ok(Json(list.into_iter().map(meeting).collect()))
}

/// One meeting with its agenda and, once approved, its minutes.
#[utoipa::path(get, path = "/api/v1/meetings/{id}", params(("id" = i64, Path)), responses((status = 200, body = ApiMeetingDetail), (status = 404, body = ApiError)))]
pub async fn meeting_detail(State(db): State<Db>, caller: Caller, Path(id): Path<i64>) -> Result<Json<ApiMeetingDetail>, ApiError> {
    let t = caller.tenant_id;
    let m = store::meetings::meeting(&db, t, id).await.map_err(ApiError::internal)?.ok_or_else(ApiError::not_found)?;
    let f = readable_forum(&db, &caller, m.forum_id).await?;
    let closed_ok = caller.viewer.can_read_closed(&f.membership);
    let items: Vec<_> =
        store::meetings::agenda::items_of_meeting(&db, t, id).await.map_err(ApiError::internal)?.into_iter().filter(|i| i.status == "placed").collect();
    let visible = |closed: bool| !closed || closed_ok;
    let agenda = items
        .iter()
        .enumerate()
        .map(|(n, i)| ApiItem {
            id: i.id,
            number: n + 1,
            title: visible(i.closed).then(|| i.title.clone()),
            kind: i.kind.clone(),
            recommendation: visible(i.closed).then(|| i.recommendation.clone()),
            closed: i.closed,
            minutes: i.minutes,
            part: i.part,
        })
        .collect();
    let minutes = match store::meetings::minutes::with_entries(&db, t, id).await.map_err(ApiError::internal)? {
        Some((mm, entries)) if mm.approved_at.is_some() => Some(ApiMinutes {
            approved_at: mm.approved_at.unwrap_or_default(),
            approved_how: mm.approved_how.clone(),
            attendees: mm.attendees,
            revision: mm.revision,
            entries: entries
                .into_iter()
                .filter(|e| items.iter().any(|i| i.id == e.item_id && visible(i.closed)))
                .map(|e| ApiMinuteEntry { item_id: e.item_id, text: e.text })
                .collect(),
        }),
        _ => None,
    };
    Ok(Json(ApiMeetingDetail { meeting: meeting(m), agenda, minutes }))
}

#[derive(Deserialize, IntoParams)]
pub struct DecisionsQuery {
    forum: Option<i64>,
    unit: Option<i64>,
    perspective: Option<String>,
    /// How far it has come: decided, awaiting_units, in_progress or implemented.
    status: Option<String>,
    from: Option<String>,
    to: Option<String>,
    /// Words that must all occur.
    q: Option<String>,
    limit: Option<i64>,
    offset: Option<i64>,
}

/// The decision register as the caller may read it, newest first.
#[utoipa::path(get, path = "/api/v1/decisions", params(DecisionsQuery), responses((status = 200, body = Vec<ApiDecision>), (status = 400, body = ApiError)))]
pub async fn decisions(State(db): State<Db>, caller: Caller, Query(q): Query<DecisionsQuery>) -> Result<Json<Vec<ApiDecision>>, ApiError> {
    let t = caller.tenant_id;
    let (visible, _) = dstore::visibility_for(&db, t, &caller.viewer).await.map_err(ApiError::internal)?;
    let filter =
        dstore::Filter {
            visible,
            forum: q.forum,
            from: date(&q.from, "from")?,
            to: date(&q.to, "to")?,
            unit: q.unit,
            perspective: q.perspective.clone().filter(|p| !p.is_empty()),
            progress: match q.status.as_deref().filter(|s| !s.is_empty()) {
                None => None,
                Some(s) => Some(domain::meetings::decision::Progress::parse(s).ok_or_else(|| {
                    ApiError::new(StatusCode::BAD_REQUEST, "bad_status", "status is one of decided, awaiting_units, in_progress, implemented.")
                })?),
            },
            words: q.q.unwrap_or_default().split_whitespace().take(8).map(String::from).collect(),
        };
    let rows = dstore::search(&db, t, &filter, q.limit.unwrap_or(100).clamp(1, 500), q.offset.unwrap_or(0).max(0)).await.map_err(ApiError::internal)?;
    Ok(Json(
        rows.into_iter()
            .map(|d| {
                let (n, done, _) = d.counts();
                ApiDecision {
                    id: d.id,
                    forum_id: d.forum_id,
                    meeting_id: d.meeting_id,
                    title: d.title,
                    text: d.text,
                    decided_at: d.decided_at,
                    communicate: d.communicate,
                    whole_organisation: d.whole_organisation,
                    perspective_key: d.perspective_key,
                    units_reached: n,
                    units_implemented: done,
                }
            })
            .collect(),
    ))
}

#[derive(Deserialize, IntoParams)]
pub struct ActionsQuery {
    forum: Option<i64>,
    /// open (default) or all
    status: Option<String>,
    limit: Option<i64>,
    offset: Option<i64>,
}

/// Follow-up actions of the forums the caller reads.
#[utoipa::path(get, path = "/api/v1/actions", params(ActionsQuery), responses((status = 200, body = Vec<ApiAction>)))]
pub async fn actions(State(db): State<Db>, caller: Caller, Query(q): Query<ActionsQuery>) -> Result<Json<Vec<ApiAction>>, ApiError> {
    let t = caller.tenant_id;
    let (_, readable) = dstore::visibility_for(&db, t, &caller.viewer).await.map_err(ApiError::internal)?;
    let forums: Vec<i64> = readable.iter().map(|f| f.id).filter(|id| q.forum.is_none_or(|f| f == *id)).collect();
    let only_open = q.status.as_deref() != Some("all");
    let filter = dstore::ActionFilter { forums: &forums, owner: None, only_open };
    let rows = dstore::actions(&db, t, &filter, q.limit.unwrap_or(100).clamp(1, 500), q.offset.unwrap_or(0).max(0)).await.map_err(ApiError::internal)?;
    Ok(Json(
        rows.into_iter()
            .map(|a| ApiAction {
                id: a.id,
                forum_id: a.forum_id,
                decision_id: a.decision_id,
                what: a.what,
                owner_person_id: a.owner_person_id,
                unit_id: a.unit_id,
                due_date: a.due_date,
                status: a.status,
            })
            .collect(),
    ))
}
