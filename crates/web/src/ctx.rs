//! The request context every page handler takes: the language, the signed-in
//! person (if any) with what they may do, and the CSRF token for forms.
//!
//! Who is signed in is found once per request by `sessions`, a middleware in
//! front of the pages and the API alike; the API reads the same answer.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::HeaderMap;
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::Response;
use service::Req;

use crate::AppState;
use crate::i18n::{Lang, Tr};
use crate::render::AppError;

pub const SESSION_COOKIE: &str = "styr_session";
pub const LANG_COOKIE: &str = "styr_lang";
pub const LOGIN_CSRF_COOKIE: &str = "styr_login_csrf";

/// The signed-in person.
pub type User = service::Principal;

use service::platform::principal::{Session, SignedIn};

/// The role names of a user, in words.
pub fn role_names(user: &User, tr: &Tr) -> String {
    user.viewer.roles().iter().map(|r| tr.t(&format!("role-{}", r.as_str()))).collect::<Vec<_>>().join(", ")
}

/// One entry of the main menu: where it goes, the section that marks it
/// current, and its label.
pub struct MenuEntry {
    pub href: &'static str,
    pub section: &'static str,
    pub label: String,
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
    /// The client's address (behind a trusted proxy, the one it names).
    pub client: Option<IpAddr>,
    /// The signed-in person reads some forum's meetings: the menu offers
    /// "Møder" only then.
    pub reads_forums: bool,
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
pub fn language(headers: &HeaderMap) -> Lang {
    cookie(headers, LANG_COOKIE).and_then(|c| Lang::parse(&c)).unwrap_or_default()
}

fn peer(parts: &axum::http::Extensions) -> Option<IpAddr> {
    parts.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip())
}

/// Whether the request came over TLS: styr is configured to say so, or a
/// trusted proxy says it took the request over HTTPS.
pub fn is_secure(state: &AppState, headers: &HeaderMap, peer: Option<IpAddr>) -> bool {
    let proto = headers.get("x-forwarded-proto").and_then(|v| v.to_str().ok());
    state.config.secure_cookies || domain::platform::net::forwarded_https(peer, proto, &state.config.trusted_proxies)
}

/// The client's address, believing X-Forwarded-For only from trusted proxies.
pub fn client_address(state: &AppState, headers: &HeaderMap, peer: Option<IpAddr>) -> Option<IpAddr> {
    let forwarded = forwarded_for(headers);
    peer.map(|p| domain::platform::net::client_address(p, forwarded.as_deref(), &state.config.trusted_proxies))
}

/// Every X-Forwarded-For line joined in order (a proxy may add its own line
/// after one the client sent); none when a line is not readable text.
pub fn forwarded_for(headers: &HeaderMap) -> Option<String> {
    let lines: Option<Vec<&str>> = headers.get_all("x-forwarded-for").iter().map(|v| v.to_str().ok()).collect();
    lines.filter(|l| !l.is_empty()).map(|l| l.join(","))
}

/// Whether a request came through a proxy: it carries a forwarding header.
pub fn proxied(headers: &HeaderMap) -> bool {
    ["x-forwarded-for", "forwarded", "x-real-ip", "x-forwarded-proto", "x-forwarded-host"].iter().any(|h| headers.contains_key(*h))
}

/// Finds who holds the session cookie, once, for the pages and the API.
pub async fn sessions(State(state): State<AppState>, mut req: Request, next: Next) -> Result<Response, AppError> {
    // A request that names its bearer token is the token's (the API reads
    // nothing else then), so the session is not looked up for it.
    let bearer = req.headers().get(axum::http::header::AUTHORIZATION).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("Bearer "));
    let session = match cookie(req.headers(), SESSION_COOKIE).filter(|_| !bearer) {
        Some(token) => service::platform::principal::by_session(&state.svc, &token).await?.map(|(principal, csrf)| Session { principal, csrf, token }),
        None => None,
    };
    req.extensions_mut().insert(SignedIn(session));
    Ok(next.run(req).await)
}

impl FromRequestParts<AppState> for Ctx {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let tr = Tr::new(language(&parts.headers));
        let here = parts.uri.path_and_query().map(|p| p.as_str().to_string()).unwrap_or_else(|| "/".into());
        let peer = peer(&parts.extensions);
        let secure = is_secure(state, &parts.headers, peer);
        let client = client_address(state, &parts.headers, peer);
        let session = parts.extensions.get::<SignedIn>().and_then(|s| s.0.clone());
        let (user, csrf, session_token) = match session {
            Some(s) => (Some(s.principal), s.csrf, Some(s.token)),
            None => (None, String::new(), None),
        };
        let host = parts.headers.get(axum::http::header::HOST).and_then(|v| v.to_str().ok()).unwrap_or("localhost");
        let host: String = host.chars().filter(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(*c)).collect();
        let origin = format!("{}://{host}", if secure { "https" } else { "http" });
        let reads_forums = match &user {
            Some(u) => state.reference(u).await?.forums.iter().any(|f| u.viewer.can_read_forum(f)),
            None => false,
        };
        Ok(Ctx { tr, user, csrf, here, secure, session_token, origin, client, reads_forums })
    }
}

impl Ctx {
    /// The signed-in person, or a redirect to the sign-in page.
    pub fn user(&self) -> Result<&User, AppError> {
        self.user.as_ref().ok_or_else(|| AppError::SignIn(self.here.clone()))
    }

    /// The signed-in person's request to the service layer.
    pub fn req<'a>(&'a self, state: &'a AppState) -> Result<Req<'a>, AppError> {
        Ok(state.svc.req(self.user()?, &self.here))
    }

    /// Checks a form's CSRF token against the session's, in constant time.
    /// Asked before anything else a POST does, so a forged request from
    /// someone who may not act leaves no refusal in the audit log.
    pub fn check_csrf(&self, token: &str) -> Result<(), AppError> {
        if self.user.is_none() {
            return Err(AppError::SignIn(self.here.clone()));
        }
        if !self.csrf.is_empty() && constant_eq(self.csrf.as_bytes(), token.as_bytes()) { Ok(()) } else { Err(AppError::Csrf) }
    }

    /// Records a refused request in the audit log and returns the error page.
    pub async fn forbid(&self, state: &AppState, what: &str) -> AppError {
        match &self.user {
            Some(u) => state.svc.req(u, &self.here).deny(what).await.into(),
            None => AppError::SignIn(self.here.clone()),
        }
    }

    pub fn asset(&self, path: &str) -> String {
        crate::assets::url(path)
    }

    /// Where the language switch's form comes back to.
    pub fn back_here(&self) -> &str {
        &self.here
    }

    /// The main menu, the same on a desk and in a phone's drawer; empty when
    /// signed out.
    pub fn menu(&self) -> Vec<MenuEntry> {
        let Some(u) = &self.user else { return Vec::new() };
        let mut entries = vec![
            ("/", "home", "nav-home"),
            ("/org", "org", "nav-org"),
            ("/people", "people", "nav-people"),
            ("/forums", "meetings", "nav-meetings"),
            ("/decisions", "decisions", "nav-decisions"),
            ("/programmes", "programme", "nav-programme"),
            ("/aarshjul", "aarshjul", "nav-aarshjul"),
            ("/framework", "framework", "nav-framework"),
            ("/policies", "policy", "nav-policies"),
            ("/evaluation", "evaluation", "nav-evaluation"),
        ];
        if !self.reads_forums {
            entries.retain(|e| e.0 != "/forums");
        }
        if u.viewer.can_read_businesses() {
            let at = entries.iter().position(|e| e.0 == "/policies").map_or(entries.len(), |i| i + 1);
            entries.insert(at, ("/businesses", "businesses", "nav-businesses"));
        }
        if u.is_admin() {
            entries.push(("/admin", "admin", "nav-admin"));
        }
        entries.into_iter().map(|(href, section, key)| MenuEntry { href, section, label: self.tr.t(key) }).collect()
    }

    /// A user's role names, in this request's language.
    pub fn role_names(&self, user: &User) -> String {
        role_names(user, &self.tr)
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

pub use domain::platform::redirect::safe_local_path;
