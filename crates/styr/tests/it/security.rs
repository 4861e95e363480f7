//! Regression tests for what was found when styr was tried from outside:
//! attachments of proposals, open redirects, personal tokens, minutes
//! corrections across meetings, årshjul years, HSTS, /metrics, and accounts
//! across municipalities.

use chrono::Duration;
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use serde_json::Value;

use crate::harness::{App, hidden_in_form};

async fn group(app: &App) -> (store::meetings::Forum, Vec<store::meetings::Meeting>) {
    let f = store::meetings::forums(&app.db, app.tenant).await.unwrap().into_iter().find(|f| f.name == "Koncernledelsesmøde").unwrap();
    let ms = store::meetings::meetings_of_forum(&app.db, app.tenant, f.id, app.now() - Duration::days(200), app.now() + Duration::days(200)).await.unwrap();
    (f, ms)
}

#[tokio::test]
async fn a_proposals_attachment_is_for_its_proposer_and_the_secretariat_until_it_is_placed() {
    let app = App::start().await;
    let (_, ms) = group(&app).await;
    let next = ms.iter().find(|m| m.starts_at > app.now() && !m.is_cancelled()).unwrap();
    let chief = app.sign_in("centre_chief").await;
    let csrf = app.csrf(&chief).await;
    let form = Form::new()
        .text("csrf", csrf)
        .text("title", "Fortroligt udkast")
        .text("kind", "information")
        .text("minutes", "10")
        .part("files", Part::bytes(b"%PDF-1.4 udkast".to_vec()).file_name("Udkast.pdf"));
    let r = chief.post(format!("{}/meetings/{}/propose", app.url, next.id)).multipart(form).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let file =
        store::meetings::agenda::attachments_of_meeting(&app.db, app.tenant, next.id).await.unwrap().into_iter().find(|a| a.file_name == "Udkast.pdf").unwrap();
    let url = format!("{}/attachments/{}", app.url, file.id);
    // Other readers of the forum, members or not, do not get it while it is a proposal.
    for role in ["director", "unit_leader"] {
        let r = app.sign_in(role).await.get(&url).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{role}");
    }
    assert_eq!(chief.get(&url).send().await.unwrap().status(), StatusCode::OK, "the proposer");
    let sec = app.sign_in("secretariat").await;
    assert_eq!(sec.get(&url).send().await.unwrap().status(), StatusCode::OK, "the secretariat");
    // Declined, it stays with them.
    let item = store::meetings::agenda::item(&app.db, app.tenant, file.item_id).await.unwrap().unwrap();
    let csrf_s = app.csrf(&sec).await;
    let r = sec
        .post(format!("{}/items/{}/decline", app.url, item.id))
        .form(&[("csrf", csrf_s.as_str()), ("version", &item.version.to_string()), ("reason", "Ikke nu")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.sign_in("director").await.get(&url).send().await.unwrap().status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn sign_in_and_the_language_switch_only_go_back_to_styr() {
    let app = App::start().await;
    let email = app.email("employee").await;
    for evil in ["/%09/evil.example", "//evil.example", "/%5Cevil.example", "https://evil.example"] {
        let c = app.client();
        let form = c.get(format!("{}/login?next={evil}", app.url)).send().await.unwrap().text().await.unwrap();
        let next = crate::harness::hidden_in_form(&form, "/login", "next");
        assert_eq!(next, "/", "{evil}: the form carries no way out");
        let csrf = hidden_in_form(&form, "/login", "csrf");
        let decoded = evil.replace("%09", "\t").replace("%5C", "\\");
        let r = c
            .post(format!("{}/login", app.url))
            .form(&[("email", email.as_str()), ("password", crate::harness::PASSWORD), ("csrf", &csrf), ("next", &decoded)])
            .send()
            .await
            .unwrap();
        assert_eq!(r.headers()["location"], "/", "{evil:?} after sign-in");
        // Signed in already, the sign-in page sends one on, but not away.
        let r = c.get(format!("{}/login?next={evil}", app.url)).send().await.unwrap();
        assert_eq!(r.headers()["location"], "/", "{evil:?} when signed in");
        app.clock.set(app.now() + Duration::seconds(1));
    }
}

#[tokio::test]
async fn a_calendar_feed_token_reads_the_feeds_and_nothing_else() {
    let app = App::start().await;
    let token = app.feed_token("centre_chief").await;
    let c = app.client();
    let r = c.get(format!("{}/calendar/me.ics?token={token}", app.url)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.unwrap().contains("BEGIN:VCALENDAR"));
    // Not the API, nor pages.
    let r = c.get(format!("{}/api/v1/units", app.url)).bearer_auth(&token).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let r = c.get(format!("{}/decisions?token={token}", app.url)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "pages still ask to sign in");
    // And an API token is no feed token.
    let api = app.api_token("centre_chief").await;
    let r = c.get(format!("{}/calendar/me.ics?token={api}", app.url)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // Listed on the person's own page, and revoked there.
    let chief = app.sign_in("centre_chief").await;
    let me = app.viewer_of("centre_chief").await.person().unwrap();
    let (_, page) = app.get(&chief, &format!("/people/{me}")).await;
    assert!(page.contains("Dine nøgler") && page.contains("Kalenderadresse"));
    let account = store::platform::accounts::by_email(&app.db, &app.email("centre_chief").await).await.unwrap().unwrap();
    let feed = store::platform::accounts::tokens_of(&app.db, app.tenant, account.id)
        .await
        .unwrap()
        .into_iter()
        .find(|t| t.kind == store::platform::accounts::TokenKind::Feed)
        .unwrap();
    let path = format!("/tokens/{}/revoke", feed.id);
    let csrf = hidden_in_form(&page, &path, "csrf");
    // Someone else cannot revoke it.
    let other = app.sign_in("director").await;
    let csrf_o = app.csrf(&other).await;
    other.post(format!("{}{path}", app.url)).form(&[("csrf", csrf_o.as_str())]).send().await.unwrap();
    assert_eq!(c.get(format!("{}/calendar/me.ics?token={token}", app.url)).send().await.unwrap().status(), StatusCode::OK);
    let r = chief.post(format!("{}{path}", app.url)).form(&[("csrf", csrf.as_str())]).send().await.unwrap();
    assert!(r.headers()["location"].to_str().unwrap().contains("token=revoked"));
    assert_eq!(c.get(format!("{}/calendar/me.ics?token={token}", app.url)).send().await.unwrap().status(), StatusCode::SEE_OTHER, "revoked");
    // Another person's page shows no keys.
    let (_, page) = app.get(&other, &format!("/people/{me}")).await;
    assert!(!page.contains("Dine nøgler"));
}

#[tokio::test]
async fn api_tokens_have_a_scope_an_expiry_and_can_be_revoked() {
    let app = App::start().await;
    let c = app.client();
    let calendar_only = app.api_token_scoped("centre_chief", "programme").await;
    let r = c.get(format!("{}/api/v1/calendar", app.url)).bearer_auth(&calendar_only).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let r = c.get(format!("{}/api/v1/units", app.url)).bearer_auth(&calendar_only).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN, "outside its scope");
    assert_eq!(r.headers()["content-type"], "application/problem+json");
    assert!(app.audit_actions().await.contains(&"access.denied".to_string()), "a refusal in the API is audited");
    // Its use is written down, for its owner's list.
    let account = store::platform::accounts::by_email(&app.db, &app.email("centre_chief").await).await.unwrap().unwrap();
    let used = store::platform::accounts::tokens_of(&app.db, app.tenant, account.id).await.unwrap();
    assert!(used.iter().any(|t| t.last_used_at.is_some()), "its last use is shown");
    // Expired a day after it was made.
    app.clock.set(app.now() + Duration::days(1) + Duration::seconds(1));
    let r = c.get(format!("{}/api/v1/calendar", app.url)).bearer_auth(&calendar_only).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);

    // Made on one's page: a bad form changes nothing and says why; a good one shows the token once.
    let chief = app.sign_in("centre_chief").await;
    let me = app.viewer_of("centre_chief").await.person().unwrap();
    let (_, page) = app.get(&chief, &format!("/people/{me}")).await;
    let csrf = hidden_in_form(&page, "/tokens", "csrf");
    let account = store::platform::accounts::by_email(&app.db, &app.email("centre_chief").await).await.unwrap().unwrap();
    let before = store::platform::accounts::tokens_of(&app.db, app.tenant, account.id).await.unwrap().len();
    let r =
        chief.post(format!("{}/tokens", app.url)).form(&[("csrf", csrf.as_str()), ("label", " "), ("scope", "root"), ("days", "999")]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    assert!(body.contains("Giv nøglen et navn") && body.contains("Vælg mindst én del") && body.contains("fra 1 til 366"), "{body}");
    assert_eq!(store::platform::accounts::tokens_of(&app.db, app.tenant, account.id).await.unwrap().len(), before, "nothing was made");
    let r = chief
        .post(format!("{}/tokens", app.url))
        .form(&[("csrf", csrf.as_str()), ("label", "Intranettets årshjul"), ("scope", "programme"), ("scope", "meetings"), ("days", "30")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let page = r.text().await.unwrap();
    let marker = "id=\"token\" value=\"";
    let start = page.find(marker).unwrap() + marker.len();
    let token = page[start..].split('"').next().unwrap().to_string();
    assert!(token.starts_with("styr_"));
    let r = c.get(format!("{}/api/v1/forums", app.url)).bearer_auth(&token).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let made =
        store::platform::accounts::tokens_of(&app.db, app.tenant, account.id).await.unwrap().into_iter().find(|t| t.label == "Intranettets årshjul").unwrap();
    assert_eq!(made.scope, "meetings,programme");
    assert_eq!(made.expires_at.unwrap(), app.now() + Duration::days(30));
    // Revoked, it no longer opens the API.
    let (_, page) = app.get(&chief, &format!("/people/{me}")).await;
    let path = format!("/tokens/{}/revoke", made.id);
    let csrf = hidden_in_form(&page, &path, "csrf");
    chief.post(format!("{}{path}", app.url)).form(&[("csrf", csrf.as_str())]).send().await.unwrap();
    let r = c.get(format!("{}/api/v1/forums", app.url)).bearer_auth(&token).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let (_, page) = app.get(&chief, &format!("/people/{me}")).await;
    assert!(page.contains("Tilbagekaldt"));
}

#[tokio::test]
async fn a_correction_changes_only_its_own_meetings_minutes() {
    let app = App::start().await;
    let (_, ms) = group(&app).await;
    // Two held meetings with approved minutes and decisions.
    let mut approved = vec![];
    for m in ms.iter().filter(|m| m.starts_at < app.now()) {
        if let Some(min) = store::meetings::minutes::get(&app.db, app.tenant, m.id).await.unwrap()
            && min.is_approved()
            && !store::meetings::decisions::of_meeting(&app.db, app.tenant, m.id).await.unwrap().is_empty()
        {
            approved.push(m.clone());
        }
    }
    let (this, other) = (&approved[0], &approved[1]);
    let other_decision = store::meetings::decisions::of_meeting(&app.db, app.tenant, other.id).await.unwrap().into_values().next().unwrap();
    let other_entries = store::meetings::minutes::entries(&app.db, app.tenant, other.id).await.unwrap();
    let sec = app.sign_in("secretariat").await;
    let (_, page) = app.get(&sec, &format!("/meetings/{}", this.id)).await;
    let path = format!("/meetings/{}/minutes/correct", this.id);
    let csrf = hidden_in_form(&page, &path, "csrf");
    let version = hidden_in_form(&page, &path, "version");
    let field = format!("text-{}", other_decision.item_id);
    let r = sec
        .post(format!("{}{path}", app.url))
        .form(&[("csrf", csrf.as_str()), ("version", &version), ("reason", "Stavefejl"), (&field, "Omskrevet fra et andet møde")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let after = store::meetings::decisions::decision(&app.db, app.tenant, other_decision.id).await.unwrap().unwrap();
    assert_eq!(after.text, other_decision.text, "the other meeting's decision is untouched");
    assert_eq!(store::meetings::minutes::entries(&app.db, app.tenant, other.id).await.unwrap(), other_entries);
    // A text longer than an item's may be is refused, and nothing changes.
    let before = store::meetings::minutes::entries(&app.db, app.tenant, this.id).await.unwrap();
    let mine = format!("text-{}", before[0].item_id);
    let (_, page) = app.get(&sec, &format!("/meetings/{}", this.id)).await;
    let version = hidden_in_form(&page, &path, "version");
    let long = "x".repeat(domain::meetings::agenda::MAX_TEXT + 1);
    let r = sec
        .post(format!("{}{path}", app.url))
        .form(&[("csrf", csrf.as_str()), ("version", &version), ("reason", "For langt"), (&mine, &long)])
        .send()
        .await
        .unwrap();
    assert!(r.headers()["location"].to_str().unwrap().contains("minutes=too-long"));
    assert_eq!(store::meetings::minutes::entries(&app.db, app.tenant, this.id).await.unwrap(), before);
}

#[tokio::test]
async fn years_outside_the_wheels_range_are_not_found_in_any_form() {
    let app = App::start().await;
    let c = app.sign_in("employee").await;
    for path in ["/aarshjul/1999", "/aarshjul/99999.ics", "/aarshjul/2147483647.png", "/aarshjul/-5.svg", "/aarshjul/2101.ics", "/aarshjul/300000.png"] {
        let (status, _) = app.get(&c, path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
    }
    let token = app.api_token("employee").await;
    for q in ["from=99999-01-01", "from=1999-12-31&to=2000-01-02", "to=262143-01-01"] {
        let r = app.client().get(format!("{}/api/v1/calendar?{q}", app.url)).bearer_auth(&token).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{q}");
        let p: Value = r.json().await.unwrap();
        assert_eq!(p["status"], 400);
    }
}

#[tokio::test]
async fn behind_tls_browsers_are_told_to_stay_on_https() {
    let plain = App::start().await;
    let r = plain.client().get(format!("{}/login", plain.url)).send().await.unwrap();
    assert!(r.headers().get("strict-transport-security").is_none());
    // A client's own X-Forwarded-Proto is not believed.
    let r = plain.client().get(format!("{}/login", plain.url)).header("x-forwarded-proto", "https").send().await.unwrap();
    assert!(r.headers().get("strict-transport-security").is_none());
    assert!(r.headers().get_all("set-cookie").iter().all(|c| !c.to_str().unwrap().contains("Secure")));

    let tls = App::start_configured(web::WebConfig { secure_cookies: true, ..Default::default() }).await;
    let r = tls.client().get(format!("{}/login", tls.url)).send().await.unwrap();
    assert!(r.headers()["strict-transport-security"].to_str().unwrap().starts_with("max-age="));
    assert!(r.headers().get_all("set-cookie").iter().any(|c| c.to_str().unwrap().contains("; Secure")));

    let proxied = App::start_configured(web::WebConfig { trusted_proxies: vec!["127.0.0.1".parse().unwrap()], ..Default::default() }).await;
    let r = proxied.client().get(format!("{}/login", proxied.url)).header("x-forwarded-proto", "https").send().await.unwrap();
    assert!(r.headers().get("strict-transport-security").is_some(), "a trusted proxy's word counts");
    assert!(r.headers().get_all("set-cookie").iter().any(|c| c.to_str().unwrap().contains("; Secure")));
}

#[tokio::test]
async fn metrics_are_for_the_scraper_and_keep_their_labels_few() {
    let app = App::start().await;
    let c = app.client();
    let r = c.request(reqwest::Method::from_bytes(b"FROBNICATE").unwrap(), format!("{}/login", app.url)).send().await.unwrap();
    assert!(r.status().is_client_error());
    let (status, body) = app.get(&c, "/metrics").await;
    assert_eq!(status, StatusCode::OK, "loopback scrapes when nothing else is configured");
    // Through a proxy on the same machine every request comes from loopback; a forwarded one is not the scraper.
    let r = c.get(format!("{}/metrics", app.url)).header("x-forwarded-for", "203.0.113.9").send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN, "a forwarded request through a proxy not named as trusted");
    let r = c.get(format!("{}/metrics", app.url)).header("x-forwarded-for", reqwest::header::HeaderValue::from_bytes(b"\xff").unwrap()).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN, "an unreadable X-Forwarded-For is still forwarded");
    let r = c.get(format!("{}/metrics", app.url)).header("x-forwarded-proto", "https").send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN, "a proxy that sends no X-Forwarded-For");
    assert!(!body.contains("FROBNICATE") && body.contains("method=\"other\""), "an odd method is one label, not a new series");

    let guarded = App::start_configured(web::WebConfig {
        metrics_token: Some("scrape-secret".into()),
        metrics_from: vec!["10.0.0.0/8".parse().unwrap()],
        ..Default::default()
    })
    .await;
    let r = guarded.client().get(format!("{}/metrics", guarded.url)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN, "not from an address the configuration names");
    let r = guarded.client().get(format!("{}/metrics", guarded.url)).bearer_auth("wrong").send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = guarded.client().get(format!("{}/metrics", guarded.url)).bearer_auth("scrape-secret").send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
}

#[tokio::test]
async fn security_headers_are_on_every_answer() {
    let app = App::start().await;
    let c = app.sign_in("employee").await;
    for path in ["/", "/login", "/decisions", "/api/v1/units", "/no-such-page", "/healthz"] {
        let r = c.get(format!("{}{path}", app.url)).send().await.unwrap();
        let h = r.headers();
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(h["x-frame-options"], "DENY", "{path}");
        assert_eq!(h["referrer-policy"], "same-origin", "{path}");
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe"), "{path}: {csp}");
    }
}

#[tokio::test]
async fn a_forged_post_is_refused_before_anything_else_and_leaves_no_refusal_in_the_log() {
    let app = App::start().await;
    let employee = app.sign_in("employee").await;
    let denied = |actions: Vec<String>| actions.into_iter().filter(|a| a == "access.denied").count();
    let before = (denied(app.audit_actions().await), app.rows().await);
    let year = crate::harness::demo_now().format("%Y").to_string();
    // Routes the employee may not use, posted without the session's token as a forged form would be.
    for path in [format!("/programmes/{year}/status"), "/aarshjul/rules/1/exception".to_string(), format!("/aarshjul/{year}/rules")] {
        let r = employee.post(format!("{}{path}", app.url)).form(&[("csrf", "forged"), ("version", "1"), ("status", "closed")]).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{path}");
    }
    assert_eq!((denied(app.audit_actions().await), app.rows().await), before, "no refusal written, nothing changed");
}
