//! The JSON API: tokens, tenancy, errors and the OpenAPI document.

use reqwest::StatusCode;
use serde_json::Value;

use crate::harness::App;

async fn token(app: &App, role: &str) -> String {
    app.api_token(role).await
}

#[tokio::test]
async fn bearer_tokens_open_the_api() {
    let app = App::start().await;
    let c = app.client();
    let r = c.get(format!("{}/api/v1/units", app.url)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let err: Value = r.json().await.unwrap();
    assert_eq!(err["code"], "unauthorized");
    let r = c.get(format!("{}/api/v1/units", app.url)).bearer_auth("styr_forged").send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);

    let t = token(&app, "employee").await;
    let units: Value = c.get(format!("{}/api/v1/units", app.url)).bearer_auth(&t).send().await.unwrap().json().await.unwrap();
    let units = units.as_array().unwrap();
    assert_eq!(units.len(), 62);
    let centre = units.iter().find(|u| u["name"] == "Center for Dagtilbud").unwrap();
    assert_eq!(centre["kind"], "centre");
    let detail: Value = c.get(format!("{}/api/v1/units/{}", app.url, centre["id"])).bearer_auth(&t).send().await.unwrap().json().await.unwrap();
    assert_eq!(detail["leaders"].as_array().unwrap().len(), 1);
    assert!(detail["children"].as_array().unwrap().len() >= 5);

    let people: Value = c.get(format!("{}/api/v1/people?q=centerchef&limit=5", app.url)).bearer_auth(&t).send().await.unwrap().json().await.unwrap();
    assert_eq!(people["total"], 9);
    assert_eq!(people["people"].as_array().unwrap().len(), 5);

    let fw: Value = c.get(format!("{}/api/v1/framework", app.url)).bearer_auth(&t).send().await.unwrap().json().await.unwrap();
    let keys: Vec<&str> = fw["elements"].as_array().unwrap().iter().map(|e| e["key"].as_str().unwrap()).collect();
    assert!(keys.contains(&"value.trovaerdighed") && keys.contains(&"perspective.styr-paa-tingene"));

    let r = c.get(format!("{}/api/v1/units/999999", app.url)).bearer_auth(&t).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(r.json::<Value>().await.unwrap()["code"], "not_found");
}

#[tokio::test]
async fn the_api_never_shows_another_tenant() {
    let app = App::start().await;
    let other = store::tenant::ensure(&app.db, "other", "Anden Kommune").await.unwrap();
    let grid: Vec<Vec<String>> =
        vec![vec!["enhed".into(), "navn".into(), "e-mail".into()], vec!["Anden Kommune".into(), "Hemmelig".into(), "h@anden.example".into()]];
    let plan = domain::org::import::plan(&grid).unwrap();
    store::org::apply_import(&app.db, other.id, &plan, &store::platform::audit::Actor::system("test")).await.unwrap();
    let foreign = store::org::units(&app.db, other.id).await.unwrap()[0].id;
    let t = token(&app, "administrator").await;
    let c = app.client();
    let r = c.get(format!("{}/api/v1/units/{foreign}", app.url)).bearer_auth(&t).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let body = c.get(format!("{}/api/v1/people?q=hemmelig", app.url)).bearer_auth(&t).send().await.unwrap().text().await.unwrap();
    assert!(!body.contains("Hemmelig"));
}

#[tokio::test]
async fn the_openapi_document_describes_the_api() {
    let app = App::start().await;
    let doc: Value = app.client().get(format!("{}/api/v1/openapi.json", app.url)).send().await.unwrap().json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    for p in ["/api/v1/units", "/api/v1/units/{id}", "/api/v1/people", "/api/v1/people/{id}", "/api/v1/framework"] {
        assert!(doc["paths"][p].is_object(), "{p}");
    }
}

#[tokio::test]
async fn meetings_through_the_api_follow_who_may_read() {
    let app = App::start().await;
    let c = app.client();
    let get = |t: String, path: String| {
        let c = c.clone();
        let url = format!("{}{path}", app.url);
        async move { c.get(url).bearer_auth(t).send().await.unwrap() }
    };
    let director = token(&app, "director").await;
    let employee = token(&app, "employee").await;
    let forums: Value = get(director.clone(), "/api/v1/forums".into()).await.json().await.unwrap();
    let board = forums.as_array().unwrap().iter().find(|f| f["name"] == "Direktionsmøde").unwrap()["id"].as_i64().unwrap();
    let group = forums.as_array().unwrap().iter().find(|f| f["name"] == "Koncernledelsesmøde").unwrap()["id"].as_i64().unwrap();
    let seen: Value = get(employee.clone(), "/api/v1/forums".into()).await.json().await.unwrap();
    assert!(seen.as_array().unwrap().iter().all(|f| f["name"] != "Direktionsmøde"), "employees do not see the board");

    let ms: Value = get(director.clone(), format!("/api/v1/meetings?forum={group}&from=2020-01-01&to=2040-01-01")).await.json().await.unwrap();
    assert!(ms.as_array().unwrap().len() >= 22);
    let r = get(director.clone(), format!("/api/v1/meetings?forum={group}&from=igår")).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert_eq!(r.json::<Value>().await.unwrap()["code"], "bad_request");
    let r = get(employee.clone(), format!("/api/v1/meetings?forum={board}")).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    // A held, approved meeting comes with its minutes.
    let held = ms.as_array().unwrap().iter().filter(|m| m["starts_at"].as_str().unwrap() < app.now().to_rfc3339().as_str()).nth(1).unwrap();
    let detail: Value = get(director.clone(), format!("/api/v1/meetings/{}", held["id"])).await.json().await.unwrap();
    assert_eq!(detail["agenda"].as_array().unwrap().len(), 3);
    assert!(detail["minutes"]["entries"].as_array().unwrap().len() >= 3);

    let all: Value = get(director.clone(), "/api/v1/decisions?limit=500".into()).await.json().await.unwrap();
    let mine: Value = get(employee.clone(), "/api/v1/decisions?limit=500".into()).await.json().await.unwrap();
    assert!(all.as_array().unwrap().len() > mine.as_array().unwrap().len());
    assert!(mine.as_array().unwrap().iter().all(|d| d["communicate"] == "employees"));
    // Filtered by how far they have come; the filters split the register between them.
    let (mut split, mut filled) = (0, 0);
    for status in ["decided", "awaiting_units", "in_progress", "implemented"] {
        let part: Value = get(director.clone(), format!("/api/v1/decisions?limit=500&status={status}")).await.json().await.unwrap();
        let part = part.as_array().unwrap();
        let n = |d: &Value| d["units_reached"].as_i64().unwrap();
        let done = |d: &Value| d["units_implemented"].as_i64().unwrap();
        match status {
            "decided" => assert!(part.iter().all(|d| n(d) == 0)),
            "implemented" => assert!(part.iter().all(|d| n(d) > 0 && done(d) == n(d))),
            _ => assert!(part.iter().all(|d| n(d) > 0 && done(d) < n(d))),
        }
        split += part.len();
        filled += usize::from(!part.is_empty());
    }
    assert_eq!(split, all.as_array().unwrap().len());
    assert!(filled >= 2, "the demo's decisions are in several states");
    assert_eq!(get(director.clone(), "/api/v1/decisions?status=sort".into()).await.status(), StatusCode::BAD_REQUEST);
    let acts: Value = get(director.clone(), "/api/v1/actions?status=all".into()).await.json().await.unwrap();
    assert!(!acts.as_array().unwrap().is_empty());
    let doc: Value = app.client().get(format!("{}/api/v1/openapi.json", app.url)).send().await.unwrap().json().await.unwrap();
    for p in ["/api/v1/forums", "/api/v1/meetings", "/api/v1/meetings/{id}", "/api/v1/decisions", "/api/v1/actions"] {
        assert!(doc["paths"][p].is_object(), "{p}");
    }
}

#[tokio::test]
async fn the_work_programme_through_the_api() {
    let app = App::start().await;
    let c = app.client();
    let t = token(&app, "employee").await;
    let get = |path: String| {
        let (c, t, url) = (c.clone(), t.clone(), app.url.clone());
        async move { c.get(format!("{url}{path}")).bearer_auth(t).send().await.unwrap() }
    };
    let programmes: Value = get("/api/v1/programmes".into()).await.json().await.unwrap();
    let programmes = programmes.as_array().unwrap();
    let current = programmes.iter().find(|p| p["status"] == "approved").expect("the demo's approved programme");
    assert!(programmes.iter().any(|p| p["status"] == "draft" && p["year"] == current["year"].as_i64().unwrap() + 1), "next year's draft");
    let year = current["year"].as_i64().unwrap();
    let initiatives: Value = get(format!("/api/v1/programmes/{year}/initiatives")).await.json().await.unwrap();
    let initiatives = initiatives.as_array().unwrap();
    assert_eq!(initiatives.len(), 8);
    let buying = initiatives.iter().find(|i| i["title"] == "Fælles indkøb og leverandørstyring").unwrap();
    assert_eq!(buying["budget"], 800000);
    assert!(buying["perspectives"].as_array().unwrap().iter().any(|p| p == "perspective.mere-og-bedre-for-mindre"));
    assert!(buying["latest_status"].is_string() && buying["latest_period"].as_str().unwrap().starts_with(&year.to_string()));

    let staff = initiatives.iter().find(|i| i["title"] == "Rekruttering og fastholdelse af pædagoger").unwrap();
    let leadership = initiatives.iter().find(|i| i["title"] == "Fælles retningslinjer for ledelse og lederudvikling").unwrap();
    let detail: Value = get(format!("/api/v1/initiatives/{}", staff["id"])).await.json().await.unwrap();
    assert_eq!(detail["depends_on"], serde_json::json!([leadership["id"]]));
    assert!(!detail["milestones"].as_array().unwrap().is_empty() && !detail["status_reports"].as_array().unwrap().is_empty());
    assert!(!detail["units"].as_array().unwrap().is_empty());
    assert_eq!(detail["status_reports"][0]["period"], format!("{year}-Q1"), "oldest first");

    let r = get("/api/v1/programmes/1999/initiatives".into()).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = get("/api/v1/initiatives/999999".into()).await;
    assert_eq!(r.json::<Value>().await.unwrap()["code"], "not_found");
    let doc: Value = app.client().get(format!("{}/api/v1/openapi.json", app.url)).send().await.unwrap().json().await.unwrap();
    for p in ["/api/v1/programmes", "/api/v1/programmes/{year}/initiatives", "/api/v1/initiatives/{id}"] {
        assert!(doc["paths"][p].is_object(), "{p}");
    }
}

#[tokio::test]
async fn the_annual_wheel_through_the_api() {
    let app = App::start().await;
    let c = app.client();
    let year = chrono::Datelike::year(&app.now());
    let get = |t: String, path: String| {
        let (c, url) = (c.clone(), app.url.clone());
        async move { c.get(format!("{url}{path}")).bearer_auth(t).send().await.unwrap() }
    };
    let sec = token(&app, "secretariat").await;
    let all: Value = get(sec.clone(), format!("/api/v1/calendar?from={year}-01-01&to={year}-12-31")).await.json().await.unwrap();
    let all = all.as_array().unwrap();
    assert!(all.len() > 50);
    let council: Vec<&Value> = all.iter().filter(|e| e["title"] == "Byrådsmøde").collect();
    assert_eq!(council.len(), 11, "the first Tuesday of every month but July");
    assert!(council.iter().all(|e| e["category"] == "political" && e["kind"] == "meeting" && e["start"] == e["end"]));
    assert!(all.iter().any(|e| e["category"] == "forums" && e["url"].as_str().unwrap().starts_with("/meetings/")));
    assert!(all.iter().any(|e| e["category"] == "programme"));
    let starts: Vec<&str> = all.iter().map(|e| e["start"].as_str().unwrap()).collect();
    assert!(starts.windows(2).all(|w| w[0] <= w[1]), "in date order");
    let budget: Value = get(sec.clone(), format!("/api/v1/calendar?from={year}-01-01&to={year}-12-31&category=budget,hr")).await.json().await.unwrap();
    assert!(budget.as_array().unwrap().iter().all(|e| e["category"] == "budget" || e["category"] == "hr"));
    // An employee does not get the board's meetings.
    let employee = token(&app, "employee").await;
    let theirs: Value = get(employee, format!("/api/v1/calendar?from={year}-01-01&to={year}-12-31")).await.json().await.unwrap();
    assert!(!theirs.as_array().unwrap().iter().any(|e| e["title"] == "Direktionsmøde"));
    assert!(all.iter().any(|e| e["title"] == "Direktionsmøde"));
    // What is not a date says so; a window that ends before it starts holds
    // nothing; and a long one is cut at two years, as the document says.
    for q in ["from=igår", "to=", "from=2026-02-30"] {
        let r = get(sec.clone(), format!("/api/v1/calendar?{q}")).await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{q}");
        assert_eq!(r.headers()["content-type"], "application/problem+json");
        assert_eq!(r.json::<Value>().await.unwrap()["code"], "bad_request");
    }
    let none: Value = get(sec.clone(), format!("/api/v1/calendar?from={year}-12-31&to={year}-01-01")).await.json().await.unwrap();
    assert_eq!(none.as_array().unwrap().len(), 0);
    let long: Value = get(sec.clone(), format!("/api/v1/calendar?from={year}-01-01&to={}-01-01", year + 5)).await.json().await.unwrap();
    let last = long.as_array().unwrap().iter().map(|e| e["start"].as_str().unwrap().to_string()).max().unwrap();
    assert!(last.as_str() < format!("{}-01-02", year + 2).as_str(), "cut at two years: {last}");
    // An unknown word is refused with the words allowed.
    let r = get(sec.clone(), "/api/v1/actions?status=done".into()).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let detail = r.json::<Value>().await.unwrap()["detail"].as_str().unwrap().to_string();
    assert!(detail.contains("open") && detail.contains("all"), "{detail}");
    let doc: Value = app.client().get(format!("{}/api/v1/openapi.json", app.url)).send().await.unwrap().json().await.unwrap();
    assert!(doc["paths"]["/api/v1/calendar"].is_object());
}

/// schemathesis, with every check it has, against the OpenAPI document the
/// server publishes: every answer must be one the document describes, every
/// schema-valid request accepted, every schema-violating one refused with a
/// problem (RFC 9457), and nothing may be a server error.
#[tokio::test]
async fn schemathesis_finds_nothing_wrong_with_the_api() {
    let app = App::start().await;
    let token = token(&app, "administrator").await;
    let work = std::env::temp_dir().join(format!("styr-schemathesis-{}", store::new_secret()));
    std::fs::create_dir_all(&work).unwrap();
    let out = tokio::process::Command::new("schemathesis")
        .current_dir(&work)
        .args(["run", &format!("{}/api/v1/openapi.json", app.url), "--checks", "all", "--workers", "2", "--seed", "20261130", "--no-color"])
        .args(["-H", &format!("Authorization: Bearer {token}")])
        .output()
        .await
        .expect("schemathesis (scripts/test installs it with pip)");
    let report = String::from_utf8_lossy(&out.stdout);
    let _ = std::fs::remove_dir_all(&work);
    assert!(out.status.success(), "schemathesis found something:\n{report}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(report.contains("14 selected / 14 total") || report.contains("Operations:"), "{report}");
}
