//! The programme context's services: who writes the programme and keeps the
//! årshjul, and which forums' meetings are on a reader's wheel
//! (`domain::programme::policy`). Everyone signed in reads the programme.

use std::collections::HashSet;

use domain::meetings::DecisionId;
use store::meetings::decisions::Decision;
use store::programme::{self as pstore, Initiative, Milestone, Programme, Report};

use crate::{Error, Req, Result};

/// An initiative of the viewer's municipality, with its programme.
pub async fn initiative(req: &Req<'_>, id: i64) -> Result<(Initiative, Programme)> {
    let (db, t) = (req.db(), req.tenant());
    let i = pstore::initiative(db, t, id).await?.ok_or(Error::NotFound)?;
    let p = pstore::programmes(db, t).await?.into_iter().find(|p| p.id == i.programme_id).ok_or(Error::NotFound)?;
    Ok((i, p))
}

/// An initiative as its page and the API show it.
pub struct InitiativeDetail {
    /// The units taking part: (id, name), by name.
    pub units: Vec<(i64, String)>,
    /// The initiatives of the same programme it depends on.
    pub depends_on: Vec<i64>,
    pub milestones: Vec<Milestone>,
    /// Oldest period first.
    pub reports: Vec<Report>,
    /// The decisions that moved it: only those the viewer may read.
    pub decisions: Vec<Decision>,
    /// The policy goals it serves: (goal id, goal title).
    pub goals: Vec<(i64, String)>,
}

/// What belongs to an initiative (loaded with `initiative`), as the viewer may see it.
pub async fn detail(req: &Req<'_>, i: &Initiative) -> Result<InitiativeDetail> {
    let (db, t) = (req.db(), req.tenant());
    let linked: Vec<DecisionId> = pstore::decisions_of(db, t, i.id).await?.into_iter().map(|d| d.0).collect();
    Ok(InitiativeDetail {
        units: pstore::units_of(db, t, i.id).await?,
        depends_on: pstore::dependencies(db, t, i.programme_id).await?.into_iter().filter(|d| d.0 == i.id).map(|d| d.1).collect(),
        milestones: pstore::milestones(db, t, i.id).await?,
        reports: pstore::reports(db, t, i.id).await?,
        decisions: crate::meetings::decisions::readable_of(req, &linked).await?,
        goals: crate::policy::goals_of_initiative(req, i.id).await?.into_iter().map(|(g, _)| (g.id, g.title)).collect(),
    })
}

/// Refuses (and audits) unless the viewer writes the programme.
pub async fn manage(req: &Req<'_>, what: impl FnOnce() -> String) -> Result<()> {
    req.allow(req.viewer().can_manage_programme(), what).await
}

/// Refuses (and audits) unless the viewer may change an initiative with this owner.
pub async fn edit_initiative(req: &Req<'_>, owner: Option<i64>, what: impl FnOnce() -> String) -> Result<()> {
    req.allow(req.viewer().can_edit_initiative(owner), what).await
}

/// The forums whose meetings are on the viewer's wheel.
pub async fn forums_on_wheel(req: &Req<'_>) -> Result<HashSet<i64>> {
    let r = req.reference().await?;
    Ok(r.forums.iter().filter(|f| req.viewer().sees_on_wheel(f)).map(|f| f.id).collect())
}

/// The categories every tenant starts with: (key, message id of its name,
/// colour, icon, rank). The most important is drawn outermost.
const DEFAULT_CATEGORIES: [(&str, &str, &str, &str, i64); 6] = [
    ("budget", "aarshjul-category-budget", "#004b87", "kr", 10),
    ("political", "aarshjul-category-political", "#d4a017", "P", 20),
    ("forums", "aarshjul-category-forums", "#2e7d5b", "M", 30),
    ("programme", "aarshjul-category-programme", "#8e3b8a", "A", 40),
    ("hr", "aarshjul-category-hr", "#c2562a", "HR", 50),
    ("external", "aarshjul-category-external", "#5c6e80", "E", 60),
];

/// The categories named in the reader's language: a category a tenant
/// started with and has not renamed is stored in Danish and shown by its
/// message; one the tenant named itself keeps its name.
pub fn categories_in(mut categories: Vec<store::aarshjul::Category>, tr: &i18n::Tr) -> Vec<store::aarshjul::Category> {
    let da = i18n::Tr::new(i18n::Lang::Da);
    for c in &mut categories {
        if let Some(d) = DEFAULT_CATEGORIES.iter().find(|d| d.0 == c.key)
            && c.name == da.t(d.1)
        {
            c.name = tr.t(d.1);
        }
    }
    categories
}

/// Gives a tenant the wheel's rings, named in Danish, if it has none. Run
/// when the server starts and before a rule or an entry is added, never on
/// a page that only reads.
pub async fn ensure_categories(db: &store::Db, tenant: i64) -> store::Result<Vec<store::aarshjul::Category>> {
    let have = store::aarshjul::categories(db, tenant).await?;
    if !have.is_empty() {
        return Ok(have);
    }
    let tr = i18n::Tr::new(i18n::Lang::Da);
    let names: Vec<String> = DEFAULT_CATEGORIES.iter().map(|c| tr.t(c.1)).collect();
    let defaults: Vec<(&str, &str, &str, &str, i64)> = DEFAULT_CATEGORIES.iter().zip(&names).map(|(c, n)| (c.0, n.as_str(), c.2, c.3, c.4)).collect();
    store::aarshjul::ensure_categories(db, tenant, &defaults).await?;
    store::aarshjul::categories(db, tenant).await
}
