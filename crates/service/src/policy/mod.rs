//! The policy context's services: policies, their goals with marks, and the
//! chain a goal is the top of (indicators, initiatives, decisions). Who may
//! do what is `domain::policy::access`; everyone signed in reads.

pub mod business;
pub mod cases;
pub mod fetch;
pub mod skills;

use std::sync::Arc;

use domain::policy::mark::{self, Assessment, Mark};
use domain::policy::{GoalDef, Owner, PolicyDoc, PolicyError, Theme};
use store::meetings::decisions::Decision;
use store::policy::{self as pstore, Goal, Indicator, Owners, Policy};
use store::programme::Initiative;

use crate::{Error, Req, Result};

/// A goal with how it stands.
pub struct GoalStatus {
    pub goal: Goal,
    /// Who answers for it, by name ("" when the owner is gone).
    pub owner: String,
    /// Its indicators, each assessed against its target.
    pub indicators: Vec<(Indicator, Assessment)>,
    pub mark: Mark,
    /// The indicator (by position in `indicators`) that decides the mark.
    pub decided_by: Option<usize>,
}

/// A policy as its one-page overview shows it.
pub struct PolicyView {
    pub policy: Policy,
    pub doc: Arc<PolicyDoc>,
    /// Goals of the version in force, in the document's order.
    pub goals: Vec<GoalStatus>,
}

impl PolicyView {
    /// A theme's goals with how they stand.
    pub fn goals_of<'a>(&'a self, theme: &'a Theme) -> impl Iterator<Item = &'a GoalStatus> + 'a {
        self.goals.iter().filter(move |g| g.goal.theme_key == theme.key)
    }
}

/// A goal's page: the goal, its policy, and the chain it heads.
pub struct GoalView {
    pub policy: Policy,
    pub theme: Theme,
    pub def: Option<GoalDef>,
    pub status: GoalStatus,
    /// The initiatives that serve it with their programme's year, newest first.
    pub initiatives: Vec<(Initiative, i64)>,
    /// The decisions that moved those initiatives, as far as the reader may read them.
    pub decisions: Vec<Decision>,
}

/// Why a policy document was not loaded.
#[derive(Debug)]
pub enum LoadError {
    Document(PolicyError),
    /// A goal's owner names no unit or forum: (goal, name).
    UnknownOwner(String, String),
    /// An indicator's key is another policy's: (key, that policy's title).
    /// Indicators are the municipality's, so loading would redefine theirs.
    TakenIndicator(String, String),
    Service(Error),
}

impl From<Error> for LoadError {
    fn from(e: Error) -> Self {
        LoadError::Service(e)
    }
}

impl From<store::Error> for LoadError {
    fn from(e: store::Error) -> Self {
        LoadError::Service(Error::Store(e))
    }
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::Document(e) => write!(f, "{e}"),
            LoadError::UnknownOwner(g, n) => write!(f, "the goal {g:?} is owned by {n:?}, which is neither a unit nor a forum"),
            LoadError::TakenIndicator(k, p) => write!(f, "the indicator {k:?} belongs to the policy {p:?}"),
            LoadError::Service(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for LoadError {}

/// Refuses (and audits) unless the viewer may load policies' documents and
/// the register of case-processing deadlines (administrators).
pub async fn may_load(req: &Req<'_>) -> Result<()> {
    req.allow(req.viewer().can_load_policy(), || "policy:load".into()).await
}

/// Loads a policy's document as its new version (administrators). Returns
/// (policy id, version in force, whether it is new).
pub async fn load(req: &Req<'_>, text: &str) -> std::result::Result<(i64, i64, bool), LoadError> {
    req.allow(req.viewer().can_load_policy(), || "policy:load".into()).await?;
    let doc = PolicyDoc::parse(text).map_err(LoadError::Document)?;
    let r = req.reference().await?;
    let owners = owners(&doc, |n| r.units.iter().find(|u| u.name == n).map(|u| u.id), |n| r.forums.iter().find(|f| f.name == n).map(|f| f.id))?;
    if let Some((key, other)) = taken_indicator(req.db(), req.tenant(), &doc).await? {
        return Err(LoadError::TakenIndicator(key, other));
    }
    Ok(pstore::load(req.db(), req.tenant(), &doc, text, &owners, &req.actor()).await?)
}

/// The first of the document's indicators that another policy of the
/// municipality already defines, with that policy's title.
pub async fn taken_indicator(db: &store::Db, tenant: i64, doc: &PolicyDoc) -> store::Result<Option<(String, String)>> {
    for p in pstore::policies(db, tenant).await?.into_iter().filter(|p| p.key != doc.key) {
        let Some((_, source)) = pstore::policy(db, tenant, p.id).await? else { continue };
        let Ok(other) = PolicyDoc::parse(&source) else { continue };
        if let Some(i) = doc.indicators.iter().find(|i| other.indicators.iter().any(|o| o.key == i.key)) {
            return Ok(Some((i.key.clone(), p.title)));
        }
    }
    Ok(None)
}

/// Who answers for each goal, from the names the document gives: every name
/// must be a unit's (`unit`) or a forum's (`forum`).
pub fn owners(doc: &PolicyDoc, unit: impl Fn(&str) -> Option<i64>, forum: impl Fn(&str) -> Option<i64>) -> std::result::Result<Owners, LoadError> {
    let mut owners = Owners::new();
    for (_, g) in doc.goals() {
        let resolved = match &g.owner {
            Owner::Unit(name) => unit(name).map(|u| (Some(u), None)),
            Owner::Forum(name) => forum(name).map(|f| (None, Some(f))),
        };
        let (Owner::Unit(name) | Owner::Forum(name)) = &g.owner;
        owners.insert(g.key.clone(), resolved.ok_or_else(|| LoadError::UnknownOwner(g.key.clone(), name.clone()))?);
    }
    Ok(owners)
}

/// Every policy of the municipality.
pub async fn policies(req: &Req<'_>) -> Result<Vec<Policy>> {
    req.allow(req.viewer().can_read_policies(), || "policies".into()).await?;
    Ok(pstore::policies(req.db(), req.tenant()).await?)
}

async fn document(req: &Req<'_>, id: i64) -> Result<(Policy, Arc<PolicyDoc>)> {
    req.allow(req.viewer().can_read_policies(), || format!("policy:{id}")).await?;
    let policy = snapshot(req).await?.policies.iter().find(|p| p.id == id).cloned().ok_or(Error::NotFound)?;
    // A version never changes once loaded, so its document is parsed once.
    let key = (req.tenant(), policy.id, policy.version);
    if let Some(doc) = req.svc.policy.doc(&key) {
        return Ok((policy, doc));
    }
    let source = pstore::source(req.db(), req.tenant(), id, policy.version).await?.ok_or(Error::NotFound)?;
    // A stored version was checked when it was loaded.
    let doc = Arc::new(PolicyDoc::parse(&source).map_err(|e| Error::Store(store::Error::Protocol(format!("policy {id}: {e}"))))?);
    req.svc.policy.keep_doc(key, doc.clone());
    Ok((policy, doc))
}

/// What the policy context keeps in memory, per database (in `Services`):
/// the documents of policy versions, which never change, and pages made
/// from figures, kept under a key that names the figures they were made
/// from (so a new figure makes a new key, never a stale page).
#[derive(Default)]
pub struct Cache {
    docs: std::sync::Mutex<std::collections::HashMap<(i64, i64, i64), Arc<PolicyDoc>>>,
    shown: std::sync::Mutex<std::collections::HashMap<String, Arc<str>>>,
    /// Per tenant: its policies, goals, indicators and newest figures at a policy version.
    snapshots: std::sync::Mutex<std::collections::HashMap<i64, Arc<Snapshot>>>,
    /// What a goal's page names of the programme, by goal and the versions it was read at.
    serving: std::sync::Mutex<std::collections::HashMap<ServingKey, Arc<Serving>>>,
}

/// One tenant's policies, goals (retired ones too), indicators by policy
/// and goal, and the municipality's newest figure of each, read together
/// and kept until the tenant's policy version moves (triggers move it with
/// every change to these tables, migration 0031).
pub struct Snapshot {
    version: i64,
    policies: Vec<Policy>,
    goals: Vec<Goal>,
    /// (policy, goal, indicator).
    indicators: Vec<(i64, i64, Indicator)>,
    latest: Vec<(i64, domain::policy::mark::Reading)>,
}

impl Snapshot {
    async fn load(db: &store::Db, tenant: i64, version: i64) -> store::Result<Snapshot> {
        let policies = pstore::policies(db, tenant).await?;
        let goals = pstore::all_goals(db, tenant).await?;
        let mut indicators = vec![];
        for p in &policies {
            indicators.extend(pstore::indicators_of(db, tenant, p.id).await?.into_iter().map(|(g, i)| (p.id, g, i)));
        }
        let mut ids: Vec<i64> = indicators.iter().map(|(_, _, i)| i.id).collect();
        ids.sort_unstable();
        ids.dedup();
        let latest = pstore::latest(db, tenant, &ids, domain::policy::ISHOJ).await?;
        Ok(Snapshot { version, policies, goals, indicators, latest })
    }

    fn indicators_of(&self, policy: i64) -> Vec<(i64, Indicator)> {
        self.indicators.iter().filter(|(p, _, _)| *p == policy).map(|(_, g, i)| (*g, i.clone())).collect()
    }

    fn indicator(&self, id: i64) -> Option<&Indicator> {
        self.indicators.iter().map(|(_, _, i)| i).find(|i| i.id == id)
    }

    fn reading(&self, indicator: i64) -> Option<&domain::policy::mark::Reading> {
        self.latest.iter().find(|(id, _)| *id == indicator).map(|(_, r)| r)
    }
}

/// (tenant, goal, policy version, programme version, register version).
type ServingKey = (i64, i64, i64, i64, i64);

/// The initiatives that serve a goal (with their programme's year) and the
/// decisions that moved them, before the reader's permissions choose among these.
struct Serving {
    initiatives: Vec<(Initiative, i64)>,
    decisions: Vec<domain::meetings::DecisionId>,
}

/// The tenant's snapshot at the reader's policy version, read when it is not current.
async fn snapshot(req: &Req<'_>) -> Result<Arc<Snapshot>> {
    let (tenant, version) = (req.tenant(), req.who.policy_version);
    let lock = |c: &Cache| c.snapshots.lock().map(|m| m.get(&tenant).cloned()).ok().flatten();
    if let Some(s) = lock(&req.svc.policy).filter(|s| s.version == version) {
        return Ok(s);
    }
    let s = Arc::new(Snapshot::load(req.db(), tenant, version).await?);
    if let Ok(mut m) = req.svc.policy.snapshots.lock() {
        // A reader with an older version must not put back an older copy.
        if m.get(&tenant).is_none_or(|old| old.version <= version) {
            m.insert(tenant, s.clone());
        }
    }
    Ok(s)
}

impl Cache {
    fn doc(&self, key: &(i64, i64, i64)) -> Option<Arc<PolicyDoc>> {
        self.docs.lock().ok()?.get(key).cloned()
    }

    fn keep_doc(&self, key: (i64, i64, i64), doc: Arc<PolicyDoc>) {
        if let Ok(mut d) = self.docs.lock() {
            // A few policies with a few versions each; a bound all the same.
            if d.len() >= 256 {
                d.clear();
            }
            d.insert(key, doc);
        }
    }

    /// A text kept under `key` by `keep`.
    pub fn kept(&self, key: &str) -> Option<Arc<str>> {
        self.shown.lock().ok()?.get(key).cloned()
    }

    /// Keeps a text made from figures under a key that names them.
    pub fn keep(&self, key: String, text: String) -> Arc<str> {
        let text: Arc<str> = text.into();
        if let Ok(mut s) = self.shown.lock() {
            // Pages of the figures read lately: a few hundred, a few megabytes.
            if s.len() >= 512 {
                s.clear();
            }
            s.insert(key, text.clone());
        }
        text
    }
}

/// The goals given, each with its indicators assessed on the municipality's newest values.
async fn statuses(req: &Req<'_>, goals: Vec<Goal>, indicators: Vec<(i64, Indicator)>) -> Result<Vec<GoalStatus>> {
    let snap = snapshot(req).await?;
    let r = req.reference().await?;
    Ok(goals
        .into_iter()
        .map(|goal| {
            let indicators: Vec<(Indicator, Assessment)> =
                indicators.iter().filter(|(g, _)| *g == goal.id).map(|(_, i)| (i.clone(), mark::assess(&i.def, snap.reading(i.id)))).collect();
            let (mark, decided_by) = mark::goal(&indicators.iter().map(|(_, a)| a.clone()).collect::<Vec<_>>());
            let owner = match (goal.owner_unit_id, goal.owner_forum_id) {
                (Some(u), _) => r.unit(u).map(|u| u.name.clone()),
                (_, Some(f)) => r.forum(f).map(|f| f.name.clone()),
                _ => None,
            };
            GoalStatus { goal, owner: owner.unwrap_or_default(), indicators, mark, decided_by }
        })
        .collect())
}

/// A policy's overview: its document and a mark per goal.
pub async fn overview(req: &Req<'_>, id: i64) -> Result<PolicyView> {
    let (policy, doc) = document(req, id).await?;
    let snap = snapshot(req).await?;
    let goals: Vec<Goal> = snap.goals.iter().filter(|g| g.policy_id == id && !g.retired).cloned().collect();
    let goals = statuses(req, goals, snap.indicators_of(id)).await?;
    Ok(PolicyView { policy, doc, goals })
}

/// A goal's page: how it stands, and the initiatives and decisions that serve it.
pub async fn goal(req: &Req<'_>, id: i64) -> Result<GoalView> {
    req.allow(req.viewer().can_read_policies(), || format!("goal:{id}")).await?;
    let snap = snapshot(req).await?;
    let goal = snap.goals.iter().find(|g| g.id == id).cloned().ok_or(Error::NotFound)?;
    let (policy, doc) = document(req, goal.policy_id).await?;
    let def = doc.goals().find(|(_, g)| g.key == goal.key).map(|(_, g)| g.clone());
    let theme = doc.themes.iter().find(|t| t.key == goal.theme_key).cloned().unwrap_or_else(|| Theme {
        key: goal.theme_key.clone(),
        title: String::new(),
        summary: String::new(),
        text: String::new(),
        goals: vec![],
    });
    let indicators: Vec<(i64, Indicator)> = snap.indicators_of(goal.policy_id).into_iter().filter(|(g, _)| *g == id).collect();
    let status = statuses(req, vec![goal], indicators).await?.pop().ok_or(Error::NotFound)?;
    let serving = serving(req, id).await?;
    let decisions = crate::meetings::decisions::readable_of(req, &serving.decisions).await?;
    Ok(GoalView { policy, theme, def, status, initiatives: serving.initiatives.clone(), decisions })
}

/// What serves a goal in the programme, kept until the policy, programme or register moves.
async fn serving(req: &Req<'_>, goal: i64) -> Result<Arc<Serving>> {
    let key = (req.tenant(), goal, req.who.policy_version, req.who.programme_version, req.who.register_version);
    if let Some(s) = req.svc.policy.serving.lock().ok().and_then(|m| m.get(&key).cloned()) {
        return Ok(s);
    }
    let mut initiatives = store::programme::serving(req.db(), req.tenant(), goal).await?;
    let mut linked = vec![];
    for i in &initiatives {
        linked.extend(store::programme::decisions_of(req.db(), req.tenant(), i.id).await?.into_iter().map(|d| d.0));
    }
    // An initiative carried into next year's programme is named once, by its newest copy.
    let carried: Vec<i64> = initiatives.iter().filter_map(|i| i.carried_from_id).collect();
    initiatives.retain(|i| !carried.contains(&i.id));
    linked.sort();
    linked.dedup();
    let programmes = store::programme::programmes(req.db(), req.tenant()).await?;
    let initiatives = initiatives
        .into_iter()
        .map(|i| {
            let year = programmes.iter().find(|p| p.id == i.programme_id).map_or(0, |p| p.year);
            (i, year)
        })
        .collect();
    let s = Arc::new(Serving { initiatives, decisions: linked });
    if let Ok(mut m) = req.svc.policy.serving.lock() {
        if m.len() >= 1024 {
            m.clear();
        }
        m.insert(key, s.clone());
    }
    Ok(s)
}

/// Goals of every policy that pass `keep`, with their policy's title, in the policies' order.
async fn titled_goals(req: &Req<'_>, keep: impl Fn(&Goal) -> bool) -> Result<Vec<(Goal, String)>> {
    let policies = pstore::policies(req.db(), req.tenant()).await?;
    Ok(pstore::all_goals(req.db(), req.tenant())
        .await?
        .into_iter()
        .filter(|g| keep(g))
        .filter_map(|g| {
            let title = policies.iter().find(|p| p.id == g.policy_id)?.title.clone();
            Some((g, title))
        })
        .collect())
}

/// Every goal in force, for the initiative form's choices: (goal, policy title).
pub async fn goals_to_choose(req: &Req<'_>) -> Result<Vec<(Goal, String)>> {
    titled_goals(req, |g| !g.retired).await
}

/// The goals an initiative serves, retired ones too: (goal, policy title).
pub async fn goals_of_initiative(req: &Req<'_>, initiative: i64) -> Result<Vec<(Goal, String)>> {
    let ids = store::programme::goals_of(req.db(), req.tenant(), initiative).await?;
    if ids.is_empty() {
        return Ok(vec![]);
    }
    titled_goals(req, |g| ids.contains(&g.id)).await
}

/// An indicator's page: its definition, the goals it serves and its figures.
pub struct IndicatorView {
    pub indicator: Indicator,
    pub goals: Vec<Goal>,
    /// By area, then period.
    pub values: Vec<pstore::Value>,
    /// The municipality's newest figure against its target.
    pub assessment: Assessment,
}

/// An indicator's page without its figures: the definition, the goals it
/// serves, its mark, and a stamp that changes whenever its figures do (how
/// many, and when the newest were stored), for keeping the figures' part.
pub struct IndicatorHead {
    pub indicator: Indicator,
    pub goals: Vec<Goal>,
    pub assessment: Assessment,
    pub stamp: String,
}

pub async fn indicator_head(req: &Req<'_>, id: i64) -> Result<IndicatorHead> {
    req.allow(req.viewer().can_read_policies(), || format!("indicator:{id}")).await?;
    let snap = snapshot(req).await?;
    let indicator = snap.indicator(id).cloned().ok_or(Error::NotFound)?;
    let mut goal_ids: Vec<i64> = snap.indicators.iter().filter(|(_, _, i)| i.id == id).map(|(_, g, _)| *g).collect();
    goal_ids.dedup();
    let goals = snap.goals.iter().filter(|g| goal_ids.contains(&g.id)).cloned().collect();
    let assessment = mark::assess(&indicator.def, snap.reading(id));
    // The policy version moves with every figure and every change to a definition (whose targets are drawn).
    let stamp = format!("{}:{}:{}", req.tenant(), id, snap.version);
    Ok(IndicatorHead { indicator, goals, assessment, stamp })
}

/// An indicator's figures (for every area), once `indicator_head` has allowed the reader.
pub async fn figures(req: &Req<'_>, head: &IndicatorHead) -> Result<Vec<pstore::Value>> {
    Ok(pstore::values(req.db(), req.tenant(), head.indicator.id, &[]).await?)
}

/// An indicator with its figures, for every area or those given (by code).
pub async fn indicator(req: &Req<'_>, id: i64, areas: &[String]) -> Result<IndicatorView> {
    req.allow(req.viewer().can_read_policies(), || format!("indicator:{id}")).await?;
    let indicator = pstore::indicator(req.db(), req.tenant(), id).await?.ok_or(Error::NotFound)?;
    let goals = pstore::goals_of_indicator(req.db(), req.tenant(), id).await?;
    let values = pstore::values(req.db(), req.tenant(), id, areas).await?;
    let latest = pstore::latest(req.db(), req.tenant(), &[id], domain::policy::ISHOJ).await?;
    let assessment = mark::assess(&indicator.def, latest.first().map(|(_, r)| r));
    Ok(IndicatorView { indicator, goals, values, assessment })
}

/// Why figures were not added.
#[derive(Debug)]
pub enum FiguresError {
    /// The file was read, but is not what the source gives.
    Import(domain::policy::import::ImportError),
    /// The indicator's figures are worked out by styr (from cases or the business register), not added.
    Computed,
    Service(Error),
}

impl From<Error> for FiguresError {
    fn from(e: Error) -> Self {
        FiguresError::Service(e)
    }
}

impl From<store::Error> for FiguresError {
    fn from(e: store::Error) -> Self {
        FiguresError::Service(Error::Store(e))
    }
}

/// The indicator, if the viewer may add its figures; the refusal audited.
pub async fn may_add_figures(req: &Req<'_>, id: i64) -> Result<Indicator> {
    req.allow(req.viewer().can_add_figures(), || format!("indicator:{id}:figures")).await?;
    pstore::indicator(req.db(), req.tenant(), id).await?.ok_or(Error::NotFound)
}

/// Adds an indicator's figures from a file its source gives (Statistikbank's
/// CSV, Jobindsats' JSON) or the municipality's own spreadsheet, read into a
/// grid (`export::read_grid`, `export::read_jobindsats`), all or none: each
/// replaces the figure for its area and period. Returns how many.
pub async fn add_figures(req: &Req<'_>, id: i64, file_name: &str, grid: &[Vec<String>]) -> std::result::Result<usize, FiguresError> {
    let indicator = may_add_figures(req, id).await?;
    if indicator.def.source.computed() {
        return Err(FiguresError::Computed);
    }
    let figures = domain::policy::import::read(grid, &indicator.def.layout()).map_err(FiguresError::Import)?;
    let values: Vec<pstore::NewValue> = figures
        .into_iter()
        .map(|f| pstore::NewValue {
            area: f.area,
            year: f.period.year(),
            period: f.period.to_string(),
            value: f.value,
            expected: f.expected,
            suppressed: f.suppressed,
        })
        .collect();
    let source = format!("{} ({file_name})", indicator.def.source);
    Ok(pstore::save_values(req.db(), req.tenant(), id, &values, &source, &req.actor()).await?)
}
