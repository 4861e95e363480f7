//! The framework pages and loading new versions.

use reqwest::multipart::{Form, Part};
use reqwest::{Client, StatusCode};

use crate::harness::App;

async fn upload(app: &App, c: &Client, csrf: &str, text: &str) -> (StatusCode, String) {
    let form = Form::new().text("csrf", csrf.to_string()).part("file", Part::bytes(text.as_bytes().to_vec()).file_name("framework.toml"));
    let r = c.post(format!("{}/admin/framework", app.url)).multipart(form).send().await.unwrap();
    (r.status(), r.text().await.unwrap())
}

#[tokio::test]
async fn the_framework_is_shown_to_everyone() {
    let app = App::start().await;
    let c = app.sign_in("employee").await;
    let (status, body) = app.get(&c, "/framework").await;
    assert_eq!(status, StatusCode::OK);
    for text in [
        "Mangfoldighed er vores styrke",
        "Vi er til for borgeren",
        "Troværdighed",
        "Vi gør det, vi siger",
        "Styr på tingene",
        "Jeg kommunikerer",
        "Ledelse til siden",
        "Jeg spørger, når jeg er i tvivl",
    ] {
        assert!(body.contains(text), "{text}");
    }
    assert!(body.contains("id=\"value.trovaerdighed\""), "stable anchors for linking");
}

#[tokio::test]
async fn a_new_version_is_kept_beside_the_old_and_bad_files_change_nothing() {
    let app = App::start().await;
    let c = app.sign_in("administrator").await;
    let csrf = app.csrf(&c).await;
    let before = store::framework::versions(&app.db, app.tenant).await.unwrap().len();

    let (status, body) = upload(&app, &c, &csrf, "title = \"x\"\n[vision\n").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("Filen følger ikke formatet"));
    let (status, body) =
        upload(&app, &c, &csrf, "title = \"T\"\n[vision]\ntitle = \"V\"\n[mission]\ntitle = \"M\"\n[[values]]\nkey = \"Æ\"\ntitle = \"x\"\n").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("må kun indeholde små bogstaver"));
    assert_eq!(store::framework::versions(&app.db, app.tenant).await.unwrap().len(), before);

    // The same document again is not a new version.
    let (status, body) = upload(&app, &c, &csrf, domain::framework::ISHOJ).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Intet er ændret"));

    let changed = domain::framework::ISHOJ.replace("Vi holder tempo", "Vi holder et godt tempo");
    let (status, body) = upload(&app, &c, &csrf, &changed).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Version 2 er indlæst"));
    let (_, now) = app.get(&c, "/framework").await;
    assert!(now.contains("Vi holder et godt tempo"));
    let (_, old) = app.get(&c, "/framework?version=1").await;
    assert!(old.contains("Vi holder tempo") && old.contains("Du ser en tidligere version"));
    let (status, src) = app.get(&c, "/framework/versions/1/source.toml").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(src, domain::framework::ISHOJ);
    assert!(app.audit_actions().await.contains(&"framework.load".to_string()));

    let employee = app.sign_in("employee").await;
    let csrf = app.csrf(&employee).await;
    let (status, _) = upload(&app, &employee, &csrf, &changed.replace("godt", "rask")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(store::framework::versions(&app.db, app.tenant).await.unwrap().len(), 2);
}
