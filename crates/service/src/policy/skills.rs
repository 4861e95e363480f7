//! The skills gap's services: loading ESCO and Y25i07's vacancies by
//! occupation (the business service), and the gap as everyone signed in
//! reads it: occupations in demand, the skills candidates lacked, green ones
//! marked. Aggregates only: nothing here is about a citizen.

use domain::policy::skills::{self as rules, DemandError, EscoError, MissingSkill, OccupationGap};

use super::business::{KeepError, may_keep};
use crate::{Req, Result};

/// Replaces ESCO with the four files of its CSV download (read into grids), all or none.
pub async fn load_esco(
    req: &Req<'_>,
    occupations: &[Vec<String>],
    skills: &[Vec<String>],
    relations: &[Vec<String>],
    green: &[Vec<String>],
) -> std::result::Result<(usize, usize), KeepError<EscoError>> {
    may_keep(req).await?;
    let esco = rules::read_esco(occupations, skills, relations, green).map_err(KeepError::Invalid)?;
    store::skills::save_esco(req.db(), req.tenant(), &esco, &req.actor()).await?;
    Ok((esco.occupations.len(), esco.skills.len()))
}

/// Adds Y25i07's vacancies by occupation for the municipality (`area`, a name).
pub async fn load_demand(req: &Req<'_>, grid: &[Vec<String>], area: &str) -> std::result::Result<usize, KeepError<DemandError>> {
    may_keep(req).await?;
    let vacancies = rules::read_demand(grid, area).map_err(KeepError::Invalid)?;
    store::skills::save_vacancies(req.db(), req.tenant(), &vacancies, &req.actor()).await?;
    Ok(vacancies.len())
}

/// The gap as the page and the API show it.
pub struct Gap {
    pub occupations: Vec<OccupationGap>,
    pub missing: Vec<MissingSkill>,
    /// Names demand came under that ESCO does not know.
    pub unknown: usize,
    /// The newest period of vacancies, "" before any.
    pub period: String,
    /// (source, when, what) of ESCO and the vacancies.
    pub sources: Vec<(String, chrono::DateTime<chrono::Utc>, String)>,
}

pub async fn gap(req: &Req<'_>) -> Result<Gap> {
    req.allow(req.viewer().can_read_policies(), || "skills".into()).await?;
    let esco = store::skills::esco(req.db(), req.tenant()).await?;
    let vacancies = store::skills::vacancies(req.db(), req.tenant()).await?;
    let events = store::business::all_events(req.db(), req.tenant()).await?;
    let orders = rules::recent(domain::policy::business::job_orders(&events), req.svc.clock.today());
    let (occupations, missing, unknown) = rules::gap(&esco, &vacancies, &orders);
    Ok(Gap {
        occupations,
        missing,
        unknown,
        period: vacancies.iter().map(|v| v.period.clone()).max().unwrap_or_default(),
        sources: store::skills::sources(req.db(), req.tenant()).await?,
    })
}
