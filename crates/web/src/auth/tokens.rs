//! A person's own keys on their page: the calendar feed addresses and API
//! tokens they made, each with "revoke", and a form for a new API token
//! (a name, the parts of the API it may read, and how many days it lives).
//! A new token is shown once.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use domain::platform::ApiArea;
use domain::platform::tokens::{DEFAULT_DAYS, MAX_DAYS, TokenKind, TokenState, check_api_token};
use store::platform::accounts::Token;

use crate::AppState;
use crate::ctx::Ctx;
use crate::form::{Errors, Pairs};
use crate::render::{PageResult, page};
use crate::routes::Routes;

pub fn routes() -> Routes {
    Routes::new().post("/tokens", create).post("/tokens/{id}/revoke", revoke)
}

/// One of a person's tokens as their page lists it.
pub struct TokenRow {
    pub id: i64,
    pub kind: String,
    pub label: String,
    pub scope: String,
    pub created: String,
    pub expires: String,
    pub last_used: String,
    /// Where it stands, and the words for it.
    pub state: (TokenState, String),
}

/// What the person's page shows of their keys, and the new token form.
pub struct Keys {
    pub rows: Vec<TokenRow>,
    pub label: String,
    pub scope: Vec<String>,
    pub days: String,
    pub errors: Errors,
    pub areas: Vec<(&'static str, String)>,
    pub max_days: i64,
}

pub fn rows(ctx: &Ctx, tokens: Vec<Token>, now: chrono::DateTime<chrono::Utc>) -> Vec<TokenRow> {
    let tr = &ctx.tr;
    let date = |d: Option<chrono::DateTime<chrono::Utc>>| d.map(|d| tr.datetime(&d)).unwrap_or_default();
    tokens
        .into_iter()
        .map(|t| {
            let state = TokenState::of(t.revoked_at.is_some(), t.expires_at, now);
            let scope = if t.kind == TokenKind::Feed {
                tr.t("token-scope-feed")
            } else {
                ApiArea::parse_scope(&t.scope).iter().map(|a| tr.t(&format!("token-area-{}", a.as_str()))).collect::<Vec<_>>().join(", ")
            };
            TokenRow {
                id: t.id,
                kind: tr.t(&format!("token-kind-{}", t.kind)),
                label: t.label,
                scope,
                created: tr.datetime(&t.created_at),
                expires: date(t.expires_at),
                last_used: date(t.last_used_at),
                state: (state, tr.t(&format!("token-state-{state}"))),
            }
        })
        .collect()
}

pub fn keys(ctx: &Ctx, tokens: Vec<Token>, now: chrono::DateTime<chrono::Utc>, form: (String, Vec<String>, String), errors: Errors) -> Keys {
    Keys {
        rows: rows(ctx, tokens, now),
        label: form.0,
        scope: form.1,
        days: form.2,
        errors,
        areas: ApiArea::ALL.iter().map(|a| (a.as_str(), ctx.tr.t(&format!("token-area-{}", a.as_str())))).collect(),
        max_days: MAX_DAYS,
    }
}

/// The empty new-token form.
pub fn blank_form() -> (String, Vec<String>, String) {
    (String::new(), vec![], DEFAULT_DAYS.to_string())
}

#[derive(Template)]
#[template(path = "auth/token_made.html")]
struct MadePage<'a> {
    ctx: &'a Ctx,
    section: &'a str,
    title: String,
    token: String,
    back: String,
}

async fn create(State(state): State<AppState>, ctx: Ctx, form: Pairs) -> PageResult {
    let user = ctx.user()?;
    ctx.check_csrf(&form.one("csrf"))?;
    let req = ctx.req(&state)?;
    let back = user.person_id.map(|p| format!("/people/{p}#keys")).unwrap_or_else(|| "/".into());
    match check_api_token(&form.one("label"), &form.all("scope"), &form.one("days")) {
        Ok(t) => {
            let token = service::platform::tokens::create_own_api_token(&req, &t).await?;
            page(&ctx, &MadePage { ctx: &ctx, section: "people", title: ctx.tr.t("token-made-title"), token, back })
        }
        Err(errs) => {
            let Some(person) = user.person_id else { return Ok(Redirect::to("/").into_response()) };
            let errors = Errors::from(&ctx.tr, &errs);
            let fields = (form.one("label"), form.all("scope"), form.one("days"));
            crate::org::person_page(&state, &ctx, person, StatusCode::UNPROCESSABLE_ENTITY, Some((fields, errors))).await
        }
    }
}

async fn revoke(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, form: Pairs) -> PageResult {
    let user = ctx.user()?;
    ctx.check_csrf(&form.one("csrf"))?;
    let done = service::platform::tokens::revoke_own(&ctx.req(&state)?, id).await?;
    let to = match user.person_id {
        Some(p) => format!("/people/{p}?token={}#keys", if done { TokenState::Revoked.as_str() } else { "not-revoked" }),
        None => "/".into(),
    };
    Ok(Redirect::to(&to).into_response())
}
