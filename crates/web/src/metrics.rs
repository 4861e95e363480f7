//! /healthz and /metrics (Prometheus text): request counts and latencies per
//! route, the database pool's use and password hashing. /metrics is for the
//! operators' scraper only: a bearer token from the configuration, or an
//! address it allows (loopback when it names none).

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::AppState;

const BUCKETS: [f64; 10] = [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 1.0, 5.0];

#[derive(Default)]
struct Series {
    count: u64,
    sum: f64,
    buckets: [u64; BUCKETS.len()],
}

/// Keyed by (method, route, status).
static SERIES: Mutex<BTreeMap<(String, String, u16), Series>> = Mutex::new(BTreeMap::new());

pub async fn track(req: Request, next: Next) -> Response {
    let route = req.extensions().get::<MatchedPath>().map(|m| m.as_str().to_string()).unwrap_or_else(|| "unmatched".to_string());
    // Only the methods styr knows become labels: any other word a client
    // sends would otherwise add a series for ever.
    let method = match req.method().as_str() {
        m @ ("GET" | "POST" | "HEAD" | "PUT" | "DELETE" | "PATCH" | "OPTIONS") => m.to_string(),
        _ => "other".to_string(),
    };
    let start = Instant::now();
    let mut res = next.run(req).await;
    let secs = start.elapsed().as_secs_f64();
    // The server's own time, for the browser's developer tools and the benchmark.
    if let Ok(v) = axum::http::HeaderValue::from_str(&format!("app;dur={:.3}", secs * 1000.0)) {
        res.headers_mut().insert("server-timing", v);
    }
    let mut all = SERIES.lock().unwrap_or_else(|e| e.into_inner());
    let s = all.entry((method, route, res.status().as_u16())).or_default();
    s.count += 1;
    s.sum += secs;
    for (i, b) in BUCKETS.iter().enumerate() {
        if secs <= *b {
            s.buckets[i] += 1;
        }
    }
    res
}

/// Whether a request may read /metrics.
fn may_scrape(state: &AppState, headers: &axum::http::HeaderMap, peer: Option<std::net::IpAddr>) -> bool {
    let cfg = &state.config;
    if let Some(token) = &cfg.metrics_token {
        let given = headers.get(axum::http::header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
        if given.is_some_and(|g| crate::ctx::constant_eq(g.trim().as_bytes(), token.as_bytes())) {
            return true;
        }
    }
    let forwarded = crate::ctx::forwarded_for(headers);
    let proxied = crate::ctx::proxied(headers);
    let Some(ip) = peer.and_then(|p| domain::platform::net::deciding_address(p, proxied, forwarded.as_deref(), &cfg.trusted_proxies)) else { return false };
    if cfg.metrics_from.is_empty() { ip.is_loopback() } else { cfg.metrics_from.iter().any(|c| c.contains(ip)) }
}

pub async fn render(State(state): State<AppState>, req: Request) -> Response {
    let peer = req.extensions().get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip());
    if !may_scrape(&state, req.headers(), peer) {
        return (StatusCode::FORBIDDEN, "metrics are for the configured scraper\n").into_response();
    }
    let mut out = String::new();
    out.push_str("# HELP styr_http_requests_total Requests served, by route and status.\n");
    out.push_str("# TYPE styr_http_requests_total counter\n");
    // The lock is held in this block only: the page awaits the database below.
    {
        let all = SERIES.lock().unwrap_or_else(|e| e.into_inner());
        for ((m, r, st), s) in all.iter() {
            let _ = writeln!(out, "styr_http_requests_total{{method=\"{m}\",route=\"{r}\",status=\"{st}\"}} {}", s.count);
        }
        out.push_str("# HELP styr_http_request_duration_seconds Time to answer, by route.\n");
        out.push_str("# TYPE styr_http_request_duration_seconds histogram\n");
        for ((m, r, st), s) in all.iter() {
            let labels = format!("method=\"{m}\",route=\"{r}\",status=\"{st}\"");
            for (i, b) in BUCKETS.iter().enumerate() {
                let _ = writeln!(out, "styr_http_request_duration_seconds_bucket{{{labels},le=\"{b}\"}} {}", s.buckets[i]);
            }
            let _ = writeln!(out, "styr_http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {}", s.count);
            let _ = writeln!(out, "styr_http_request_duration_seconds_sum{{{labels}}} {}", s.sum);
            let _ = writeln!(out, "styr_http_request_duration_seconds_count{{{labels}}} {}", s.count);
        }
    }
    let (size, idle) = state.db.pool_use();
    out.push_str("# HELP styr_db_pool_connections Database connections, by state.\n");
    out.push_str("# TYPE styr_db_pool_connections gauge\n");
    let _ = writeln!(out, "styr_db_pool_connections{{state=\"idle\"}} {idle}");
    let _ = writeln!(out, "styr_db_pool_connections{{state=\"in_use\"}} {}", size as usize - idle.min(size as usize));
    if let Ok(keys) = store::platform::accounts::throttle_keys(&state.db).await {
        out.push_str("# HELP styr_login_throttle_keys Accounts and addresses with failed sign-ins remembered.\n");
        out.push_str("# TYPE styr_login_throttle_keys gauge\n");
        let _ = writeln!(out, "styr_login_throttle_keys {keys}");
    }
    let (hashing, peak) = service::platform::password::hashing_load();
    out.push_str("# HELP styr_password_hashes Password hashes being checked, and the most at once.\n");
    out.push_str("# TYPE styr_password_hashes gauge\n");
    let _ = writeln!(out, "styr_password_hashes{{state=\"now\"}} {hashing}");
    let _ = writeln!(out, "styr_password_hashes{{state=\"peak\"}} {peak}");
    ([(axum::http::header::CONTENT_TYPE, "text/plain; version=0.0.4")], out).into_response()
}

pub async fn healthz(State(state): State<AppState>) -> Response {
    if state.db.ping().await { (StatusCode::OK, "ok").into_response() } else { (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response() }
}
