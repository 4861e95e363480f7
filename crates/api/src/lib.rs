//! The JSON API under /api/v1, described by an OpenAPI 3 document at
//! /api/v1/openapi.json. API types are kept apart from domain and store
//! types, so the database can change without changing the contract.

use std::sync::Arc;

use axum::extract::{FromRef, FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use store::Db;
use utoipa::{OpenApi, ToSchema};

pub mod aarshjul;
pub mod meetings;
pub mod programme;

#[derive(OpenApi)]
#[openapi(
    info(title = "styr API", version = "1", description = "The organisation, the framework, the meetings and the work programme of a municipality. Authenticate with `Authorization: Bearer TOKEN` (see `styr user token`)."),
    paths(units, unit, people, person, framework, meetings::forums, meetings::meetings, meetings::meeting_detail, meetings::decisions, meetings::actions, programme::programmes, programme::initiatives, programme::initiative, aarshjul::calendar),
    components(schemas(ApiUnit, ApiUnitDetail, ApiPerson, ApiPosition, ApiPeoplePage, ApiFramework, ApiElement, ApiError,
        meetings::ApiForum, meetings::ApiMeeting, meetings::ApiMeetingDetail, meetings::ApiItem, meetings::ApiMinutes, meetings::ApiMinuteEntry, meetings::ApiDecision, meetings::ApiAction,
        programme::ApiProgramme, programme::ApiInitiative, programme::ApiInitiativeDetail, programme::ApiMilestone, programme::ApiStatusReport, aarshjul::ApiCalendarEntry)),
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

/// What the API's handlers share: the database, and the reference data
/// the web pages keep in memory too (see `store::reference`).
#[derive(Clone)]
pub struct ApiState {
    pub db: Db,
    pub reference: Arc<store::reference::Cache>,
    pub programme: Arc<store::programme_cache::Cache>,
}

impl ApiState {
    /// The caller's tenant's work programme and årshjul, from memory when current.
    pub async fn programme(&self, caller: &Caller) -> Result<Arc<store::programme_cache::Snapshot>, store::Error> {
        self.programme.get(&self.db, caller.tenant_id, (caller.programme_version, caller.reference_version)).await
    }
}

impl FromRef<ApiState> for Db {
    fn from_ref(s: &ApiState) -> Db {
        s.db.clone()
    }
}

pub fn router(db: Db, reference: Arc<store::reference::Cache>, programme: Arc<store::programme_cache::Cache>) -> Router {
    Router::new()
        .route("/openapi.json", get(openapi))
        .route("/units", get(units))
        .route("/units/{id}", get(unit))
        .route("/people", get(people))
        .route("/people/{id}", get(person))
        .route("/framework", get(framework))
        .route("/forums", get(meetings::forums))
        .route("/meetings", get(meetings::meetings))
        .route("/meetings/{id}", get(meetings::meeting_detail))
        .route("/decisions", get(meetings::decisions))
        .route("/actions", get(meetings::actions))
        .route("/programmes", get(programme::programmes))
        .route("/programmes/{year}/initiatives", get(programme::initiatives))
        .route("/initiatives/{id}", get(programme::initiative))
        .route("/calendar", get(aarshjul::calendar))
        .fallback(|| async { ApiError::new(StatusCode::NOT_FOUND, "not_found", "No such endpoint.") })
        .with_state(ApiState { db, reference, programme })
}

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], ApiDoc::openapi().to_pretty_json().unwrap_or_default()).into_response()
}

/// An error: a stable machine-readable code and a human message.
#[derive(Serialize, ToSchema, Debug)]
pub struct ApiError {
    #[serde(skip)]
    status: u16,
    /// Stable code: unauthorized, forbidden, not_found, bad_request, internal.
    pub code: String,
    pub message: String,
}

impl ApiError {
    pub(crate) fn new(status: StatusCode, code: &str, message: &str) -> ApiError {
        ApiError { status: status.as_u16(), code: code.into(), message: message.into() }
    }
    pub(crate) fn internal(e: impl std::fmt::Display) -> ApiError {
        tracing_error(&e);
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", "Internal error.")
    }
    pub(crate) fn not_found() -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, "not_found", "Not found.")
    }
    pub(crate) fn bad_request(message: &str) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "bad_request", message)
    }
}

fn tracing_error(e: &impl std::fmt::Display) {
    eprintln!("api internal error: {e}");
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        (status, Json(self)).into_response()
    }
}

/// The caller: an account found by bearer token or by the browser's session,
/// with what the access rules need to know about it.
pub struct Caller {
    pub tenant_id: i64,
    pub account_id: i64,
    pub viewer: domain::access::Viewer,
    /// The tenant's reference data version, for the kept copy.
    pub reference_version: i64,
    /// The tenant's programme version, for the kept copy of the programme and the årshjul.
    pub programme_version: i64,
}

impl Caller {
    fn of(p: store::platform::accounts::Profile, viewer: domain::access::Viewer) -> Caller {
        Caller { tenant_id: p.tenant_id, account_id: p.account_id, viewer, reference_version: p.reference_version, programme_version: p.programme_version }
    }
}

impl FromRequestParts<ApiState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &ApiState) -> Result<Self, Self::Rejection> {
        let unauthorized = || ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", "A valid bearer token or session is required.");
        let db = &state.db;
        if let Some(auth) = parts.headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()) {
            let token = auth.strip_prefix("Bearer ").ok_or_else(unauthorized)?.trim();
            let found = store::platform::accounts::profile_for_token(db, token).await.map_err(ApiError::internal)?;
            return found.map(|(p, v)| Caller::of(p, v)).ok_or_else(unauthorized);
        }
        let session = parts
            .headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|kv| kv.trim().split_once('='))
            .find(|(k, _)| *k == "styr_session")
            .map(|(_, v)| v.to_string());
        if let Some(token) = session
            && let Some((p, _, v)) = store::platform::accounts::profile_for_session(db, &token).await.map_err(ApiError::internal)?
        {
            return Ok(Caller::of(p, v));
        }
        Err(unauthorized())
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
        ApiUnit { id: u.id, parent_id: u.parent_id, kind: u.kind, name: u.name, path: u.path }
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
#[utoipa::path(get, path = "/api/v1/units", responses((status = 200, body = Vec<ApiUnit>), (status = 401, body = ApiError)))]
async fn units(State(s): State<ApiState>, caller: Caller) -> Result<Json<Vec<ApiUnit>>, ApiError> {
    let reference = s.reference.get(&s.db, caller.tenant_id, caller.reference_version).await.map_err(ApiError::internal)?;
    Ok(Json(reference.units.iter().cloned().map(ApiUnit::from).collect()))
}

fn api_person(m: store::org::Member) -> ApiPerson {
    ApiPerson { id: m.id, name: m.name, email: m.email, title: m.title, positions: None }
}

/// One unit with its leaders, members and sub-units.
#[utoipa::path(get, path = "/api/v1/units/{id}", params(("id" = i64, Path)), responses((status = 200, body = ApiUnitDetail), (status = 404, body = ApiError)))]
async fn unit(State(db): State<Db>, caller: Caller, Path(id): Path<i64>) -> Result<Json<ApiUnitDetail>, ApiError> {
    let t = caller.tenant_id;
    let u = store::org::unit(&db, t, id).await.map_err(ApiError::internal)?.ok_or_else(ApiError::not_found)?;
    let (leaders, members): (Vec<_>, Vec<_>) = store::org::members(&db, t, id).await.map_err(ApiError::internal)?.into_iter().partition(|m| m.kind == "leader");
    let children = store::org::children(&db, t, id).await.map_err(ApiError::internal)?;
    Ok(Json(ApiUnitDetail {
        unit: u.into(),
        leaders: leaders.into_iter().map(api_person).collect(),
        members: members.into_iter().map(api_person).collect(),
        children: children.into_iter().map(ApiUnit::from).collect(),
    }))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct PeopleQuery {
    /// Part of a name, e-mail or title.
    #[serde(default)]
    q: String,
    limit: Option<i64>,
    offset: Option<i64>,
}

/// People, searchable and paged (at most 500 a page).
#[utoipa::path(get, path = "/api/v1/people", params(PeopleQuery), responses((status = 200, body = ApiPeoplePage)))]
async fn people(State(s): State<ApiState>, caller: Caller, Query(q): Query<PeopleQuery>) -> Result<Json<ApiPeoplePage>, ApiError> {
    let limit = q.limit.unwrap_or(100).clamp(1, 500);
    let offset = q.offset.unwrap_or(0).max(0);
    let reference = s.reference.get(&s.db, caller.tenant_id, caller.reference_version).await.map_err(ApiError::internal)?;
    let (rows, total) = reference.search_people(&q.q, limit, offset);
    let people =
        rows.into_iter().map(|p| ApiPerson { id: p.id, name: p.name.clone(), email: p.email.clone(), title: p.title.clone(), positions: None }).collect();
    Ok(Json(ApiPeoplePage { total, limit, offset, people }))
}

/// One person with their positions.
#[utoipa::path(get, path = "/api/v1/people/{id}", params(("id" = i64, Path)), responses((status = 200, body = ApiPerson), (status = 404, body = ApiError)))]
async fn person(State(db): State<Db>, caller: Caller, Path(id): Path<i64>) -> Result<Json<ApiPerson>, ApiError> {
    let t = caller.tenant_id;
    let p = store::org::person(&db, t, id).await.map_err(ApiError::internal)?.ok_or_else(ApiError::not_found)?;
    let positions = store::org::placements(&db, t, id)
        .await
        .map_err(ApiError::internal)?
        .into_iter()
        .map(|pl| ApiPosition { person_id: id, unit_id: pl.unit_id, kind: pl.kind })
        .collect();
    Ok(Json(ApiPerson { id: p.id, name: p.name, email: p.email, title: p.title, positions: Some(positions) }))
}

/// The framework version in force, as elements with stable keys.
#[utoipa::path(get, path = "/api/v1/framework", responses((status = 200, body = ApiFramework), (status = 404, body = ApiError)))]
async fn framework(State(db): State<Db>, caller: Caller) -> Result<Json<ApiFramework>, ApiError> {
    let t = caller.tenant_id;
    let v = store::framework::version(&db, t, None).await.map_err(ApiError::internal)?.ok_or_else(ApiError::not_found)?;
    let elements = store::framework::elements(&db, t, v.id)
        .await
        .map_err(ApiError::internal)?
        .into_iter()
        .map(|e| ApiElement { key: e.key, kind: e.kind.as_str().into(), parent_key: e.parent_key, title: e.title, summary: e.summary, body: e.body })
        .collect();
    Ok(Json(ApiFramework { version: v.version, title: v.title, elements }))
}
