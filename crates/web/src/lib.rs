//! The web front: axum handlers and askama templates, one module and one
//! template folder per context, plus sign-in, sessions, CSRF, translations,
//! assets and metrics. Every page is rendered on the server and works without
//! JavaScript.

pub mod admin;
pub mod assets;
pub mod auth;
pub mod counts;
pub mod ctx;
pub mod form;
pub mod framework;
pub mod home;
pub mod i18n;
pub mod meetings;
pub mod metrics;
pub mod org;
pub mod programme;
pub mod render;
pub mod search;

use std::sync::Arc;

use axum::Router;
use axum::routing::get;
use store::Db;

/// What every handler shares. The server keeps no other state between
/// requests: sessions, throttling and the audit log live in the database,
/// and what it keeps in memory (reference data, list counts) is checked
/// against the database's versions on every request.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<WebConfig>,
    pub reference: Arc<store::reference::Cache>,
    pub counts: Arc<counts::Counts>,
    pub programme: Arc<store::programme_cache::Cache>,
}

impl AppState {
    pub fn new(db: Db, config: WebConfig) -> AppState {
        AppState { db, config: Arc::new(config), reference: Arc::default(), counts: Arc::default(), programme: Arc::default() }
    }

    /// The signed-in person's tenant's reference data, from memory when current.
    pub async fn reference(&self, user: &ctx::User) -> Result<Arc<store::reference::Reference>, store::Error> {
        self.reference.get(&self.db, user.tenant_id, user.reference_version).await
    }

    /// The signed-in person's tenant's work programme and årshjul, from memory when current.
    pub async fn programme(&self, user: &ctx::User) -> Result<Arc<store::programme_cache::Snapshot>, store::Error> {
        self.programme.get(&self.db, user.tenant_id, (user.programme_version, user.reference_version)).await
    }

    /// How many rows a paged list filtered by `key` holds (see `counts`).
    pub async fn total<F>(&self, user: &ctx::User, key: String, page: counts::Page, count: F) -> Result<i64, store::Error>
    where
        F: std::future::Future<Output = Result<i64, store::Error>>,
    {
        self.counts.total(user.tenant_id, (user.register_version, user.reference_version), key, page, count).await
    }
}

#[derive(Clone, Debug)]
pub struct WebConfig {
    /// Mark cookies `Secure` (set when styr is served behind TLS).
    pub secure_cookies: bool,
    /// The largest upload accepted, in bytes.
    pub max_upload: usize,
    /// The address people reach styr at, for links in e-mail.
    pub base_url: String,
    /// Where attachments' contents are kept.
    pub files: store::meetings::agenda::FileStore,
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig { secure_cookies: false, max_upload: 10 * 1024 * 1024, base_url: "http://127.0.0.1:8080".into(), files: Default::default() }
    }
}

/// The whole application: pages, assets, the JSON API, health and metrics.
pub fn router(state: AppState) -> Router {
    let max = state.config.max_upload;
    let pages = Router::new()
        .merge(home::routes())
        .merge(auth::routes())
        .merge(org::routes())
        .merge(framework::routes())
        .merge(meetings::routes())
        .merge(admin::routes())
        .merge(programme::routes())
        .merge(search::routes())
        .fallback(render::not_found)
        .with_state(state.clone());
    Router::new()
        .merge(pages)
        .route("/assets/{hash}/{*path}", get(assets::serve))
        .route("/healthz", get(metrics::healthz).with_state(state.clone()))
        .route("/metrics", get(metrics::render).with_state(state.clone()))
        .nest("/api/v1", api::router(state.db.clone(), state.reference.clone(), state.programme.clone()))
        .layer(axum::extract::DefaultBodyLimit::max(max + 64 * 1024))
        .layer(axum::middleware::from_fn(metrics::track))
        .layer(axum::middleware::from_fn(render::security_headers))
}
