//! Administration: importing the organisation, loading a new framework
//! version, and reading the audit log. Administrators only; every handler
//! checks that on the server.

use askama::Template;
use axum::extract::{Multipart, Query, State};
use axum::http::StatusCode;
use domain::framework::FrameworkDoc;
use domain::org::import::plan;
use domain::platform::notifications::outbox_shows;
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
        .get("/admin/import/template.csv", import_template)
        .get("/admin/framework", framework_form)
        .post("/admin/framework", framework_load)
        .get("/admin/policies", policies_form)
        .post("/admin/policies", policy_load)
        .post("/admin/frister", frister_load)
        .get("/admin/outbox", outbox)
        .get("/admin/outbox/{id}", outbox_mail)
        .get("/admin/audit", audit_log)
        .get("/admin/audit.csv", audit_csv)
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

/// An uploaded file and the form's CSRF token; or, when an import is
/// confirmed, the file as it was previewed (`content`, with its name).
pub(crate) struct Upload {
    pub(crate) csrf: String,
    pub(crate) file_name: String,
    pub(crate) bytes: Vec<u8>,
    /// "apply" when the administrator confirmed what the preview showed.
    pub(crate) step: String,
}

pub(crate) enum UploadProblem {
    TooLarge,
    Missing,
}

pub(crate) async fn read_upload(mut mp: Multipart, max: usize) -> Result<Upload, UploadProblem> {
    let mut up = Upload { csrf: String::new(), file_name: String::new(), bytes: vec![], step: String::new() };
    loop {
        let field = match mp.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(UploadProblem::TooLarge),
            Err(_) => return Err(UploadProblem::Missing),
        };
        match field.name() {
            Some("csrf") => up.csrf = field.text().await.unwrap_or_default(),
            Some("step") => up.step = field.text().await.unwrap_or_default(),
            Some("file_name") => up.file_name = field.text().await.unwrap_or_default(),
            Some("content") => match field.bytes().await {
                Ok(b) => up.bytes = b.to_vec(),
                Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(UploadProblem::TooLarge),
                Err(_) => return Err(UploadProblem::Missing),
            },
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

pub(crate) fn upload_message(tr: Tr, p: &UploadProblem, max: usize) -> String {
    match p {
        UploadProblem::TooLarge => tr.t1("upload-too-large", "mb", max / (1024 * 1024)),
        UploadProblem::Missing => tr.t("upload-missing"),
    }
}

pub use service::org::{RowMessage, import_messages};

/// What an import would do, shown before it is written.
pub struct ImportPreview {
    pub counts: domain::org::import::Preview,
    /// The names of the first people in styr the file does not name.
    pub missing_names: Vec<String>,
    /// The file as read, as CSV, carried by the confirming form.
    pub content: String,
}

#[derive(Template)]
#[template(path = "admin/import.html")]
struct ImportPage<'a> {
    ctx: &'a Ctx,
    section: &'a str,
    title: String,
    error: Option<String>,
    rows: Vec<RowMessage>,
    summary: Option<store::org::ImportSummary>,
    preview: Option<ImportPreview>,
}

fn import_page(ctx: &Ctx, status: StatusCode, error: Option<String>, rows: Vec<RowMessage>, summary: Option<store::org::ImportSummary>) -> PageResult {
    let p = ImportPage { ctx, section: "admin", title: ctx.tr.t("import-title"), error, rows, summary, preview: None };
    page_with_status(ctx, status, &p)
}

async fn import_form(State(state): State<AppState>, ctx: Ctx) -> PageResult {
    require_admin(&state, &ctx, "admin.import").await?;
    import_page(&ctx, StatusCode::OK, None, vec![], None)
}

/// At most this many of the people missing from a file are named; the rest are counted.
const MISSING_NAMED: usize = 20;

/// A file is first read and compared with what is there, and nothing is
/// written; the page shows what would change and who is not in the file,
/// and the administrator confirms. The confirming form carries the file as
/// it was read, which is checked again before it is written.
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
    if up.step == "apply" {
        let summary = store::org::apply_import(&state.db, user.tenant_id, &plan, &actor(user)).await?;
        return import_page(&ctx, StatusCode::OK, None, vec![], Some(summary));
    }
    let (units, people) = store::org::import_baseline(&state.db, user.tenant_id).await?;
    let counts = domain::org::import::preview(&plan, &units, &people);
    let missing_names = counts.missing.iter().take(MISSING_NAMED).map(|&i| people[i].1.clone()).collect();
    let preview = ImportPreview { counts, missing_names, content: grid_csv(&grid) };
    let p = ImportPage { ctx: &ctx, section: "admin", title: tr.t("import-title"), error: None, rows: vec![], summary: None, preview: Some(preview) };
    page_with_status(&ctx, StatusCode::OK, &p)
}

/// A grid as CSV that `export::read_csv` reads back cell for cell. Not
/// `csv_field`: its guard against spreadsheet formulas would change the
/// cells the administrator previewed.
fn grid_csv(grid: &[Vec<String>]) -> String {
    let mut out = String::new();
    for row in grid {
        out.push_str(&row.iter().map(|c| format!("\"{}\"", c.replace('"', "\"\""))).collect::<Vec<_>>().join(";"));
        out.push_str("\r\n");
    }
    out
}

/// An empty import file with the headers and three example rows, for
/// Danish Excel.
async fn import_template(State(state): State<AppState>, ctx: Ctx) -> PageResult {
    require_admin(&state, &ctx, "admin.import.template").await?;
    let tr = ctx.tr;
    let rows = [
        ["enhed", "navn", "e-mail", "titel", "leder", "enhedstype"].map(str::to_string),
        [
            tr.t("import-example-top"),
            tr.t("import-example-name-1"),
            "ane.jensen@kommune.dk".into(),
            tr.t("import-example-title-1"),
            "ja".into(),
            "kommune".into(),
        ],
        [
            tr.t("import-example-centre"),
            tr.t("import-example-name-2"),
            "bo.hansen@kommune.dk".into(),
            tr.t("import-example-title-2"),
            "ja".into(),
            "center".into(),
        ],
        [
            tr.t("import-example-centre"),
            tr.t("import-example-name-3"),
            "cecilie.larsen@kommune.dk".into(),
            tr.t("import-example-title-3"),
            "nej".into(),
            String::new(),
        ],
    ];
    Ok(crate::org::csv_download("organisation-skabelon", rows.into_iter().map(Vec::from)))
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

#[derive(Template)]
#[template(path = "admin/policies.html")]
struct PoliciesPage<'a> {
    ctx: &'a Ctx,
    section: &'a str,
    title: String,
    error: Option<String>,
    done: Option<String>,
}

fn policies_page(ctx: &Ctx, status: StatusCode, error: Option<String>, done: Option<String>) -> PageResult {
    page_with_status(ctx, status, &PoliciesPage { ctx, section: "admin", title: ctx.tr.t("admin-policies-title"), error, done })
}

async fn policies_form(State(state): State<AppState>, ctx: Ctx) -> PageResult {
    service::policy::may_load(&ctx.req(&state)?).await?;
    policies_page(&ctx, StatusCode::OK, None, None)
}

/// A TOML document from the form, once the administrator is allowed and the token checked.
async fn toml_upload(state: &AppState, ctx: &Ctx, mp: Multipart) -> Result<Result<String, (StatusCode, String)>, AppError> {
    service::policy::may_load(&ctx.req(state)?).await?;
    let max = state.config.max_upload;
    let up = match read_upload(mp, max).await {
        Ok(u) => u,
        Err(p) => return Ok(Err((StatusCode::BAD_REQUEST, upload_message(ctx.tr, &p, max)))),
    };
    ctx.check_csrf(&up.csrf)?;
    Ok(String::from_utf8(up.bytes).map_err(|_| (StatusCode::BAD_REQUEST, ctx.tr.t("framework-error-encoding"))))
}

/// Loads a policy's document (docs/POLICY.md) as its new version.
async fn policy_load(State(state): State<AppState>, ctx: Ctx, mp: Multipart) -> PageResult {
    let text = match toml_upload(&state, &ctx, mp).await? {
        Ok(t) => t,
        Err((status, msg)) => return policies_page(&ctx, status, Some(msg), None),
    };
    use service::policy::LoadError;
    match service::policy::load(&ctx.req(&state)?, &text).await {
        Ok((_, version, new)) => {
            let key = if new { "admin-policies-loaded" } else { "admin-policies-unchanged" };
            policies_page(&ctx, StatusCode::OK, None, Some(ctx.tr.t1(key, "version", version)))
        }
        Err(LoadError::Document(e)) => {
            policies_page(&ctx, StatusCode::UNPROCESSABLE_ENTITY, Some(format!("{} ({})", ctx.tr.t(e.message_id()), e.detail())), None)
        }
        Err(LoadError::UnknownOwner(goal, name)) => {
            let msg = ctx.tr.args("policy-error-owner", [("goal", goal), ("name", name)]);
            policies_page(&ctx, StatusCode::UNPROCESSABLE_ENTITY, Some(msg), None)
        }
        Err(LoadError::TakenIndicator(key, policy)) => {
            let msg = ctx.tr.args("policy-error-taken", [("key", key), ("policy", policy)]);
            policies_page(&ctx, StatusCode::UNPROCESSABLE_ENTITY, Some(msg), None)
        }
        Err(LoadError::Service(e)) => Err(e.into()),
    }
}

/// Loads the register of published case-processing deadlines (docs/POLICY.md).
async fn frister_load(State(state): State<AppState>, ctx: Ctx, mp: Multipart) -> PageResult {
    let text = match toml_upload(&state, &ctx, mp).await? {
        Ok(t) => t,
        Err((status, msg)) => return policies_page(&ctx, status, Some(msg), None),
    };
    use service::policy::cases::RegisterLoadError;
    match service::policy::cases::load_register_as(&ctx.req(&state)?, &text).await {
        Ok(n) => policies_page(&ctx, StatusCode::OK, None, Some(ctx.tr.t1("admin-frister-loaded", "n", n))),
        Err(RegisterLoadError::Register(e)) => {
            policies_page(&ctx, StatusCode::UNPROCESSABLE_ENTITY, Some(format!("{} ({})", ctx.tr.t(e.message_id()), e.detail())), None)
        }
        Err(RegisterLoadError::UnknownOwner(key, name)) => {
            let msg = ctx.tr.args("frister-error-owner", [("case", key), ("name", name)]);
            policies_page(&ctx, StatusCode::UNPROCESSABLE_ENTITY, Some(msg), None)
        }
        Err(RegisterLoadError::Store(e)) => Err(service::Error::Store(e).into()),
        Err(RegisterLoadError::Service(e)) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
pub struct AuditQuery {
    page: Option<i64>,
    #[serde(default)]
    action: String,
    #[serde(default)]
    person: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
}

/// One entry of the log in words.
pub struct AuditRow {
    pub when: String,
    pub who: String,
    pub what: String,
    pub target: String,
    pub link: Option<String>,
}

#[derive(Template)]
#[template(path = "admin/audit.html")]
struct AuditPage<'a> {
    ctx: &'a Ctx,
    section: &'a str,
    title: String,
    rows: Vec<AuditRow>,
    q: AuditQuery,
    errors: crate::form::Errors,
    page_no: i64,
    pages: i64,
    total: i64,
    filters: &'static [(&'static str, &'static str)],
    /// The filters as a query string, for the pager and the export.
    query: String,
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

/// The log's filter from the query, and what in it could not be read.
async fn audit_filter(state: &AppState, ctx: &Ctx, q: &AuditQuery) -> Result<(audit::Filter, crate::form::Errors), AppError> {
    let user = ctx.user()?;
    let mut f = audit::Filter::default();
    if AUDIT_ACTIONS.iter().any(|(a, _)| *a == q.action) {
        f.action_prefix = q.action.clone();
    }
    let person = q.person.trim();
    if !person.is_empty() {
        // A name finds the person's e-mail, which is what the log keeps.
        let org = state.reference(user).await?;
        let (found, _) = org.search_people(person, 200, 0);
        f.actors = found.into_iter().map(|p| p.email.clone()).collect();
        f.actor_contains = person.to_lowercase();
    }
    let mut errs = vec![];
    let day = |field: &'static str, s: &str, errs: &mut Vec<domain::meetings::input::FieldError>| {
        if s.trim().is_empty() {
            return None;
        }
        match domain::meetings::input::parse_any_date(field, s) {
            Ok(d) => Some(d),
            Err(e) => {
                errs.push(e);
                None
            }
        }
    };
    let (from, to) = (day("from", &q.from, &mut errs), day("to", &q.to, &mut errs));
    if let (Some(a), Some(b)) = (from, to)
        && b < a
    {
        errs.push(domain::meetings::input::FieldError { field: "to", message_id: "audit-to-before-from" });
    }
    f.from = from.map(domain::meetings::cadence::day_start);
    f.until = to.and_then(|d| d.succ_opt()).map(domain::meetings::cadence::day_start);
    Ok((f, crate::form::Errors::from(&ctx.tr, &errs)))
}

/// The entries in words, with names for e-mails the organisation knows.
async fn audit_rows(state: &AppState, ctx: &Ctx, entries: Vec<Entry>) -> Result<Vec<AuditRow>, AppError> {
    let org = state.reference(ctx.user()?).await?;
    let names: std::collections::HashMap<&str, &str> = org.everyone().map(|p| (p.email.as_str(), p.name.as_str())).collect();
    let tr = ctx.tr;
    Ok(entries
        .into_iter()
        .map(|e| {
            let told = domain::platform::audit::tell(&e.action, &e.target, &e.detail);
            let what = tr.args(&told.message_id, &told.args);
            // A person by name; the command line ("styr demo") as styr itself;
            // anything else as written, such as the address a failed sign-in came from.
            let who = match names.get(e.actor.as_str()) {
                Some(name) => format!("{name} ({})", e.actor),
                None if e.actor.starts_with("styr") && !e.actor.contains('@') => format!("{} ({})", tr.t("audit-system"), e.actor),
                None => e.actor.clone(),
            };
            AuditRow { when: tr.datetime(&e.at), who, what, target: told.target.map(|(kind, n)| tr.t1(kind, "n", n)).unwrap_or_default(), link: told.link }
        })
        .collect())
}

fn audit_query_string(q: &AuditQuery) -> String {
    let u = crate::ctx::urlencode;
    format!("action={}&person={}&from={}&to={}", u(&q.action), u(&q.person), u(&q.from), u(&q.to))
}

async fn audit_log(State(state): State<AppState>, ctx: Ctx, Query(q): Query<AuditQuery>) -> PageResult {
    let user = ctx.user()?;
    if !user.viewer.can_read_audit() {
        return Err(ctx.forbid(&state, "admin.audit").await);
    }
    let size = 50;
    let page_no = q.page.unwrap_or(1).max(1);
    let (filter, errors) = audit_filter(&state, &ctx, &q).await?;
    let (entries, total) = audit::filtered(&state.db, user.tenant_id, &filter, size, (page_no - 1) * size).await?;
    let rows = audit_rows(&state, &ctx, entries).await?;
    let pages = ((total + size - 1) / size).max(1);
    let query = audit_query_string(&q);
    let status = if !errors.any() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    page_with_status(
        &ctx,
        status,
        &AuditPage { ctx: &ctx, section: "admin", title: ctx.tr.t("audit-title"), rows, q, errors, page_no, pages, total, filters: &AUDIT_ACTIONS, query },
    )
}

/// The log as the filters narrow it, as CSV for Danish Excel: up to 50,000
/// entries, newest first.
async fn audit_csv(State(state): State<AppState>, ctx: Ctx, Query(q): Query<AuditQuery>) -> PageResult {
    let user = ctx.user()?;
    if !user.viewer.can_read_audit() {
        return Err(ctx.forbid(&state, "admin.audit.csv").await);
    }
    let (filter, errors) = audit_filter(&state, &ctx, &q).await?;
    if errors.any() {
        return Err(AppError::BadRequest);
    }
    let (entries, _) = audit::filtered(&state.db, user.tenant_id, &filter, 50_000, 0).await?;
    let rows = audit_rows(&state, &ctx, entries).await?;
    let tr = ctx.tr;
    let head = vec![tr.t("col-when"), tr.t("col-who"), tr.t("col-action"), tr.t("col-target")];
    Ok(crate::org::csv_download("revisionslog", std::iter::once(head).chain(rows.into_iter().map(|r| vec![r.when, r.who, r.what, r.target]))))
}

/// The states a mail in the outbox can be in, in the order the tabs show them.
const OUTBOX_STATES: [&str; 5] = ["queued", "held", "done", "failed", "running"];

#[derive(Deserialize, Default)]
pub struct OutboxQuery {
    status: Option<String>,
    page: Option<i64>,
}

/// A mail as the outbox lists it.
pub struct OutboxRow {
    pub id: i64,
    pub to: String,
    pub subject: String,
    pub state: String,
    pub when: String,
}

#[derive(Template)]
#[template(path = "admin/outbox.html")]
struct OutboxPage<'a> {
    ctx: &'a Ctx,
    section: &'a str,
    title: String,
    rows: Vec<OutboxRow>,
    /// (link, label with count, open).
    tabs: Vec<(String, String, bool)>,
    status: String,
    no_server: bool,
    page_no: i64,
    pages: i64,
}

/// A mail's state in words; a failure with what the mail server said.
fn mail_state(tr: Tr, m: &store::platform::jobs::Listed) -> String {
    match m.status.as_str() {
        "failed" => tr.args("outbox-state-failed-because", [("error", m.last_error.clone())]),
        "queued" if m.attempts > 0 => tr.args("outbox-state-retrying", [("error", m.last_error.clone())]),
        s => tr.t(&format!("outbox-state-{s}")),
    }
}

/// Every mail styr has queued, sent, held or given up, newest first: what
/// went to whom and whether it left. Administrators only.
async fn outbox(State(state): State<AppState>, ctx: Ctx, Query(q): Query<OutboxQuery>) -> PageResult {
    let user = require_admin(&state, &ctx, "admin.outbox").await?;
    let t = user.tenant_id;
    let status = q.status.filter(|s| OUTBOX_STATES.contains(&s.as_str()));
    let size = 50;
    let page_no = q.page.unwrap_or(1).max(1);
    let (mails, total) = store::platform::jobs::listed(&state.db, t, jobs::EMAIL, status.as_deref(), size, (page_no - 1) * size).await?;
    let counts = store::platform::jobs::counts(&state.db, t).await?;
    let count = |s: &str| counts.iter().find(|c| c.0 == s).map_or(0, |c| c.1);
    let all: i64 = counts.iter().map(|c| c.1).sum();
    let mut tabs = vec![("/admin/outbox".to_string(), format!("{} ({all})", ctx.tr.t("outbox-all")), status.is_none())];
    tabs.extend(
        OUTBOX_STATES
            .iter()
            .filter(|s| count(s) > 0 || status.as_deref() == Some(**s))
            .map(|s| (format!("/admin/outbox?status={s}"), format!("{} ({})", ctx.tr.t(&format!("outbox-tab-{s}")), count(s)), status.as_deref() == Some(*s))),
    );
    let rows = mails
        .iter()
        .map(|m| {
            let e: jobs::Email = serde_json::from_str(&m.payload).unwrap_or_default();
            let subject = if outbox_shows(e.confidential, &e.to, &user.email) { e.subject } else { ctx.tr.t("outbox-confidential-subject") };
            OutboxRow { id: m.id, to: e.to, subject, state: mail_state(ctx.tr, m), when: ctx.tr.datetime(&m.updated_at) }
        })
        .collect();
    let p = OutboxPage {
        ctx: &ctx,
        section: "admin",
        title: ctx.tr.t("outbox-title"),
        rows,
        tabs,
        status: status.unwrap_or_default(),
        no_server: state.config.mail_server.is_none(),
        page_no,
        pages: ((total + size - 1) / size).max(1),
    };
    page(&ctx, &p)
}

#[derive(Template)]
#[template(path = "admin/outbox_mail.html")]
struct OutboxMailPage<'a> {
    ctx: &'a Ctx,
    section: &'a str,
    title: String,
    mail: jobs::Email,
    state: String,
    queued: String,
    /// The body is shown unless the mail holds what only its recipient may read.
    shown: bool,
}

/// One mail as its recipient gets it.
async fn outbox_mail(State(state): State<AppState>, ctx: Ctx, axum::extract::Path(id): axum::extract::Path<i64>) -> PageResult {
    let user = require_admin(&state, &ctx, "admin.outbox").await?;
    let m = store::platform::jobs::one(&state.db, user.tenant_id, id).await?.ok_or(AppError::NotFound)?;
    let mail: jobs::Email = serde_json::from_str(&m.payload).map_err(|_| AppError::NotFound)?;
    let shown = outbox_shows(mail.confidential, &mail.to, &user.email);
    let p = OutboxMailPage {
        ctx: &ctx,
        section: "admin",
        title: if shown { mail.subject.clone() } else { ctx.tr.t("outbox-confidential-subject") },
        state: mail_state(ctx.tr, &m),
        queued: ctx.tr.datetime(&m.created_at),
        shown,
        mail,
    };
    page(&ctx, &p)
}
