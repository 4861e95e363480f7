//! The web front: axum handlers and askama templates, one module and one
//! template folder per context, plus sign-in, sessions, CSRF, translations,
//! assets and metrics. Every page is rendered on the server and works without
//! JavaScript. Who may see what is decided in the service layer (`service`)
//! by each context's policy; handlers render what it returns.

pub mod admin;
pub mod assets;
pub mod auth;
pub mod ctx;
pub mod evaluation;
pub mod form;
pub mod framework;
pub mod home;
pub mod i18n;
pub mod meetings;
pub mod metrics;
pub mod org;
pub mod policy;
pub mod programme;
pub mod render;
pub mod routes;
pub mod search;

use std::sync::Arc;

use axum::Router;
use domain::platform::net::Cidr;
use service::Services;

/// What every handler shares. The server keeps no other state between
/// requests: sessions, throttling and the audit log live in the database,
/// and what it keeps in memory (reference data, list counts) is checked
/// against the database's versions on every request.
#[derive(Clone)]
pub struct AppState {
    pub svc: Services,
    pub config: Arc<WebConfig>,
}

impl std::ops::Deref for AppState {
    type Target = Services;
    fn deref(&self) -> &Services {
        &self.svc
    }
}

impl AppState {
    pub fn new(svc: Services, config: WebConfig) -> AppState {
        AppState { svc, config: Arc::new(config) }
    }

    /// The signed-in person's tenant's reference data, from memory when current.
    pub async fn reference(&self, user: &ctx::User) -> Result<Arc<store::reference::Reference>, store::Error> {
        self.svc.reference.get(&self.svc.db, user.tenant_id, user.reference_version).await
    }

    /// The signed-in person's tenant's work programme and årshjul, from memory when current.
    pub async fn programme(&self, user: &ctx::User) -> Result<Arc<store::programme_cache::Snapshot>, store::Error> {
        self.svc.programme.get(&self.svc.db, user.tenant_id, (user.programme_version, user.reference_version)).await
    }
}

#[derive(Clone, Debug)]
pub struct WebConfig {
    /// Mark cookies `Secure` and send HSTS (set when styr is served behind TLS).
    pub secure_cookies: bool,
    /// The largest upload accepted, in bytes.
    pub max_upload: usize,
    /// The address people reach styr at, for links in e-mail.
    pub base_url: String,
    /// Where attachments' contents are kept.
    pub files: store::meetings::agenda::FileStore,
    /// Reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed.
    pub trusted_proxies: Vec<Cidr>,
    /// Who may read /metrics: a bearer token, and addresses that need none.
    pub metrics_token: Option<String>,
    pub metrics_from: Vec<Cidr>,
    /// The SMTP host mail is sent through; none keeps mail in the outbox, not sent.
    pub mail_server: Option<String>,
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig {
            secure_cookies: false,
            max_upload: 10 * 1024 * 1024,
            base_url: "http://127.0.0.1:8080".into(),
            files: Default::default(),
            trusted_proxies: vec![],
            metrics_token: None,
            metrics_from: vec![],
            mail_server: None,
        }
    }
}

/// The whole application: pages, assets, the JSON API, health and metrics.
pub fn router(state: AppState) -> Router {
    routes::table(state).router
}
