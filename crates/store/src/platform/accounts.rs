//! Accounts (sign-in identities, linked to a person), API tokens and the
//! counts behind login throttling.

use chrono::{DateTime, Duration, Utc};

use crate::{Db, Result, hash_secret, now};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Account {
    pub id: i64,
    pub tenant_id: i64,
    pub person_id: Option<i64>,
    pub email: String,
    pub password_hash: Option<String>,
    pub roles: String,
    pub disabled: bool,
    /// The language the person last chose to read styr in ("da" or "en").
    pub lang: String,
}

const COLS: &str = "id, tenant_id, person_id, email, password_hash, roles, disabled, lang";

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

/// Remembers the language a person reads styr in.
pub async fn set_lang(db: &Db, account: i64, lang: &str) -> Result<()> {
    on_pool!(db, p => sqlx::query("UPDATE accounts SET lang = $1 WHERE id = $2").bind(lang).bind(account).execute(p).await.map(|_| ()))
}

/// The people of a tenant who read styr in another language than Danish:
/// person id → language code.
pub async fn languages(db: &Db, tenant: i64) -> Result<std::collections::HashMap<i64, String>> {
    let rows: Vec<(i64, String)> = on_pool!(db, p => sqlx::query_as(
        "SELECT person_id, lang FROM accounts WHERE tenant_id = $1 AND person_id IS NOT NULL AND lang <> 'da'")
        .bind(tenant).fetch_all(p).await)?;
    Ok(rows.into_iter().collect())
}

/// Creates or updates the account with this e-mail; returns its id.
pub async fn upsert(db: &Db, tenant: i64, person: Option<i64>, email: &str, password_hash: &str, roles: &str) -> Result<i64> {
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
    let sql = "SELECT a.id, a.tenant_id, a.person_id, a.email, a.password_hash, a.roles, a.disabled, a.lang \
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
    viewer_of(db, account.tenant_id, account.person_id, &account.roles).await
}

/// What a person may see follows from their roles and the units they lead
/// (one query: the units and their kinds together).
pub async fn viewer_of(db: &Db, tenant: i64, person: Option<i64>, roles: &str) -> Result<domain::access::Viewer> {
    let led: Vec<(i64, String)> = match person {
        Some(pid) => on_pool!(db, p => sqlx::query_as(
            "SELECT po.unit_id, u.kind FROM positions po JOIN units u ON u.id = po.unit_id \
             WHERE po.tenant_id = $1 AND po.person_id = $2 AND po.kind = 'leader'")
            .bind(tenant).bind(pid).fetch_all(p).await)?,
        None => vec![],
    };
    Ok(viewer_from(person, roles, led))
}

fn viewer_from(person: Option<i64>, roles: &str, led: Vec<(i64, String)>) -> domain::access::Viewer {
    let mut led_kinds: Vec<domain::org::UnitKind> = vec![];
    for k in led.iter().filter_map(|(_, k)| domain::org::UnitKind::parse(k)) {
        if !led_kinds.contains(&k) {
            led_kinds.push(k);
        }
    }
    domain::access::Viewer { roles: domain::access::Role::parse_list(roles), leads: led.into_iter().map(|(u, _)| u).collect(), led_kinds, person }
}

/// An enabled account with its tenant's and person's names: who is signed in.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Profile {
    pub account_id: i64,
    pub tenant_id: i64,
    pub person_id: Option<i64>,
    pub email: String,
    pub roles: String,
    pub tenant_name: String,
    /// Moves on with every change to the organisation, the forums or the framework.
    pub reference_version: i64,
    /// Moves on with every change to decisions, their implementation or actions.
    pub register_version: i64,
    /// Moves on with every change to the work programme, the årshjul or the meetings' dates.
    pub programme_version: i64,
    pub person_name: Option<String>,
}

const PROFILE: &str = "a.id AS account_id, a.tenant_id, a.person_id, a.email, a.roles, t.name AS tenant_name, t.reference_version, t.register_version, t.programme_version, pe.name AS person_name \
     FROM accounts a JOIN tenants t ON t.id = a.tenant_id LEFT JOIN people pe ON pe.id = a.person_id";

pub async fn profile(db: &Db, account: i64) -> Result<Option<Profile>> {
    let sql = format!("SELECT {PROFILE} WHERE a.id = $1 AND a.disabled = FALSE");
    on_pool!(db, p => sqlx::query_as::<_, Profile>(sqlx::AssertSqlSafe(sql)).bind(account).fetch_optional(p).await)
}

/// The profile, CSRF token and viewer behind a live session's cookie token,
/// in one query: it runs on every request.
pub async fn profile_for_session(db: &Db, token: &str) -> Result<Option<(Profile, String, domain::access::Viewer)>> {
    profile_where(db, "sessions", "s.csrf", true, token).await
}

/// The profile and viewer behind an API token, in one query.
pub async fn profile_for_token(db: &Db, token: &str) -> Result<Option<(Profile, domain::access::Viewer)>> {
    let found = profile_where(db, "api_tokens", "''", false, token).await?;
    Ok(found.map(|(p, _, v)| (p, v)))
}

/// An enabled account's profile, an extra column and its viewer, found by
/// the hash of a secret in `secrets` (sessions expire, API tokens do not).
async fn profile_where(db: &Db, secrets: &str, extra: &str, expires: bool, token: &str) -> Result<Option<(Profile, String, domain::access::Viewer)>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        #[sqlx(flatten)]
        profile: Profile,
        extra: String,
        led_unit: Option<i64>,
        led_kind: Option<String>,
    }
    let sql = format!(
        "SELECT {extra} AS extra, po.unit_id AS led_unit, u.kind AS led_kind, {PROFILE} JOIN {secrets} s ON s.account_id = a.id \
         LEFT JOIN positions po ON po.person_id = a.person_id AND po.tenant_id = a.tenant_id AND po.kind = 'leader' \
         LEFT JOIN units u ON u.id = po.unit_id \
         WHERE s.token_hash = $1 AND a.disabled = FALSE{}",
        if expires { " AND s.expires_at > $2" } else { "" }
    );
    let rows = on_pool!(db, p => {
        let q = sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(sql)).bind(crate::hash_secret(token));
        if expires { q.bind(crate::now()).fetch_all(p).await } else { q.fetch_all(p).await }
    })?;
    let led: Vec<(i64, String)> = rows.iter().filter_map(|r| Some((r.led_unit?, r.led_kind.clone()?))).collect();
    Ok(rows.into_iter().next().map(|r| {
        let viewer = viewer_from(r.profile.person_id, &r.profile.roles, led);
        (r.profile, r.extra, viewer)
    }))
}
