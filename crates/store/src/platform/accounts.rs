//! Accounts (sign-in identities, linked to a person), API tokens and the
//! counts behind login throttling.

use chrono::{DateTime, Duration, Utc};

use crate::{hash_secret, now, Db, Result};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Account {
    pub id: i64,
    pub tenant_id: i64,
    pub person_id: Option<i64>,
    pub email: String,
    pub password_hash: Option<String>,
    pub roles: String,
    pub disabled: bool,
}

const COLS: &str = "id, tenant_id, person_id, email, password_hash, roles, disabled";

pub async fn by_email(db: &Db, email: &str) -> Result<Option<Account>> {
    let sql = format!("SELECT {COLS} FROM accounts WHERE email = $1");
    on_pool!(db, p => sqlx::query_as::<_, Account>(sqlx::AssertSqlSafe(sql)).bind(email).fetch_optional(p).await)
}

pub async fn get(db: &Db, id: i64) -> Result<Option<Account>> {
    let sql = format!("SELECT {COLS} FROM accounts WHERE id = $1");
    on_pool!(db, p => sqlx::query_as::<_, Account>(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(p).await)
}

pub async fn for_person(db: &Db, tenant: i64, person: i64) -> Result<Option<Account>> {
    let sql = format!("SELECT {COLS} FROM accounts WHERE tenant_id = $1 AND person_id = $2");
    on_pool!(db, p => sqlx::query_as::<_, Account>(sqlx::AssertSqlSafe(sql)).bind(tenant).bind(person).fetch_optional(p).await)
}

/// Creates or updates the account with this e-mail; returns its id.
pub async fn upsert(
    db: &Db,
    tenant: i64,
    person: Option<i64>,
    email: &str,
    password_hash: &str,
    roles: &str,
) -> Result<i64> {
    on_pool!(db, p => {
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO accounts (tenant_id, person_id, email, password_hash, roles, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (email) DO UPDATE SET person_id = excluded.person_id, \
               password_hash = excluded.password_hash, roles = excluded.roles \
             RETURNING id")
            .bind(tenant).bind(person).bind(email).bind(password_hash).bind(roles).bind(now())
            .fetch_one(p).await?;
        Ok(id)
    })
}

/// Stores a new API token (hashed) and returns the token itself, once.
pub async fn create_token(db: &Db, account: &Account, label: &str) -> Result<String> {
    let token = format!("styr_{}", crate::new_secret());
    on_pool!(db, p => sqlx::query(
        "INSERT INTO api_tokens (tenant_id, account_id, token_hash, label, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(account.tenant_id).bind(account.id).bind(hash_secret(&token)).bind(label).bind(now())
        .execute(p).await.map(|r| r.rows_affected()))?;
    Ok(token)
}

pub async fn by_token(db: &Db, token: &str) -> Result<Option<Account>> {
    let sql = "SELECT a.id, a.tenant_id, a.person_id, a.email, a.password_hash, a.roles, a.disabled \
               FROM api_tokens t JOIN accounts a ON a.id = t.account_id WHERE t.token_hash = $1";
    on_pool!(db, p => sqlx::query_as::<_, Account>(sql).bind(hash_secret(token)).fetch_optional(p).await)
}

/// Records a failed sign-in under a throttle key ("account:…" or "address:…").
pub async fn record_failure(db: &Db, key: &str) -> Result<()> {
    on_pool!(db, p => sqlx::query("INSERT INTO login_failures (key, at) VALUES ($1, $2)")
        .bind(key).bind(now()).execute(p).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Failed sign-ins under a key within the last `minutes`.
pub async fn recent_failures(db: &Db, key: &str, minutes: i64) -> Result<i64> {
    let since: DateTime<Utc> = now() - Duration::minutes(minutes);
    on_pool!(db, p => {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM login_failures WHERE key = $1 AND at > $2")
            .bind(key).bind(since).fetch_one(p).await?;
        Ok(n)
    })
}

/// Forgets an account's failures after a successful sign-in.
pub async fn clear_failures(db: &Db, key: &str) -> Result<()> {
    on_pool!(db, p => sqlx::query("DELETE FROM login_failures WHERE key = $1").bind(key).execute(p).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// What the access rules need to know about an account: its roles, the
/// units its person leads and their kinds.
pub async fn viewer(db: &Db, account: &Account) -> Result<domain::access::Viewer> {
    let (leads, led_kinds) = match account.person_id {
        Some(pid) => {
            let leads = crate::org::led_units(db, account.tenant_id, pid).await?;
            let kinds = crate::org::led_kinds(db, account.tenant_id, pid).await?;
            (leads, kinds.iter().filter_map(|k| domain::org::UnitKind::parse(k)).collect())
        }
        None => (vec![], vec![]),
    };
    Ok(domain::access::Viewer {
        roles: domain::access::Role::parse_list(&account.roles),
        leads,
        led_kinds,
        person: account.person_id,
    })
}
