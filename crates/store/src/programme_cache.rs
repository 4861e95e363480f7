//! The work programme and the årshjul as one read-only copy per tenant in
//! memory: the programmes, each programme's initiatives with what the
//! portfolio shows of them, and the wheel's dates by calendar year. Every
//! signed-in person reads the same programme, and reading 300 initiatives
//! or 500 dates on each request was most of these pages' cost.
//!
//! The copy stands while the tenant's `programme_version` (moved by every
//! change to the programme, the wheel and the meetings' dates, and read
//! with the session) and `reference_version` (forums' and people's names)
//! stand. Parts are read when first asked for. Callers may keep what they
//! draw from the copy (an SVG, a table) beside it with `keep`, so it is
//! dropped with the copy.

use std::any::Any;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::{Datelike, NaiveDate};
use domain::meetings::DecisionId;

use crate::Db;
use crate::aarshjul::{Category, Dated, Window};
use crate::programme::{Initiative, Milestone, Programme};

/// At most this many drawings are kept per copy; past it they are dropped
/// and drawn again, so odd query strings cannot fill the memory.
const MAX_KEPT: usize = 256;

/// At most this many calendar years' dates are kept per copy; asking for
/// more years (the API takes any two years in 2000–2100) reads them again
/// rather than holding a century in memory.
pub const MAX_YEARS: usize = 8;

/// A programme with everything its page, its portfolio and its timeline show.
pub struct Portfolio {
    pub programme: Programme,
    /// By title.
    pub initiatives: Vec<Initiative>,
    /// The periods of the programme's year each initiative has reported for.
    pub reported: HashMap<i64, Vec<String>>,
    /// (initiative, unit) for the units taking part.
    pub units: Vec<(i64, i64)>,
    /// By due date.
    pub milestones: Vec<Milestone>,
    /// (initiative, depends on).
    pub dependencies: Vec<(i64, i64)>,
}

impl Portfolio {
    pub fn initiative(&self, id: i64) -> Option<&Initiative> {
        self.initiatives.iter().find(|i| i.id == id)
    }
}

/// A calendar year, as it stands on a day.
type YearOnDay = (i32, NaiveDate);

pub struct Snapshot {
    /// (programme_version, reference_version) it was read at.
    pub version: (i64, i64),
    /// Newest year first.
    pub programmes: Vec<Programme>,
    /// The årshjul's categories, the most important first.
    pub categories: Vec<Category>,
    portfolios: Mutex<HashMap<i64, Arc<Portfolio>>>,
    /// A calendar year's dates, as they stand on a day.
    years: Mutex<HashMap<YearOnDay, Arc<Vec<Dated>>>>,
    kept: Mutex<HashMap<String, Arc<dyn Any + Send + Sync>>>,
    /// The initiatives each decision moved, by decision; read when first asked for.
    decision_links: Mutex<Option<Arc<Links>>>,
}

type Links = HashMap<DecisionId, Vec<(i64, String)>>;

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Snapshot {
    pub fn programme(&self, year: i64) -> Option<&Programme> {
        self.programmes.iter().find(|p| p.year == year)
    }

    /// A programme's portfolio, read when first asked for.
    pub async fn portfolio(&self, db: &Db, tenant: i64, programme: &Programme) -> Result<Arc<Portfolio>, crate::Error> {
        if let Some(p) = lock(&self.portfolios).get(&programme.id) {
            return Ok(p.clone());
        }
        use crate::programme as p;
        let reported = p::reported_periods(db, tenant, programme.id, programme.year)
            .await?
            .into_iter()
            .map(|(i, ps)| (i, ps.split(',').filter(|s| !s.is_empty()).map(str::to_string).collect()))
            .collect();
        let portfolio = Arc::new(Portfolio {
            programme: programme.clone(),
            initiatives: p::initiatives(db, tenant, programme.id).await?,
            reported,
            units: p::units_of_programme(db, tenant, programme.id).await?,
            milestones: p::milestones_of_programme(db, tenant, programme.id).await?,
            dependencies: p::dependencies(db, tenant, programme.id).await?,
        });
        lock(&self.portfolios).insert(programme.id, portfolio.clone());
        Ok(portfolio)
    }

    /// Every date of the årshjul in the window, for every reader (see
    /// `aarshjul::for_reader`), in date order. Each calendar year is read
    /// once a day.
    pub async fn dates(&self, db: &Db, tenant: i64, window: Window) -> Result<Vec<Dated>, crate::Error> {
        let mut out: Vec<Dated> = vec![];
        for year in window.from.year()..=window.to.year() {
            let all = self.year(db, tenant, year, window.today).await?;
            // An entry that spans the new year is in both years' dates; it was taken with the first.
            let seen = |d: &Dated| year > window.from.year() && d.start.year() < year;
            out.extend(all.iter().filter(|d| d.start <= window.to && d.end >= window.from && !seen(d)).cloned());
        }
        out.sort_by(|a, b| (a.start, &a.title).cmp(&(b.start, &b.title)));
        Ok(out)
    }

    async fn year(&self, db: &Db, tenant: i64, year: i32, today: NaiveDate) -> Result<Arc<Vec<Dated>>, crate::Error> {
        if let Some(d) = lock(&self.years).get(&(year, today)) {
            return Ok(d.clone());
        }
        let dates = Arc::new(crate::aarshjul::dates_of_year(db, tenant, &self.categories, year, today).await?);
        let mut years = lock(&self.years);
        // Yesterday's copies are of no more use, and the year is bounded.
        years.retain(|(_, day), _| *day == today);
        if years.len() >= MAX_YEARS {
            years.clear();
        }
        years.insert((year, today), dates.clone());
        Ok(dates)
    }

    /// The initiatives a decision moved: (id, title), by title. Linking and
    /// unlinking move `programme_version`, so the copy follows them.
    pub async fn initiatives_of_decision(&self, db: &Db, tenant: i64, decision: DecisionId) -> Result<Vec<(i64, String)>, crate::Error> {
        let held = lock(&self.decision_links).clone();
        let links = match held {
            Some(links) => links,
            None => {
                let mut links = Links::new();
                for (d, i, title) in crate::programme::decision_links(db, tenant).await? {
                    links.entry(DecisionId(d)).or_default().push((i, title));
                }
                let links = Arc::new(links);
                *lock(&self.decision_links) = Some(links.clone());
                links
            }
        };
        Ok(links.get(&decision).cloned().unwrap_or_default())
    }

    /// How many calendar years' dates are held (for tests of the bound).
    pub fn years_held(&self) -> usize {
        lock(&self.years).len()
    }

    /// What a caller drew from this copy under `key`, if it is kept.
    pub fn kept<T: Any + Send + Sync>(&self, key: &str) -> Option<Arc<T>> {
        lock(&self.kept).get(key).cloned().and_then(|v| v.downcast::<T>().ok())
    }

    /// What is kept under `key`, or what `make` makes, kept from now on.
    pub fn kept_or<T: Any + Send + Sync>(&self, key: String, make: impl FnOnce() -> T) -> Arc<T> {
        match self.kept(&key) {
            Some(v) => v,
            None => self.keep(key, make()),
        }
    }

    /// Keeps a drawing with the copy, to be found by `kept`.
    pub fn keep<T: Any + Send + Sync>(&self, key: String, value: T) -> Arc<T> {
        let value = Arc::new(value);
        let mut kept = lock(&self.kept);
        if kept.len() >= MAX_KEPT {
            kept.clear();
        }
        kept.insert(key, value.clone());
        value
    }
}

#[derive(Default)]
pub struct Cache {
    tenants: Mutex<HashMap<i64, Arc<Snapshot>>>,
}

impl Cache {
    /// The tenant's copy at `version` (programme_version,
    /// reference_version), read anew when the one held is of another.
    /// Two requests may read it at once; both copies are equal, and the
    /// last one is kept.
    pub async fn get(&self, db: &Db, tenant: i64, version: (i64, i64)) -> Result<Arc<Snapshot>, crate::Error> {
        if let Some(s) = lock(&self.tenants).get(&tenant).filter(|s| s.version == version) {
            return Ok(s.clone());
        }
        let snapshot = Arc::new(Snapshot {
            version,
            programmes: crate::programme::programmes(db, tenant).await?,
            categories: crate::aarshjul::categories(db, tenant).await?,
            portfolios: Mutex::default(),
            years: Mutex::default(),
            kept: Mutex::default(),
            decision_links: Mutex::default(),
        });
        lock(&self.tenants).insert(tenant, snapshot.clone());
        Ok(snapshot)
    }
}
