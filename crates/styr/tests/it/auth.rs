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
async fn a_wrong_password_is_refused_clearly_and_slows_the_next_try() {
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
    for _ in 0..2 {
        assert_eq!(app.try_sign_in(&c, &email, "forkert-kodeord").await.status(), StatusCode::UNAUTHORIZED);
    }
    // After three failures the next try waits a second, even with the right password.
    let r = app.try_sign_in(&c, &email, PASSWORD).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(r.text().await.unwrap().contains("Vent et sekund, og prøv igen."));
    assert!(app.audit_actions().await.contains(&"auth.throttled".to_string()));
    // Another account from the same address still gets in.
    let other = app.email("hr").await;
    assert_eq!(app.try_sign_in(&app.client(), &other, PASSWORD).await.status(), StatusCode::SEE_OTHER);
    // A second later the owner does too: nobody is locked out.
    app.clock.set(app.now() + chrono::Duration::seconds(1));
    assert_eq!(app.try_sign_in(&c, &email, PASSWORD).await.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn someone_guessing_keeps_the_owner_waiting_half_a_minute_at_most() {
    let app = App::start().await;
    let email = app.email("employee").await;
    let c = app.client();
    // Many guesses, each as soon as the last wait is over.
    for _ in 0..12 {
        let r = app.try_sign_in(&c, &email, "forkert-kodeord").await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        app.clock.set(app.now() + chrono::Duration::seconds(domain::throttle::ACCOUNT.max_wait_secs));
    }
    // The owner, from another address, waits at most the longest wait.
    let owner = app.client();
    assert_eq!(app.try_sign_in(&owner, &email, PASSWORD).await.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn attempts_at_the_same_moment_are_each_counted() {
    let app = App::start().await;
    let email = app.email("employee").await;
    let c = app.client();
    let form = c.get(format!("{}/login", app.url)).send().await.unwrap().text().await.unwrap();
    let csrf = crate::harness::hidden_in_form(&form, "/login", "csrf");
    let tries: Vec<_> = (0..20)
        .map(|_| {
            let (c, url, email, csrf) = (c.clone(), app.url.clone(), email.clone(), csrf.clone());
            tokio::spawn(async move {
                c.post(format!("{url}/login"))
                    .form(&[("email", email.as_str()), ("password", "forkert"), ("csrf", &csrf), ("next", "/")])
                    .send()
                    .await
                    .unwrap()
                    .status()
            })
        })
        .collect();
    let mut checked = 0;
    for t in tries {
        match t.await.unwrap() {
            StatusCode::UNAUTHORIZED => checked += 1,
            StatusCode::TOO_MANY_REQUESTS => {}
            other => panic!("unexpected {other}"),
        }
    }
    assert_eq!(checked, domain::throttle::ACCOUNT.free, "only the free tries reach the password; the rest wait");
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
    assert!(store::platform::sessions::find(&app.db, &token, app.now()).await.unwrap().is_some());
}

#[tokio::test]
async fn english_is_selectable_and_remembered() {
    let app = App::start().await;
    let c = app.sign_in("employee").await;
    let r = app.switch_language(&c, "en", "/org").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], "/org");
    let (_, body) = app.get(&c, "/org").await;
    assert!(body.contains("<html lang=\"en\">"));
    assert!(body.contains("See the organisation chart"));
    let (_, body) = app.get(&c, "/framework").await;
    assert!(body.contains("Four perspectives on the core task"));
    // A link elsewhere cannot be smuggled in as the way back.
    for evil in ["//evil.example", "/\t/evil.example", "/\\evil.example", "https://evil.example"] {
        let r = app.switch_language(&c, "da", evil).await;
        assert_eq!(r.headers()["location"], "/", "{evil:?}");
    }
    // The switch changes the account, so it is a form with the session's token, not a link.
    let r = c.get(format!("{}/language/da?back=/org", app.url)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::METHOD_NOT_ALLOWED);
    let r = c.post(format!("{}/language/en", app.url)).form(&[("back", "/org")]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN, "a forged switch is refused");
    let (_, body) = app.get(&c, "/org").await;
    assert!(body.contains("<html lang=\"da\">"), "and changes nothing");
    let account = store::platform::accounts::by_email(&app.db, &app.email("employee").await).await.unwrap().unwrap();
    assert_eq!(account.lang, "da");
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
async fn one_address_trying_many_accounts_is_slowed_down() {
    let app = App::start().await;
    let c = app.client();
    for i in 0..domain::throttle::ADDRESS.free {
        let r = app.try_sign_in(&c, &format!("guess{i}@ishoj.example"), "x").await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    // Even a real account with the right password waits now, from this address.
    let email = app.email("employee").await;
    let r = app.try_sign_in(&c, &email, PASSWORD).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(app.audit_actions().await.contains(&"auth.throttled".to_string()));
    // Writing another address in X-Forwarded-For changes nothing: no proxy is trusted.
    let form = c.get(format!("{}/login", app.url)).send().await.unwrap().text().await.unwrap();
    let csrf = crate::harness::hidden_in_form(&form, "/login", "csrf");
    let r = c
        .post(format!("{}/login", app.url))
        .header("x-forwarded-for", "203.0.113.77")
        .form(&[("email", email.as_str()), ("password", PASSWORD), ("csrf", &csrf), ("next", "/")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    app.clock.set(app.now() + chrono::Duration::seconds(1));
    assert_eq!(app.try_sign_in(&c, &email, PASSWORD).await.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_client_is_throttled_on_its_own() {
    let proxies = vec!["127.0.0.1".parse().unwrap()];
    let app = App::start_configured(web::WebConfig { trusted_proxies: proxies, ..Default::default() }).await;
    let c = app.client();
    let sign_in = |from: &'static str, email: String, password: &'static str| {
        let c = c.clone();
        let url = app.url.clone();
        async move {
            let form = c.get(format!("{url}/login")).send().await.unwrap().text().await.unwrap();
            let csrf = crate::harness::hidden_in_form(&form, "/login", "csrf");
            c.post(format!("{url}/login"))
                .header("x-forwarded-for", from)
                .form(&[("email", email.as_str()), ("password", password), ("csrf", &csrf), ("next", "/")])
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    for i in 0..domain::throttle::ADDRESS.free {
        assert_eq!(sign_in("198.51.100.1", format!("guess{i}@ishoj.example"), "x").await, StatusCode::UNAUTHORIZED);
    }
    let email = app.email("employee").await;
    assert_eq!(sign_in("198.51.100.1", email.clone(), PASSWORD).await, StatusCode::TOO_MANY_REQUESTS, "the guessing client waits");
    assert_eq!(sign_in("198.51.100.2", email, PASSWORD).await, StatusCode::SEE_OTHER, "another client behind the proxy does not");
    let addresses: Vec<String> = store::platform::audit::page(&app.db, app.tenant, "", 1000, 0)
        .await
        .unwrap()
        .0
        .into_iter()
        .filter(|e| e.action == "auth.signin")
        .map(|e| e.detail)
        .collect();
    assert!(addresses.iter().any(|a| a == "198.51.100.2"), "the client's address is recorded: {addresses:?}");
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

#[tokio::test]
async fn failed_sign_ins_are_forgotten_after_a_day() {
    let app = App::start().await;
    let c = app.client();
    assert_eq!(app.try_sign_in(&c, "ukendt@ishoj.example", "x").await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(store::platform::accounts::throttle_keys(&app.db).await.unwrap(), 2, "the account and the address");
    service::platform::signin::purge_throttle(&app.svc).await.unwrap();
    assert_eq!(store::platform::accounts::throttle_keys(&app.db).await.unwrap(), 2, "kept while fresh");
    app.clock.set(app.now() + chrono::Duration::hours(25));
    service::platform::signin::purge_throttle(&app.svc).await.unwrap();
    assert_eq!(store::platform::accounts::throttle_keys(&app.db).await.unwrap(), 0);
}
