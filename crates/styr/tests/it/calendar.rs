//! iCalendar feeds: a forum's, a meeting's and a person's own by token.

use reqwest::StatusCode;

use crate::harness::App;

#[tokio::test]
async fn feeds_for_calendar_programs() {
    let app = App::start().await;
    let f = store::meetings::forums(&app.db, app.tenant).await.unwrap().into_iter().find(|f| f.name == "Direktionsmøde").unwrap();
    let director = app.sign_in("director").await;
    let r = director.get(format!("{}/forums/{}/meetings.ics", app.url, f.id)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers()["content-type"].to_str().unwrap().starts_with("text/calendar"));
    let body = r.text().await.unwrap();
    assert!(body.starts_with("BEGIN:VCALENDAR\r\n") && body.contains("TZID:Europe/Copenhagen"));
    assert!(body.matches("BEGIN:VEVENT").count() > 10);
    assert!(body.contains("T090000\r\n"), "09:00 local time");
    // One meeting as a file.
    let m = store::meetings::next_meetings(&app.db, app.tenant, app.now()).await.unwrap().remove(&f.id).unwrap();
    let (status, one) = app.get(&director, &format!("/meetings/{}.ics", m.id)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(one.matches("BEGIN:VEVENT").count(), 1);
    assert!(one.contains(&format!("UID:meeting-{}@ishoj.styr", m.id)));

    // Readers only: an employee may not have the board's calendar.
    let employee = app.sign_in("employee").await;
    let (status, _) = app.get(&employee, &format!("/forums/{}/meetings.ics", f.id)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // A subscription link works without signing in, and only with a real token.
    let (_, page) = app.get(&director, "/forums").await;
    let csrf = crate::harness::hidden_in_form(&page, "/calendar/link", "csrf");
    let page = director.post(format!("{}/calendar/link", app.url)).form(&[("csrf", csrf.as_str())]).send().await.unwrap().text().await.unwrap();
    let start = page.find("/calendar/me.ics?token=").unwrap() + "/calendar/me.ics?token=".len();
    let token: String = page[start..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
    let anonymous = app.client();
    let (status, mine) = app.get(&anonymous, &format!("/calendar/me.ics?token={token}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(mine.contains("SUMMARY:Direktionsmøde") && mine.contains("SUMMARY:Koncernledelsesmøde"));
    let (status, _) = app.get(&anonymous, "/calendar/me.ics?token=styr_forged").await;
    assert_eq!(status, StatusCode::SEE_OTHER, "sent to sign in");
}
