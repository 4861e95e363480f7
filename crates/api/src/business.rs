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
    /// YYYY-MM-DD, when the P-unit started (when the extract said).
    pub started_on: Option<String>,
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
            started_on: b.started_on.map(|d| d.to_string()),
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

#[derive(Serialize, ToSchema)]
pub struct ApiNeededSkill {
    pub label: String,
    /// In ESCO's green-skills collection.
    pub green: bool,
    /// Times noted as lacking when one of the occupation's job orders closed without a hire.
    pub missing: u32,
}

#[derive(Serialize, ToSchema)]
pub struct ApiOccupationGap {
    /// ESCO's preferred label.
    pub label: String,
    /// The ISCO-08 code ESCO gives.
    pub isco: String,
    /// Vacancies in the newest period of Jobindsats Y25i07.
    pub vacancies: f64,
    /// The jobcenter's job orders for it in the last twelve months, the positions they asked for, and how many closed without a hire.
    pub job_orders: u32,
    pub positions: u32,
    pub unfilled: u32,
    /// Its essential skills, the most often missing first.
    pub skills: Vec<ApiNeededSkill>,
}

#[derive(Serialize, ToSchema)]
pub struct ApiMissingSkill {
    pub label: String,
    pub green: bool,
    pub missing: u32,
    /// The occupations in demand that need it.
    pub occupations: Vec<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ApiSkillsGap {
    /// The newest period of vacancies ("2026M09"), "" before any.
    pub period: String,
    /// Occupations in demand, most wanted first.
    pub occupations: Vec<ApiOccupationGap>,
    /// The skills most often lacking across them.
    pub missing: Vec<ApiMissingSkill>,
    /// How many names of demand ESCO does not know (left out above).
    pub unknown: usize,
}

/// The skills gap at occupation level: demand from Y25i07 and the job
/// orders, skills from ESCO. Aggregates only, nothing about a citizen.
#[utoipa::path(get, path = "/api/v1/skills", responses((status = 200, body = ApiSkillsGap), (status = 401, body = Problem, content_type = PROBLEM), (status = 403, body = Problem, content_type = PROBLEM)))]
pub async fn skills(State(s): State<Services>, caller: Caller) -> Result<Json<ApiSkillsGap>, Problem> {
    let req = caller.within(&s, ApiArea::Policy).await?;
    let g = service::policy::skills::gap(&req).await?;
    let skill = |n: domain::policy::skills::NeededSkill| ApiNeededSkill { label: n.label, green: n.green, missing: n.missing };
    Ok(Json(ApiSkillsGap {
        period: g.period,
        occupations: g
            .occupations
            .into_iter()
            .map(|o| ApiOccupationGap {
                label: o.label,
                isco: o.isco,
                vacancies: o.vacancies,
                job_orders: o.job_orders,
                positions: o.positions,
                unfilled: o.unfilled,
                skills: o.skills.into_iter().map(skill).collect(),
            })
            .collect(),
        missing: g.missing.into_iter().map(|m| ApiMissingSkill { label: m.label, green: m.green, missing: m.missing, occupations: m.occupations }).collect(),
        unknown: g.unknown,
    }))
}
