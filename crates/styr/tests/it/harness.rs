//! Starts styr with the demo municipality on a fresh database.

use std::net::SocketAddr;

use reqwest::redirect::Policy;
use reqwest::{Client, StatusCode};
use store::Db;

pub struct App {
    pub url: String,
    pub db: Db,
    pub tenant: i64,
    /// The server's clock: fixed at `demo_now()`, moved by tests that need time to pass.
    pub clock: service::Clock,
    pub svc: service::Services,
    /// The database's URL, for a second server on it.
    pub db_url: String,
    _dir: Option<tempdir::Dir>,
}

/// The moment the tests' demo is built at and their server's clock starts
/// from: a Wednesday in September 2026, 10:00 in Copenhagen. Every test sees
/// the same meetings, decisions and reports whatever day it runs.
pub fn demo_now() -> chrono::DateTime<chrono::Utc> {
    use chrono::TimeZone;
    chrono::Utc.with_ymd_and_hms(2026, 9, 16, 8, 0, 0).unwrap()
}

pub mod tempdir {
    /// A directory removed when dropped.
    pub struct Dir(pub std::path::PathBuf);
    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

pub const PASSWORD: &str = styr::demo::DEMO_PASSWORD;

fn unique() -> String {
    format!("{}_{}", std::process::id(), &store::new_secret()[..10])
}

/// A fresh, migrated database of the backend under test.
pub async fn fresh_db() -> (Db, Option<tempdir::Dir>) {
    let (db, dir, _) = fresh_db_url().await;
    (db, dir)
}

/// A fresh database and its URL, for tests that run the binary on it.
pub async fn fresh_db_url() -> (Db, Option<tempdir::Dir>, String) {
    match std::env::var("STYR_TEST_BACKEND").as_deref() {
        Ok("postgres") => {
            let admin_url = std::env::var("STYR_TEST_PG").expect("STYR_TEST_PG: a PostgreSQL URL to create test databases with");
            let name = format!("styr_test_{}", unique());
            let admin = sqlx::PgPool::connect(&admin_url).await.unwrap();
            sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).execute(&admin).await.unwrap();
            admin.close().await;
            let (base, _) = admin_url.rsplit_once('/').unwrap();
            let url = format!("{base}/{name}");
            let db = Db::connect(&url).await.unwrap();
            db.migrate().await.unwrap();
            (db, None, url)
        }
        _ => {
            let dir = std::env::temp_dir().join(format!("styr-test-{}", unique()));
            std::fs::create_dir_all(&dir).unwrap();
            let url = format!("sqlite://{}/styr.db", dir.display());
            let db = Db::connect(&url).await.unwrap();
            db.migrate().await.unwrap();
            (db, Some(tempdir::Dir(dir)), url)
        }
    }
}

impl App {
    /// The demo municipality behind a real server on a free port.
    pub async fn start() -> App {
        App::start_with(store::meetings::agenda::FileStore::Database).await
    }

    /// The same, keeping attachments where `files` says.
    pub async fn start_with(files: store::meetings::agenda::FileStore) -> App {
        App::start_configured(web::WebConfig { max_upload: 1024 * 1024, base_url: "http://styr.test".into(), files, ..Default::default() }).await
    }

    /// The demo behind a real server with this configuration.
    pub async fn start_configured(config: web::WebConfig) -> App {
        let (db, dir, db_url) = fresh_db_url().await;
        styr::demo::build_at(&db, 1, demo_now()).await.unwrap();
        let tenant = store::tenant::by_slug(&db, styr::demo::TENANT_SLUG).await.unwrap().unwrap().id;
        let clock = service::Clock::fixed(demo_now());
        let svc = service::Services::new(db.clone(), clock.clone());
        let state = web::AppState::new(svc.clone(), config);
        let app = web::router(state);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>()).await.unwrap();
        });
        App { url: format!("http://{addr}"), db, tenant, clock, svc, db_url, _dir: dir }
    }

    /// Another app server on the same database, with a pool and copies in
    /// memory of its own, as behind a load balancer.
    pub async fn second_server(&self) -> App {
        let db = Db::connect(&self.db_url).await.unwrap();
        let svc = service::Services::new(db.clone(), self.clock.clone());
        let state = web::AppState::new(svc.clone(), web::WebConfig { base_url: "http://styr.test".into(), ..Default::default() });
        let app = web::router(state);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>()).await.unwrap();
        });
        App { url: format!("http://{addr}"), db, tenant: self.tenant, clock: self.clock.clone(), svc, db_url: self.db_url.clone(), _dir: None }
    }

    /// The server's now.
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock.now()
    }

    /// The server's today, in Copenhagen.
    pub fn today(&self) -> chrono::NaiveDate {
        self.clock.today()
    }

    /// A filter of the register that sees every decision, as the secretariat does.
    pub fn every(&self) -> store::meetings::decisions::Filter {
        let secretariat = domain::access::Viewer::new(None, vec![domain::access::Role::Secretariat], []);
        store::meetings::decisions::Filter { scope: domain::meetings::policy::DecisionScope::of(&secretariat, &[], &[]), ..Default::default() }
    }

    /// What a demo role may read of the decisions, by the policy.
    pub async fn scope_of(&self, role: &str) -> domain::meetings::policy::DecisionScope {
        let viewer = self.viewer_of(role).await;
        let reference = self.svc.reference.get(&self.db, self.tenant, store::tenant::versions(&self.db, self.tenant).await.unwrap().0).await.unwrap();
        domain::meetings::policy::DecisionScope::of(&viewer, &reference.forums, &reference.tree())
    }

    /// The policy's viewer for a demo role.
    pub async fn viewer_of(&self, role: &str) -> domain::access::Viewer {
        let email = self.email(role).await;
        let account = store::platform::accounts::by_email(&self.db, &email).await.unwrap().unwrap();
        store::platform::accounts::viewer(&self.db, &account).await.unwrap()
    }

    /// The service layer's principal for a demo role, as a request of theirs would carry.
    pub async fn principal(&self, role: &str) -> service::Principal {
        let email = self.email(role).await;
        let account = store::platform::accounts::by_email(&self.db, &email).await.unwrap().unwrap();
        service::platform::principal::by_account(&self.svc, account.id).await.unwrap().unwrap()
    }

    /// A new API token for a demo role, reading all of the API for a day.
    pub async fn api_token(&self, role: &str) -> String {
        self.api_token_scoped(role, "all").await
    }

    pub async fn api_token_scoped(&self, role: &str, scope: &str) -> String {
        let email = self.email(role).await;
        let account = store::platform::accounts::by_email(&self.db, &email).await.unwrap().unwrap();
        let expires = self.now() + chrono::Duration::days(1);
        store::platform::accounts::create_token(&self.db, &account, store::platform::accounts::TokenKind::Api, "test", scope, Some(expires)).await.unwrap()
    }

    /// A new calendar feed token for a demo role.
    pub async fn feed_token(&self, role: &str) -> String {
        let email = self.email(role).await;
        let account = store::platform::accounts::by_email(&self.db, &email).await.unwrap().unwrap();
        store::platform::accounts::create_token(&self.db, &account, store::platform::accounts::TokenKind::Feed, "calendar", "", None).await.unwrap()
    }

    pub fn client(&self) -> Client {
        Client::builder().cookie_store(true).redirect(Policy::none()).build().unwrap()
    }

    /// The demo account's e-mail for a role (administrator, employee, …).
    pub async fn email(&self, role: &str) -> String {
        let (_, accounts) = styr::demo::org_grid().unwrap();
        accounts.into_iter().find(|a| a.role == role).unwrap_or_else(|| panic!("no demo role {role}")).email
    }

    /// A client signed in as the demo account with this role.
    pub async fn sign_in(&self, role: &str) -> Client {
        let c = self.client();
        let email = self.email(role).await;
        let res = self.try_sign_in(&c, &email, PASSWORD).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "sign-in as {role}");
        c
    }

    pub async fn try_sign_in(&self, c: &Client, email: &str, password: &str) -> reqwest::Response {
        let form = c.get(format!("{}/login", self.url)).send().await.unwrap().text().await.unwrap();
        let csrf = hidden_in_form(&form, "/login", "csrf");
        c.post(format!("{}/login", self.url)).form(&[("email", email), ("password", password), ("csrf", &csrf), ("next", "/")]).send().await.unwrap()
    }

    pub async fn get(&self, c: &Client, path: &str) -> (StatusCode, String) {
        let r = c.get(format!("{}{path}", self.url)).send().await.unwrap();
        (r.status(), r.text().await.unwrap())
    }

    /// Switches the language as the header's form does, coming back to `back`.
    pub async fn switch_language(&self, c: &Client, code: &str, back: &str) -> reqwest::Response {
        let csrf = self.csrf(c).await;
        c.post(format!("{}/language/{code}", self.url)).form(&[("csrf", csrf.as_str()), ("back", back)]).send().await.unwrap()
    }

    /// The CSRF token of the signed-in session, read from a page's form.
    pub async fn csrf(&self, c: &Client) -> String {
        let (_, body) = self.get(c, "/").await;
        hidden(&body, "csrf")
    }

    pub async fn fingerprint(&self) -> (i64, i64, i64, String) {
        store::org::fingerprint(&self.db, self.tenant).await.unwrap()
    }

    /// The whole database as rows, less what any request may write (the
    /// audit log, sessions, throttling and tokens' last use): equal before
    /// and after means a request changed nothing.
    pub async fn rows(&self) -> Vec<(String, i64, String)> {
        let skip = ["audit_log", "sessions", "login_throttle", "api_tokens", "_sqlx_migrations"];
        self.db.checksums().await.unwrap().into_iter().filter(|(t, _, _)| !skip.contains(&t.as_str())).collect()
    }

    pub async fn audit_actions(&self) -> Vec<String> {
        store::platform::audit::page(&self.db, self.tenant, "", 1000, 0).await.unwrap().0.into_iter().map(|e| e.action).collect()
    }
}

/// The value of a hidden input in a page.
pub fn hidden(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker).unwrap_or_else(|| panic!("no hidden {name} in page")) + marker.len();
    html[start..].split('"').next().unwrap().to_string()
}

/// The first link in a page whose href starts with `prefix`.
pub fn first_link(html: &str, prefix: &str) -> String {
    let marker = format!("href=\"{prefix}");
    let start = html.find(&marker).unwrap_or_else(|| panic!("no link {prefix}")) + 6;
    html[start..].split('"').next().unwrap().to_string()
}

/// The value of a hidden input inside the form posting to `action`.
pub fn hidden_in_form(html: &str, action: &str, name: &str) -> String {
    let marker = format!("action=\"{action}\"");
    let start = html.find(&marker).unwrap_or_else(|| panic!("no form for {action}"));
    hidden(&html[start..], name)
}

/// A text as a query string's value.
pub fn query(s: &str) -> String {
    web::ctx::urlencode(s)
}

/// The number a list's status line gives ("27 beslutninger.", "Én
/// beslutning."), read exactly: "20" is never taken for "0".
pub fn status_count(html: &str) -> i64 {
    let start = html.find("<p role=\"status\">").unwrap_or_else(|| panic!("no status line in {html}")) + "<p role=\"status\">".len();
    let first = html[start..].split(['<', ' ']).next().unwrap_or_default();
    match first {
        "Én" | "One" => 1,
        "Ingen" | "No" => 0,
        n => n.parse().unwrap_or_else(|_| panic!("no count in the status line: {first:?}")),
    }
}

/// The hits of a search page, without its search box (which repeats the query).
pub fn results(html: &str) -> &str {
    html.split("<ol class=\"styr-results\"").nth(1).and_then(|r| r.split("</ol>").next()).unwrap_or("")
}

/// What a form on a page would send as it stands: hidden and typed inputs
/// with their values, checked boxes and radios, each select's chosen (or
/// first) option, and textareas. `action` is the form's action attribute.
pub fn form_fields(html: &str, action: &str) -> Vec<(String, String)> {
    let marker = format!("action=\"{action}\"");
    let at = html.find(&marker).unwrap_or_else(|| panic!("no form for {action}"));
    let start = html[..at].rfind("<form").unwrap();
    let end = at + html[at..].find("</form>").unwrap();
    let form = &html[start..end];
    let attr = |tag: &str, name: &str| -> Option<String> {
        let key = format!(" {name}=\"");
        let i = tag.find(&key)? + key.len();
        Some(unescape(&tag[i..i + tag[i..].find('"')?]))
    };
    let mut out = vec![];
    let mut rest = form;
    while let Some(i) = rest.find('<') {
        rest = &rest[i..];
        let tag_end = rest.find('>').unwrap_or(rest.len());
        let tag = &rest[..tag_end];
        if tag.starts_with("<input") {
            let kind = attr(tag, "type").unwrap_or_else(|| "text".into());
            if let Some(name) = attr(tag, "name") {
                let checked = tag.contains(" checked");
                match kind.as_str() {
                    "checkbox" | "radio" if !checked => {}
                    "checkbox" | "radio" => out.push((name, attr(tag, "value").unwrap_or_else(|| "on".into()))),
                    "submit" | "button" | "file" => {}
                    _ => out.push((name, attr(tag, "value").unwrap_or_default())),
                }
            }
        } else if tag.starts_with("<textarea") {
            let body_end = rest.find("</textarea>").unwrap();
            if let Some(name) = attr(tag, "name") {
                out.push((name, unescape(&rest[tag_end + 1..body_end])));
            }
        } else if tag.starts_with("<select") {
            let body_end = rest.find("</select>").unwrap();
            let body = &rest[tag_end + 1..body_end];
            let options: Vec<&str> = body.split("<option").skip(1).collect();
            let chosen: Vec<&&str> = options.iter().filter(|o| o.split('>').next().unwrap_or("").contains(" selected")).collect();
            let value = |o: &str| attr(&format!(" {}", o.split('>').next().unwrap_or("")), "value").unwrap_or_default();
            if let Some(name) = attr(tag, "name") {
                if tag.contains(" multiple") {
                    out.extend(chosen.iter().map(|o| (name.clone(), value(o))));
                } else if let Some(o) = chosen.first().copied().or(options.first()) {
                    out.push((name, value(o)));
                }
            }
        }
        rest = &rest[tag_end.min(rest.len())..];
        if rest.len() <= 1 {
            break;
        }
        rest = &rest[1..];
    }
    out
}

/// An attribute's value as the browser reads it (askama writes entities by number).
pub fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&#60;", "<")
        .replace("&gt;", ">")
        .replace("&#62;", ">")
        .replace("&amp;", "&")
        .replace("&#38;", "&")
}

/// Sets a field in a scraped form (adding it when missing).
pub fn set(fields: &mut Vec<(String, String)>, name: &str, value: &str) {
    match fields.iter_mut().find(|(k, _)| k == name) {
        Some(f) => f.1 = value.to_string(),
        None => fields.push((name.to_string(), value.to_string())),
    }
}
