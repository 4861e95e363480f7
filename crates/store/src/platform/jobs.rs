//! The job queue: work that must happen even if the server restarts, such as
//! sending e-mail. Any app server may claim a due job; a claimed job that is
//! not finished within its lock is claimed again.

use chrono::{DateTime, Duration, Utc};

use crate::{Backend, Db, Result, now};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Job {
    pub id: i64,
    pub tenant_id: Option<i64>,
    pub kind: String,
    pub payload: String,
    pub attempts: i64,
}

/// Tries before a job is given up.
pub const MAX_ATTEMPTS: i64 = 5;

pub async fn enqueue(db: &Db, tenant: Option<i64>, kind: &str, payload: &str, run_at: DateTime<Utc>) -> Result<i64> {
    let at = now();
    on_pool!(db, p => {
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO jobs (tenant_id, kind, payload, run_at, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5) RETURNING id")
            .bind(tenant).bind(kind).bind(payload).bind(run_at).bind(at).fetch_one(p).await?;
        Ok(id)
    })
}

/// Queues many jobs of one kind in one transaction: a digest to every
/// employee is thousands of jobs, and one commit each kept the person who
/// approved the minutes waiting for seconds.
pub async fn enqueue_all(db: &Db, tenant: Option<i64>, kind: &str, payloads: &[String], run_at: DateTime<Utc>) -> Result<usize> {
    if payloads.is_empty() {
        return Ok(0);
    }
    let at = now();
    in_transaction!(db, tx => {
        for payload in payloads {
            sqlx::query("INSERT INTO jobs (tenant_id, kind, payload, run_at, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)")
                .bind(tenant).bind(kind).bind(payload).bind(run_at).bind(at).execute(&mut *tx).await?;
        }
        Ok::<_, sqlx::Error>(payloads.len())
    })
}

/// Takes the next job due at `at`, locking it for `lock` so no other server takes it.
pub async fn claim(db: &Db, lock: Duration, at: DateTime<Utc>) -> Result<Option<Job>> {
    let until = at + lock;
    // Queued jobs that are due, and running ones whose lock ran out (a server stopped).
    let pick = "(status = 'queued' AND run_at <= $2) OR (status = 'running' AND locked_until < $2)";
    let sql = match db.backend() {
        Backend::Sqlite => format!(
            "UPDATE jobs SET status = 'running', locked_until = $1, attempts = attempts + 1, updated_at = $2 \
             WHERE id = (SELECT id FROM jobs WHERE {pick} ORDER BY run_at, id LIMIT 1) \
             RETURNING id, tenant_id, kind, payload, attempts"
        ),
        Backend::Postgres => format!(
            "UPDATE jobs SET status = 'running', locked_until = $1, attempts = attempts + 1, updated_at = $2 \
             WHERE id = (SELECT id FROM jobs WHERE {pick} ORDER BY run_at, id LIMIT 1 FOR UPDATE SKIP LOCKED) \
             RETURNING id, tenant_id, kind, payload, attempts"
        ),
    };
    on_pool!(db, p => sqlx::query_as::<_, Job>(sqlx::AssertSqlSafe(sql)).bind(until).bind(at).fetch_optional(p).await)
}

pub async fn finish(db: &Db, id: i64) -> Result<()> {
    on_pool!(db, p => sqlx::query("UPDATE jobs SET status = 'done', locked_until = NULL, updated_at = $1 WHERE id = $2")
        .bind(now()).bind(id).execute(p).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Removes a job once done, for work that should leave no trace in the queue.
pub async fn delete(db: &Db, id: i64) -> Result<()> {
    on_pool!(db, p => sqlx::query("DELETE FROM jobs WHERE id = $1").bind(id).execute(p).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Records a failure at `at`: tried again later with a growing pause, or given up.
pub async fn fail(db: &Db, job: &Job, error: &str, at: DateTime<Utc>) -> Result<()> {
    let (status, run_at) = if job.attempts >= MAX_ATTEMPTS { ("failed", at) } else { ("queued", at + Duration::seconds(30 * 2i64.pow(job.attempts as u32))) };
    on_pool!(db, p => sqlx::query("UPDATE jobs SET status = $1, run_at = $2, last_error = $3, locked_until = NULL, updated_at = $4 WHERE id = $5")
        .bind(status).bind(run_at).bind(error).bind(at).bind(job.id).execute(p).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Marks the due jobs of a kind as held ("not sent: no mail server"), and
/// says how many: they are shown in the outbox and not tried again.
pub async fn hold(db: &Db, kind: &str, at: DateTime<Utc>) -> Result<u64> {
    on_pool!(db, p => sqlx::query("UPDATE jobs SET status = 'held', updated_at = $1 WHERE kind = $2 AND status = 'queued' AND run_at <= $1")
        .bind(at).bind(kind).execute(p).await.map(|r| r.rows_affected()))
}

/// A job as the outbox lists it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Listed {
    pub id: i64,
    pub status: String,
    pub payload: String,
    pub attempts: i64,
    pub last_error: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A page of a tenant's jobs of a kind, newest first, optionally of one
/// status, and how many there are.
pub async fn listed(db: &Db, tenant: i64, kind: &str, status: Option<&str>, limit: i64, offset: i64) -> Result<(Vec<Listed>, i64)> {
    // An empty $3 means every status.
    let cond = "tenant_id = $1 AND kind = $2 AND ($3 = '' OR status = $3)";
    let rows_sql = format!(
        "SELECT id, status, payload, attempts, last_error, created_at, updated_at FROM jobs WHERE {cond} ORDER BY id DESC LIMIT {limit} OFFSET {offset}"
    );
    let count_sql = format!("SELECT COUNT(*) FROM jobs WHERE {cond}");
    let s = status.unwrap_or("");
    on_pool!(db, p => {
        let rows = sqlx::query_as::<_, Listed>(sqlx::AssertSqlSafe(rows_sql)).bind(tenant).bind(kind).bind(s).fetch_all(p).await?;
        let (n,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(count_sql)).bind(tenant).bind(kind).bind(s).fetch_one(p).await?;
        Ok((rows, n))
    })
}

/// One of a tenant's jobs.
pub async fn one(db: &Db, tenant: i64, id: i64) -> Result<Option<Listed>> {
    on_pool!(db, p => sqlx::query_as::<_, Listed>("SELECT id, status, payload, attempts, last_error, created_at, updated_at FROM jobs WHERE tenant_id = $1 AND id = $2")
        .bind(tenant).bind(id).fetch_optional(p).await)
}

/// (status, count) of a tenant's jobs, for the administration page and tests.
pub async fn counts(db: &Db, tenant: i64) -> Result<Vec<(String, i64)>> {
    on_pool!(db, p => sqlx::query_as("SELECT status, COUNT(*) FROM jobs WHERE tenant_id = $1 GROUP BY status ORDER BY status")
        .bind(tenant).fetch_all(p).await)
}

/// The payloads of a tenant's jobs of a kind that wait to be done, oldest
/// first (what the mail queue holds, for the tests that read it).
pub async fn queued(db: &Db, tenant: i64, kind: &str) -> Result<Vec<String>> {
    let rows: Vec<(String,)> = on_pool!(db, p => sqlx::query_as("SELECT payload FROM jobs WHERE tenant_id = $1 AND kind = $2 AND status = 'queued' ORDER BY id")
        .bind(tenant).bind(kind).fetch_all(p).await)?;
    Ok(rows.into_iter().map(|r| r.0).collect())
}

/// Marks a reminder as sent; false when it already was (so it goes once).
pub async fn mark_reminder(db: &Db, action: i64, kind: &str) -> Result<bool> {
    on_pool!(db, p => {
        let r = sqlx::query("INSERT INTO reminders_sent (action_id, kind, sent_at) VALUES ($1, $2, $3) ON CONFLICT (action_id, kind) DO NOTHING")
            .bind(action).bind(kind).bind(now()).execute(p).await?;
        Ok(r.rows_affected() == 1)
    })
}
