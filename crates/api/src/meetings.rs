//! The meetings part of the API: forums, meetings with their agendas and
//! approved minutes, decisions and follow-up actions, each as the caller may
//! read them.

use axum::Json;
use axum::extract::State;
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use domain::meetings::decision::Progress;
use domain::meetings::{DecisionId, MeetingId};
use domain::platform::ApiArea;
use serde::{Deserialize, Serialize};
use service::Services;
use service::meetings::decisions::RegisterQuery;
use utoipa::{IntoParams, ToSchema};

use crate::{ApiPath, ApiQuery, Caller, Problem, paging};

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
    /// When they were approved; null for a draft.
    pub approved_at: Option<DateTime<Utc>>,
    /// at_meeting or circulation; empty for a draft.
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
    /// The minutes, when the caller may read them: approved ones for the
    /// forum's readers, a draft for its members and the secretariat.
    pub minutes: Option<ApiMinutes>,
}

#[derive(Serialize, ToSchema)]
pub struct ApiDecision {
    pub id: i64,
    pub forum_id: i64,
    pub meeting_id: i64,
    pub title: String,
    /// The minutes' decision text.
    pub text: String,
    /// The recommendation as it stood when the minutes were approved.
    pub recommendation: String,
    pub decided_at: DateTime<Utc>,
    /// none, leaders or employees
    pub communicate: String,
    pub whole_organisation: bool,
    pub perspective_key: Option<String>,
    pub units_reached: i64,
    pub units_implemented: i64,
    /// Made on a closed item (only the forum's members and the secretariat read it).
    pub closed: bool,
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

const PROBLEM: &str = "application/problem+json";

fn date(s: &Option<String>, name: &str) -> Result<Option<DateTime<Utc>>, Problem> {
    // Left out is no date; given, it must be one (an empty value is not).
    match s.as_deref() {
        None => Ok(None),
        Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map(|d| Some(domain::meetings::cadence::local_to_utc(d.and_time(NaiveTime::MIN))))
            .map_err(|_| Problem::bad_request(&format!("{name} must be a date as YYYY-MM-DD."))),
    }
}

pub(crate) fn meeting(m: store::meetings::Meeting) -> ApiMeeting {
    ApiMeeting {
        id: m.id.get(),
        forum_id: m.forum_id,
        starts_at: m.starts_at,
        ends_at: m.ends_at,
        place: m.place,
        status: m.status.to_string(),
        chair_person_id: m.chair_person_id,
        agenda_published_at: m.agenda_published_at,
    }
}

/// The forums the caller may read.
#[utoipa::path(get, path = "/api/v1/forums", responses((status = 200, body = Vec<ApiForum>), (status = 401, body = Problem, content_type = PROBLEM), (status = 403, body = Problem, content_type = PROBLEM)))]
pub async fn forums(State(s): State<Services>, caller: Caller) -> Result<Json<Vec<ApiForum>>, Problem> {
    let req = caller.within(&s, ApiArea::Meetings).await?;
    let all = service::meetings::readable_forums(&req).await?;
    Ok(Json(
        all.into_iter()
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
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct MeetingsQuery {
    /// The forum.
    forum: i64,
    /// First day (YYYY-MM-DD, Copenhagen); default 90 days back.
    #[param(nullable = false, format = Date, pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
    from: Option<String>,
    /// Day after the last (YYYY-MM-DD); default a year ahead. None are given when it is before `from`.
    #[param(nullable = false, format = Date, pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
    to: Option<String>,
}

/// A forum's meetings in a period.
#[utoipa::path(get, path = "/api/v1/meetings", params(MeetingsQuery), responses((status = 200, body = Vec<ApiMeeting>), (status = 400, body = Problem, content_type = PROBLEM), (status = 401, body = Problem, content_type = PROBLEM), (status = 403, body = Problem, content_type = PROBLEM), (status = 404, body = Problem, content_type = PROBLEM)))]
pub async fn meetings(State(s): State<Services>, caller: Caller, ApiQuery(q): ApiQuery<MeetingsQuery>) -> Result<Json<Vec<ApiMeeting>>, Problem> {
    let req = caller.within(&s, ApiArea::Meetings).await?;
    let now = req.now();
    let from = date(&q.from, "from")?.unwrap_or(now - chrono::Duration::days(90));
    let to = date(&q.to, "to")?.unwrap_or(now + chrono::Duration::days(365));
    if to < from {
        return Ok(Json(vec![]));
    }
    let (_, list) = service::meetings::meetings_of(&req, q.forum, from, to).await?;
    Ok(Json(list.into_iter().map(meeting).collect()))
}

/// One meeting with its agenda and the minutes the caller may read.
#[utoipa::path(get, path = "/api/v1/meetings/{id}", params(("id" = i64, Path)), responses((status = 200, body = ApiMeetingDetail), (status = 400, body = Problem, content_type = PROBLEM), (status = 401, body = Problem, content_type = PROBLEM), (status = 403, body = Problem, content_type = PROBLEM), (status = 404, body = Problem, content_type = PROBLEM)))]
pub async fn meeting_detail(State(s): State<Services>, caller: Caller, ApiPath(id): ApiPath<MeetingId>) -> Result<Json<ApiMeetingDetail>, Problem> {
    let req = caller.within(&s, ApiArea::Meetings).await?;
    let (f, m) = service::meetings::meeting(&req, id).await?;
    let items = service::meetings::agenda::items(&req, &f, &m).await?;
    let agenda = items
        .placed()
        .enumerate()
        .map(|(n, shown)| {
            let i = &shown.item;
            ApiItem {
                id: i.id.get(),
                number: n + 1,
                title: (!shown.hidden()).then(|| i.title.clone()),
                kind: i.kind.to_string(),
                recommendation: (!shown.hidden()).then(|| i.recommendation.clone()),
                closed: i.closed,
                minutes: i.minutes,
                part: i.part,
            }
        })
        .collect();
    let minutes = service::meetings::minutes::of_meeting(&req, &f, &m, &items).await?.map(|(mm, entries)| ApiMinutes {
        approved_at: mm.approved_at,
        approved_how: mm.approved_how.map(|h| h.to_string()).unwrap_or_default(),
        attendees: mm.attendees,
        revision: mm.revision,
        entries: entries.into_iter().map(|e| ApiMinuteEntry { item_id: e.item_id.get(), text: e.text }).collect(),
    });
    Ok(Json(ApiMeetingDetail { meeting: meeting(m), agenda, minutes }))
}

/// How far a decision has come.
#[derive(Clone, Copy, Debug, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProgressParam {
    Decided,
    AwaitingUnits,
    InProgress,
    Implemented,
}

impl From<ProgressParam> for Progress {
    fn from(p: ProgressParam) -> Progress {
        match p {
            ProgressParam::Decided => Progress::Decided,
            ProgressParam::AwaitingUnits => Progress::AwaitingUnits,
            ProgressParam::InProgress => Progress::InProgress,
            ProgressParam::Implemented => Progress::Implemented,
        }
    }
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct DecisionsQuery {
    #[param(nullable = false)]
    forum: Option<i64>,
    #[param(nullable = false)]
    unit: Option<i64>,
    #[param(nullable = false)]
    perspective: Option<String>,
    /// How far it has come.
    #[param(nullable = false, inline)]
    status: Option<ProgressParam>,
    #[param(nullable = false, format = Date, pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
    from: Option<String>,
    #[param(nullable = false, format = Date, pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
    to: Option<String>,
    /// Words that must all occur.
    #[param(nullable = false)]
    q: Option<String>,
    /// At most 500; 100 when left out.
    #[param(nullable = false, minimum = 1, maximum = 500)]
    limit: Option<i64>,
    #[param(nullable = false, minimum = 0)]
    offset: Option<i64>,
}

/// The decision register as the caller may read it, newest first.
#[utoipa::path(get, path = "/api/v1/decisions", params(DecisionsQuery), responses((status = 200, body = Vec<ApiDecision>), (status = 400, body = Problem, content_type = PROBLEM), (status = 401, body = Problem, content_type = PROBLEM), (status = 403, body = Problem, content_type = PROBLEM)))]
pub async fn decisions(State(s): State<Services>, caller: Caller, ApiQuery(q): ApiQuery<DecisionsQuery>) -> Result<Json<Vec<ApiDecision>>, Problem> {
    let req = caller.within(&s, ApiArea::Meetings).await?;
    let (limit, offset) = paging(q.limit, q.offset, 100)?;
    let query = RegisterQuery {
        forum: q.forum,
        from: date(&q.from, "from")?,
        to: date(&q.to, "to")?,
        unit: q.unit,
        perspective: q.perspective.clone().filter(|p| !p.is_empty()),
        progress: q.status.map(Progress::from),
        words: q.q.unwrap_or_default().split_whitespace().take(8).map(String::from).collect(),
    };
    let rows = service::meetings::decisions::page(&req, query, limit, offset).await?;
    Ok(Json(
        rows.into_iter()
            .map(|d| {
                let (n, done, _) = d.counts();
                ApiDecision {
                    id: d.id.get(),
                    forum_id: d.forum_id,
                    meeting_id: d.meeting_id.get(),
                    title: d.title,
                    text: d.text,
                    recommendation: d.recommendation,
                    decided_at: d.decided_at,
                    communicate: d.communicate.to_string(),
                    whole_organisation: d.whole_organisation,
                    perspective_key: d.perspective_key,
                    units_reached: n,
                    units_implemented: done,
                    closed: d.closed,
                }
            })
            .collect(),
    ))
}

/// Which follow-up actions to list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ActionStatusParam {
    /// Those not done (the default).
    #[default]
    Open,
    /// Open and done.
    All,
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ActionsQuery {
    #[param(nullable = false)]
    forum: Option<i64>,
    #[param(nullable = false, inline)]
    status: Option<ActionStatusParam>,
    /// At most 500; 100 when left out.
    #[param(nullable = false, minimum = 1, maximum = 500)]
    limit: Option<i64>,
    #[param(nullable = false, minimum = 0)]
    offset: Option<i64>,
}

/// Follow-up actions of the forums the caller reads.
#[utoipa::path(get, path = "/api/v1/actions", params(ActionsQuery), responses((status = 200, body = Vec<ApiAction>), (status = 400, body = Problem, content_type = PROBLEM), (status = 401, body = Problem, content_type = PROBLEM), (status = 403, body = Problem, content_type = PROBLEM)))]
pub async fn actions(State(s): State<Services>, caller: Caller, ApiQuery(q): ApiQuery<ActionsQuery>) -> Result<Json<Vec<ApiAction>>, Problem> {
    let req = caller.within(&s, ApiArea::Meetings).await?;
    let (limit, offset) = paging(q.limit, q.offset, 100)?;
    let only_open = q.status.unwrap_or_default() == ActionStatusParam::Open;
    let (rows, _) = service::meetings::decisions::actions(&req, q.forum, false, only_open, limit, offset).await?;
    Ok(Json(rows.into_iter().map(action).collect()))
}

pub(crate) fn action(a: store::meetings::decisions::Action) -> ApiAction {
    ApiAction {
        id: a.id,
        forum_id: a.forum_id,
        decision_id: a.decision_id.map(DecisionId::get),
        what: a.what,
        owner_person_id: a.owner_person_id,
        unit_id: a.unit_id,
        due_date: a.due.to_string(),
        status: a.status.to_string(),
    }
}
