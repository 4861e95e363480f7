//! The work programme in the API: programmes by year, their initiatives
//! with the latest status, and one initiative with its milestones, status
//! reports, units, dependencies and the decisions that moved it. Everyone
//! signed in reads the programme, as on the web.

use axum::Json;
use axum::extract::State;
use chrono::NaiveDate;
use domain::meetings::DecisionId;
use domain::platform::ApiArea;
use serde::Serialize;
use service::Services;
use store::programme::{self as pstore, Initiative};
use utoipa::ToSchema;

use crate::{ApiPath, Caller, Problem};

const PROBLEM: &str = "application/problem+json";

#[derive(Serialize, ToSchema)]
pub struct ApiProgramme {
    pub id: i64,
    pub year: i64,
    pub title: String,
    /// draft, approved or closed
    pub status: String,
    /// How often initiatives report: month or quarter.
    pub cadence: String,
    pub approved_decision_id: Option<i64>,
}

impl From<pstore::Programme> for ApiProgramme {
    fn from(p: pstore::Programme) -> Self {
        ApiProgramme {
            id: p.id,
            year: p.year,
            title: p.title,
            status: p.status.to_string(),
            cadence: p.cadence.to_string(),
            approved_decision_id: p.approved_decision_id.map(DecisionId::get),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ApiInitiative {
    pub id: i64,
    pub programme_id: i64,
    pub title: String,
    pub purpose: String,
    pub description: String,
    pub owner_person_id: Option<i64>,
    /// Framework keys, e.g. perspective.styr-paa-tingene.
    pub perspectives: Vec<String>,
    pub values: Vec<String>,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// Whole kroner.
    pub budget: Option<i64>,
    pub risks: String,
    /// The newest report's status (on_track, at_risk, off_track, done, paused), null before the first.
    pub latest_status: Option<String>,
    /// Its period: 2026-Q3 or 2026-09.
    pub latest_period: Option<String>,
    /// Carried over from this initiative of an earlier programme.
    pub carried_from_id: Option<i64>,
}

impl From<Initiative> for ApiInitiative {
    fn from(i: Initiative) -> Self {
        let (latest_status, latest_period) = i.latest.map(|(s, p)| (s.to_string(), p)).unzip();
        ApiInitiative {
            id: i.id,
            programme_id: i.programme_id,
            title: i.title,
            purpose: i.purpose,
            description: i.description,
            owner_person_id: i.owner_person_id,
            perspectives: i.perspectives,
            values: i.values,
            starts_on: i.starts_on,
            ends_on: i.ends_on,
            budget: i.budget,
            risks: i.risks,
            latest_status,
            latest_period,
            carried_from_id: i.carried_from_id,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ApiMilestone {
    pub id: i64,
    pub title: String,
    pub due_on: NaiveDate,
    /// When it was reached; null while open.
    pub done_on: Option<NaiveDate>,
}

#[derive(Serialize, ToSchema)]
pub struct ApiStatusReport {
    pub period: String,
    pub status: String,
    /// Per cent, 0–100.
    pub progress: i64,
    pub happened: String,
    pub next_steps: String,
    pub needs: String,
    pub written_by: String,
    pub written_at: chrono::DateTime<chrono::Utc>,
}

#[derive(Serialize, ToSchema)]
pub struct ApiInitiativeDetail {
    #[serde(flatten)]
    pub initiative: ApiInitiative,
    /// The participating units' ids.
    pub units: Vec<i64>,
    /// The initiatives of the same programme this one depends on.
    pub depends_on: Vec<i64>,
    pub milestones: Vec<ApiMilestone>,
    /// Oldest period first.
    pub status_reports: Vec<ApiStatusReport>,
    /// The decisions that moved it.
    pub decisions: Vec<i64>,
}

/// Every work programme, newest year first.
#[utoipa::path(get, path = "/api/v1/programmes", responses((status = 200, body = Vec<ApiProgramme>), (status = 401, body = Problem, content_type = PROBLEM), (status = 403, body = Problem, content_type = PROBLEM)))]
pub async fn programmes(State(s): State<Services>, caller: Caller) -> Result<Json<Vec<ApiProgramme>>, Problem> {
    let req = caller.within(&s, ApiArea::Programme).await?;
    let snapshot = req.programme().await?;
    Ok(Json(snapshot.programmes.iter().cloned().map(ApiProgramme::from).collect()))
}

/// A year's initiatives, by title.
#[utoipa::path(get, path = "/api/v1/programmes/{year}/initiatives", params(("year" = i64, Path, example = 2026)), responses((status = 200, body = Vec<ApiInitiative>), (status = 400, body = Problem, content_type = PROBLEM), (status = 401, body = Problem, content_type = PROBLEM), (status = 403, body = Problem, content_type = PROBLEM), (status = 404, body = Problem, content_type = PROBLEM)))]
pub async fn initiatives(State(s): State<Services>, caller: Caller, ApiPath(year): ApiPath<i64>) -> Result<Json<Vec<ApiInitiative>>, Problem> {
    let req = caller.within(&s, ApiArea::Programme).await?;
    let snapshot = req.programme().await?;
    let p = snapshot.programme(year).ok_or_else(Problem::not_found)?;
    let portfolio = snapshot.portfolio(req.db(), req.tenant(), p).await?;
    Ok(Json(portfolio.initiatives.iter().cloned().map(ApiInitiative::from).collect()))
}

/// One initiative with its milestones and status reports.
#[utoipa::path(get, path = "/api/v1/initiatives/{id}", params(("id" = i64, Path)), responses((status = 200, body = ApiInitiativeDetail), (status = 400, body = Problem, content_type = PROBLEM), (status = 401, body = Problem, content_type = PROBLEM), (status = 403, body = Problem, content_type = PROBLEM), (status = 404, body = Problem, content_type = PROBLEM)))]
pub async fn initiative(State(s): State<Services>, caller: Caller, ApiPath(id): ApiPath<i64>) -> Result<Json<ApiInitiativeDetail>, Problem> {
    let req = caller.within(&s, ApiArea::Programme).await?;
    let (i, _) = service::programme::initiative(&req, id).await?;
    let d = service::programme::detail(&req, &i).await?;
    let units = d.units.into_iter().map(|u| u.0).collect();
    let depends_on = d.depends_on;
    let milestones = d.milestones.into_iter().map(|m| ApiMilestone { id: m.id, title: m.title, due_on: m.due_on, done_on: m.done_on }).collect();
    let status_reports = d
        .reports
        .into_iter()
        .map(|r| ApiStatusReport {
            period: r.period,
            status: r.status.to_string(),
            progress: r.progress,
            happened: r.happened,
            next_steps: r.next_steps,
            needs: r.needs,
            written_by: r.created_by,
            written_at: r.created_at,
        })
        .collect();
    let decisions = d.decisions.into_iter().map(|d| d.id.get()).collect();
    Ok(Json(ApiInitiativeDetail { initiative: i.into(), units, depends_on, milestones, status_reports, decisions }))
}
