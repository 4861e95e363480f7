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
    let _gate = if matches!(db, Db::Sqlite(_)) { Some(crate::db::SQLITE_WRITES.lock().await) } else { None };
    on_pool!(db, p => audit_in!(p, tenant, actor, action, target, detail))?;
    Ok(())
}

/// Readings that are audited (a leader's report) are written in groups:
/// whoever finds the writer free writes every entry waiting, in one
/// transaction, and the others find theirs written. Each reader still gets
/// its answer only once its entry is committed, but 32 readers at once cost
/// a few commits rather than 32, and on SQLite every commit makes every
/// other connection drop its cache and mapping of the file. A reader who
/// goes away while waiting is still in the log: it asked.
#[derive(Default)]
pub struct Readings {
    waiting: std::sync::Mutex<Vec<Waiting>>,
    writer: std::sync::Arc<tokio::sync::Mutex<()>>,
}

struct Waiting {
    tenant: i64,
    actor: Actor,
    action: &'static str,
    target: String,
    detail: String,
    written: tokio::sync::oneshot::Sender<bool>,
}

impl Readings {
    /// Records a reading, and returns once it is in the log.
    pub async fn record(&self, db: &Db, tenant: i64, actor: &Actor, action: &'static str, target: String, detail: String) -> Result<()> {
        let (written, mut done) = tokio::sync::oneshot::channel();
        self.waiting.lock().unwrap_or_else(|e| e.into_inner()).push(Waiting { tenant, actor: actor.clone(), action, target, detail, written });
        let writer = self.writer.clone().lock_owned().await;
        // A writer before us may have taken ours with its own.
        match done.try_recv() {
            Ok(true) => return Ok(()),
            Err(tokio::sync::oneshot::error::TryRecvError::Empty) => {}
            Ok(false) | Err(_) => return Err(unwritten()),
        }
        let group = std::mem::take(&mut *self.waiting.lock().unwrap_or_else(|e| e.into_inner()));
        // Written in a task of its own, so that a reader who goes away (the
        // browser closed) does not take the others' entries with it.
        let db = db.clone();
        let task = tokio::spawn(async move {
            let _writer = writer;
            let result: Result<()> = async {
                in_transaction!(&db, tx => {
                    for w in &group {
                        audit_in!(&mut *tx, Some(w.tenant), w.actor, w.action, &w.target, &w.detail)?;
                    }
                });
                Ok(())
            }
            .await;
            for w in group {
                let _ = w.written.send(result.is_ok());
            }
            result
        });
        task.await.map_err(|_| unwritten())?
    }
}

fn unwritten() -> sqlx::Error {
    sqlx::Error::Protocol("the audit log could not be written".into())
}

/// What the log is narrowed to. Empty fields narrow nothing.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    /// The start of the action, for example "meetings.".
    pub action_prefix: String,
    /// Who, as their e-mail: entries by any of these…
    pub actors: Vec<String>,
    /// …or whose actor contains this text, in lower case.
    pub actor_contains: String,
    /// From this moment, inclusive.
    pub from: Option<DateTime<Utc>>,
    /// Until this moment, exclusive.
    pub until: Option<DateTime<Utc>>,
}

/// A page of the tenant's log, newest first, optionally only one action kind.
pub async fn page(db: &Db, tenant: i64, action_prefix: &str, limit: i64, offset: i64) -> Result<(Vec<Entry>, i64)> {
    filtered(db, tenant, &Filter { action_prefix: action_prefix.to_string(), ..Filter::default() }, limit, offset).await
}

/// A page of the tenant's log as the filter narrows it, newest first, and
/// how many entries the filter lets through.
pub async fn filtered(db: &Db, tenant: i64, f: &Filter, limit: i64, offset: i64) -> Result<(Vec<Entry>, i64)> {
    let pattern = format!("{}%", f.action_prefix.replace(['%', '_'], ""));
    let mut cond = "tenant_id = $1 AND action LIKE $2".to_string();
    let mut n = 2;
    let mut next = || {
        n += 1;
        format!("${n}")
    };
    let who = !f.actors.is_empty() || !f.actor_contains.is_empty();
    if who {
        let listed: Vec<String> = f.actors.iter().map(|_| next()).collect();
        let like = next();
        let listed = if listed.is_empty() { "1 = 0".to_string() } else { format!("actor IN ({})", listed.join(", ")) };
        cond.push_str(&format!(" AND ({listed} OR LOWER(actor) LIKE {like})"));
    }
    let from = f.from.map(|_| next());
    let until = f.until.map(|_| next());
    if let Some(p) = &from {
        cond.push_str(&format!(" AND at >= {p}"));
    }
    if let Some(p) = &until {
        cond.push_str(&format!(" AND at < {p}"));
    }
    let contains = format!("%{}%", f.actor_contains.to_lowercase().replace('%', ""));
    let rows_sql = format!("SELECT id, at, actor, action, target, detail FROM audit_log WHERE {cond} ORDER BY id DESC LIMIT {limit} OFFSET {offset}");
    let count_sql = format!("SELECT COUNT(*) FROM audit_log WHERE {cond}");
    on_pool!(db, p => {
        macro_rules! bound {
            ($q:expr) => {{
                let mut q = $q.bind(tenant).bind(&pattern);
                if who {
                    for a in &f.actors {
                        q = q.bind(a);
                    }
                    q = q.bind(&contains);
                }
                if let Some(t) = f.from {
                    q = q.bind(t);
                }
                if let Some(t) = f.until {
                    q = q.bind(t);
                }
                q
            }};
        }
        let rows = bound!(sqlx::query_as::<_, Entry>(sqlx::AssertSqlSafe(rows_sql))).fetch_all(p).await?;
        let (n,): (i64,) = bound!(sqlx::query_as(sqlx::AssertSqlSafe(count_sql))).fetch_one(p).await?;
        Ok((rows, n))
    })
}
