//! Sessions that end, and the audit log the administrator reads.

use chrono::Duration;
use reqwest::StatusCode;

use crate::harness::App;

/// The number in "N hændelser." on the audit page, read exactly.
fn count(page: &str) -> i64 {
    let start = page.find("<p role=\"status\">").expect("a count") + "<p role=\"status\">".len();
    let text = &page[start..];
    if text.starts_with("Én hændelse.") {
        return 1;
    }
    text.split(' ').next().and_then(|n| n.parse().ok()).unwrap_or_else(|| panic!("a number in {}", &text[..40.min(text.len())]))
}

#[tokio::test]
async fn a_session_ends_after_twelve_hours() {
    let app = App::start().await;
    let c = app.sign_in("secretariat").await;
    let csrf = app.csrf(&c).await;
    let start = app.now();
    app.clock.set(start + Duration::hours(12) - Duration::minutes(1));
    let (status, _) = app.get(&c, "/").await;
    assert_eq!(status, StatusCode::OK, "still signed in a minute before the end");

    app.clock.set(start + Duration::hours(12) + Duration::minutes(1));
    let r = c.get(format!("{}/decisions", app.url)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], "/login?next=/decisions", "sent to sign in, and back afterwards");
    // A form from before cannot be sent with the old session.
    let before = app.rows().await;
    let r = c.post(format!("{}/aarshjul/entries", app.url)).form(&[("csrf", csrf.as_str()), ("title", "Efter udløb")]).send().await.unwrap();
    assert!(r.status() == StatusCode::SEE_OTHER || r.status() == StatusCode::FORBIDDEN, "{}", r.status());
    assert_eq!(app.rows().await, before);
    // Nor the API with the cookie.
    let r = c.get(format!("{}/api/v1/units", app.url)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    // The sweep removes it, and only it: a session begun now stays.
    let fresh = app.sign_in("employee").await;
    let swept = store::platform::sessions::purge_expired(&app.db, app.now()).await.unwrap();
    assert!(swept >= 1);
    assert_eq!(app.get(&fresh, "/").await.0, StatusCode::OK);
    // Signing in again works.
    let c = app.sign_in("secretariat").await;
    assert_eq!(app.get(&c, "/").await.0, StatusCode::OK);
}

#[tokio::test]
async fn the_administrator_reads_who_did_what() {
    let app = App::start().await;
    // An employee is refused a page, and a secretariat member signs in.
    let employee = app.sign_in("employee").await;
    assert_eq!(app.get(&employee, "/admin/import").await.0, StatusCode::FORBIDDEN);
    app.sign_in("secretariat").await;
    let admin = app.sign_in("administrator").await;
    let employee_email = app.email("employee").await;

    let (status, page) = app.get(&admin, "/admin/audit?action=access.").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(&format!("<td>{employee_email}</td><td>access.denied</td>")), "who was refused, and what");
    assert!(page.contains("/admin/import"), "where");
    assert!(!page.contains("<td>auth.signin</td>"), "only refusals under that filter");
    assert_eq!(count(&page), 1);
    let (_, page) = app.get(&admin, "/admin/audit?action=auth.").await;
    assert_eq!(count(&page), 3, "three sign-ins");
    assert!(!page.contains("access.denied"));

    // Another municipality's log is not shown, and an unknown filter shows everything.
    let other = store::tenant::ensure(&app.db, "roskilde", "Roskilde Kommune").await.unwrap();
    let stranger = store::platform::audit::Actor::system("fremmed@roskilde.example");
    store::platform::audit::record(&app.db, Some(other.id), &stranger, "auth.signin", "roskilde", "").await.unwrap();
    let (_, all) = app.get(&admin, "/admin/audit").await;
    let (_, unknown) = app.get(&admin, "/admin/audit?action=%25").await;
    assert_eq!(count(&unknown), count(&all));
    assert!(!all.contains("fremmed@roskilde.example"));

    // A long log is paged, fifty to a page, newest first.
    let actor = store::platform::audit::Actor::system("test");
    for n in 0..60 {
        store::platform::audit::record(&app.db, Some(app.tenant), &actor, "meetings.move", &format!("meeting-{n:02}"), "").await.unwrap();
    }
    let (_, first) = app.get(&admin, "/admin/audit?action=meetings.").await;
    assert!(count(&first) >= 60);
    assert!(first.contains("meeting-59") && !first.contains("meeting-00"));
    let next = first.split("pagination-next\" href=\"").nth(1).and_then(|s| s.split('"').next()).expect("a link to the next page");
    assert!(next.ends_with("page=2") && next.contains("action=meetings."), "{next}");
    let (_, second) = app.get(&admin, "/admin/audit?action=meetings.&page=2").await;
    assert!(second.contains("meeting-00") && !second.contains("meeting-59"));
}
