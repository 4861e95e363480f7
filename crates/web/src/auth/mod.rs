//! Sign-in and sign-out and the language switch. The sign-in itself (the
//! throttle, the password, the audit) is the service layer's
//! (`service::platform::signin`). OpenID Connect will arrive as a second way
//! to create the same session.

pub mod tokens;

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use service::platform::signin::{self, SignIn};
use store::platform::{accounts, audit, sessions};

use crate::AppState;
use crate::ctx::{Ctx, LANG_COOKIE, LOGIN_CSRF_COOKIE, SESSION_COOKIE, cookie, safe_local_path, set_cookie};
use crate::i18n::Lang;
use crate::render::{AppError, PageResult, page_with_status};
use crate::routes::Routes;

pub fn routes() -> Routes {
    Routes::new().get("/login", login_form).post("/login", login).post("/logout", logout).post("/language/{code}", switch_language).merge(tokens::routes())
}

/// Adds a Set-Cookie header; our cookies hold only letters, digits and the
/// attributes `set_cookie` writes, so the value is always a valid header.
/// Remembers a language in the browser for a year, as the header's switch does.
pub fn remember_language(res: &mut Response, lang: Lang, secure: bool) {
    add_cookie(res, set_cookie(LANG_COOKIE, lang.code(), 365 * 24 * 3600, secure));
}

pub fn add_cookie(res: &mut Response, value: String) {
    if let Ok(v) = HeaderValue::try_from(value) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
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
    add_cookie(&mut res, set_cookie(LOGIN_CSRF_COOKIE, &token, 3600, ctx.secure));
    Ok(res)
}

async fn login_form(ctx: Ctx, Query(q): Query<NextQuery>) -> PageResult {
    let next = q.next.unwrap_or_else(|| "/".into());
    if ctx.user.is_some() {
        return Ok(Redirect::to(&safe_local_path(&next)).into_response());
    }
    login_page(&ctx, StatusCode::OK, &next, "", None)
}

#[derive(Deserialize)]
pub struct LoginForm {
    email: String,
    password: String,
    csrf: String,
    #[serde(default)]
    next: String,
}

async fn login(State(state): State<AppState>, ctx: Ctx, headers: HeaderMap, Form(form): Form<LoginForm>) -> PageResult {
    let tr = ctx.tr;
    let db = &state.db;
    let email = domain::text::normalize_email(&form.email);
    let cookie_token = cookie(&headers, LOGIN_CSRF_COOKIE).unwrap_or_default();
    if cookie_token.is_empty() || !crate::ctx::constant_eq(cookie_token.as_bytes(), form.csrf.as_bytes()) {
        return Err(AppError::Csrf);
    }
    let address = ctx.client.map(|ip| ip.to_string()).unwrap_or_else(|| "unknown".into());
    let (token, account) = match signin::sign_in(&state.svc, &email, form.password.clone(), &address).await? {
        SignIn::Done { token, account } => (token, account),
        SignIn::Failed => return login_page(&ctx, StatusCode::UNAUTHORIZED, &form.next, &form.email, Some(tr.t("login-failed"))),
        SignIn::Wait(secs) => {
            let msg = tr.t1("login-wait", "seconds", secs);
            return login_page(&ctx, StatusCode::TOO_MANY_REQUESTS, &form.next, &form.email, Some(msg));
        }
    };
    let mut res = Redirect::to(&safe_local_path(&form.next)).into_response();
    add_cookie(&mut res, set_cookie(SESSION_COOKIE, &token, sessions::LIFETIME_HOURS * 3600, ctx.secure));
    add_cookie(&mut res, set_cookie(LOGIN_CSRF_COOKIE, "", 0, ctx.secure));
    // A language chosen in this browser is remembered with the account (mail
    // is written in it); without one, the account's language is the browser's.
    match cookie(&headers, LANG_COOKIE).and_then(|c| Lang::parse(&c)) {
        Some(chosen) if chosen.code() != account.lang => accounts::set_lang(db, account.id, chosen.code()).await?,
        Some(_) => {}
        None => {
            let lang = Lang::parse(&account.lang).unwrap_or_default();
            add_cookie(&mut res, set_cookie(LANG_COOKIE, lang.code(), 365 * 24 * 3600, ctx.secure));
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
        sessions::delete(&state.db, t).await?;
    }
    audit::record(&state.db, Some(user.tenant_id), &user.actor(), "auth.signout", &user.email, "").await?;
    let mut res = Redirect::to("/login").into_response();
    add_cookie(&mut res, set_cookie(SESSION_COOKIE, "", 0, ctx.secure));
    // A questionnaire opened in this browser is forgotten with the session.
    add_cookie(&mut res, crate::evaluation::answer::forget_answer_cookie(ctx.secure));
    Ok(res)
}

#[derive(Deserialize)]
pub struct LanguageForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    back: String,
}

/// Remembers the chosen language for a year and returns to the page.
/// Signed in, the choice is remembered with the account too, for mail, so
/// the form carries the session's CSRF token; signed out, it only sets the
/// browser's cookie.
async fn switch_language(State(state): State<AppState>, ctx: Ctx, Path(code): Path<String>, Form(f): Form<LanguageForm>) -> PageResult {
    let lang = Lang::parse(&code).ok_or(AppError::NotFound)?;
    if let Ok(user) = ctx.user() {
        ctx.check_csrf(&f.csrf)?;
        accounts::set_lang(&state.db, user.account_id, lang.code()).await?;
    }
    let back = safe_local_path(if f.back.is_empty() { "/" } else { &f.back });
    let mut res = Redirect::to(&back).into_response();
    add_cookie(&mut res, set_cookie(LANG_COOKIE, lang.code(), 365 * 24 * 3600, ctx.secure));
    Ok(res)
}
