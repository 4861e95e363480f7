//! The decision register, each decision's implementation unit by unit, and
//! follow-up actions.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use domain::meetings::decision::{Communicate, Implementation, Progress};
use domain::meetings::policy::DecisionScope;
use domain::meetings::{DecisionId, ItemId, MeetingId};

use crate::{Db, Result, id_list, now, platform::audit::Actor};

pub use domain::meetings::decision::{Action, ActionStatus, Decision};

#[derive(sqlx::FromRow)]
struct DecisionRow {
    id: i64,
    forum_id: i64,
    meeting_id: i64,
    item_id: i64,
    title: String,
    text: String,
    recommendation: String,
    decided_at: DateTime<Utc>,
    #[sqlx(try_from = "String")]
    communicate: Communicate,
    whole_organisation: bool,
    perspective_key: Option<String>,
    value_key: Option<String>,
    units_reached: i64,
    units_implemented: i64,
    units_pending: i64,
    closed: bool,
}

impl From<DecisionRow> for Decision {
    fn from(r: DecisionRow) -> Decision {
        Decision {
            id: DecisionId(r.id),
            forum_id: r.forum_id,
            meeting_id: MeetingId(r.meeting_id),
            item_id: ItemId(r.item_id),
            title: r.title,
            text: r.text,
            recommendation: r.recommendation,
            decided_at: r.decided_at,
            communicate: r.communicate,
            whole_organisation: r.whole_organisation,
            perspective_key: r.perspective_key,
            value_key: r.value_key,
            units_reached: r.units_reached,
            units_implemented: r.units_implemented,
            units_pending: r.units_pending,
            closed: r.closed,
        }
    }
}

fn decisions(rows: Vec<DecisionRow>) -> Vec<Decision> {
    rows.into_iter().map(Decision::from).collect()
}

const COLS: &str = "d.id, d.forum_id, d.meeting_id, d.item_id, d.title, d.text, d.recommendation, d.decided_at, d.communicate, d.whole_organisation, \
     d.perspective_key, d.value_key, d.units_reached, d.units_implemented, d.units_pending, d.closed";

/// Brings a decision's stored progress counts up to date with its units' reports.
pub(crate) const RECOUNT: &str = "UPDATE decisions SET \
     units_reached = (SELECT COUNT(*) FROM implementations i WHERE i.decision_id = decisions.id), \
     units_implemented = (SELECT COUNT(*) FROM implementations i WHERE i.decision_id = decisions.id AND i.status = 'implemented'), \
     units_pending = (SELECT COUNT(*) FROM implementations i WHERE i.decision_id = decisions.id AND i.status = 'pending') \
     WHERE id = $1";

/// The SQL condition for the decisions a scope allows, with the decision's
/// columns named by `d` (`d.forum_id`, `d.closed`, `d.communicate`, `d.id`):
/// `DecisionScope::allows`, said in SQL. Only integers and fixed words are
/// inlined. The property test in tests/it/policy.rs holds the two together.
pub(crate) fn scope_condition(s: &DecisionScope, forum: &str, closed: &str, communicate: &str, id: &str) -> String {
    if s.every() {
        return "1 = 1".into();
    }
    let mut any = vec![format!("{forum} IN ({})", id_list(s.forums()))];
    if !s.audiences().is_empty() {
        let words = s.audiences().iter().map(|w| format!("'{}'", w.as_str())).collect::<Vec<_>>().join(",");
        any.push(format!("{communicate} IN ({words})"));
    }
    if !s.units().is_empty() {
        any.push(format!("{id} IN (SELECT v.decision_id FROM implementations v WHERE v.unit_id IN ({}))", id_list(s.units())));
    }
    format!("({} AND ({}))", open_condition(s, forum, closed), any.join(" OR "))
}

/// The condition that keeps closed things to those who read a forum's closed items.
pub(crate) fn open_condition(s: &DecisionScope, forum: &str, closed: &str) -> String {
    if s.every() {
        "1 = 1".into()
    } else if s.closed_forums().is_empty() {
        format!("{closed} = FALSE")
    } else {
        format!("({closed} = FALSE OR {forum} IN ({}))", id_list(s.closed_forums()))
    }
}

/// What the register is filtered by; empty fields do not filter.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    /// Who reads: what the policy lets them see.
    pub scope: DecisionScope,
    pub forum: Option<i64>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    /// Decisions that reach this unit.
    pub unit: Option<i64>,
    pub perspective: Option<String>,
    /// How far the decision has come.
    pub progress: Option<Progress>,
    /// Words that must all occur in the title or text.
    pub words: Vec<String>,
}

fn like(word: &str) -> String {
    format!("%{}%", word.to_lowercase().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"))
}

/// The register's tables and conditions, and its order; `bind_register!`
/// binds the values.
fn register_sql(f: &Filter) -> (&'static str, String, &'static str) {
    // Placeholders are numbered as conditions are added; `bind_register!` binds the values in the same order.
    let mut conds = vec!["d.tenant_id = $1".to_string()];
    let mut n = 1;
    let mut next = || {
        n += 1;
        format!("${n}")
    };
    conds.push(scope_condition(&f.scope, "d.forum_id", "d.closed", "d.communicate", "d.id"));
    if let Some(forum) = f.forum {
        conds.push(format!("d.forum_id = {forum}"));
    }
    if f.from.is_some() {
        conds.push(format!("d.decided_at >= {}", next()));
    }
    if f.to.is_some() {
        conds.push(format!("d.decided_at < {}", next()));
    }
    if f.unit.is_some() {
        conds.push(format!("i.unit_id = {}", next()));
    }
    if f.perspective.is_some() {
        conds.push(format!("d.perspective_key = {}", next()));
    }
    if let Some(p) = f.progress {
        conds.push(
            match p {
                Progress::Decided => "d.units_reached = 0",
                Progress::AwaitingUnits => "d.units_pending > 0",
                Progress::InProgress => "d.units_reached > 0 AND d.units_pending = 0 AND d.units_implemented < d.units_reached",
                Progress::Implemented => "d.units_reached > 0 AND d.units_implemented = d.units_reached",
            }
            .to_string(),
        );
    }
    for _ in &f.words {
        conds.push(format!("d.search LIKE {} ESCAPE '\\'", next()));
    }
    let where_ = conds.join(" AND ");
    if f.unit.is_some() {
        // Driven from the unit's decisions by time: the page ends after a
        // few dozen rows, whichever way the other conditions fall.
        ("implementations i JOIN decisions d ON d.id = i.decision_id", where_, "i.decided_at DESC, i.decision_id DESC")
    } else {
        ("decisions d", where_, "d.decided_at DESC, d.id DESC")
    }
}

macro_rules! bind_register {
    ($q:expr, $tenant:expr, $f:expr) => {{
        let f: &Filter = $f;
        let mut q = $q.bind($tenant);
        if let Some(v) = f.from {
            q = q.bind(v);
        }
        if let Some(v) = f.to {
            q = q.bind(v);
        }
        if let Some(v) = f.unit {
            q = q.bind(v);
        }
        if let Some(v) = &f.perspective {
            q = q.bind(v.clone());
        }
        for w in &f.words {
            q = q.bind(like(w));
        }
        q
    }};
}

/// A page of the register, newest first.
pub async fn search(db: &Db, tenant: i64, f: &Filter, limit: i64, offset: i64) -> Result<Vec<Decision>> {
    let (from, where_, order) = register_sql(f);
    let sql = format!("SELECT {COLS} FROM {from} WHERE {where_} ORDER BY {order} LIMIT {limit} OFFSET {offset}");
    Ok(decisions(on_pool!(db, p => bind_register!(sqlx::query_as::<_, DecisionRow>(sqlx::AssertSqlSafe(sql)), tenant, f).fetch_all(p).await)?))
}

/// How many decisions match: the costly half of a page of a long register,
/// which callers keep (see `web::counts`).
pub async fn count(db: &Db, tenant: i64, f: &Filter) -> Result<i64> {
    let (from, where_, _) = register_sql(f);
    let sql = format!("SELECT COUNT(*) FROM {from} WHERE {where_}");
    let (n,): (i64,) = on_pool!(db, p => bind_register!(sqlx::query_as(sqlx::AssertSqlSafe(sql)), tenant, f).fetch_one(p).await)?;
    Ok(n)
}

pub async fn decision(db: &Db, tenant: i64, id: DecisionId) -> Result<Option<Decision>> {
    let sql = format!("SELECT {COLS} FROM decisions d WHERE d.tenant_id = $1 AND d.id = $2");
    let row: Option<DecisionRow> = on_pool!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(tenant).bind(id.get()).fetch_optional(p).await)?;
    Ok(row.map(Decision::from))
}

/// Some decisions by id, in one query.
pub async fn by_ids(db: &Db, tenant: i64, ids: &[DecisionId]) -> Result<Vec<Decision>> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let list = id_list(&ids.iter().map(|d| d.get()).collect::<Vec<_>>());
    let sql = format!("SELECT {COLS} FROM decisions d WHERE d.tenant_id = $1 AND d.id IN ({list}) ORDER BY d.id");
    Ok(decisions(on_pool!(db, p => sqlx::query_as::<_, DecisionRow>(sqlx::AssertSqlSafe(sql)).bind(tenant).fetch_all(p).await)?))
}

/// The ids of the tenant's decisions on closed items.
pub async fn closed_ids(db: &Db, tenant: i64) -> Result<std::collections::HashSet<i64>> {
    let rows: Vec<(i64,)> = on_pool!(db, p => sqlx::query_as("SELECT id FROM decisions WHERE tenant_id = $1 AND closed").bind(tenant).fetch_all(p).await)?;
    Ok(rows.into_iter().map(|r| r.0).collect())
}

/// The decisions made at a meeting, by item.
pub async fn of_meeting(db: &Db, tenant: i64, meeting: MeetingId) -> Result<HashMap<ItemId, Decision>> {
    let sql = format!("SELECT {COLS} FROM decisions d WHERE d.tenant_id = $1 AND d.meeting_id = $2");
    let rows: Vec<DecisionRow> = on_pool!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(tenant).bind(meeting.get()).fetch_all(p).await)?;
    Ok(decisions(rows).into_iter().map(|d| (d.item_id, d)).collect())
}

#[derive(sqlx::FromRow)]
struct WithUnits {
    #[sqlx(flatten)]
    decision: DecisionRow,
    named: Option<String>,
}

/// A decision with the ids of the units it names (not those it reaches
/// below them), in one round trip: its page is among the most read.
pub async fn decision_with_units(db: &Db, tenant: i64, id: DecisionId) -> Result<Option<(Decision, Vec<i64>)>> {
    let sql = format!(
        "SELECT {COLS}, (SELECT string_agg(CAST(du.unit_id AS TEXT), ',') FROM decision_units du WHERE du.decision_id = d.id) AS named \
         FROM decisions d WHERE d.tenant_id = $1 AND d.id = $2"
    );
    let row: Option<WithUnits> =
        on_pool!(db, p => sqlx::query_as::<_, WithUnits>(sqlx::AssertSqlSafe(sql)).bind(tenant).bind(id.get()).fetch_optional(p).await)?;
    Ok(row.map(|r| (r.decision.into(), ids_in(&r.named.unwrap_or_default()))))
}

/// The ids in a list that `string_agg(…, ',')` made.
fn ids_in(list: &str) -> Vec<i64> {
    list.split(',').filter_map(|u| u.parse().ok()).collect()
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct UnitProgress {
    pub unit_id: i64,
    #[sqlx(try_from = "String")]
    pub status: Implementation,
    pub note: String,
    pub updated_at: DateTime<Utc>,
    pub updated_by: String,
}

pub async fn implementations(db: &Db, tenant: i64, decision: DecisionId) -> Result<Vec<UnitProgress>> {
    on_pool!(db, p => sqlx::query_as::<_, UnitProgress>(
        "SELECT unit_id, status, note, updated_at, updated_by FROM implementations WHERE tenant_id = $1 AND decision_id = $2")
        .bind(tenant).bind(decision.get()).fetch_all(p).await)
}

/// The units a decision reaches, by the status each stands at: a few rows,
/// each with its units as one list. A decision to hundreds of units is
/// summed up from these (see `domain::meetings::decision::summed_under`);
/// sqlx's SQLite driver hands every row across a thread, so 350 small rows
/// would cost more than the page.
pub async fn units_by_status(db: &Db, tenant: i64, decision: DecisionId) -> Result<Vec<(Implementation, Vec<i64>)>> {
    let rows: Vec<(String, String)> = on_pool!(db, p => sqlx::query_as(
        "SELECT status, string_agg(CAST(unit_id AS TEXT), ',') FROM implementations WHERE tenant_id = $1 AND decision_id = $2 GROUP BY status")
        .bind(tenant).bind(decision.get()).fetch_all(p).await)?;
    rows.into_iter().map(|(status, units)| Ok((crate::word(status)?, ids_in(&units)))).collect()
}

/// The progress of some of the units a decision reaches.
pub async fn implementations_of(db: &Db, tenant: i64, decision: DecisionId, units: &[i64]) -> Result<Vec<UnitProgress>> {
    let sql = format!(
        "SELECT unit_id, status, note, updated_at, updated_by FROM implementations WHERE tenant_id = $1 AND decision_id = $2 AND unit_id IN ({})",
        crate::id_list(units)
    );
    on_pool!(db, p => sqlx::query_as::<_, UnitProgress>(sqlx::AssertSqlSafe(sql)).bind(tenant).bind(decision.get()).fetch_all(p).await)
}

/// A unit leader's report on how far the unit has come. False when the
/// unit is not reached by the decision.
pub async fn report(db: &Db, tenant: i64, decision: DecisionId, unit: i64, status: Implementation, note: &str, actor: &Actor) -> Result<bool> {
    let at = now();
    in_transaction!(db, tx => {
        let r = sqlx::query("UPDATE implementations SET status = $1, note = $2, updated_at = $3, updated_by = $4 WHERE tenant_id = $5 AND decision_id = $6 AND unit_id = $7")
            .bind(status.as_str()).bind(note).bind(at).bind(&actor.label).bind(tenant).bind(decision.get()).bind(unit).execute(&mut *tx).await?;
        if r.rows_affected() == 1 {
            sqlx::query(RECOUNT).bind(decision.get()).execute(&mut *tx).await?;
            audit_in!(&mut *tx, Some(tenant), actor, "meetings.decision.report", &format!("decision:{decision}:unit:{unit}"), status.as_str())?;
        }
        Ok::<_, sqlx::Error>(r.rows_affected() == 1)
    })
}

/// Decisions within `scope` waiting for a report from some of these units
/// (the units a leader leads): (decision, unit id, status).
pub async fn awaiting(db: &Db, tenant: i64, scope: &DecisionScope, units: &[i64]) -> Result<Vec<(Decision, i64, Implementation)>> {
    if units.is_empty() {
        return Ok(vec![]);
    }
    let list = id_list(units);
    let visible = scope_condition(scope, "d.forum_id", "d.closed", "d.communicate", "d.id");
    let sql = format!(
        "SELECT {COLS}, i.unit_id, i.status FROM decisions d JOIN implementations i ON i.decision_id = d.id \
         WHERE d.tenant_id = $1 AND i.unit_id IN ({list}) AND i.status <> 'implemented' AND {visible} ORDER BY d.decided_at DESC LIMIT 50"
    );
    #[derive(sqlx::FromRow)]
    struct Row {
        #[sqlx(flatten)]
        d: DecisionRow,
        unit_id: i64,
        #[sqlx(try_from = "String")]
        status: Implementation,
    }
    let rows: Vec<Row> = on_pool!(db, p => sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(sql)).bind(tenant).fetch_all(p).await)?;
    Ok(rows.into_iter().map(|r| (r.d.into(), r.unit_id, r.status)).collect())
}

#[derive(sqlx::FromRow)]
struct ActionRow {
    id: i64,
    forum_id: i64,
    decision_id: Option<i64>,
    what: String,
    owner_person_id: Option<i64>,
    unit_id: Option<i64>,
    due_date: String,
    #[sqlx(try_from = "String")]
    status: ActionStatus,
    done_at: Option<DateTime<Utc>>,
    version: i64,
}

impl TryFrom<ActionRow> for Action {
    type Error = sqlx::Error;
    fn try_from(r: ActionRow) -> Result<Action> {
        Ok(Action {
            id: r.id,
            forum_id: r.forum_id,
            decision_id: r.decision_id.map(DecisionId),
            what: r.what,
            owner_person_id: r.owner_person_id,
            unit_id: r.unit_id,
            due: crate::day(&r.due_date)?,
            status: r.status,
            done_at: r.done_at,
            version: r.version,
        })
    }
}

fn actions_of(rows: Vec<ActionRow>) -> Result<Vec<Action>> {
    rows.into_iter().map(Action::try_from).collect()
}

const ACTION_COLS: &str = "id, forum_id, decision_id, what, owner_person_id, unit_id, due_date, status, done_at, version";

pub struct NewAction<'a> {
    pub forum_id: i64,
    pub decision_id: Option<DecisionId>,
    pub what: &'a str,
    pub owner: Option<i64>,
    pub unit: Option<i64>,
    pub due: NaiveDate,
}

pub async fn add_action(db: &Db, tenant: i64, a: &NewAction<'_>, actor: &Actor) -> Result<i64> {
    let at = now();
    in_transaction!(db, tx => {
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO actions (tenant_id, forum_id, decision_id, what, owner_person_id, unit_id, due_date, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id")
            .bind(tenant).bind(a.forum_id).bind(a.decision_id.map(DecisionId::get)).bind(a.what).bind(a.owner).bind(a.unit).bind(a.due.to_string()).bind(at)
            .fetch_one(&mut *tx).await?;
        audit_in!(&mut *tx, Some(tenant), actor, "meetings.action.add", &format!("action:{id}"), a.what)?;
        Ok::<_, sqlx::Error>(id)
    })
}

/// Marks an action done or open again (`Action::toggled` says which);
/// false on a version conflict.
pub async fn set_action_status(db: &Db, tenant: i64, id: i64, version: i64, to: ActionStatus, actor: &Actor) -> Result<bool> {
    let at = now();
    let done_at = (to == ActionStatus::Done).then_some(at);
    in_transaction!(db, tx => {
        let r = sqlx::query("UPDATE actions SET status = $1, done_at = $2, version = version + 1, updated_at = $3 WHERE tenant_id = $4 AND id = $5 AND version = $6")
            .bind(to.as_str()).bind(done_at).bind(at).bind(tenant).bind(id).bind(version)
            .execute(&mut *tx).await?;
        if r.rows_affected() == 1 {
            audit_in!(&mut *tx, Some(tenant), actor, "meetings.action.status", &format!("action:{id}"), to.as_str())?;
        }
        Ok::<_, sqlx::Error>(r.rows_affected() == 1)
    })
}

pub async fn action(db: &Db, tenant: i64, id: i64) -> Result<Option<Action>> {
    let sql = format!("SELECT {ACTION_COLS} FROM actions WHERE tenant_id = $1 AND id = $2");
    let row: Option<ActionRow> = on_pool!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(tenant).bind(id).fetch_optional(p).await)?;
    row.map(Action::try_from).transpose()
}

pub async fn actions_of_decision(db: &Db, tenant: i64, decision: DecisionId) -> Result<Vec<Action>> {
    let sql = format!("SELECT {ACTION_COLS} FROM actions WHERE tenant_id = $1 AND decision_id = $2 ORDER BY due_date, id");
    actions_of(on_pool!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(tenant).bind(decision.get()).fetch_all(p).await)?)
}

/// Which actions a follow-up list shows: those of some forums, or one owner's.
#[derive(Clone, Debug)]
pub struct ActionFilter<'a> {
    pub forums: &'a [i64],
    /// Who reads, when it matters: actions of a closed item's decision only
    /// for those who read the forum's closed items. None for an owner's own
    /// actions and for the reminders sent to owners.
    pub scope: Option<&'a DecisionScope>,
    pub owner: Option<i64>,
    pub only_open: bool,
}

/// Whether an action carries out a closed item's decision.
const ACTION_CLOSED: &str = "COALESCE((SELECT c.closed FROM decisions c WHERE c.id = actions.decision_id), FALSE)";

impl ActionFilter<'_> {
    /// What the filter counts, for keeping counts: its condition and owner
    /// (two viewers whose scopes give the same condition share a count).
    pub fn key(&self) -> String {
        format!("{} {:?}", self.where_(), self.owner)
    }

    fn where_(&self) -> String {
        let mut w = format!("tenant_id = $1 AND forum_id IN ({})", id_list(self.forums));
        if let Some(s) = self.scope {
            // `DecisionScope::allows_action`, said in SQL.
            w.push_str(&format!(" AND {}", open_condition(s, "forum_id", ACTION_CLOSED)));
        }
        if self.only_open {
            w.push_str(" AND status = 'open'");
        }
        if self.owner.is_some() {
            w.push_str(" AND owner_person_id = $2");
        }
        w
    }
}

/// A page of actions: open ones first, by due date.
pub async fn actions(db: &Db, tenant: i64, f: &ActionFilter<'_>, limit: i64, offset: i64) -> Result<Vec<Action>> {
    // Only open ones need no CASE, which would rule out the index's order.
    let order = if f.only_open { "due_date, id" } else { "CASE status WHEN 'open' THEN 0 ELSE 1 END, due_date, id" };
    let sql = format!("SELECT {ACTION_COLS} FROM actions WHERE {} ORDER BY {order} LIMIT {limit} OFFSET {offset}", f.where_());
    actions_of(on_pool!(db, p => {
        let mut q = sqlx::query_as::<_, ActionRow>(sqlx::AssertSqlSafe(sql)).bind(tenant);
        if let Some(o) = f.owner {
            q = q.bind(o);
        }
        q.fetch_all(p).await
    })?)
}

/// How many actions match.
pub async fn count_actions(db: &Db, tenant: i64, f: &ActionFilter<'_>) -> Result<i64> {
    let sql = format!("SELECT COUNT(*) FROM actions WHERE {}", f.where_());
    let (n,): (i64,) = on_pool!(db, p => {
        let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(tenant);
        if let Some(o) = f.owner {
            q = q.bind(o);
        }
        q.fetch_one(p).await
    })?;
    Ok(n)
}

/// The ids of the units a decision reaches.
pub async fn reached_units(db: &Db, tenant: i64, decision: DecisionId) -> Result<Vec<i64>> {
    let rows: Vec<(i64,)> = on_pool!(db, p => sqlx::query_as("SELECT unit_id FROM implementations WHERE tenant_id = $1 AND decision_id = $2")
        .bind(tenant).bind(decision.get()).fetch_all(p).await)?;
    Ok(rows.into_iter().map(|r| r.0).collect())
}
