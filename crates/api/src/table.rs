//! The route table: the router, and the list of every (method, path) it
//! serves, built by the same calls. The authorization matrix test walks the
//! list, so a route added without its row in the matrix fails the test. The
//! pages (crate `web`) build theirs with it too.

use axum::Router;
use axum::handler::Handler;
use axum::routing::{get, post};

/// One route: its method and its path as registered.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Route {
    pub method: &'static str,
    pub path: String,
}

pub struct Routes<S> {
    pub router: Router<S>,
    pub list: Vec<Route>,
}

impl<S: Clone + Send + Sync + 'static> Default for Routes<S> {
    fn default() -> Self {
        Routes { router: Router::new(), list: vec![] }
    }
}

impl<S: Clone + Send + Sync + 'static> Routes<S> {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn get<H: Handler<T, S>, T: 'static>(mut self, path: &'static str, h: H) -> Self {
        self.router = self.router.route(path, get(h));
        self.list.push(Route { method: "GET", path: path.into() });
        self
    }

    pub fn post<H: Handler<T, S>, T: 'static>(mut self, path: &'static str, h: H) -> Self {
        self.router = self.router.route(path, post(h));
        self.list.push(Route { method: "POST", path: path.into() });
        self
    }

    pub fn merge(mut self, other: Routes<S>) -> Self {
        self.router = self.router.merge(other.router);
        self.list.extend(other.list);
        self
    }
}
