//! The policy context's tables: policies and their versions, goals and
//! indicators (one row each across versions, by key) and indicators' values.

use chrono::{DateTime, Utc};
use domain::policy::mark::Reading;
use domain::policy::{IndicatorDef, PolicyDoc};

use crate::{Db, Result, now, platform::audit::Actor};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Policy {
    pub id: i64,
    pub key: String,
    pub title: String,
    pub version: i64,
}

/// A goal as stored: its place in the policy and who answers for it. Its
/// text and ways are in the policy's document.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct Goal {
    pub id: i64,
    pub policy_id: i64,
    pub key: String,
    pub theme_key: String,
    pub position: i64,
    pub title: String,
    pub owner_unit_id: Option<i64>,
    pub owner_forum_id: Option<i64>,
    pub starts_year: i64,
    pub ends_year: i64,
    pub retired: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Indicator {
    pub id: i64,
    pub def: IndicatorDef,
}

#[derive(sqlx::FromRow)]
struct IndicatorRow {
    id: i64,
    definition: String,
}

impl TryFrom<IndicatorRow> for Indicator {
    type Error = sqlx::Error;
    fn try_from(r: IndicatorRow) -> Result<Indicator> {
        Ok(Indicator { id: r.id, def: serde_json::from_str(&r.definition).map_err(|e| sqlx::Error::Decode(Box::new(e)))? })
    }
}

/// One figure of an indicator.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct Value {
    pub area: String,
    pub period: String,
    pub year: i64,
    pub value: Option<f64>,
    pub expected: Option<f64>,
    pub suppressed: bool,
    pub source: String,
    pub fetched_at: DateTime<Utc>,
}

/// A figure to store.
#[derive(Clone, Debug, PartialEq)]
pub struct NewValue {
    pub area: String,
    pub period: String,
    pub year: i32,
    pub value: Option<f64>,
    pub expected: Option<f64>,
    pub suppressed: bool,
}

/// Who answers for each goal, by its key, as the service resolved the
/// document's names: (unit, forum).
pub type Owners = std::collections::HashMap<String, (Option<i64>, Option<i64>)>;

/// Stores the document as the policy's new version unless it equals the
/// version in force, and brings its goals and indicators up to it. Returns
/// the policy's id, the version in force afterwards and whether it is new.
pub async fn load(db: &Db, tenant: i64, doc: &PolicyDoc, source: &str, owners: &Owners, actor: &Actor) -> Result<(i64, i64, bool)> {
    let at = now();
    let definitions: Vec<(String, String, String)> =
        doc.indicators.iter().map(|i| (i.key.clone(), i.name.clone(), serde_json::to_string(i).unwrap_or_default())).collect();
    in_transaction!(db, tx => {
        let existing: Option<(i64, i64)> = sqlx::query_as("SELECT id, version FROM policies WHERE tenant_id = $1 AND key = $2")
            .bind(tenant).bind(&doc.key).fetch_optional(&mut *tx).await?;
        let (id, version) = match existing {
            Some((id, v)) => {
                let (current,): (String,) = sqlx::query_as("SELECT source FROM policy_versions WHERE policy_id = $1 AND version = $2")
                    .bind(id).bind(v).fetch_one(&mut *tx).await?;
                if current == source {
                    return Ok((id, v, false));
                }
                sqlx::query("UPDATE policies SET title = $1, version = $2 WHERE id = $3").bind(&doc.title).bind(v + 1).bind(id).execute(&mut *tx).await?;
                (id, v + 1)
            }
            None => {
                let (id,): (i64,) = sqlx::query_as("INSERT INTO policies (tenant_id, key, title, version) VALUES ($1, $2, $3, 1) RETURNING id")
                    .bind(tenant).bind(&doc.key).bind(&doc.title).fetch_one(&mut *tx).await?;
                (id, 1)
            }
        };
        sqlx::query("INSERT INTO policy_versions (tenant_id, policy_id, version, source, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(tenant).bind(id).bind(version).bind(source).bind(at).bind(&actor.label).execute(&mut *tx).await?;
        for (key, name, definition) in &definitions {
            sqlx::query(
                "INSERT INTO indicators (tenant_id, key, name, definition) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (tenant_id, key) DO UPDATE SET name = excluded.name, definition = excluded.definition")
                .bind(tenant).bind(key).bind(name).bind(definition).execute(&mut *tx).await?;
        }
        // Every goal retires, and those in this version come back.
        sqlx::query("UPDATE policy_goals SET retired = TRUE WHERE policy_id = $1").bind(id).execute(&mut *tx).await?;
        for (position, (theme, g)) in doc.goals().enumerate() {
            let (unit, forum) = owners.get(&g.key).copied().unwrap_or((None, None));
            let (goal,): (i64,) = sqlx::query_as(
                "INSERT INTO policy_goals (tenant_id, policy_id, key, theme_key, position, title, owner_unit_id, owner_forum_id, starts_year, ends_year, retired) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, FALSE) \
                 ON CONFLICT (policy_id, key) DO UPDATE SET theme_key = excluded.theme_key, position = excluded.position, title = excluded.title, \
                   owner_unit_id = excluded.owner_unit_id, owner_forum_id = excluded.owner_forum_id, starts_year = excluded.starts_year, \
                   ends_year = excluded.ends_year, retired = FALSE \
                 RETURNING id")
                .bind(tenant).bind(id).bind(&g.key).bind(&theme.key).bind(position as i64).bind(&g.title).bind(unit).bind(forum)
                .bind(g.period.0 as i64).bind(g.period.1 as i64).fetch_one(&mut *tx).await?;
            sqlx::query("DELETE FROM goal_indicators WHERE goal_id = $1").bind(goal).execute(&mut *tx).await?;
            for (n, key) in g.indicators.iter().enumerate() {
                sqlx::query("INSERT INTO goal_indicators (goal_id, indicator_id, position) SELECT $1, id, $2 FROM indicators WHERE tenant_id = $3 AND key = $4")
                    .bind(goal).bind(n as i64).bind(tenant).bind(key).execute(&mut *tx).await?;
            }
        }
        let detail = format!("{} version {version}: {} goals, {} indicators", doc.key, doc.goals().count(), doc.indicators.len());
        audit_in!(&mut *tx, Some(tenant), actor, "policy.load", &format!("policy:{id}"), &detail)?;
        Ok::<_, sqlx::Error>((id, version, true))
    })
}

pub async fn policies(db: &Db, tenant: i64) -> Result<Vec<Policy>> {
    on_pool!(db, p => sqlx::query_as::<_, Policy>("SELECT id, key, title, version FROM policies WHERE tenant_id = $1 ORDER BY title, id")
        .bind(tenant).fetch_all(p).await)
}

/// The document of a policy's version, as it was loaded.
pub async fn source(db: &Db, tenant: i64, id: i64, version: i64) -> Result<Option<String>> {
    let row: Option<(String,)> = on_pool!(db, p => sqlx::query_as(
        "SELECT source FROM policy_versions WHERE tenant_id = $1 AND policy_id = $2 AND version = $3")
        .bind(tenant).bind(id).bind(version).fetch_optional(p).await)?;
    Ok(row.map(|r| r.0))
}

/// A policy with the source of its version in force.
pub async fn policy(db: &Db, tenant: i64, id: i64) -> Result<Option<(Policy, String)>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: i64,
        key: String,
        title: String,
        version: i64,
        source: String,
    }
    let row: Option<Row> = on_pool!(db, p => sqlx::query_as::<_, Row>(
        "SELECT p.id, p.key, p.title, p.version, v.source FROM policies p JOIN policy_versions v ON v.policy_id = p.id AND v.version = p.version \
         WHERE p.tenant_id = $1 AND p.id = $2")
        .bind(tenant).bind(id).fetch_optional(p).await)?;
    Ok(row.map(|r| (Policy { id: r.id, key: r.key, title: r.title, version: r.version }, r.source)))
}

const GOAL_COLS: &str = "id, policy_id, key, theme_key, position, title, owner_unit_id, owner_forum_id, starts_year, ends_year, retired";

/// A policy's goals in the order of its document, those retired last.
pub async fn goals(db: &Db, tenant: i64, policy: i64) -> Result<Vec<Goal>> {
    let sql = format!("SELECT {GOAL_COLS} FROM policy_goals WHERE tenant_id = $1 AND policy_id = $2 ORDER BY retired, position, id");
    on_pool!(db, p => sqlx::query_as::<_, Goal>(sqlx::AssertSqlSafe(sql)).bind(tenant).bind(policy).fetch_all(p).await)
}

/// Every goal of every policy, for pickers and for resolving links.
pub async fn all_goals(db: &Db, tenant: i64) -> Result<Vec<Goal>> {
    let sql = format!("SELECT {GOAL_COLS} FROM policy_goals WHERE tenant_id = $1 ORDER BY policy_id, retired, position, id");
    on_pool!(db, p => sqlx::query_as::<_, Goal>(sqlx::AssertSqlSafe(sql)).bind(tenant).fetch_all(p).await)
}

pub async fn goal(db: &Db, tenant: i64, id: i64) -> Result<Option<Goal>> {
    let sql = format!("SELECT {GOAL_COLS} FROM policy_goals WHERE tenant_id = $1 AND id = $2");
    on_pool!(db, p => sqlx::query_as::<_, Goal>(sqlx::AssertSqlSafe(sql)).bind(tenant).bind(id).fetch_optional(p).await)
}

/// The indicators of the given goals: (goal, indicator), in each goal's order.
pub async fn indicators_of(db: &Db, tenant: i64, policy: i64) -> Result<Vec<(i64, Indicator)>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        goal_id: i64,
        id: i64,
        definition: String,
    }
    let rows: Vec<Row> = on_pool!(db, p => sqlx::query_as::<_, Row>(
        "SELECT gi.goal_id, i.id, i.definition FROM goal_indicators gi JOIN policy_goals g ON g.id = gi.goal_id JOIN indicators i ON i.id = gi.indicator_id \
         WHERE g.tenant_id = $1 AND g.policy_id = $2 ORDER BY gi.goal_id, gi.position")
        .bind(tenant).bind(policy).fetch_all(p).await)?;
    rows.into_iter().map(|r| Ok((r.goal_id, Indicator::try_from(IndicatorRow { id: r.id, definition: r.definition })?))).collect()
}

pub async fn indicator(db: &Db, tenant: i64, id: i64) -> Result<Option<Indicator>> {
    let row: Option<IndicatorRow> = on_pool!(db, p => sqlx::query_as::<_, IndicatorRow>(
        "SELECT id, definition FROM indicators WHERE tenant_id = $1 AND id = $2").bind(tenant).bind(id).fetch_optional(p).await)?;
    row.map(Indicator::try_from).transpose()
}

pub async fn indicators(db: &Db, tenant: i64) -> Result<Vec<Indicator>> {
    let rows: Vec<IndicatorRow> = on_pool!(db, p => sqlx::query_as::<_, IndicatorRow>(
        "SELECT id, definition FROM indicators WHERE tenant_id = $1 ORDER BY name, id").bind(tenant).fetch_all(p).await)?;
    rows.into_iter().map(Indicator::try_from).collect()
}

/// The goals an indicator serves.
pub async fn goals_of_indicator(db: &Db, tenant: i64, indicator: i64) -> Result<Vec<Goal>> {
    let sql = format!(
        "SELECT {} FROM policy_goals g JOIN goal_indicators gi ON gi.goal_id = g.id WHERE g.tenant_id = $1 AND gi.indicator_id = $2 ORDER BY g.policy_id, g.position",
        GOAL_COLS.split(", ").map(|c| format!("g.{c}")).collect::<Vec<_>>().join(", ")
    );
    on_pool!(db, p => sqlx::query_as::<_, Goal>(sqlx::AssertSqlSafe(sql)).bind(tenant).bind(indicator).fetch_all(p).await)
}

/// Each indicator's newest shown value for an area: (indicator, reading).
pub async fn latest(db: &Db, tenant: i64, indicators: &[i64], area: &str) -> Result<Vec<(i64, Reading)>> {
    if indicators.is_empty() {
        return Ok(vec![]);
    }
    let ids = indicators.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(", ");
    // Periods sort as text within an indicator ("2025" < "2025K2"; one frequency per indicator).
    let sql = format!(
        "SELECT v.indicator_id, v.period, v.year, v.value FROM indicator_values v \
         WHERE v.tenant_id = $1 AND v.area = $2 AND v.value IS NOT NULL AND v.indicator_id IN ({ids}) \
           AND v.period = (SELECT MAX(w.period) FROM indicator_values w WHERE w.indicator_id = v.indicator_id AND w.area = v.area AND w.value IS NOT NULL)"
    );
    let rows: Vec<(i64, String, i64, f64)> = on_pool!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(tenant).bind(area).fetch_all(p).await)?;
    Ok(rows.into_iter().map(|(i, period, year, value)| (i, Reading { year: year as i32, period, value })).collect())
}

/// An indicator's values, for every area or the given ones, by area and period.
pub async fn values(db: &Db, tenant: i64, indicator: i64, areas: &[String]) -> Result<Vec<Value>> {
    let rows: Vec<Value> = on_pool!(db, p => sqlx::query_as::<_, Value>(
        "SELECT area, period, year, value, expected, suppressed, source, fetched_at FROM indicator_values \
         WHERE tenant_id = $1 AND indicator_id = $2 ORDER BY area, period")
        .bind(tenant).bind(indicator).fetch_all(p).await)?;
    Ok(if areas.is_empty() { rows } else { rows.into_iter().filter(|v| areas.contains(&v.area)).collect() })
}

/// Stores figures of one indicator from one source, each replacing the figure
/// for its area and period, in one transaction: all or none.
pub async fn save_values(db: &Db, tenant: i64, indicator: i64, values: &[NewValue], source: &str, actor: &Actor) -> Result<usize> {
    save(db, tenant, indicator, values, source, false, actor).await
}

/// As `save_values`, and the figures of the same source that `values` no
/// longer hold are taken away: a series worked out anew in whole (a period
/// whose events were all annulled has no figure any more).
pub async fn replace_values(db: &Db, tenant: i64, indicator: i64, values: &[NewValue], source: &str, actor: &Actor) -> Result<usize> {
    save(db, tenant, indicator, values, source, true, actor).await
}

async fn save(db: &Db, tenant: i64, indicator: i64, values: &[NewValue], source: &str, replace: bool, actor: &Actor) -> Result<usize> {
    let at = now();
    in_transaction!(db, tx => {
        if replace {
            let old: Vec<(String, String)> = sqlx::query_as("SELECT area, period FROM indicator_values WHERE tenant_id = $1 AND indicator_id = $2 AND source = $3")
                .bind(tenant).bind(indicator).bind(source).fetch_all(&mut *tx).await?;
            for (area, period) in old.iter().filter(|(a, p)| !values.iter().any(|v| v.area == *a && v.period == *p)) {
                sqlx::query("DELETE FROM indicator_values WHERE tenant_id = $1 AND indicator_id = $2 AND area = $3 AND period = $4")
                    .bind(tenant).bind(indicator).bind(area).bind(period).execute(&mut *tx).await?;
            }
        }
        for v in values {
            sqlx::query(
                "INSERT INTO indicator_values (tenant_id, indicator_id, area, period, year, value, expected, suppressed, source, fetched_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
                 ON CONFLICT (indicator_id, area, period) DO UPDATE SET year = excluded.year, value = excluded.value, expected = excluded.expected, \
                   suppressed = excluded.suppressed, source = excluded.source, fetched_at = excluded.fetched_at")
                .bind(tenant).bind(indicator).bind(&v.area).bind(&v.period).bind(v.year as i64).bind(v.value).bind(v.expected).bind(v.suppressed)
                .bind(source).bind(at).execute(&mut *tx).await?;
        }
        audit_in!(&mut *tx, Some(tenant), actor, "policy.indicator.values", &format!("indicator:{indicator}"), &format!("{} figures from {source}", values.len()))?;
        Ok::<_, sqlx::Error>(values.len())
    })
}
