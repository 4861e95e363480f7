//! Accounts (sign-in identities, linked to a person), personal tokens (API
//! and calendar feed) and the keys behind login throttling.

use chrono::{DateTime, Utc};
use domain::access::{Role, Viewer};
use domain::org::UnitKind;
use domain::throttle::{Limits, State, Verdict};

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

/// The mail a tenant's people with accounts have chosen, for those who
/// chose other than the default: person id → choices.
pub async fn mail_prefs(db: &Db, tenant: i64) -> Result<std::collections::HashMap<i64, domain::platform::notifications::MailPrefs>> {
    let rows: Vec<(i64, String, bool, bool)> = on_pool!(db, p => sqlx::query_as(
        "SELECT person_id, digest, remind_actions, remind_reports FROM accounts \
         WHERE tenant_id = $1 AND person_id IS NOT NULL AND (digest <> 'each' OR NOT remind_actions OR NOT remind_reports)")
        .bind(tenant).fetch_all(p).await)?;
    Ok(rows.into_iter().map(|(p, d, a, r)| (p, prefs(&d, a, r))).collect())
}

fn prefs(digest: &str, actions: bool, reports: bool) -> domain::platform::notifications::MailPrefs {
    use domain::platform::notifications::{Digest, MailPrefs};
    MailPrefs { digest: Digest::parse(digest).unwrap_or(Digest::Each), actions, reports }
}

/// One account's choices of mail.
pub async fn mail_prefs_of(db: &Db, account: i64) -> Result<domain::platform::notifications::MailPrefs> {
    let row: Option<(String, bool, bool)> = on_pool!(db, p => sqlx::query_as("SELECT digest, remind_actions, remind_reports FROM accounts WHERE id = $1")
        .bind(account).fetch_optional(p).await)?;
    Ok(row.map(|(d, a, r)| prefs(&d, a, r)).unwrap_or_default())
}

/// The language an account chose to read styr and its mail in.
pub async fn language_of(db: &Db, account: i64) -> Result<String> {
    let row: Option<(String,)> = on_pool!(db, p => sqlx::query_as("SELECT lang FROM accounts WHERE id = $1").bind(account).fetch_optional(p).await)?;
    Ok(row.map(|r| r.0).unwrap_or_else(|| "da".into()))
}

/// Saves an account's choices of mail and language, with its entry in the audit log.
pub async fn set_mail_prefs(
    db: &Db,
    tenant: i64,
    account: i64,
    p: &domain::platform::notifications::MailPrefs,
    lang: &str,
    actor: &crate::platform::audit::Actor,
) -> Result<()> {
    in_transaction!(db, tx => {
        sqlx::query("UPDATE accounts SET digest = $1, remind_actions = $2, remind_reports = $3, lang = $4 WHERE id = $5 AND tenant_id = $6")
            .bind(p.digest.as_str()).bind(p.actions).bind(p.reports).bind(lang).bind(account).bind(tenant).execute(&mut *tx).await?;
        let detail = format!("{} {} {}", p.digest.as_str(), p.actions, p.reports);
        audit_in!(&mut *tx, Some(tenant), actor, "account.notifications", &actor.label, &detail)?;
        Ok::<_, sqlx::Error>(())
    })
}

/// The people of a tenant who read styr in another language than Danish:
/// person id → language code.
pub async fn languages(db: &Db, tenant: i64) -> Result<std::collections::HashMap<i64, String>> {
    let rows: Vec<(i64, String)> = on_pool!(db, p => sqlx::query_as(
        "SELECT person_id, lang FROM accounts WHERE tenant_id = $1 AND person_id IS NOT NULL AND lang <> 'da'")
        .bind(tenant).fetch_all(p).await)?;
    Ok(rows.into_iter().collect())
}

/// The system roles of a tenant's people who have them: person id → roles.
pub async fn roles_of_people(db: &Db, tenant: i64) -> Result<std::collections::HashMap<i64, Vec<Role>>> {
    let rows: Vec<(i64, String)> = on_pool!(db, p => sqlx::query_as(
        "SELECT person_id, roles FROM accounts WHERE tenant_id = $1 AND person_id IS NOT NULL AND roles <> '' AND disabled = FALSE")
        .bind(tenant).fetch_all(p).await)?;
    Ok(rows.into_iter().map(|(p, r)| (p, Role::parse_list(&r))).collect())
}

/// What `upsert` did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Upserted {
    Saved(i64),
    /// The e-mail belongs to an account of another municipality; nothing changed.
    OtherTenant,
}

/// Creates the account with this e-mail in `tenant`, or updates it when it
/// is that tenant's already. An e-mail taken by another tenant is refused:
/// an address signs in to one municipality.
pub async fn upsert(db: &Db, tenant: i64, person: Option<i64>, email: &str, password_hash: &str, roles: &str) -> Result<Upserted> {
    let found: Option<(i64,)> = on_pool!(db, p => sqlx::query_as(
        "INSERT INTO accounts (tenant_id, person_id, email, password_hash, roles, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (email) DO UPDATE SET person_id = excluded.person_id, \
           password_hash = excluded.password_hash, roles = excluded.roles \
         WHERE accounts.tenant_id = excluded.tenant_id \
         RETURNING id")
        .bind(tenant).bind(person).bind(email).bind(password_hash).bind(roles).bind(now())
        .fetch_optional(p).await)?;
    Ok(found.map_or(Upserted::OtherTenant, |(id,)| Upserted::Saved(id)))
}

pub use domain::platform::tokens::TokenKind;

/// A personal token as its owner sees it in a list (never the token itself).
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Token {
    pub id: i64,
    #[sqlx(try_from = "String")]
    pub kind: TokenKind,
    pub label: String,
    pub scope: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub last_used_at: Option<DateTime<Utc>>,
}

/// Stores a new token (hashed) and returns the token itself, once.
pub async fn create_token(db: &Db, account: &Account, kind: TokenKind, label: &str, scope: &str, expires_at: Option<DateTime<Utc>>) -> Result<String> {
    let token = format!("styr_{}", crate::new_secret());
    on_pool!(db, p => sqlx::query(
        "INSERT INTO api_tokens (tenant_id, account_id, token_hash, label, created_at, kind, scope, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
        .bind(account.tenant_id).bind(account.id).bind(hash_secret(&token)).bind(label).bind(now()).bind(kind.as_str()).bind(scope).bind(expires_at)
        .execute(p).await.map(|r| r.rows_affected()))?;
    Ok(token)
}

/// An account's tokens, newest first.
pub async fn tokens_of(db: &Db, tenant: i64, account: i64) -> Result<Vec<Token>> {
    on_pool!(db, p => sqlx::query_as::<_, Token>(
        "SELECT id, kind, label, scope, created_at, expires_at, revoked_at, last_used_at FROM api_tokens \
         WHERE tenant_id = $1 AND account_id = $2 ORDER BY created_at DESC, id DESC")
        .bind(tenant).bind(account).fetch_all(p).await)
}

/// Revokes one of an account's tokens; false when it is not the account's
/// or was revoked before.
pub async fn revoke_token(db: &Db, tenant: i64, account: i64, id: i64) -> Result<bool> {
    let r = on_pool!(db, p => sqlx::query(
        "UPDATE api_tokens SET revoked_at = $1 WHERE tenant_id = $2 AND account_id = $3 AND id = $4 AND revoked_at IS NULL")
        .bind(now()).bind(tenant).bind(account).bind(id).execute(p).await.map(|r| r.rows_affected()))?;
    Ok(r == 1)
}

/// Notes that a token was used, at most once a minute per token.
pub async fn touch_token(db: &Db, token: &str, at: DateTime<Utc>) -> Result<()> {
    on_pool!(db, p => sqlx::query(
        "UPDATE api_tokens SET last_used_at = $1 WHERE token_hash = $2 AND (last_used_at IS NULL OR last_used_at < $3)")
        .bind(at).bind(hash_secret(token)).bind(at - chrono::Duration::minutes(1)).execute(p).await.map(|_| ()))
}

/// The state of a throttle key ("account:…" or "address:…").
async fn throttle_state(db: &Db, key: &str) -> Result<Option<State>> {
    let row: Option<(i64, i64, i64)> = on_pool!(db, p => sqlx::query_as("SELECT failures, next_ms, updated_ms FROM login_throttle WHERE key = $1")
        .bind(key).fetch_optional(p).await)?;
    Ok(row.map(|(failures, next_ms, updated_ms)| State { failures, next_ms, updated_ms }))
}

/// Claims a sign-in attempt under a throttle key at `now_ms`: counted as a
/// failure until `succeeded` gives it back. Compare-and-set on the stored
/// state, so attempts made at the same moment are each counted.
pub async fn claim_attempt(db: &Db, key: &str, limits: Limits, now_ms: i64) -> Result<Verdict> {
    for _ in 0..8 {
        let current = throttle_state(db, key).await?;
        let verdict = domain::throttle::attempt(limits, current.unwrap_or_default(), now_ms);
        let Verdict::Try(next) = verdict else { return Ok(verdict) };
        let written = on_pool!(db, p => match current {
            None => sqlx::query("INSERT INTO login_throttle (key, failures, next_ms, updated_ms) VALUES ($1, $2, $3, $4) ON CONFLICT (key) DO NOTHING")
                .bind(key).bind(next.failures).bind(next.next_ms).bind(next.updated_ms).execute(p).await.map(|r| r.rows_affected()),
            Some(old) => sqlx::query("UPDATE login_throttle SET failures = $1, next_ms = $2, updated_ms = $3 WHERE key = $4 AND failures = $5 AND next_ms = $6 AND updated_ms = $7")
                .bind(next.failures).bind(next.next_ms).bind(next.updated_ms).bind(key).bind(old.failures).bind(old.next_ms).bind(old.updated_ms).execute(p).await.map(|r| r.rows_affected()),
        })?;
        if written == 1 {
            return Ok(verdict);
        }
    }
    // Others kept winning the race: this one waits.
    Ok(Verdict::Wait(1))
}

/// After a right password: the account's failures are forgotten, and the
/// address's count of this attempt is given back.
pub async fn succeeded(db: &Db, account_key: &str, address_key: &str) -> Result<()> {
    on_pool!(db, p => {
        sqlx::query("DELETE FROM login_throttle WHERE key = $1").bind(account_key).execute(p).await?;
        sqlx::query("UPDATE login_throttle SET failures = failures - 1 WHERE key = $1 AND failures > 0").bind(address_key).execute(p).await?;
        Ok(())
    })
}

/// Forgets throttle keys untouched for `older_than_ms`; run now and then.
pub async fn purge_throttle(db: &Db, before_ms: i64) -> Result<u64> {
    on_pool!(db, p => sqlx::query("DELETE FROM login_throttle WHERE updated_ms < $1").bind(before_ms).execute(p).await.map(|r| r.rows_affected()))
}

/// How many throttle keys are held (for /metrics: it grows only with attacks).
pub async fn throttle_keys(db: &Db) -> Result<i64> {
    let (n,): (i64,) = on_pool!(db, p => sqlx::query_as("SELECT COUNT(*) FROM login_throttle").fetch_one(p).await)?;
    Ok(n)
}

/// What the access rules need to know about an account: its roles, the
/// units its person leads and their kinds.
pub async fn viewer(db: &Db, account: &Account) -> Result<Viewer> {
    viewer_of(db, account.tenant_id, account.person_id, &account.roles).await
}

/// What a person may see follows from their roles and the units they lead
/// (one query: the units and their kinds together).
pub async fn viewer_of(db: &Db, tenant: i64, person: Option<i64>, roles: &str) -> Result<Viewer> {
    let led: Vec<(i64, String)> = match person {
        Some(pid) => on_pool!(db, p => sqlx::query_as(
            "SELECT po.unit_id, u.kind FROM positions po JOIN units u ON u.id = po.unit_id \
             WHERE po.tenant_id = $1 AND po.person_id = $2 AND po.kind = 'leader'")
            .bind(tenant).bind(pid).fetch_all(p).await)?,
        None => vec![],
    };
    Ok(viewer_from(person, roles, led))
}

fn viewer_from(person: Option<i64>, roles: &str, led: Vec<(i64, String)>) -> Viewer {
    Viewer::new(person, Role::parse_list(roles), led.into_iter().filter_map(|(u, k)| Some((u, UnitKind::parse(&k)?))))
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
    /// Moves on with every change to the policies, their goals, indicators and figures.
    pub policy_version: i64,
    pub person_name: Option<String>,
}

const PROFILE: &str = "a.id AS account_id, a.tenant_id, a.person_id, a.email, a.roles, t.name AS tenant_name, t.reference_version, t.register_version, t.programme_version, t.policy_version, pe.name AS person_name \
     FROM accounts a JOIN tenants t ON t.id = a.tenant_id LEFT JOIN people pe ON pe.id = a.person_id";

pub async fn profile(db: &Db, account: i64) -> Result<Option<Profile>> {
    let sql = format!("SELECT {PROFILE} WHERE a.id = $1 AND a.disabled = FALSE");
    on_pool!(db, p => sqlx::query_as::<_, Profile>(sqlx::AssertSqlSafe(sql)).bind(account).fetch_optional(p).await)
}

/// The profile, CSRF token and viewer behind a session's cookie token that
/// is live at `at`, in one query: it runs on every request.
pub async fn profile_for_session(db: &Db, token: &str, at: DateTime<Utc>) -> Result<Option<(Profile, String, Viewer)>> {
    profile_where(db, "sessions s", "s.csrf", "s.expires_at > $2", token, at).await
}

/// The profile, scope and viewer behind a token of a kind that is neither
/// revoked nor expired at `at`, in one query.
pub async fn profile_for_token(db: &Db, token: &str, kind: TokenKind, at: DateTime<Utc>) -> Result<Option<(Profile, String, Viewer)>> {
    let live = format!("s.kind = '{}' AND s.revoked_at IS NULL AND (s.expires_at IS NULL OR s.expires_at > $2)", kind.as_str());
    profile_where(db, "api_tokens s", "s.scope", &live, token, at).await
}

/// An enabled account's profile, an extra column and its viewer, found by
/// the hash of a secret in `secrets` (aliased `s`) where `live` holds.
async fn profile_where(db: &Db, secrets: &str, extra: &str, live: &str, token: &str, at: DateTime<Utc>) -> Result<Option<(Profile, String, Viewer)>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        #[sqlx(flatten)]
        profile: Profile,
        extra: String,
        led_unit: Option<i64>,
        led_kind: Option<String>,
    }
    let sql = format!(
        "SELECT {extra} AS extra, po.unit_id AS led_unit, u.kind AS led_kind, {PROFILE} JOIN {secrets} ON s.account_id = a.id \
         LEFT JOIN positions po ON po.person_id = a.person_id AND po.tenant_id = a.tenant_id AND po.kind = 'leader' \
         LEFT JOIN units u ON u.id = po.unit_id \
         WHERE s.token_hash = $1 AND a.disabled = FALSE AND {live}"
    );
    let rows = on_pool!(db, p => sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(sql)).bind(crate::hash_secret(token)).bind(at).fetch_all(p).await)?;
    let led: Vec<(i64, String)> = rows.iter().filter_map(|r| Some((r.led_unit?, r.led_kind.clone()?))).collect();
    Ok(rows.into_iter().next().map(|r| {
        let viewer = viewer_from(r.profile.person_id, &r.profile.roles, led);
        (r.profile, r.extra, viewer)
    }))
}
