//! The JSON API: tokens, tenancy, errors and the OpenAPI document.

use reqwest::StatusCode;
use serde_json::Value;

use crate::harness::App;

async fn token(app: &App, role: &str) -> String {
    let email = app.email(role).await;
    let account = store::platform::accounts::by_email(&app.db, &email).await.unwrap().unwrap();
    store::platform::accounts::create_token(&app.db, &account, "test").await.unwrap()
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
    let grid: Vec<Vec<String>> = vec![
        vec!["enhed".into(), "navn".into(), "e-mail".into()],
        vec!["Anden Kommune".into(), "Hemmelig".into(), "h@anden.example".into()],
    ];
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
