//! What waits for the caller, as on the start page: `service::me::tasks`.

use axum::Json;
use axum::extract::State;
use chrono::NaiveDate;
use domain::platform::ApiArea;
use serde::Serialize;
use service::{Access, Services};
use store::meetings::agenda::Item;
use utoipa::ToSchema;

use crate::meetings::{ApiAction, ApiMeeting, action, meeting};
use crate::{Caller, Problem};

const PROBLEM: &str = "application/problem+json";

/// A decision a unit the caller leads has yet to acknowledge or carry out.
#[derive(Serialize, ToSchema)]
pub struct ApiDecisionTask {
    pub decision_id: i64,
    pub title: String,
    pub unit_id: i64,
    /// pending, acknowledged or in_progress
    pub status: String,
}

/// A status report the caller owes.
#[derive(Serialize, ToSchema)]
pub struct ApiOwedReport {
    pub initiative_id: i64,
    pub title: String,
    /// For example 2026-Q3
    pub period: String,
    pub due: NaiveDate,
}

/// A proposed agenda item.
#[derive(Serialize, ToSchema)]
pub struct ApiProposal {
    pub item_id: i64,
    pub forum_id: i64,
    pub meeting_id: i64,
    pub title: String,
    /// proposed, placed, deferred or declined
    pub status: String,
}

/// Everything that waits for the caller, most pressing first in each list.
#[derive(Serialize, ToSchema)]
pub struct ApiTasks {
    pub decisions: Vec<ApiDecisionTask>,
    /// Open follow-up actions the caller owns, earliest due first (at most ten).
    pub actions: Vec<ApiAction>,
    /// How many open actions the caller owns in all.
    pub actions_total: i64,
    /// Empty for a token without the programme scope.
    pub reports: Vec<ApiOwedReport>,
    pub proposals: Vec<ApiProposal>,
    /// The coming four weeks' meetings of the forums the caller sits in.
    pub meetings: Vec<ApiMeeting>,
    /// For the secretariat: proposals waiting for an agenda.
    pub to_place: Vec<ApiProposal>,
    /// For the secretariat: meetings whose minutes wait for approval.
    pub to_approve: Vec<ApiMeeting>,
}

fn proposal(i: Item) -> ApiProposal {
    ApiProposal { item_id: i.id.get(), forum_id: i.forum_id, meeting_id: i.meeting_id.get(), title: i.title, status: i.status.to_string() }
}

/// What waits for the caller: decisions to report on, follow-up actions,
/// status reports owed, proposals, the next meetings and, for the
/// secretariat, proposals to place and minutes to approve.
#[utoipa::path(get, path = "/api/v1/me/tasks", responses((status = 200, body = ApiTasks), (status = 401, body = Problem, content_type = PROBLEM), (status = 403, body = Problem, content_type = PROBLEM)))]
pub async fn tasks(State(s): State<Services>, caller: Caller) -> Result<Json<ApiTasks>, Problem> {
    let req = caller.within(&s, ApiArea::Meetings).await?;
    let t = service::me::tasks(&req).await?;
    let programme = match &caller.principal.access {
        Access::Api(scope) => scope.contains(&ApiArea::Programme),
        _ => true,
    };
    Ok(Json(ApiTasks {
        decisions: t
            .decisions
            .into_iter()
            .map(|(d, unit, status)| ApiDecisionTask { decision_id: d.id.get(), title: d.title, unit_id: unit, status: status.to_string() })
            .collect(),
        actions: t.actions.into_iter().map(action).collect(),
        actions_total: t.actions_total,
        reports: if programme {
            t.reports.into_iter().map(|r| ApiOwedReport { initiative_id: r.initiative_id, title: r.title, period: r.period, due: r.due }).collect()
        } else {
            vec![]
        },
        proposals: t.proposals.into_iter().map(proposal).collect(),
        meetings: t.meetings.into_iter().map(meeting).collect(),
        to_place: t.to_place.into_iter().map(proposal).collect(),
        to_approve: t.to_approve.into_iter().map(meeting).collect(),
    }))
}
