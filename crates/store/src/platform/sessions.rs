//! Server-side sessions: the cookie holds a random token, the table holds its
//! hash, so any app server can serve any request.

use chrono::{DateTime, Duration, Utc};

use crate::{Db, Result, hash_secret};

/// How long a session lives without a new sign-in.
pub const LIFETIME_HOURS: i64 = 12;

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Session {
    pub tenant_id: i64,
    pub account_id: i64,
    pub csrf: String,
    pub expires_at: DateTime<Utc>,
}

/// Starts a session at `at`; returns (cookie token, CSRF token).
pub async fn create(db: &Db, tenant: i64, account: i64, at: DateTime<Utc>) -> Result<(String, String)> {
    let token = crate::new_secret();
    let csrf = crate::new_secret();
    on_pool!(db, p => sqlx::query(
        "INSERT INTO sessions (token_hash, tenant_id, account_id, csrf, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(hash_secret(&token)).bind(tenant).bind(account).bind(&csrf).bind(at)
        .bind(at + Duration::hours(LIFETIME_HOURS)).execute(p).await.map(|r| r.rows_affected()))?;
    Ok((token, csrf))
}

/// The session for a cookie token that is live at `at`, if any.
pub async fn find(db: &Db, token: &str, at: DateTime<Utc>) -> Result<Option<Session>> {
    on_pool!(db, p => sqlx::query_as::<_, Session>(
        "SELECT tenant_id, account_id, csrf, expires_at FROM sessions WHERE token_hash = $1 AND expires_at > $2")
        .bind(hash_secret(token)).bind(at).fetch_optional(p).await)
}

pub async fn delete(db: &Db, token: &str) -> Result<()> {
    on_pool!(db, p => sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(hash_secret(token)).execute(p).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Removes the sessions expired at `at`; called now and then by the server.
pub async fn purge_expired(db: &Db, at: DateTime<Utc>) -> Result<u64> {
    let r = on_pool!(db, p => sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
        .bind(at).execute(p).await.map(|r| r.rows_affected()))?;
    Ok(r)
}
