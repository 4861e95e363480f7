//! Who is asking, found once per request the same way for the pages and the
//! API: by the session cookie's token, an API token, or a calendar feed's
//! token, each looked up by its hash in one query with the person's roles,
//! the units they lead and the tenant's versions.

use domain::access::Viewer;
use store::platform::accounts::{self, Profile, TokenKind};
use store::platform::audit::Actor;

use crate::{Result, Services};

/// How a request proved who it is, and so what it may reach.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Access {
    /// Signed in with a password in a browser.
    Session,
    /// An API token, limited to the API's areas in its scope.
    Api(Vec<domain::platform::ApiArea>),
    /// A calendar feed's token: the person's calendar feeds, nothing else.
    Feed,
}

#[derive(Clone, Debug)]
pub struct Principal {
    pub account_id: i64,
    pub tenant_id: i64,
    pub tenant_name: String,
    pub person_id: Option<i64>,
    /// The person's name, or the e-mail for an account without a person.
    pub name: String,
    pub email: String,
    /// Which version of the reference data the copy in memory must match.
    pub reference_version: i64,
    /// Which version of the decisions and actions kept counts must match.
    pub register_version: i64,
    /// Which version of the programme and the årshjul the copy in memory must match.
    pub programme_version: i64,
    /// Which version of the policies, goals, indicators and figures the copy in memory must match.
    pub policy_version: i64,
    pub viewer: Viewer,
    pub access: Access,
}

/// Who holds a request's session cookie: found once per request by the
/// web's middleware, and read by the pages and the API alike.
#[derive(Clone, Debug)]
pub struct SignedIn(pub Option<Session>);

#[derive(Clone, Debug)]
pub struct Session {
    pub principal: Principal,
    /// The session's CSRF token, for forms.
    pub csrf: String,
    /// The cookie's token, to end the session with.
    pub token: String,
}

impl Principal {
    fn of(p: Profile, viewer: Viewer, access: Access) -> Principal {
        Principal {
            account_id: p.account_id,
            tenant_id: p.tenant_id,
            tenant_name: p.tenant_name,
            person_id: p.person_id,
            name: p.person_name.unwrap_or_else(|| p.email.clone()),
            email: p.email,
            reference_version: p.reference_version,
            register_version: p.register_version,
            programme_version: p.programme_version,
            policy_version: p.policy_version,
            viewer,
            access,
        }
    }

    pub fn is_admin(&self) -> bool {
        self.viewer.is_admin()
    }

    /// The audit log's name for this account.
    pub fn actor(&self) -> Actor {
        Actor { account_id: Some(self.account_id), label: self.email.clone() }
    }

    /// (reference, register) versions, for counts kept per filter.
    pub fn register_versions(&self) -> (i64, i64) {
        (self.register_version, self.reference_version)
    }
}

/// The person behind a live session's cookie token, and the session's CSRF token.
pub async fn by_session(svc: &Services, token: &str) -> Result<Option<(Principal, String)>> {
    let found = accounts::profile_for_session(&svc.db, token, svc.clock.now()).await?;
    Ok(found.map(|(p, csrf, viewer)| (Principal::of(p, viewer, Access::Session), csrf)))
}

/// The person behind an API token that is neither revoked nor expired. Its
/// use is written down (shown as "last used") at most once a minute.
pub async fn by_api_token(svc: &Services, token: &str) -> Result<Option<Principal>> {
    let now = svc.clock.now();
    let found = accounts::profile_for_token(&svc.db, token, TokenKind::Api, now).await?;
    if found.is_some() && svc.touched.due(token, now) {
        accounts::touch_token(&svc.db, token, now).await?;
    }
    Ok(found.map(|(p, scope, viewer)| Principal::of(p, viewer, Access::Api(domain::platform::ApiArea::parse_scope(&scope)))))
}

/// When this process last wrote each API token's use, so that a script
/// calling the API costs one query a request, not two. Keyed by a hash of
/// the token; forgotten wholesale when it grows large.
#[derive(Default)]
pub struct Touched(std::sync::Mutex<std::collections::HashMap<u64, chrono::DateTime<chrono::Utc>>>);

impl Touched {
    /// Whether the token's use should be written now, and if so, noted as written.
    fn due(&self, token: &str, now: chrono::DateTime<chrono::Utc>) -> bool {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        token.hash(&mut h);
        let key = h.finish();
        let mut seen = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if seen.get(&key).is_some_and(|t| now - *t < chrono::Duration::minutes(1)) {
            return false;
        }
        if seen.len() >= 10_000 {
            seen.clear();
        }
        seen.insert(key, now);
        true
    }
}

/// The person behind a calendar feed's token that is not revoked.
pub async fn by_feed_token(svc: &Services, token: &str) -> Result<Option<Principal>> {
    let found = accounts::profile_for_token(&svc.db, token, TokenKind::Feed, svc.clock.now()).await?;
    Ok(found.map(|(p, _, viewer)| Principal::of(p, viewer, Access::Feed)))
}

/// The account by id, as if signed in (the command line's user).
pub async fn by_account(svc: &Services, account: i64) -> Result<Option<Principal>> {
    let Some(p) = accounts::profile(&svc.db, account).await? else { return Ok(None) };
    let viewer = accounts::viewer_of(&svc.db, p.tenant_id, p.person_id, &p.roles).await?;
    Ok(Some(Principal::of(p, viewer, Access::Session)))
}
