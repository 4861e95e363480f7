//! Rendering pages and errors, and the headers every response carries.
//!
//! Handlers return `AppError` with `?` from any store or service error; the
//! error page is written by `error_pages`, which knows the request's
//! language, so no handler carries a translator just to fail.

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
    Forbidden,
    NotFound,
    Csrf,
    /// A form or query that cannot be read at all.
    BadRequest,
    Internal(String),
}

impl AppError {
    pub fn internal(e: impl std::fmt::Display) -> AppError {
        AppError::Internal(e.to_string())
    }
}

impl From<store::Error> for AppError {
    fn from(e: store::Error) -> Self {
        AppError::internal(e)
    }
}

impl From<service::Error> for AppError {
    fn from(e: service::Error) -> Self {
        match e {
            service::Error::NotFound => AppError::NotFound,
            service::Error::Forbidden => AppError::Forbidden,
            service::Error::Store(e) => AppError::internal(e),
        }
    }
}

impl From<askama::Error> for AppError {
    fn from(e: askama::Error) -> Self {
        AppError::internal(e)
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
    asset_icon: String,
}

/// What an error response still needs: its page, in the reader's language.
#[derive(Clone, Copy, Debug)]
struct ErrorText {
    title: &'static str,
    text: &'static str,
}

fn error_page(tr: Tr, e: ErrorText) -> Option<String> {
    let css = crate::assets::url("dkfds/css/dkfds.min.css");
    let page = ErrorPage {
        tr,
        title: tr.t(e.title),
        text: tr.t(e.text),
        asset_css: &css,
        asset_app: crate::assets::url("styr/styr.css"),
        asset_icon: crate::assets::url("styr/favicon.svg"),
    };
    page.render().ok()
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, text) = match self {
            AppError::SignIn(next) => return Redirect::to(&format!("/login?next={}", urlencode(&next))).into_response(),
            AppError::Forbidden => (StatusCode::FORBIDDEN, ErrorText { title: "error-forbidden-title", text: "error-forbidden-text" }),
            AppError::NotFound => (StatusCode::NOT_FOUND, ErrorText { title: "error-not-found-title", text: "error-not-found-text" }),
            AppError::Csrf => (StatusCode::FORBIDDEN, ErrorText { title: "error-csrf-title", text: "error-csrf-text" }),
            AppError::BadRequest => (StatusCode::BAD_REQUEST, ErrorText { title: "error-bad-request-title", text: "error-bad-request-text" }),
            AppError::Internal(detail) => {
                tracing::error!("internal error: {detail}");
                (StatusCode::INTERNAL_SERVER_ERROR, ErrorText { title: "error-internal-title", text: "error-internal-text" })
            }
        };
        let mut res = status.into_response();
        res.extensions_mut().insert(text);
        res
    }
}

/// Writes the page of an error response in the request's language.
pub async fn error_pages(req: Request, next: Next) -> Response {
    let tr = Tr::new(crate::ctx::language(req.headers()));
    let mut res = next.run(req).await;
    if let Some(text) = res.extensions_mut().remove::<ErrorText>()
        && let Some(body) = error_page(tr, text)
    {
        let (mut parts, _) = res.into_parts();
        parts.headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
        parts.headers.remove(header::CONTENT_LENGTH);
        return Response::from_parts(parts, axum::body::Body::from(body));
    }
    res
}

pub type PageResult = Result<Response, AppError>;

/// Renders a template into an HTML response.
pub fn page<T: Template>(ctx: &Ctx, t: &T) -> PageResult {
    page_with_status(ctx, StatusCode::OK, t)
}

pub fn page_with_status<T: Template>(_ctx: &Ctx, status: StatusCode, t: &T) -> PageResult {
    let body = t.render()?;
    Ok((status, Html(body)).into_response())
}

/// A PDF typeset from `template` and `data`: from memory when it was set
/// lately, else on a blocking thread, as Typst takes milliseconds.
pub async fn pdf(template: &'static str, data: String) -> Result<std::sync::Arc<Vec<u8>>, AppError> {
    if let Some(pdf) = export::pdf::recently_set(template, &data) {
        return Ok(pdf);
    }
    let fonts = crate::assets::pdf_fonts();
    tokio::task::spawn_blocking(move || export::pdf::render_cached(template, data, &fonts)).await.map_err(AppError::internal)?.map_err(AppError::internal)
}

pub async fn not_found() -> AppError {
    AppError::NotFound
}

/// Headers that keep pages from being framed, sniffed or leaking referrers,
/// a content policy that allows only our own files, and, behind TLS,
/// Strict-Transport-Security so browsers never come back over plain HTTP.
pub async fn security_headers(secure: bool, req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    h.entry(header::CONTENT_SECURITY_POLICY).or_insert(HeaderValue::from_static(
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'",
    ));
    if secure {
        h.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000; includeSubDomains"));
    }
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}
