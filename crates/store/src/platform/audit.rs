//! The audit log: who did what, when. Written in the same transaction as the
//! change it records, so a change is never without its entry.

use chrono::{DateTime, Utc};

use crate::{Db, Result};

/// Who acted: an account, or the system itself (the CLI, the demo builder).
#[derive(Clone, Debug)]
pub struct Actor {
    pub account_id: Option<i64>,
    pub label: String,
}

impl Actor {
    pub fn system(label: &str) -> Actor {
        Actor { account_id: None, label: label.to_string() }
    }
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Entry {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub action: String,
    pub target: String,
    pub detail: String,
}

/// Records an entry on an executor of either backend (a pool or an open
/// transaction); a macro because the body must compile once per backend.
macro_rules! audit_in {
    ($ex:expr, $tenant:expr, $actor:expr, $action:expr, $target:expr, $detail:expr) => {
        sqlx::query(
            "INSERT INTO audit_log (tenant_id, at, actor_account_id, actor, action, target, detail) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind($tenant)
        .bind($crate::now())
        .bind($actor.account_id)
        .bind(&$actor.label)
        .bind($action)
        .bind($target)
        .bind($detail)
        .execute($ex)
        .await
        .map(|r| r.rows_affected())
    };
}

pub async fn record(db: &Db, tenant: Option<i64>, actor: &Actor, action: &str, target: &str, detail: &str) -> Result<()> {
    on_pool!(db, p => audit_in!(p, tenant, actor, action, target, detail))?;
    Ok(())
}

/// A page of the tenant's log, newest first, optionally only one action kind.
pub async fn page(db: &Db, tenant: i64, action_prefix: &str, limit: i64, offset: i64) -> Result<(Vec<Entry>, i64)> {
    let pattern = format!("{}%", action_prefix.replace('%', ""));
    on_pool!(db, p => {
        let rows = sqlx::query_as::<_, Entry>(
            "SELECT id, at, actor, action, target, detail FROM audit_log \
             WHERE tenant_id = $1 AND action LIKE $2 ORDER BY id DESC LIMIT $3 OFFSET $4")
            .bind(tenant).bind(&pattern).bind(limit).bind(offset).fetch_all(p).await?;
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM audit_log WHERE tenant_id = $1 AND action LIKE $2")
            .bind(tenant).bind(&pattern).fetch_one(p).await?;
        Ok((rows, n))
    })
}
