//! Rendering pages and errors, and the headers every response carries.

use askama::Template;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};

use crate::ctx::{Ctx, urlencode};
use crate::i18n::Tr;

/// Everything a handler may answer instead of its page.
#[derive(Debug)]
pub enum AppError {
    /// Not signed in: go to the sign-in page and come back to this path.
    SignIn(String),
    Forbidden(Tr),
    NotFound(Tr),
    Csrf(Tr),
    Internal(Tr, String),
}

impl AppError {
    pub fn internal(tr: Tr, e: impl std::fmt::Display) -> AppError {
        AppError::Internal(tr, e.to_string())
    }
}

impl From<(Tr, store::Error)> for AppError {
    fn from((tr, e): (Tr, store::Error)) -> Self {
        AppError::internal(tr, e)
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    tr: Tr,
    title: String,
    text: String,
    asset_css: &'a str,
    asset_app: String,
}

fn error_page(status: StatusCode, tr: Tr, title_id: &str, text_id: &str) -> Response {
    let css = crate::assets::url("dkfds/css/dkfds.min.css");
    let page = ErrorPage { tr, title: tr.t(title_id), text: tr.t(text_id), asset_css: &css, asset_app: crate::assets::url("styr/styr.css") };
    match page.render() {
        Ok(body) => (status, Html(body)).into_response(),
        Err(_) => status.into_response(),
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        match self {
            AppError::SignIn(next) => Redirect::to(&format!("/login?next={}", urlencode(&next))).into_response(),
            AppError::Forbidden(tr) => error_page(StatusCode::FORBIDDEN, tr, "error-forbidden-title", "error-forbidden-text"),
            AppError::NotFound(tr) => error_page(StatusCode::NOT_FOUND, tr, "error-not-found-title", "error-not-found-text"),
            AppError::Csrf(tr) => error_page(StatusCode::FORBIDDEN, tr, "error-csrf-title", "error-csrf-text"),
            AppError::Internal(tr, detail) => {
                tracing::error!("internal error: {detail}");
                error_page(StatusCode::INTERNAL_SERVER_ERROR, tr, "error-internal-title", "error-internal-text")
            }
        }
    }
}

pub type PageResult = Result<Response, AppError>;

/// Renders a template into an HTML response.
pub fn page<T: Template>(ctx: &Ctx, t: &T) -> PageResult {
    page_with_status(ctx, StatusCode::OK, t)
}

pub fn page_with_status<T: Template>(ctx: &Ctx, status: StatusCode, t: &T) -> PageResult {
    let body = t.render().map_err(|e| AppError::internal(ctx.tr, e))?;
    Ok((status, Html(body)).into_response())
}

/// A PDF typeset from `template` and `data`: from memory when it was set
/// lately, else on a blocking thread, as Typst takes milliseconds.
pub async fn pdf(tr: Tr, template: &'static str, data: String) -> Result<std::sync::Arc<Vec<u8>>, AppError> {
    if let Some(pdf) = export::pdf::recently_set(template, &data) {
        return Ok(pdf);
    }
    let fonts = crate::assets::pdf_fonts();
    tokio::task::spawn_blocking(move || export::pdf::render_cached(template, data, &fonts))
        .await
        .map_err(|e| AppError::internal(tr, e))?
        .map_err(|e| AppError::internal(tr, e))
}

pub async fn not_found(ctx: Ctx) -> Response {
    AppError::NotFound(ctx.tr).into_response()
}

/// Headers that keep pages from being framed, sniffed or leaking referrers,
/// and a content policy that allows only our own files.
pub async fn security_headers(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    h.entry(header::CONTENT_SECURITY_POLICY).or_insert(HeaderValue::from_static(
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'",
    ));
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}
