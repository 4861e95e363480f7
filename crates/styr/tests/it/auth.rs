//! Sign-in, sign-out, throttling, CSRF, sessions and the language choice.

use reqwest::StatusCode;

use crate::harness::{App, PASSWORD, hidden};

#[tokio::test]
async fn every_demo_role_signs_in_and_out() {
    let app = App::start().await;
    for role in ["administrator", "secretariat", "hr", "director", "centre_chief", "unit_leader", "employee"] {
        let c = app.sign_in(role).await;
        let (status, body) = app.get(&c, "/").await;
        assert_eq!(status, StatusCode::OK, "{role}");
        assert!(body.contains("Velkommen"), "{role} sees the Danish start page");
        let csrf = hidden(&body, "csrf");
        let r = c.post(format!("{}/logout", app.url)).form(&[("csrf", csrf.as_str())]).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let (status, _) = app.get(&c, "/").await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{role} is signed out");
    }
    let actions = app.audit_actions().await;
    assert_eq!(actions.iter().filter(|a| *a == "auth.signin").count(), 7);
    assert_eq!(actions.iter().filter(|a| *a == "auth.signout").count(), 7);
}

#[tokio::test]
async fn signed_out_visitors_are_sent_to_sign_in() {
    let app = App::start().await;
    let c = app.client();
    for path in ["/", "/org", "/people", "/framework", "/admin"] {
        let r = c.get(format!("{}{path}", app.url)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{path}");
        assert!(r.headers()["location"].to_str().unwrap().starts_with("/login?next="));
    }
}

#[tokio::test]
async fn a_wrong_password_is_refused_clearly_and_throttled() {
    let app = App::start().await;
    let email = app.email("employee").await;
    let c = app.client();
    let r = app.try_sign_in(&c, &email, "forkert-kodeord").await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert!(r.text().await.unwrap().contains("E-mail eller adgangskode er forkert."));
    assert!(app.audit_actions().await.contains(&"auth.failed".to_string()));
    // An unknown account answers the same way.
    let r = app.try_sign_in(&c, "nobody@ishoj.example", "x").await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    for _ in 0..4 {
        app.try_sign_in(&c, &email, "forkert-kodeord").await;
    }
    // Five failures lock the account for a while, even with the right password.
    let r = app.try_sign_in(&c, &email, PASSWORD).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(r.text().await.unwrap().contains("For mange mislykkede forsøg"));
    // Another account from the same address still gets in.
    let other = app.email("hr").await;
    let r = app.try_sign_in(&app.client(), &other, PASSWORD).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn forged_csrf_tokens_are_refused() {
    let app = App::start().await;
    let c = app.client();
    let email = app.email("employee").await;
    let _ = app.get(&c, "/login").await;
    let r = c
        .post(format!("{}/login", app.url))
        .form(&[("email", email.as_str()), ("password", PASSWORD), ("csrf", "forged"), ("next", "/")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let c = app.sign_in("employee").await;
    let r = c.post(format!("{}/logout", app.url)).form(&[("csrf", "forged")]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let (status, _) = app.get(&c, "/").await;
    assert_eq!(status, StatusCode::OK, "still signed in");
}

#[tokio::test]
async fn session_cookie_is_http_only_and_same_site() {
    let app = App::start().await;
    let c = app.client();
    let email = app.email("employee").await;
    let r = app.try_sign_in(&c, &email, PASSWORD).await;
    let cookie = r.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_string()).find(|v| v.starts_with("styr_session=")).unwrap();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
    // The stored session is a hash, not the cookie's token.
    let token = cookie.trim_start_matches("styr_session=").split(';').next().unwrap().to_string();
    assert!(store::platform::sessions::find(&app.db, &token).await.unwrap().is_some());
}

#[tokio::test]
async fn english_is_selectable_and_remembered() {
    let app = App::start().await;
    let c = app.sign_in("employee").await;
    let r = c.get(format!("{}/language/en?back=/org", app.url)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], "/org");
    let (_, body) = app.get(&c, "/org").await;
    assert!(body.contains("<html lang=\"en\">"));
    assert!(body.contains("See the organisation chart"));
    let (_, body) = app.get(&c, "/framework").await;
    assert!(body.contains("Four perspectives on the core task"));
    // A link elsewhere cannot be smuggled in as the way back.
    let r = c.get(format!("{}/language/da?back=//evil.example", app.url)).send().await.unwrap();
    assert_eq!(r.headers()["location"], "/");
}

#[tokio::test]
async fn health_and_metrics() {
    let app = App::start().await;
    let c = app.client();
    let (status, _) = app.get(&c, "/healthz").await;
    assert_eq!(status, StatusCode::OK);
    let _ = app.get(&c, "/login").await;
    let (status, body) = app.get(&c, "/metrics").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("styr_http_requests_total{method=\"GET\",route=\"/login\",status=\"200\"}"));
    assert!(body.contains("styr_db_pool_connections{state=\"idle\"}"));
}

#[tokio::test]
async fn one_address_trying_many_accounts_is_stopped() {
    let app = App::start().await;
    let c = app.client();
    for i in 0..domain::throttle::MAX_PER_ADDRESS {
        let r = app.try_sign_in(&c, &format!("guess{i}@ishoj.example"), "x").await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    // Even a real account with the right password waits now, from this address.
    let email = app.email("employee").await;
    let r = app.try_sign_in(&c, &email, PASSWORD).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(app.audit_actions().await.contains(&"auth.throttled".to_string()));
}

#[tokio::test]
async fn html_typed_into_text_fields_is_shown_as_text() {
    let app = App::start().await;
    let evil = "\"><script>alert(1)</script>";
    // The sign-in form echoes the e-mail.
    let c = app.client();
    let body = app.try_sign_in(&c, evil, "x").await.text().await.unwrap();
    assert!(!body.contains("<script>alert(1)</script>"));
    // The people search echoes the query.
    let c = app.sign_in("employee").await;
    let (_, body) = app.get(&c, "/people?q=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E").await;
    assert!(!body.contains("<script>alert(1)</script>"));
    assert!(body.contains("0 personer fundet"));
    // A framework whose texts hold HTML shows it as text.
    let admin = app.sign_in("administrator").await;
    let csrf = app.csrf(&admin).await;
    let doc = domain::framework::ISHOJ.replace("title = \"Troværdighed\"", "title = \"<img src=x onerror=alert(1)>\"");
    let form = reqwest::multipart::Form::new().text("csrf", csrf).part("file", reqwest::multipart::Part::bytes(doc.into_bytes()).file_name("f.toml"));
    let r = admin.post(format!("{}/admin/framework", app.url)).multipart(form).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let (_, body) = app.get(&c, "/framework").await;
    assert!(!body.contains("<img src=x"));
    assert!(body.contains("&lt;img src=x") || body.contains("&#60;img src=x"));
}
