//! Every route of the application in one table: the pages (a module per
//! context), the API under /api/v1, assets, health and metrics. The router
//! and the list of routes come from the same calls (`api::table::Routes`),
//! so the authorization matrix test, which walks the list, sees exactly
//! what is served.

use axum::Router;
use axum::middleware::{from_fn, from_fn_with_state};
use axum::routing::get;

use crate::{AppState, admin, assets, auth, evaluation, framework, home, meetings, metrics, org, policy, programme, render, search};

/// The pages' route builder.
pub type Routes = api::table::Routes<AppState>;

pub struct Table {
    pub router: Router,
    /// (method, path) of every route, the API's with their /api/v1 prefix.
    pub routes: Vec<api::Route>,
}

/// The whole application.
pub fn table(state: AppState) -> Table {
    let max = state.config.max_upload;
    let pages = Routes::new()
        .merge(home::routes())
        .merge(auth::routes())
        .merge(org::routes())
        .merge(framework::routes())
        .merge(policy::routes())
        .merge(meetings::routes())
        .merge(admin::routes())
        .merge(programme::routes())
        .merge(evaluation::routes())
        .merge(search::routes());
    let api = api::routes();
    let mut routes = pages.list;
    routes.extend(api.list.into_iter().map(|r| api::Route { method: r.method, path: format!("/api/v1{}", r.path) }));
    for (method, path) in [("GET", "/assets/{hash}/{*path}"), ("GET", "/healthz"), ("GET", "/metrics")] {
        routes.push(api::Route { method, path: path.into() });
    }
    let api_router = api.router.fallback(api::no_such_endpoint).with_state(state.svc.clone());
    // Who is signed in is found once, for the pages and the API alike.
    let signed_in = Router::new()
        .merge(pages.router.fallback(render::not_found).with_state(state.clone()))
        .nest("/api/v1", api_router)
        .layer(from_fn_with_state(state.clone(), crate::ctx::sessions));
    let secure = state.clone();
    let router = Router::new()
        .merge(signed_in)
        .route("/assets/{hash}/{*path}", get(assets::serve))
        .route("/healthz", get(metrics::healthz).with_state(state.clone()))
        .route("/metrics", get(metrics::render).with_state(state.clone()))
        .layer(axum::extract::DefaultBodyLimit::max(max + 64 * 1024))
        .layer(from_fn(render::error_pages))
        .layer(from_fn(metrics::track))
        .layer(from_fn(move |req: axum::extract::Request, next: axum::middleware::Next| {
            let peer = req.extensions().get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip());
            let tls = crate::ctx::is_secure(&secure, req.headers(), peer);
            render::security_headers(tls, req, next)
        }));
    routes.sort();
    Table { router, routes }
}
