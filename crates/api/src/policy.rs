//! Policies in the API: the policies, one policy with its themes and goals and
//! a mark per goal, one goal with its indicators and the initiatives and
//! decisions that serve it, and an indicator's figures by area. Everyone
//! signed in reads them, as on the web (`domain::policy::access`).

use axum::Json;
use axum::extract::State;
use domain::platform::ApiArea;
use domain::policy::mark::{Assessment, Why};
use serde::{Deserialize, Serialize};
use service::Services;
use service::policy::GoalStatus;
use store::policy::Indicator;
use utoipa::{IntoParams, ToSchema};

use crate::{ApiPath, ApiQuery, Caller, Problem};

const PROBLEM: &str = "application/problem+json";

#[derive(Serialize, ToSchema)]
pub struct ApiPolicy {
    pub id: i64,
    /// Stable across versions, e.g. ishoj-paa-arbejde.
    pub key: String,
    pub title: String,
    /// The version in force.
    pub version: i64,
}

impl From<store::policy::Policy> for ApiPolicy {
    fn from(p: store::policy::Policy) -> Self {
        ApiPolicy { id: p.id, key: p.key, title: p.title, version: p.version }
    }
}

/// How an indicator or a goal stands against its target.
#[derive(Serialize, ToSchema)]
pub struct ApiMark {
    /// met, near, missed or unknown.
    pub mark: String,
    /// The figure it is judged on: its period ("2025", "2025K2") and value; null without figures.
    pub period: Option<String>,
    pub value: Option<f64>,
    /// The target for that period's year; null when none is set.
    pub target: Option<f64>,
    /// How far on the right (positive) or wrong (negative) side of the target, in the indicator's unit.
    pub gap: Option<f64>,
}

impl From<&Assessment> for ApiMark {
    fn from(a: &Assessment) -> Self {
        let mark = a.mark.to_string();
        match &a.why {
            Why::NoValue => ApiMark { mark, period: None, value: None, target: None, gap: None },
            Why::NoTarget { period, value } => ApiMark { mark, period: Some(period.clone()), value: Some(*value), target: None, gap: None },
            Why::Against { period, value, target, gap } => {
                ApiMark { mark, period: Some(period.clone()), value: Some(*value), target: Some(*target), gap: Some(*gap) }
            }
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ApiTarget {
    pub year: i32,
    pub value: f64,
}

#[derive(Serialize, ToSchema)]
pub struct ApiIndicator {
    pub id: i64,
    pub key: String,
    pub name: String,
    pub definition: String,
    pub unit: String,
    /// higher or lower: which way is better.
    pub direction: String,
    /// statistikbank, jobindsats, upload, cases or businesses.
    pub source: String,
    /// The source's table or series, e.g. RAS200 or Y30R21.
    pub series: String,
    /// yearly, quarterly or monthly.
    pub frequency: String,
    pub targets: Vec<ApiTarget>,
    /// How far on the wrong side of a target still counts as near.
    pub tolerance: f64,
}

impl From<&Indicator> for ApiIndicator {
    fn from(i: &Indicator) -> Self {
        let d = &i.def;
        ApiIndicator {
            id: i.id,
            key: d.key.clone(),
            name: d.name.clone(),
            definition: d.definition.clone(),
            unit: d.unit.clone(),
            direction: d.direction.to_string(),
            source: d.source.to_string(),
            series: d.series.clone(),
            frequency: d.frequency.to_string(),
            targets: d.targets().into_iter().map(|(year, value)| ApiTarget { year, value }).collect(),
            tolerance: d.tolerance,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ApiGoalSummary {
    pub id: i64,
    pub key: String,
    pub title: String,
    /// Who answers for it, by name.
    pub owner: String,
    /// The goal's mark: its worst assessed indicator's.
    pub mark: String,
    /// The indicator that decides the mark, if any.
    pub decided_by_indicator_id: Option<i64>,
}

impl From<&GoalStatus> for ApiGoalSummary {
    fn from(g: &GoalStatus) -> Self {
        ApiGoalSummary {
            id: g.goal.id,
            key: g.goal.key.clone(),
            title: g.goal.title.clone(),
            owner: g.owner.clone(),
            mark: g.mark.to_string(),
            decided_by_indicator_id: g.decided_by.and_then(|i| g.indicators.get(i)).map(|(ind, _)| ind.id),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ApiTheme {
    pub key: String,
    pub title: String,
    pub summary: String,
    pub goals: Vec<ApiGoalSummary>,
}

#[derive(Serialize, ToSchema)]
pub struct ApiPolicyDetail {
    #[serde(flatten)]
    pub policy: ApiPolicy,
    pub kind: String,
    pub vision: String,
    /// The ways the vision is to be reached.
    pub ways: Vec<String>,
    pub themes: Vec<ApiTheme>,
}

#[derive(Serialize, ToSchema)]
pub struct ApiGoalIndicator {
    #[serde(flatten)]
    pub indicator: ApiIndicator,
    pub mark: ApiMark,
}

#[derive(Serialize, ToSchema)]
pub struct ApiGoal {
    pub id: i64,
    pub policy_id: i64,
    pub key: String,
    pub theme_key: String,
    pub title: String,
    pub text: String,
    pub ways: Vec<String>,
    pub owner: String,
    pub owner_unit_id: Option<i64>,
    pub owner_forum_id: Option<i64>,
    pub first_year: i64,
    pub last_year: i64,
    /// No longer in the policy's version in force.
    pub retired: bool,
    pub mark: String,
    pub indicators: Vec<ApiGoalIndicator>,
    /// The initiatives that serve it.
    pub initiatives: Vec<i64>,
    /// The decisions that moved those initiatives, as far as the caller may read them.
    pub decisions: Vec<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct ApiFigure {
    /// A municipality's code (183 is Ishøj), 084 for the region, 000 for the country.
    pub area: String,
    /// "2025", "2025K2" or "2025M03".
    pub period: String,
    /// Null when the figure is hidden (about fewer than 5 people) or missing.
    pub value: Option<f64>,
    /// The source's expected value, where it gives one.
    pub expected: Option<f64>,
    pub suppressed: bool,
    pub source: String,
    pub fetched_at: chrono::DateTime<chrono::Utc>,
}

#[derive(Serialize, ToSchema)]
pub struct ApiIndicatorValues {
    pub indicator: ApiIndicator,
    pub values: Vec<ApiFigure>,
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AreaQuery {
    /// Only these areas, by code, separated by commas (e.g. 183,165). All when left out.
    #[param(nullable = false)]
    pub area: Option<String>,
}

/// Every policy of the municipality.
#[utoipa::path(get, path = "/api/v1/policies", responses((status = 200, body = Vec<ApiPolicy>), (status = 401, body = Problem, content_type = PROBLEM), (status = 403, body = Problem, content_type = PROBLEM)))]
pub async fn policies(State(s): State<Services>, caller: Caller) -> Result<Json<Vec<ApiPolicy>>, Problem> {
    let req = caller.within(&s, ApiArea::Policy).await?;
    Ok(Json(service::policy::policies(&req).await?.into_iter().map(ApiPolicy::from).collect()))
}

/// A policy with its themes and a mark per goal.
#[utoipa::path(get, path = "/api/v1/policies/{id}", params(("id" = i64, Path)), responses((status = 200, body = ApiPolicyDetail), (status = 400, body = Problem, content_type = PROBLEM), (status = 401, body = Problem, content_type = PROBLEM), (status = 403, body = Problem, content_type = PROBLEM), (status = 404, body = Problem, content_type = PROBLEM)))]
pub async fn policy(State(s): State<Services>, caller: Caller, ApiPath(id): ApiPath<i64>) -> Result<Json<ApiPolicyDetail>, Problem> {
    let req = caller.within(&s, ApiArea::Policy).await?;
    let v = service::policy::overview(&req, id).await?;
    let themes = v
        .doc
        .themes
        .iter()
        .map(|t| ApiTheme { key: t.key.clone(), title: t.title.clone(), summary: t.summary.clone(), goals: v.goals_of(t).map(ApiGoalSummary::from).collect() })
        .collect();
    Ok(Json(ApiPolicyDetail { kind: v.doc.kind.clone(), vision: v.doc.vision.text.clone(), ways: v.doc.vision.ways.clone(), themes, policy: v.policy.into() }))
}

/// A goal with its indicators and what serves it.
#[utoipa::path(get, path = "/api/v1/goals/{id}", params(("id" = i64, Path)), responses((status = 200, body = ApiGoal), (status = 400, body = Problem, content_type = PROBLEM), (status = 401, body = Problem, content_type = PROBLEM), (status = 403, body = Problem, content_type = PROBLEM), (status = 404, body = Problem, content_type = PROBLEM)))]
pub async fn goal(State(s): State<Services>, caller: Caller, ApiPath(id): ApiPath<i64>) -> Result<Json<ApiGoal>, Problem> {
    let req = caller.within(&s, ApiArea::Policy).await?;
    let v = service::policy::goal(&req, id).await?;
    let g = &v.status.goal;
    Ok(Json(ApiGoal {
        id: g.id,
        policy_id: g.policy_id,
        key: g.key.clone(),
        theme_key: g.theme_key.clone(),
        title: g.title.clone(),
        text: v.def.as_ref().map(|d| d.text.clone()).unwrap_or_default(),
        ways: v.def.as_ref().map(|d| d.ways.clone()).unwrap_or_default(),
        owner: v.status.owner.clone(),
        owner_unit_id: g.owner_unit_id,
        owner_forum_id: g.owner_forum_id,
        first_year: g.starts_year,
        last_year: g.ends_year,
        retired: g.retired,
        mark: v.status.mark.to_string(),
        indicators: v.status.indicators.iter().map(|(i, a)| ApiGoalIndicator { indicator: i.into(), mark: a.into() }).collect(),
        initiatives: v.initiatives.iter().map(|(i, _)| i.id).collect(),
        decisions: v.decisions.iter().map(|d| d.id.get()).collect(),
    }))
}

/// An indicator's figures, by area and period.
#[utoipa::path(get, path = "/api/v1/indicators/{id}/values", params(("id" = i64, Path), AreaQuery), responses((status = 200, body = ApiIndicatorValues), (status = 400, body = Problem, content_type = PROBLEM), (status = 401, body = Problem, content_type = PROBLEM), (status = 403, body = Problem, content_type = PROBLEM), (status = 404, body = Problem, content_type = PROBLEM)))]
pub async fn values(
    State(s): State<Services>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(q): ApiQuery<AreaQuery>,
) -> Result<Json<ApiIndicatorValues>, Problem> {
    let req = caller.within(&s, ApiArea::Policy).await?;
    let areas: Vec<String> = q.area.unwrap_or_default().split(',').map(|a| a.trim().to_string()).filter(|a| !a.is_empty()).collect();
    let v = service::policy::indicator(&req, id, &areas).await?;
    let values = v
        .values
        .into_iter()
        .map(|x| ApiFigure {
            area: x.area,
            period: x.period,
            value: x.value,
            expected: x.expected,
            suppressed: x.suppressed,
            source: x.source,
            fetched_at: x.fetched_at,
        })
        .collect();
    Ok(Json(ApiIndicatorValues { indicator: (&v.indicator).into(), values }))
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SpanQuery {
    /// The first day of decisions counted, YYYY-MM-DD, in the years 2000–2100; a year before `to` when left out.
    #[param(nullable = false, format = Date, pattern = r"^(20[0-9]{2}|2100)-[0-9]{2}-[0-9]{2}$")]
    pub from: Option<String>,
    /// The last day, YYYY-MM-DD, in the years 2000–2100; today when left out.
    #[param(nullable = false, format = Date, pattern = r"^(20[0-9]{2}|2100)-[0-9]{2}-[0-9]{2}$")]
    pub to: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ApiQuarter {
    /// "2026K2".
    pub period: String,
    /// Null when hidden (fewer than 5 cases, or so that a total does not give a hidden cell away).
    pub decided: Option<usize>,
    pub within: Option<usize>,
    /// Per cent decided within the deadline.
    pub share: Option<f64>,
    /// Median calendar days used, less the waits for the applicant.
    pub median_days: Option<f64>,
    pub hidden: bool,
}

impl From<&domain::policy::cases::Quarter> for ApiQuarter {
    fn from(q: &domain::policy::cases::Quarter) -> Self {
        let shown = !q.hidden;
        ApiQuarter {
            period: q.period().to_string(),
            decided: shown.then_some(q.decided),
            within: shown.then_some(q.within),
            share: q.share(),
            median_days: if shown { q.median } else { None },
            hidden: q.hidden,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ApiCaseType {
    pub key: String,
    pub title: String,
    /// The published deadline in calendar days.
    pub deadline_days: u32,
    pub quarters: Vec<ApiQuarter>,
    /// Open cases now, and how many of them are past the deadline.
    pub open: usize,
    pub open_late: usize,
}

#[derive(Serialize, ToSchema)]
pub struct ApiCaseArea {
    pub area: String,
    pub case_types: Vec<ApiCaseType>,
    pub totals: Vec<ApiQuarter>,
}

/// Cases decided within their published deadline, per area, case type and quarter.
#[utoipa::path(get, path = "/api/v1/cases/summary", params(SpanQuery), responses((status = 200, body = Vec<ApiCaseArea>), (status = 400, body = Problem, content_type = PROBLEM), (status = 401, body = Problem, content_type = PROBLEM), (status = 403, body = Problem, content_type = PROBLEM)))]
pub async fn cases_summary(State(s): State<Services>, caller: Caller, ApiQuery(q): ApiQuery<SpanQuery>) -> Result<Json<Vec<ApiCaseArea>>, Problem> {
    let req = caller.within(&s, ApiArea::Policy).await?;
    let to = crate::aarshjul::day(&q.to, "to")?.unwrap_or_else(|| req.svc.clock.today());
    let from = crate::aarshjul::day(&q.from, "from")?.unwrap_or_else(|| to - chrono::Duration::days(365));
    let areas = service::policy::cases::summary(&req, from, to).await?;
    Ok(Json(
        areas
            .iter()
            .map(|a| ApiCaseArea {
                area: a.area.clone(),
                case_types: a
                    .types
                    .iter()
                    .map(|t| ApiCaseType {
                        key: t.case_type.key.clone(),
                        title: t.case_type.title.clone(),
                        deadline_days: t.case_type.days,
                        quarters: t.quarters.iter().map(ApiQuarter::from).collect(),
                        open: t.open,
                        open_late: t.open_late,
                    })
                    .collect(),
                totals: a.totals.iter().map(ApiQuarter::from).collect(),
            })
            .collect(),
    ))
}
