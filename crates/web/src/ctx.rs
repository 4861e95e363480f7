//! The request context every page handler takes: the language, the signed-in
//! person (if any) with what they may do, and the CSRF token for forms.

use axum::extract::FromRequestParts;
use axum::http::HeaderMap;
use axum::http::request::Parts;
use domain::access::{Role, Viewer};

use crate::AppState;
use crate::i18n::{Lang, Tr};
use crate::render::AppError;

pub const SESSION_COOKIE: &str = "styr_session";
pub const LANG_COOKIE: &str = "styr_lang";
pub const LOGIN_CSRF_COOKIE: &str = "styr_login_csrf";

#[derive(Clone, Debug)]
pub struct User {
    pub account_id: i64,
    pub tenant_id: i64,
    pub tenant_name: String,
    /// Which version of the reference data the copy in memory must match.
    pub reference_version: i64,
    /// Which version of the decisions and actions kept counts must match.
    pub register_version: i64,
    /// Which version of the programme and the årshjul the copy in memory must match.
    pub programme_version: i64,
    pub person_id: Option<i64>,
    pub name: String,
    pub email: String,
    pub viewer: Viewer,
}

impl User {
    pub fn is_admin(&self) -> bool {
        self.viewer.is_admin()
    }
    pub fn role_names(&self, tr: &Tr) -> String {
        self.viewer.roles.iter().map(|r| tr.t(&format!("role-{}", r.as_str()))).collect::<Vec<_>>().join(", ")
    }
    pub fn has_role(&self, r: Role) -> bool {
        self.viewer.has(r)
    }
}

#[derive(Clone, Debug)]
pub struct Ctx {
    pub tr: Tr,
    pub user: Option<User>,
    /// The session's CSRF token ("" when signed out).
    pub csrf: String,
    /// The path and query of this request, to come back to.
    pub here: String,
    /// Whether cookies should be marked Secure.
    pub secure: bool,
    pub session_token: Option<String>,
    /// The scheme and host the request was made to, for absolute links.
    pub origin: String,
}

/// A cookie's value from the request.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// Builds a Set-Cookie value with the attributes styr always uses.
pub fn set_cookie(name: &str, value: &str, max_age_secs: i64, secure: bool) -> String {
    format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{}", if secure { "; Secure" } else { "" })
}

/// The language: the person's remembered choice, else Danish. The
/// browser's preference is not used: styr speaks Danish unless asked not to.
fn language(headers: &HeaderMap) -> Lang {
    cookie(headers, LANG_COOKIE).and_then(|c| Lang::parse(&c)).unwrap_or_default()
}

/// Looks up who holds a session token; `None` for an unknown or expired one.
/// One query: the session with its account and the units the person leads.
pub async fn user_for_session(db: &store::Db, token: &str) -> Result<Option<(User, String)>, store::Error> {
    let Some((p, csrf, viewer)) = store::platform::accounts::profile_for_session(db, token).await? else {
        return Ok(None);
    };
    Ok(Some((user_with(p, viewer), csrf)))
}

pub async fn user_for_account(db: &store::Db, account_id: i64) -> Result<Option<User>, store::Error> {
    match store::platform::accounts::profile(db, account_id).await? {
        Some(p) => Ok(Some(user_of(db, p).await?)),
        None => Ok(None),
    }
}

async fn user_of(db: &store::Db, p: store::platform::accounts::Profile) -> Result<User, store::Error> {
    let viewer = store::platform::accounts::viewer_of(db, p.tenant_id, p.person_id, &p.roles).await?;
    Ok(user_with(p, viewer))
}

fn user_with(p: store::platform::accounts::Profile, viewer: domain::access::Viewer) -> User {
    User {
        account_id: p.account_id,
        tenant_id: p.tenant_id,
        tenant_name: p.tenant_name,
        reference_version: p.reference_version,
        register_version: p.register_version,
        programme_version: p.programme_version,
        person_id: p.person_id,
        name: p.person_name.unwrap_or_else(|| p.email.clone()),
        email: p.email,
        viewer,
    }
}

impl FromRequestParts<AppState> for Ctx {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let tr = Tr::new(language(&parts.headers));
        let here = parts.uri.path_and_query().map(|p| p.as_str().to_string()).unwrap_or_else(|| "/".into());
        let forwarded_https = parts.headers.get("x-forwarded-proto").and_then(|v| v.to_str().ok()).is_some_and(|v| v.eq_ignore_ascii_case("https"));
        let secure = state.config.secure_cookies || forwarded_https;
        let session_token = cookie(&parts.headers, SESSION_COOKIE);
        let (user, csrf) = match &session_token {
            Some(t) => match user_for_session(&state.db, t).await.map_err(|e| AppError::internal(tr, e))? {
                Some((u, c)) => (Some(u), c),
                None => (None, String::new()),
            },
            None => (None, String::new()),
        };
        let host = parts.headers.get(axum::http::header::HOST).and_then(|v| v.to_str().ok()).unwrap_or("localhost");
        let host: String = host.chars().filter(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(*c)).collect();
        let origin = format!("{}://{host}", if secure { "https" } else { "http" });
        Ok(Ctx { tr, user, csrf, here, secure, session_token, origin })
    }
}

impl Ctx {
    /// The signed-in person, or a redirect to the sign-in page.
    pub fn user(&self) -> Result<&User, AppError> {
        self.user.as_ref().ok_or_else(|| AppError::SignIn(self.here.clone()))
    }

    /// Checks a form's CSRF token against the session's, in constant time.
    pub fn check_csrf(&self, token: &str) -> Result<(), AppError> {
        if !self.csrf.is_empty() && constant_eq(self.csrf.as_bytes(), token.as_bytes()) { Ok(()) } else { Err(AppError::Csrf(self.tr)) }
    }

    /// Records a refused request in the audit log and returns the error page.
    pub async fn forbid(&self, state: &AppState, what: &str) -> AppError {
        if let Some(u) = &self.user {
            let actor = store::platform::audit::Actor { account_id: Some(u.account_id), label: u.email.clone() };
            let _ = store::platform::audit::record(&state.db, Some(u.tenant_id), &actor, "access.denied", what, &self.here).await;
        }
        AppError::Forbidden(self.tr)
    }

    pub fn asset(&self, path: &str) -> String {
        crate::assets::url(path)
    }

    /// The URL that switches the language and comes back here.
    pub fn switch_language_url(&self) -> String {
        format!("/language/{}?back={}", self.tr.lang.other().code(), urlencode(&self.here))
    }
}

pub fn constant_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Percent-encodes a string for use in a query parameter.
pub fn urlencode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Only local paths are followed after sign-in or a language switch, so a
/// link cannot send a person to another site.
pub fn safe_local_path(p: &str) -> String {
    if p.starts_with('/') && !p.starts_with("//") && !p.contains('\\') { p.to_string() } else { "/".to_string() }
}
