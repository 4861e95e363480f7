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
    // In words: the person's name beside their e-mail, and what happened as a sentence.
    let employee_name = store::org::search_people(&app.db, app.tenant, &employee_email, 1, 0).await.unwrap().0.remove(0).name;
    assert!(
        page.contains(&format!("<td>{employee_name} ({employee_email})</td><td>Fik afslag på adgang til /admin/import</td>")),
        "who was refused, and what: {page}"
    );
    assert!(!page.contains("access.denied") && !page.contains("Loggede ind"), "no codes, and only refusals under that filter");
    assert_eq!(count(&page), 1);
    let (_, page) = app.get(&admin, "/admin/audit?action=auth.").await;
    assert_eq!(count(&page), 3, "three sign-ins");
    assert!(!page.contains("Fik afslag"));

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
        store::platform::audit::record(&app.db, Some(app.tenant), &actor, "meetings.move", &format!("meeting:{}", 1000 + n), "").await.unwrap();
    }
    let (_, first) = app.get(&admin, "/admin/audit?action=meetings.").await;
    assert!(count(&first) >= 60);
    assert!(first.contains("<a href=\"/meetings/1059\">Møde 1059</a>") && !first.contains("Møde 1000<"));
    let next = first.split("pagination-next\" href=\"").nth(1).and_then(|s| s.split('"').next()).expect("a link to the next page");
    assert!(next.ends_with("page=2") && next.contains("action=meetings."), "{next}");
    let (_, second) = app.get(&admin, "/admin/audit?action=meetings.&page=2").await;
    assert!(second.contains("Møde 1000<") && !second.contains("Møde 1059<"));
}

/// The log narrowed by person and by date, and the same entries as a
/// spreadsheet; a date that cannot be read is said beside its field.
#[tokio::test]
async fn the_log_is_narrowed_by_person_and_date_and_exported() {
    let app = App::start().await;
    let sec = app.sign_in("secretariat").await;
    let admin = app.sign_in("administrator").await;
    let sec_email = app.email("secretariat").await;
    let sec_name = store::org::search_people(&app.db, app.tenant, &sec_email, 1, 0).await.unwrap().0.remove(0).name;
    drop(sec);
    // By a part of the name.
    let first_name = sec_name.split(' ').next().unwrap();
    let (status, page) = app.get(&admin, &format!("/admin/audit?person={}", crate::harness::query(first_name))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(&format!("{sec_name} ({sec_email})")) && page.contains("Loggede ind"));
    assert!(!page.contains(&app.email("administrator").await), "only that person's entries");
    // By date: the days around now hold the sign-ins (the log keeps the real
    // time, not the demo's clock), a month in the past holds nothing.
    let day = |d: i64| (chrono::Utc::now() + chrono::Duration::days(d)).format("%d.%m.%Y").to_string();
    let (_, page) = app.get(&admin, &format!("/admin/audit?from={}&to={}", day(-1), day(1))).await;
    assert!(count(&page) >= 2, "{page}");
    let (_, page) = app.get(&admin, "/admin/audit?from=1.1.2001&to=2001-01-31").await;
    assert_eq!(count(&page), 0);
    // A date that cannot be read: said beside the field, nothing narrowed, no export link.
    let (status, page) = app.get(&admin, "/admin/audit?from=i+g%C3%A5r").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("id=\"from-error\"") && page.contains("Skriv datoen som dag.måned.år"));
    assert!(!page.contains("/admin/audit.csv"));

    // The export holds what the page shows, in words, for Danish Excel.
    let (_, page) = app.get(&admin, &format!("/admin/audit?person={}", crate::harness::query(&sec_email))).await;
    let link =
        page.split("href=\"/admin/audit.csv?").nth(1).and_then(|s| s.split('"').next()).expect("an export link").replace("&#38;", "&").replace("&amp;", "&");
    let r = admin.get(format!("{}/admin/audit.csv?{link}", app.url)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    let csv = r.text().await.unwrap();
    assert!(csv.starts_with("\u{feff}\"Tidspunkt\";\"Hvem\""));
    assert!(csv.contains(&format!("\"{sec_name} ({sec_email})\";\"Loggede ind")), "{csv}");
    let admin_email = app.email("administrator").await;
    assert!(!csv.lines().skip(1).any(|l| l.split(';').nth(1).is_some_and(|who| who.contains(&admin_email))), "{csv}");
    // Only for those who may read the log.
    let employee = app.sign_in("employee").await;
    assert_eq!(app.get(&employee, "/admin/audit.csv").await.0, StatusCode::FORBIDDEN);
}
