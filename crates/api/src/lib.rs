//! The JSON API under /api/v1, described by an OpenAPI 3 document at
//! /api/v1/openapi.json. API types are kept apart from domain and store
//! types, so the database can change without changing the contract.

use axum::Json;
use axum::extract::{FromRequestParts, OriginalUri, State};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::platform::ApiArea;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use service::{Access, Principal, Req, Services};
use utoipa::{OpenApi, ToSchema};

pub mod aarshjul;
pub mod business;
pub mod evaluation;
pub mod me;
pub mod meetings;
pub mod policy;
pub mod programme;
pub mod table;

pub use table::{Route, Routes};

#[derive(OpenApi)]
#[openapi(
    info(title = "styr API", version = "1", description = "The organisation, the framework, the meetings, the work programme, the leader evaluation and the policies with their goals and indicators of a municipality. Authenticate with `Authorization: Bearer TOKEN` (see `styr user token`, or make one on your own page in styr). A token reads what its person may read, within its scope (org, framework, meetings, programme, evaluation, policy), until it expires or is revoked. Errors are problem details (RFC 9457)."),
    paths(units, unit, people, person, framework, meetings::forums, meetings::meetings, meetings::meeting_detail, meetings::decisions, meetings::actions, me::tasks, programme::programmes, programme::initiatives, programme::initiative, aarshjul::calendar, evaluation::rounds, evaluation::progress, evaluation::report, evaluation::plans, policy::policies, policy::policy, policy::goal, policy::values, policy::cases_summary, business::businesses, business::agreements, business::skills),
    components(schemas(ApiUnit, ApiUnitDetail, ApiPerson, ApiPosition, ApiPeoplePage, ApiFramework, ApiElement, Problem,
        meetings::ApiForum, meetings::ApiMeeting, meetings::ApiMeetingDetail, meetings::ApiItem, meetings::ApiMinutes, meetings::ApiMinuteEntry, meetings::ApiDecision, meetings::ApiAction,
        meetings::ProgressParam, meetings::ActionStatusParam, me::ApiTasks, me::ApiDecisionTask, me::ApiOwedReport, me::ApiProposal,
        programme::ApiProgramme, programme::ApiInitiative, programme::ApiInitiativeDetail, programme::ApiMilestone, programme::ApiStatusReport, aarshjul::ApiCalendarEntry,
        evaluation::ApiRound, evaluation::ApiProgress, evaluation::ApiGroupCount, evaluation::ApiReport, evaluation::ApiRow, evaluation::ApiCell, evaluation::ApiSettled, evaluation::ApiPlan,
        policy::ApiPolicy, policy::ApiPolicyDetail, policy::ApiTheme, policy::ApiGoalSummary, policy::ApiGoal, policy::ApiGoalIndicator, policy::ApiIndicator, policy::ApiTarget, policy::ApiMark, policy::ApiIndicatorValues, policy::ApiFigure, policy::ApiQuarter, policy::ApiCaseType, policy::ApiCaseArea, business::ApiBusiness, business::ApiBusinessPage, business::ApiParty, business::ApiAgreement, business::ApiSkillsGap, business::ApiOccupationGap, business::ApiNeededSkill, business::ApiMissingSkill)),
    modifiers(&BearerAuth),
    security(("bearer" = []))
)]
pub struct ApiDoc;

struct BearerAuth;
impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme("bearer", SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()));
    }
}

/// The API's routes; the pages nest them under /api/v1.
pub fn routes() -> Routes<Services> {
    Routes::new()
        .get("/openapi.json", openapi)
        .get("/units", units)
        .get("/units/{id}", unit)
        .get("/people", people)
        .get("/people/{id}", person)
        .get("/framework", framework)
        .get("/forums", meetings::forums)
        .get("/meetings", meetings::meetings)
        .get("/meetings/{id}", meetings::meeting_detail)
        .get("/decisions", meetings::decisions)
        .get("/actions", meetings::actions)
        .get("/me/tasks", me::tasks)
        .get("/programmes", programme::programmes)
        .get("/programmes/{year}/initiatives", programme::initiatives)
        .get("/initiatives/{id}", programme::initiative)
        .get("/calendar", aarshjul::calendar)
        .get("/evaluation/rounds", evaluation::rounds)
        .get("/evaluation/rounds/{id}/progress", evaluation::progress)
        .get("/evaluation/reports/{id}", evaluation::report)
        .get("/evaluation/plans", evaluation::plans)
        .get("/policies", policy::policies)
        .get("/policies/{id}", policy::policy)
        .get("/goals/{id}", policy::goal)
        .get("/indicators/{id}/values", policy::values)
        .get("/cases/summary", policy::cases_summary)
        .get("/businesses", business::businesses)
        .get("/agreements", business::agreements)
        .get("/skills", business::skills)
}

/// Anything else under /api/v1.
pub async fn no_such_endpoint() -> Problem {
    Problem::new(StatusCode::NOT_FOUND, "not_found", "No such endpoint.")
}

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], ApiDoc::openapi().to_pretty_json().unwrap_or_default()).into_response()
}

/// An error, as problem details (RFC 9457): `type` is about:blank, `title`
/// the status's name, `detail` what went wrong, and `code` a stable word to
/// act on (unauthorized, forbidden, not_found, bad_request, internal).
#[derive(Serialize, ToSchema, Debug)]
pub struct Problem {
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    pub code: String,
}

impl Problem {
    pub fn new(status: StatusCode, code: &str, detail: &str) -> Problem {
        Problem {
            kind: "about:blank".into(),
            title: status.canonical_reason().unwrap_or("Error").into(),
            status: status.as_u16(),
            detail: detail.into(),
            code: code.into(),
        }
    }
    pub(crate) fn internal(e: impl std::fmt::Display) -> Problem {
        tracing::error!("api internal error: {e}");
        Problem::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", "Internal error.")
    }
    pub(crate) fn not_found() -> Problem {
        Problem::new(StatusCode::NOT_FOUND, "not_found", "Not found.")
    }
    pub(crate) fn bad_request(detail: &str) -> Problem {
        Problem::new(StatusCode::BAD_REQUEST, "bad_request", detail)
    }
}

impl From<store::Error> for Problem {
    fn from(e: store::Error) -> Self {
        Problem::internal(e)
    }
}

impl From<service::Error> for Problem {
    fn from(e: service::Error) -> Self {
        match e {
            service::Error::NotFound => Problem::not_found(),
            service::Error::Forbidden => Problem::new(StatusCode::FORBIDDEN, "forbidden", "You may not read this."),
            service::Error::Store(e) => Problem::internal(e),
        }
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut res = (status, Json(&self)).into_response();
        res.headers_mut().insert(header::CONTENT_TYPE, header::HeaderValue::from_static("application/problem+json"));
        if status == StatusCode::UNAUTHORIZED {
            res.headers_mut().insert(header::WWW_AUTHENTICATE, header::HeaderValue::from_static("Bearer"));
        }
        res
    }
}

/// A query string read into `T`; one that does not fit is a 400 problem
/// naming what is wrong (an unknown word says which are allowed).
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = Problem;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Problem> {
        let q = parts.uri.query().unwrap_or("");
        serde_urlencoded::from_str(q).map(ApiQuery).map_err(|e| Problem::bad_request(&format!("The query is not valid: {e}.")))
    }
}

/// A path parameter read into `T`; one that does not fit is a 400 problem.
pub struct ApiPath<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for ApiPath<T> {
    type Rejection = Problem;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Problem> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(v)) => Ok(ApiPath(v)),
            Err(e) => Err(Problem::bad_request(&format!("The path is not valid: {}.", e.body_text()))),
        }
    }
}

/// The caller: the person behind a bearer token or the browser's session
/// (found once per request, as for the pages), and the path asked for.
pub struct Caller {
    pub principal: Principal,
    pub here: String,
}

impl Caller {
    /// The caller's request for something in `area`: refused (and audited)
    /// when the caller's token is not scoped to it.
    pub async fn within<'a>(&'a self, svc: &'a Services, area: ApiArea) -> Result<Req<'a>, Problem> {
        let req = svc.req(&self.principal, &self.here);
        let ok = match &self.principal.access {
            Access::Session => true,
            Access::Api(scope) => scope.contains(&area),
            Access::Feed => false,
        };
        req.allow(ok, || format!("api:{}", area.as_str())).await?;
        Ok(req)
    }
}

impl FromRequestParts<Services> for Caller {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, svc: &Services) -> Result<Self, Self::Rejection> {
        let unauthorized = || Problem::new(StatusCode::UNAUTHORIZED, "unauthorized", "A valid bearer token or session is required.");
        let here = parts.extensions.get::<OriginalUri>().map(|u| u.0.path().to_string()).unwrap_or_else(|| parts.uri.path().to_string());
        if let Some(auth) = parts.headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()) {
            let token = auth.strip_prefix("Bearer ").ok_or_else(unauthorized)?.trim();
            let principal = service::platform::principal::by_api_token(svc, token).await?.ok_or_else(unauthorized)?;
            return Ok(Caller { principal, here });
        }
        match parts.extensions.get::<service::platform::principal::SignedIn>().and_then(|s| s.0.clone()) {
            Some(session) => Ok(Caller { principal: session.principal, here }),
            None => Err(unauthorized()),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ApiUnit {
    pub id: i64,
    pub parent_id: Option<i64>,
    /// municipality, executive_board, directorate, centre or operating_unit
    pub kind: String,
    pub name: String,
    /// The names from the root down, joined by " > ".
    pub path: String,
}

impl From<store::org::Unit> for ApiUnit {
    fn from(u: store::org::Unit) -> Self {
        ApiUnit { id: u.id, parent_id: u.parent_id, kind: u.kind.as_str().to_string(), name: u.name, path: u.path }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ApiPosition {
    pub person_id: i64,
    pub unit_id: i64,
    /// leader or member
    pub kind: String,
}

#[derive(Serialize, ToSchema)]
pub struct ApiUnitDetail {
    #[serde(flatten)]
    pub unit: ApiUnit,
    pub leaders: Vec<ApiPerson>,
    pub members: Vec<ApiPerson>,
    pub children: Vec<ApiUnit>,
}

#[derive(Serialize, ToSchema)]
pub struct ApiPerson {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub positions: Option<Vec<ApiPosition>>,
}

#[derive(Serialize, ToSchema)]
pub struct ApiPeoplePage {
    pub total: i64,
    pub limit: i64,
    pub offset: i64,
    pub people: Vec<ApiPerson>,
}

#[derive(Serialize, ToSchema)]
pub struct ApiFramework {
    pub version: i64,
    pub title: String,
    pub elements: Vec<ApiElement>,
}

#[derive(Serialize, ToSchema)]
pub struct ApiElement {
    /// Stable across versions, e.g. "value.trovaerdighed" or "perspective.styr-paa-tingene".
    pub key: String,
    pub kind: String,
    pub parent_key: Option<String>,
    pub title: String,
    pub summary: String,
    pub body: String,
}

/// Every unit of the caller's municipality.
#[utoipa::path(get, path = "/api/v1/units", responses((status = 200, body = Vec<ApiUnit>), (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json")))]
async fn units(State(s): State<Services>, caller: Caller) -> Result<Json<Vec<ApiUnit>>, Problem> {
    let req = caller.within(&s, ApiArea::Org).await?;
    let reference = req.reference().await?;
    Ok(Json(reference.units.iter().cloned().map(ApiUnit::from).collect()))
}

fn api_person(m: store::org::Member) -> ApiPerson {
    ApiPerson { id: m.id, name: m.name, email: m.email, title: m.title, positions: None }
}

/// One unit with its leaders, members and sub-units.
#[utoipa::path(get, path = "/api/v1/units/{id}", params(("id" = i64, Path)), responses((status = 200, body = ApiUnitDetail), (status = 400, body = Problem, content_type = "application/problem+json"), (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn unit(State(s): State<Services>, caller: Caller, ApiPath(id): ApiPath<i64>) -> Result<Json<ApiUnitDetail>, Problem> {
    let req = caller.within(&s, ApiArea::Org).await?;
    let service::org::UnitDetail { unit, leaders, members, children } = service::org::unit(&req, id).await?;
    Ok(Json(ApiUnitDetail {
        unit: unit.into(),
        leaders: leaders.into_iter().map(api_person).collect(),
        members: members.into_iter().map(api_person).collect(),
        children: children.into_iter().map(ApiUnit::from).collect(),
    }))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PeopleQuery {
    /// Part of a name, e-mail or title.
    #[serde(default)]
    q: String,
    /// At most 500; 100 when left out.
    #[param(nullable = false, minimum = 1, maximum = 500)]
    limit: Option<i64>,
    #[param(nullable = false, minimum = 0)]
    offset: Option<i64>,
}

/// People, searchable and paged (at most 500 a page).
#[utoipa::path(get, path = "/api/v1/people", params(PeopleQuery), responses((status = 200, body = ApiPeoplePage), (status = 400, body = Problem, content_type = "application/problem+json"), (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json")))]
async fn people(State(s): State<Services>, caller: Caller, ApiQuery(q): ApiQuery<PeopleQuery>) -> Result<Json<ApiPeoplePage>, Problem> {
    let req = caller.within(&s, ApiArea::Org).await?;
    let (limit, offset) = paging(q.limit, q.offset, 100)?;
    let reference = req.reference().await?;
    let (rows, total) = reference.search_people(&q.q, limit, offset);
    let people =
        rows.into_iter().map(|p| ApiPerson { id: p.id, name: p.name.clone(), email: p.email.clone(), title: p.title.clone(), positions: None }).collect();
    Ok(Json(ApiPeoplePage { total, limit, offset, people }))
}

/// One person with their positions.
#[utoipa::path(get, path = "/api/v1/people/{id}", params(("id" = i64, Path)), responses((status = 200, body = ApiPerson), (status = 400, body = Problem, content_type = "application/problem+json"), (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn person(State(s): State<Services>, caller: Caller, ApiPath(id): ApiPath<i64>) -> Result<Json<ApiPerson>, Problem> {
    let req = caller.within(&s, ApiArea::Org).await?;
    let (p, placements) = service::org::person(&req, id).await?;
    let positions = placements.into_iter().map(|pl| ApiPosition { person_id: id, unit_id: pl.unit_id, kind: pl.kind.to_string() }).collect();
    Ok(Json(ApiPerson { id: p.id, name: p.name, email: p.email, title: p.title, positions: Some(positions) }))
}

/// The framework version in force, as elements with stable keys.
#[utoipa::path(get, path = "/api/v1/framework", responses((status = 200, body = ApiFramework), (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn framework(State(s): State<Services>, caller: Caller) -> Result<Json<ApiFramework>, Problem> {
    let req = caller.within(&s, ApiArea::Framework).await?;
    let v = service::framework::in_force(&req).await?.ok_or_else(Problem::not_found)?;
    let elements = service::framework::elements(&req, &v)
        .await?
        .into_iter()
        .map(|e| ApiElement { key: e.key, kind: e.kind.as_str().into(), parent_key: e.parent_key, title: e.title, summary: e.summary, body: e.body })
        .collect();
    Ok(Json(ApiFramework { version: v.version, title: v.title, elements }))
}

/// (limit, offset) from a query: a limit of 1 to 500 (`default` when left
/// out) and an offset of 0 or more; anything else is a 400 saying so.
pub(crate) fn paging(limit: Option<i64>, offset: Option<i64>, default: i64) -> Result<(i64, i64), Problem> {
    let limit = limit.unwrap_or(default);
    let offset = offset.unwrap_or(0);
    if !(1..=500).contains(&limit) {
        return Err(Problem::bad_request("limit must be between 1 and 500."));
    }
    if offset < 0 {
        return Err(Problem::bad_request("offset must not be negative."));
    }
    Ok((limit, offset))
}
