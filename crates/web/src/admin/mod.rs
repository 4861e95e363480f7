//! Administration: importing the organisation, loading a new framework
//! version, and reading the audit log. Administrators only; every handler
//! checks that on the server.

use askama::Template;
use axum::extract::{Multipart, Query, State};
use axum::http::StatusCode;
use domain::framework::FrameworkDoc;
use domain::org::import::plan;
use serde::Deserialize;
use store::platform::audit::{self, Actor, Entry};

use crate::AppState;
use crate::ctx::{Ctx, User};
use crate::i18n::Tr;
use crate::render::{AppError, PageResult, page, page_with_status};
use crate::routes::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .get("/admin", index)
        .get("/admin/import", import_form)
        .post("/admin/import", import)
        .get("/admin/framework", framework_form)
        .post("/admin/framework", framework_load)
        .get("/admin/audit", audit_log)
}

/// The signed-in administrator; anyone else is refused (and the refusal audited).
async fn require_admin<'a>(state: &AppState, ctx: &'a Ctx, what: &str) -> Result<&'a User, AppError> {
    let user = ctx.user()?;
    ctx.req(state)?.allow(user.viewer.can_manage_org(), || what.to_string()).await?;
    Ok(user)
}

/// The same for loading a new version of the framework.
async fn require_framework_manager<'a>(state: &AppState, ctx: &'a Ctx, what: &str) -> Result<&'a User, AppError> {
    let user = ctx.user()?;
    ctx.req(state)?.allow(user.viewer.can_manage_framework(), || what.to_string()).await?;
    Ok(user)
}

fn actor(user: &User) -> Actor {
    user.actor()
}

#[derive(Template)]
#[template(path = "admin/index.html")]
struct IndexPage<'a> {
    ctx: &'a Ctx,
    section: &'a str,
    title: String,
}

async fn index(State(state): State<AppState>, ctx: Ctx) -> PageResult {
    require_admin(&state, &ctx, "admin").await?;
    page(&ctx, &IndexPage { ctx: &ctx, section: "admin", title: ctx.tr.t("admin-title") })
}

/// An uploaded file and the form's CSRF token.
struct Upload {
    csrf: String,
    file_name: String,
    bytes: Vec<u8>,
}

enum UploadProblem {
    TooLarge,
    Missing,
}

async fn read_upload(mut mp: Multipart, max: usize) -> Result<Upload, UploadProblem> {
    let mut up = Upload { csrf: String::new(), file_name: String::new(), bytes: vec![] };
    loop {
        let field = match mp.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(UploadProblem::TooLarge),
            Err(_) => return Err(UploadProblem::Missing),
        };
        match field.name() {
            Some("csrf") => up.csrf = field.text().await.unwrap_or_default(),
            Some("file") => {
                up.file_name = field.file_name().unwrap_or("").to_string();
                match field.bytes().await {
                    Ok(b) => up.bytes = b.to_vec(),
                    Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(UploadProblem::TooLarge),
                    Err(_) => return Err(UploadProblem::Missing),
                }
            }
            _ => {}
        }
    }
    if up.bytes.len() > max {
        return Err(UploadProblem::TooLarge);
    }
    if up.bytes.is_empty() || up.file_name.is_empty() {
        return Err(UploadProblem::Missing);
    }
    Ok(up)
}

fn upload_message(tr: Tr, p: &UploadProblem, max: usize) -> String {
    match p {
        UploadProblem::TooLarge => tr.t1("upload-too-large", "mb", max / (1024 * 1024)),
        UploadProblem::Missing => tr.t("upload-missing"),
    }
}

pub use service::org::{RowMessage, import_messages};

#[derive(Template)]
#[template(path = "admin/import.html")]
struct ImportPage<'a> {
    ctx: &'a Ctx,
    section: &'a str,
    title: String,
    error: Option<String>,
    rows: Vec<RowMessage>,
    summary: Option<store::org::ImportSummary>,
}

fn import_page(ctx: &Ctx, status: StatusCode, error: Option<String>, rows: Vec<RowMessage>, summary: Option<store::org::ImportSummary>) -> PageResult {
    let p = ImportPage { ctx, section: "admin", title: ctx.tr.t("import-title"), error, rows, summary };
    page_with_status(ctx, status, &p)
}

async fn import_form(State(state): State<AppState>, ctx: Ctx) -> PageResult {
    require_admin(&state, &ctx, "admin.import").await?;
    import_page(&ctx, StatusCode::OK, None, vec![], None)
}

async fn import(State(state): State<AppState>, ctx: Ctx, mp: Multipart) -> PageResult {
    let user = require_admin(&state, &ctx, "admin.import").await?;
    let tr = ctx.tr;
    let max = state.config.max_upload;
    let up = match read_upload(mp, max).await {
        Ok(u) => u,
        Err(p) => return import_page(&ctx, StatusCode::BAD_REQUEST, Some(upload_message(tr, &p, max)), vec![], None),
    };
    ctx.check_csrf(&up.csrf)?;
    let grid = match export::read_grid(&up.file_name, &up.bytes) {
        Ok(g) => g,
        Err(e) => return import_page(&ctx, StatusCode::BAD_REQUEST, Some(tr.t(e.message_id())), vec![], None),
    };
    let plan = match plan(&grid) {
        Ok(p) => p,
        Err(e) => {
            let (msg, rows) = import_messages(tr, &e);
            return import_page(&ctx, StatusCode::UNPROCESSABLE_ENTITY, Some(msg), rows, None);
        }
    };
    let summary = store::org::apply_import(&state.db, user.tenant_id, &plan, &actor(user)).await?;
    import_page(&ctx, StatusCode::OK, None, vec![], Some(summary))
}

#[derive(Template)]
#[template(path = "admin/framework.html")]
struct FrameworkPage<'a> {
    ctx: &'a Ctx,
    section: &'a str,
    title: String,
    error: Option<String>,
    loaded: Option<(i64, bool)>,
}

async fn framework_form(State(state): State<AppState>, ctx: Ctx) -> PageResult {
    require_framework_manager(&state, &ctx, "admin.framework").await?;
    page(&ctx, &FrameworkPage { ctx: &ctx, section: "admin", title: ctx.tr.t("admin-framework-title"), error: None, loaded: None })
}

async fn framework_load(State(state): State<AppState>, ctx: Ctx, mp: Multipart) -> PageResult {
    let user = require_framework_manager(&state, &ctx, "admin.framework").await?;
    let tr = ctx.tr;
    let max = state.config.max_upload;
    let fail = |status, msg| {
        page_with_status(&ctx, status, &FrameworkPage { ctx: &ctx, section: "admin", title: tr.t("admin-framework-title"), error: Some(msg), loaded: None })
    };
    let up = match read_upload(mp, max).await {
        Ok(u) => u,
        Err(p) => return fail(StatusCode::BAD_REQUEST, upload_message(tr, &p, max)),
    };
    ctx.check_csrf(&up.csrf)?;
    let Ok(text) = String::from_utf8(up.bytes) else {
        return fail(StatusCode::BAD_REQUEST, tr.t("framework-error-encoding"));
    };
    let doc = match FrameworkDoc::parse(&text) {
        Ok(d) => d,
        Err(e) => return fail(StatusCode::UNPROCESSABLE_ENTITY, tr.t1(e.message_id(), "detail", e.detail())),
    };
    let loaded = store::framework::load(&state.db, user.tenant_id, &doc, &text, &actor(user)).await?;
    page(&ctx, &FrameworkPage { ctx: &ctx, section: "admin", title: tr.t("admin-framework-title"), error: None, loaded: Some(loaded) })
}

#[derive(Deserialize)]
pub struct AuditQuery {
    page: Option<i64>,
    #[serde(default)]
    action: String,
}

#[derive(Template)]
#[template(path = "admin/audit.html")]
struct AuditPage<'a> {
    ctx: &'a Ctx,
    section: &'a str,
    title: String,
    entries: Vec<Entry>,
    action: String,
    page_no: i64,
    pages: i64,
    total: i64,
    filters: &'static [(&'static str, &'static str)],
}

/// The kinds of event the log can be narrowed to: an action prefix and its label.
pub const AUDIT_ACTIONS: [(&str, &str); 8] = [
    ("auth.", "audit-auth"),
    ("access.", "audit-access"),
    ("org.", "audit-org"),
    ("framework.", "audit-framework"),
    ("account.", "audit-account"),
    ("meetings.", "audit-meetings"),
    ("programme.", "audit-programme"),
    ("aarshjul.", "audit-aarshjul"),
];

async fn audit_log(State(state): State<AppState>, ctx: Ctx, Query(q): Query<AuditQuery>) -> PageResult {
    let user = ctx.user()?;
    if !user.viewer.can_read_audit() {
        return Err(ctx.forbid(&state, "admin.audit").await);
    }
    let size = 50;
    let page_no = q.page.unwrap_or(1).max(1);
    let action = if AUDIT_ACTIONS.iter().any(|(a, _)| *a == q.action) { q.action.clone() } else { String::new() };
    let (entries, total) = audit::page(&state.db, user.tenant_id, &action, size, (page_no - 1) * size).await?;
    let pages = ((total + size - 1) / size).max(1);
    page(&ctx, &AuditPage { ctx: &ctx, section: "admin", title: ctx.tr.t("audit-title"), entries, action, page_no, pages, total, filters: &AUDIT_ACTIONS })
}
