//! Signing in with an e-mail and a password: throttled per account and per
//! address with growing waits (`domain::throttle`), checked against the
//! Argon2 hash a few at a time, and every outcome in the audit log.

use domain::throttle::{self, Verdict};
use store::platform::accounts::{self, Account};
use store::platform::audit::{self, Actor};
use store::platform::sessions;

use crate::{Result, Services};

pub enum SignIn {
    /// Signed in: the session's cookie token, and the account.
    Done { token: String, account: Account },
    /// A wrong e-mail or password (which, is not said).
    Failed,
    /// Too many attempts lately: try again in this many seconds.
    Wait(i64),
}

/// Tries to sign in `email` (normalised) from `address`.
pub async fn sign_in(svc: &Services, email: &str, password: String, address: &str) -> Result<SignIn> {
    let db = &svc.db;
    let account_key = format!("account:{email}");
    let address_key = format!("address:{address}");
    let account = accounts::by_email(db, email).await?;
    let tenant = account.as_ref().map(|a| a.tenant_id);
    let now_ms = svc.clock.now().timestamp_millis();
    // The address first: one that guesses at many accounts is slowed down
    // without touching the accounts' own counts.
    for (key, limits) in [(&address_key, throttle::ADDRESS), (&account_key, throttle::ACCOUNT)] {
        if let Verdict::Wait(secs) = accounts::claim_attempt(db, key, limits, now_ms).await? {
            // Logged under the account's municipality, so its administrators see it.
            audit::record(db, tenant, &Actor::system(address), "auth.throttled", email, key).await?;
            return Ok(SignIn::Wait(secs));
        }
    }
    let stored = account.as_ref().and_then(|a| a.password_hash.clone());
    let ok = super::password::verify(svc, password, stored).await;
    let account = match account {
        Some(a) if ok && !a.disabled => a,
        other => {
            audit::record(db, other.map(|a| a.tenant_id), &Actor::system(address), "auth.failed", email, "").await?;
            return Ok(SignIn::Failed);
        }
    };
    accounts::succeeded(db, &account_key, &address_key).await?;
    let (token, _csrf) = sessions::create(db, account.tenant_id, account.id, svc.clock.now()).await?;
    let actor = Actor { account_id: Some(account.id), label: account.email.clone() };
    audit::record(db, Some(account.tenant_id), &actor, "auth.signin", &account.email, address).await?;
    Ok(SignIn::Done { token, account })
}

/// Forgets throttle keys untouched for a day; the server runs it now and then.
pub async fn purge_throttle(svc: &Services) -> Result<u64> {
    let day_ago = svc.clock.now().timestamp_millis() - 24 * 3600 * 1000;
    Ok(accounts::purge_throttle(&svc.db, day_ago).await?)
}
