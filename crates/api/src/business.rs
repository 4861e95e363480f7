//! The business service in the API: the register as a list (never a
//! reklamebeskyttet business: `domain::policy::business::listed`) and the
//! cooperation agreements. Contact persons are not in the API: each read of
//! them is logged for a person on a page.

use axum::Json;
use axum::extract::State;
use domain::platform::ApiArea;
use serde::{Deserialize, Serialize};
use service::Services;
use utoipa::{IntoParams, ToSchema};

use crate::{ApiQuery, Caller, Problem};

const PROBLEM: &str = "application/problem+json";

#[derive(Serialize, ToSchema)]
pub struct ApiBusiness {
    pub id: i64,
    /// Eight digits.
    pub cvr: String,
    /// Ten digits: the production unit.
    pub p_number: String,
    pub name: String,
    pub address: String,
    pub postcode: String,
    pub city: String,
    /// The municipality code of the production unit ("183"), "" when not known.
    pub municipality: String,
    pub industry_code: String,
    pub industry: String,
    /// The size band as CVR gives it.
    pub employees: String,
    /// YYYY-MM-DD, when the business has ceased.
    pub ceased_on: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ApiBusinessPage {
    pub total: i64,
    pub limit: i64,
    pub offset: i64,
    pub businesses: Vec<ApiBusiness>,
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct BusinessQuery {
    /// Part of a name, an industry or a CVR-number.
    #[serde(default)]
    q: String,
    /// At most 500; 100 when left out.
    #[param(nullable = false, minimum = 1, maximum = 500)]
    limit: Option<i64>,
    #[param(nullable = false, minimum = 0)]
    offset: Option<i64>,
}

/// The business register, paged. A business with reklamebeskyttelse is never on it.
#[utoipa::path(get, path = "/api/v1/businesses", params(BusinessQuery), responses((status = 200, body = ApiBusinessPage), (status = 400, body = Problem, content_type = PROBLEM), (status = 401, body = Problem, content_type = PROBLEM), (status = 403, body = Problem, content_type = PROBLEM)))]
pub async fn businesses(State(s): State<Services>, caller: Caller, ApiQuery(q): ApiQuery<BusinessQuery>) -> Result<Json<ApiBusinessPage>, Problem> {
    let req = caller.within(&s, ApiArea::Policy).await?;
    let (limit, offset) = crate::paging(q.limit, q.offset, 100)?;
    let (page, total) = service::policy::business::list(&req, &q.q, limit, offset).await?;
    let businesses = page
        .into_iter()
        .map(|(id, b)| ApiBusiness {
            id,
            cvr: b.cvr,
            p_number: b.p_number,
            name: b.name,
            address: b.address,
            postcode: b.postcode,
            city: b.city,
            municipality: b.municipality,
            industry_code: b.industry_code,
            industry: b.industry,
            employees: b.employees,
            ceased_on: b.ceased_on.map(|d| d.to_string()),
        })
        .collect();
    Ok(Json(ApiBusinessPage { total, limit, offset, businesses }))
}

#[derive(Serialize, ToSchema)]
pub struct ApiParty {
    /// business, school, municipality, akasse or other.
    pub kind: String,
    /// Empty for a business with reklamebeskyttelse, unless the caller keeps the register.
    pub name: String,
    /// The business in the register, for a party that is one.
    pub business_id: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct ApiAgreement {
    pub id: i64,
    pub title: String,
    pub obligations: String,
    /// YYYY-MM-DD.
    pub starts_on: String,
    pub ends_on: String,
    /// The day its renewal should begin.
    pub renew_by: String,
    pub parties: Vec<ApiParty>,
}

/// The cooperation agreements, by end date.
#[utoipa::path(get, path = "/api/v1/agreements", responses((status = 200, body = Vec<ApiAgreement>), (status = 401, body = Problem, content_type = PROBLEM), (status = 403, body = Problem, content_type = PROBLEM)))]
pub async fn agreements(State(s): State<Services>, caller: Caller) -> Result<Json<Vec<ApiAgreement>>, Problem> {
    let req = caller.within(&s, ApiArea::Policy).await?;
    let all = service::policy::business::agreements(&req).await?;
    Ok(Json(
        all.into_iter()
            .map(|s| ApiAgreement {
                id: s.id,
                renew_by: s.agreement.renew_by().to_string(),
                title: s.agreement.title,
                obligations: s.agreement.obligations,
                starts_on: s.agreement.starts_on.to_string(),
                ends_on: s.agreement.ends_on.to_string(),
                parties: s.agreement.parties.into_iter().map(|p| ApiParty { kind: p.kind.to_string(), name: p.name, business_id: p.business_id }).collect(),
            })
            .collect(),
    ))
}
