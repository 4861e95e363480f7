//! Case handling's services: the register of published deadlines (public),
//! importing cases from the case system, the quarters' headline per case
//! type with small cells hidden, and the indicator the cases feed.

use chrono::{Datelike, NaiveDate};
use domain::policy::cases::{self as rules, CaseImportError, CaseType, Quarter, Register, RegisterError};
use store::cases::{self as cstore, StoredType};
use store::platform::audit::Actor;
use store::policy::NewValue;

use crate::{Error, Req, Result};

/// Loads the register as the person asking, who must be allowed to load
/// policies (`Viewer::can_load_policy`).
pub async fn load_register_as(req: &Req<'_>, text: &str) -> std::result::Result<usize, RegisterLoadError> {
    req.allow(req.viewer().can_load_policy(), || "frister:load".into()).await.map_err(RegisterLoadError::Service)?;
    load_register(req.db(), req.tenant(), text, &req.actor()).await
}

/// Loads the register of case types and their deadlines, for the command
/// line and the demo (`load_register_as` for a person). Owners are units by name.
pub async fn load_register(db: &store::Db, tenant: i64, text: &str, actor: &Actor) -> std::result::Result<usize, RegisterLoadError> {
    let register = Register::parse(text).map_err(RegisterLoadError::Register)?;
    let units = store::org::units(db, tenant).await.map_err(RegisterLoadError::Store)?;
    let mut owners = vec![];
    for t in &register.types {
        let unit = units.iter().find(|u| u.name == t.owner).map(|u| u.id).ok_or_else(|| RegisterLoadError::UnknownOwner(t.key.clone(), t.owner.clone()))?;
        owners.push((t.key.clone(), Some(unit)));
    }
    cstore::save_register(db, tenant, register.intro.trim(), &register.types, &owners, actor).await.map_err(RegisterLoadError::Store)?;
    Ok(register.types.len())
}

#[derive(Debug)]
pub enum RegisterLoadError {
    Register(RegisterError),
    /// (case type, the owner's name that is no unit)
    UnknownOwner(String, String),
    Store(store::Error),
    Service(Error),
}

impl std::fmt::Display for RegisterLoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RegisterLoadError::Register(e) => write!(f, "{e}"),
            RegisterLoadError::UnknownOwner(k, n) => write!(f, "the case type {k:?} is owned by {n:?}, which is no unit"),
            RegisterLoadError::Store(e) => write!(f, "{e}"),
            RegisterLoadError::Service(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for RegisterLoadError {}

/// A published deadline with the name of the unit answering for it.
pub struct Published {
    pub case_type: CaseType,
    pub owner: String,
}

/// The register as everyone may read it, signed in or not
/// (`domain::policy::access::DEADLINES_ARE_PUBLIC`).
pub async fn published(db: &store::Db, tenant: i64) -> Result<Vec<Published>> {
    if !domain::policy::access::DEADLINES_ARE_PUBLIC {
        return Err(Error::Forbidden);
    }
    let units = store::org::units(db, tenant).await?;
    Ok(cstore::types(db, tenant)
        .await?
        .into_iter()
        .map(|t| Published {
            owner: t.owner_unit_id.and_then(|u| units.iter().find(|x| x.id == u)).map(|u| u.name.clone()).unwrap_or_default(),
            case_type: t.def,
        })
        .collect())
}

/// The register's words before its list.
pub async fn intro(db: &store::Db, tenant: i64) -> Result<String> {
    Ok(cstore::intro(db, tenant).await?)
}

/// Why cases were not imported.
#[derive(Debug)]
pub enum CasesError {
    Import(CaseImportError),
    Service(Error),
}

impl From<Error> for CasesError {
    fn from(e: Error) -> Self {
        CasesError::Service(e)
    }
}

impl From<store::Error> for CasesError {
    fn from(e: store::Error) -> Self {
        CasesError::Service(Error::Store(e))
    }
}

/// Refuses (and audits) unless the viewer may import cases.
pub async fn may_import(req: &Req<'_>) -> Result<()> {
    req.allow(req.viewer().can_add_figures(), || "cases:import".into()).await
}

/// Imports cases exported from the case system (read into a grid), all or
/// none, and brings the indicators they feed up to date. Returns how many.
pub async fn import(req: &Req<'_>, grid: &[Vec<String>]) -> std::result::Result<usize, CasesError> {
    may_import(req).await?;
    let types = cstore::types(req.db(), req.tenant()).await?;
    let keys: Vec<&str> = types.iter().map(|t| t.def.key.as_str()).collect();
    let cases = rules::read_cases(grid, &keys).map_err(CasesError::Import)?;
    let n = cstore::save_cases(req.db(), req.tenant(), &cases, &req.actor()).await?;
    feed_indicators(req.db(), req.tenant(), &types, req.svc.clock.today(), &req.actor()).await?;
    Ok(n)
}

/// Each indicator the case types name gets, per ended quarter, the share of
/// their decided cases that kept the deadline, hidden by the same rule as the
/// area's total on the page (a small cell, or one a total would give away).
pub async fn feed_indicators(db: &store::Db, tenant: i64, types: &[StoredType], today: NaiveDate, actor: &Actor) -> store::Result<()> {
    let from = NaiveDate::from_ymd_opt(today.year() - 10, 1, 1).unwrap_or(today);
    let all = cstore::cases(db, tenant, from, today).await?;
    let indicators = store::policy::indicators(db, tenant).await?;
    let mut keys: Vec<&str> = types.iter().map(|t| t.def.indicator.as_str()).filter(|k| !k.is_empty()).collect();
    keys.sort_unstable();
    keys.dedup();
    let this_quarter = (today.year(), (today.month0() / 3 + 1) as u8);
    for key in keys {
        let Some(indicator) = indicators.iter().find(|i| i.def.key == key) else { continue };
        let mut per_type: Vec<Vec<Quarter>> = types
            .iter()
            .filter(|t| t.def.indicator == key)
            .map(|t| rules::quarters(&all.iter().filter(|c| c.case_type == t.def.key).collect::<Vec<_>>(), t.def.days))
            .collect();
        let values: Vec<NewValue> = totals(&mut per_type)
            .into_iter()
            // A quarter still running is not a figure yet.
            .filter(|q| (q.year, q.quarter) < this_quarter)
            .map(|q| NewValue {
                area: domain::policy::ISHOJ.into(),
                period: q.period().to_string(),
                year: q.year,
                value: q.share().map(|v| (v * 10.0).round() / 10.0),
                expected: None,
                suppressed: q.hidden,
            })
            .collect();
        // The whole series anew: a quarter whose cases moved or went loses its figure.
        store::policy::replace_values(db, tenant, indicator.id, &values, "cases", actor).await?;
    }
    Ok(())
}

/// Per quarter in which any of the types decided cases, the total over the
/// types (`rules::area_quarter`), hiding the cells it must in `per_type`.
fn totals(per_type: &mut [Vec<Quarter>]) -> Vec<Quarter> {
    let mut keys: Vec<(i32, u8)> = per_type.iter().flat_map(|t| t.iter().map(|q| (q.year, q.quarter))).collect();
    keys.sort_unstable();
    keys.dedup();
    keys.into_iter()
        .map(|(year, quarter)| {
            let mut cells: Vec<&mut Quarter> = per_type.iter_mut().filter_map(|t| t.iter_mut().find(|q| q.year == year && q.quarter == quarter)).collect();
            rules::area_quarter(year, quarter, &mut cells)
        })
        .collect()
}

/// A case type's quarters.
pub struct TypeSummary {
    pub case_type: CaseType,
    pub quarters: Vec<Quarter>,
    /// Open cases, and how many of them have passed the deadline already.
    pub open: usize,
    pub open_late: usize,
}

/// An area's types and, per quarter, their total.
pub struct AreaSummary {
    pub area: String,
    pub types: Vec<TypeSummary>,
    /// The area's quarters in order, each with the total (hidden when it would give a hidden cell away).
    pub totals: Vec<Quarter>,
}

/// The first day of `d`'s quarter, and the last.
pub fn quarter_bounds(d: NaiveDate) -> (NaiveDate, NaiveDate) {
    let first = NaiveDate::from_ymd_opt(d.year(), d.month0() / 3 * 3 + 1, 1).unwrap_or(d);
    let last = first.checked_add_months(chrono::Months::new(3)).and_then(|n| n.pred_opt()).unwrap_or(d);
    (first, last)
}

/// The quarters from `from`'s to `to`'s per area and case type: whole
/// quarters always, so that two spans cannot be subtracted to find the cases
/// of a day. A quarter with fewer than five cases is hidden, and so is a
/// second cell whenever the area's total would otherwise give the hidden
/// one away.
pub async fn summary(req: &Req<'_>, from: NaiveDate, to: NaiveDate) -> Result<Vec<AreaSummary>> {
    req.allow(req.viewer().can_read_policies(), || "cases".into()).await?;
    let (from, to) = (quarter_bounds(from).0, quarter_bounds(to).1);
    let types = cstore::types(req.db(), req.tenant()).await?;
    let all = cstore::cases(req.db(), req.tenant(), from, to).await?;
    let today = req.svc.clock.today();
    let mut areas: Vec<AreaSummary> = vec![];
    for t in types {
        let cases: Vec<&rules::Case> = all.iter().filter(|c| c.case_type == t.def.key).collect();
        let open: Vec<&&rules::Case> = cases.iter().filter(|c| c.decided_on.is_none()).collect();
        let open_late = open.iter().filter(|c| rules::days_used(c, today).is_some_and(|d| d > t.def.days as i64)).count();
        let summary = TypeSummary { quarters: rules::quarters(&cases, t.def.days), open: open.len(), open_late, case_type: t.def };
        match areas.iter_mut().find(|a| a.area == summary.case_type.area) {
            Some(a) => a.types.push(summary),
            None => areas.push(AreaSummary { area: summary.case_type.area.clone(), types: vec![summary], totals: vec![] }),
        }
    }
    for a in &mut areas {
        let mut per_type: Vec<Vec<Quarter>> = a.types.iter().map(|t| t.quarters.clone()).collect();
        a.totals = totals(&mut per_type);
        for (t, q) in a.types.iter_mut().zip(per_type) {
            t.quarters = q;
        }
    }
    Ok(areas)
}

/// How many days before a deadline is due for review its owner is reminded.
pub const REVIEW_NOTICE_DAYS: i64 = 14;

/// Reminds the leaders of the unit answering for each published deadline
/// that is due for review within `REVIEW_NOTICE_DAYS` (once per due day),
/// in their language. Returns how many mails were queued.
pub async fn review_reminders(db: &store::Db, base_url: &str, today: NaiveDate) -> store::Result<usize> {
    use i18n::{Lang, Tr};
    let mut queued = 0;
    for tenant in store::tenant::all(db).await? {
        let types = cstore::types(db, tenant.id).await?;
        let leaders = store::org::leaders(db, tenant.id).await?;
        let langs: std::collections::HashMap<i64, String> = store::platform::accounts::languages(db, tenant.id).await?.into_iter().collect();
        for t in types {
            let due = t.def.review_due();
            if due - today > chrono::Duration::days(REVIEW_NOTICE_DAYS) || t.reminded_for == Some(due) {
                continue;
            }
            // Claimed before it is sent, so two servers (or a restart) send it once.
            if !cstore::mark_reminded(db, tenant.id, t.id, due).await? {
                continue;
            }
            for (person, _) in t.owner_unit_id.and_then(|u| leaders.get(&u)).cloned().unwrap_or_default() {
                let Some(p) = store::org::person(db, tenant.id, person).await? else { continue };
                let tr = Tr::new(langs.get(&person).and_then(|l| Lang::parse(l)).unwrap_or_default());
                let body = format!(
                    "{}\n\n{base_url}/frister/{}",
                    tr.args("frister-review-mail", [("case", t.def.title.clone()), ("days", t.def.days.to_string()), ("date", i18n::day(&tr, due))]),
                    tenant.slug
                );
                let email = jobs::Email { to: p.email, subject: tr.t1("frister-review-subject", "case", &t.def.title), body, confidential: false };
                jobs::queue_email(db, tenant.id, &email).await?;
                queued += 1;
            }
        }
    }
    Ok(queued)
}
