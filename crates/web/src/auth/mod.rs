//! Sign-in and sign-out, the language switch, and password hashing.
//! OpenID Connect will arrive as a second way to create the same session.

pub mod password;

use std::net::SocketAddr;

use askama::Template;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;
use store::platform::{accounts, audit, sessions};

use crate::AppState;
use crate::ctx::{Ctx, LANG_COOKIE, LOGIN_CSRF_COOKIE, SESSION_COOKIE, cookie, safe_local_path, set_cookie};
use crate::i18n::Lang;
use crate::render::{AppError, PageResult, page_with_status};

pub fn routes() -> Router<AppState> {
    Router::new().route("/login", get(login_form).post(login)).route("/logout", post(logout)).route("/language/{code}", get(switch_language))
}

#[derive(Template)]
#[template(path = "auth/login.html")]
struct LoginPage<'a> {
    ctx: &'a Ctx,
    section: &'a str,
    title: String,
    next: String,
    email: String,
    login_csrf: String,
    error: Option<String>,
}

#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

fn login_page(ctx: &Ctx, status: StatusCode, next: &str, email: &str, error: Option<String>) -> PageResult {
    let token = store::new_secret();
    let page = LoginPage {
        ctx,
        section: "login",
        title: ctx.tr.t("login-title"),
        next: safe_local_path(next),
        email: email.to_string(),
        login_csrf: token.clone(),
        error,
    };
    let mut res = page_with_status(ctx, status, &page)?;
    res.headers_mut().append(header::SET_COOKIE, set_cookie(LOGIN_CSRF_COOKIE, &token, 3600, ctx.secure).parse().unwrap());
    Ok(res)
}

async fn login_form(ctx: Ctx, Query(q): Query<NextQuery>) -> PageResult {
    let next = q.next.unwrap_or_else(|| "/".into());
    if ctx.user.is_some() {
        return Ok(Redirect::to(&safe_local_path(&next)).into_response());
    }
    login_page(&ctx, StatusCode::OK, &next, "", None)
}

/// The socket address of the client, when the server was started with it.
pub struct PeerAddr(Option<SocketAddr>);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for PeerAddr {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut axum::http::request::Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(PeerAddr(parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0)))
    }
}

#[derive(Deserialize)]
pub struct LoginForm {
    email: String,
    password: String,
    csrf: String,
    #[serde(default)]
    next: String,
}

/// The address a request came from: the proxy's word when styr is behind
/// one on loopback, otherwise the socket's.
fn client_address(headers: &HeaderMap, peer: Option<SocketAddr>) -> String {
    let peer_ip = peer.map(|p| p.ip());
    if peer_ip.is_some_and(|ip| ip.is_loopback()) {
        if let Some(f) = headers.get("x-forwarded-for").and_then(|v| v.to_str().ok()) {
            if let Some(first) = f.split(',').next() {
                return first.trim().to_string();
            }
        }
    }
    peer_ip.map(|ip| ip.to_string()).unwrap_or_else(|| "unknown".into())
}

async fn login(State(state): State<AppState>, ctx: Ctx, headers: HeaderMap, PeerAddr(peer): PeerAddr, Form(form): Form<LoginForm>) -> PageResult {
    let tr = ctx.tr;
    let db = &state.db;
    let email = domain::text::normalize_email(&form.email);
    let cookie_token = cookie(&headers, LOGIN_CSRF_COOKIE).unwrap_or_default();
    if cookie_token.is_empty() || !crate::ctx::constant_eq(cookie_token.as_bytes(), form.csrf.as_bytes()) {
        return Err(AppError::Csrf(tr));
    }
    let address = client_address(&headers, peer);
    let account_key = format!("account:{email}");
    let address_key = format!("address:{address}");
    let err = |e| AppError::internal(tr, e);
    let account_failures = accounts::recent_failures(db, &account_key, domain::throttle::WINDOW_MINUTES).await.map_err(err)?;
    let address_failures = accounts::recent_failures(db, &address_key, domain::throttle::WINDOW_MINUTES).await.map_err(err)?;
    let account = accounts::by_email(db, &email).await.map_err(err)?;
    if !domain::throttle::allowed(account_failures, address_failures) {
        // Logged under the account's municipality, so its administrators see it.
        let tenant = account.as_ref().map(|a| a.tenant_id);
        audit::record(db, tenant, &audit::Actor::system(&address), "auth.throttled", &email, "").await.map_err(err)?;
        let msg = tr.t1("login-throttled", "minutes", domain::throttle::WINDOW_MINUTES);
        return login_page(&ctx, StatusCode::TOO_MANY_REQUESTS, &form.next, &form.email, Some(msg));
    }

    let stored_hash = account.as_ref().and_then(|a| a.password_hash.clone());
    let ok = password::verify(form.password.clone(), stored_hash).await;
    let account = match account {
        Some(a) if ok && !a.disabled => a,
        other => {
            accounts::record_failure(db, &account_key).await.map_err(err)?;
            accounts::record_failure(db, &address_key).await.map_err(err)?;
            let actor = audit::Actor::system(&address);
            audit::record(db, other.map(|a| a.tenant_id), &actor, "auth.failed", &email, "").await.map_err(err)?;
            let msg = tr.t("login-failed");
            return login_page(&ctx, StatusCode::UNAUTHORIZED, &form.next, &form.email, Some(msg));
        }
    };
    accounts::clear_failures(db, &account_key).await.map_err(err)?;
    let (token, _csrf) = sessions::create(db, account.tenant_id, account.id).await.map_err(err)?;
    let actor = audit::Actor { account_id: Some(account.id), label: account.email.clone() };
    audit::record(db, Some(account.tenant_id), &actor, "auth.signin", &account.email, &address).await.map_err(err)?;
    let mut res = Redirect::to(&safe_local_path(&form.next)).into_response();
    let h = res.headers_mut();
    h.append(header::SET_COOKIE, set_cookie(SESSION_COOKIE, &token, sessions::LIFETIME_HOURS * 3600, ctx.secure).parse().unwrap());
    h.append(header::SET_COOKIE, set_cookie(LOGIN_CSRF_COOKIE, "", 0, ctx.secure).parse().unwrap());
    // A language chosen in this browser is remembered with the account (mail
    // is written in it); without one, the account's language is the browser's.
    match cookie(&headers, LANG_COOKIE).and_then(|c| Lang::parse(&c)) {
        Some(chosen) if chosen.code() != account.lang => accounts::set_lang(db, account.id, chosen.code()).await.map_err(err)?,
        Some(_) => {}
        None => {
            let lang = Lang::parse(&account.lang).unwrap_or_default();
            h.append(header::SET_COOKIE, set_cookie(LANG_COOKIE, lang.code(), 365 * 24 * 3600, ctx.secure).parse().unwrap());
        }
    }
    Ok(res)
}

#[derive(Deserialize)]
pub struct CsrfForm {
    csrf: String,
}

async fn logout(State(state): State<AppState>, ctx: Ctx, Form(form): Form<CsrfForm>) -> PageResult {
    let user = ctx.user()?;
    ctx.check_csrf(&form.csrf)?;
    if let Some(t) = &ctx.session_token {
        sessions::delete(&state.db, t).await.map_err(|e| AppError::internal(ctx.tr, e))?;
    }
    let actor = audit::Actor { account_id: Some(user.account_id), label: user.email.clone() };
    let _ = audit::record(&state.db, Some(user.tenant_id), &actor, "auth.signout", &user.email, "").await;
    let mut res = Redirect::to("/login").into_response();
    res.headers_mut().append(header::SET_COOKIE, set_cookie(SESSION_COOKIE, "", 0, ctx.secure).parse().unwrap());
    Ok(res)
}

#[derive(Deserialize)]
pub struct BackQuery {
    back: Option<String>,
}

/// Remembers the chosen language for a year and returns to the page.
/// Signed in, the choice is remembered with the account too, for mail.
async fn switch_language(State(state): State<AppState>, ctx: Ctx, Path(code): Path<String>, Query(q): Query<BackQuery>) -> Response {
    let lang = Lang::parse(&code).unwrap_or_default();
    if let Ok(user) = ctx.user() {
        if let Err(e) = accounts::set_lang(&state.db, user.account_id, lang.code()).await {
            return AppError::internal(ctx.tr, e).into_response();
        }
    }
    let back = safe_local_path(q.back.as_deref().unwrap_or("/"));
    let mut res = Redirect::to(&back).into_response();
    res.headers_mut().append(header::SET_COOKIE, set_cookie(LANG_COOKIE, lang.code(), 365 * 24 * 3600, ctx.secure).parse().unwrap());
    res
}
