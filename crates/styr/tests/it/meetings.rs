//! Forums and meetings: who reads what, generating from the cadence, and
//! moving and cancelling with conflicts detected.

use chrono::{Datelike, Duration, Utc};
use reqwest::{Client, StatusCode};

use crate::harness::{App, hidden, hidden_in_form};

async fn forum_id(app: &App, name: &str) -> i64 {
    store::meetings::forums(&app.db, app.tenant).await.unwrap().into_iter().find(|f| f.name == name).unwrap().id
}

async fn meeting_count(app: &App) -> usize {
    let mut n = 0;
    for f in store::meetings::forums(&app.db, app.tenant).await.unwrap() {
        n += store::meetings::meetings_of_forum(&app.db, app.tenant, f.id, app.now() - Duration::days(4000), app.now() + Duration::days(4000))
            .await
            .unwrap()
            .len();
    }
    n
}

async fn post(app: &App, c: &Client, path: &str, form: &[(&str, &str)]) -> (StatusCode, String) {
    let r = c.post(format!("{}{path}", app.url)).form(form).send().await.unwrap();
    (r.status(), r.text().await.unwrap())
}

#[tokio::test]
async fn forums_are_read_by_their_readers_only() {
    let app = App::start().await;
    let board = forum_id(&app, "Direktionsmøde").await;
    let group = forum_id(&app, "Koncernledelsesmøde").await;
    // (role, may read the board's meetings, may read group management's)
    for (role, board_ok, group_ok) in
        [("employee", false, false), ("unit_leader", false, true), ("centre_chief", false, true), ("director", true, true), ("secretariat", true, true)]
    {
        let c = app.sign_in(role).await;
        let (status, list) = app.get(&c, "/forums").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(list.contains("Direktionsmøde"), board_ok, "{role} list");
        assert_eq!(list.contains("Koncernledelsesmøde"), group_ok, "{role} list");
        let (status, _) = app.get(&c, &format!("/forums/{board}")).await;
        assert_eq!(status == StatusCode::OK, board_ok, "{role} board page");
        let (status, _) = app.get(&c, &format!("/forums/{group}")).await;
        assert_eq!(status == StatusCode::OK, group_ok, "{role} group page");
    }
}

#[tokio::test]
async fn the_demo_year_follows_the_cadence_and_the_chairs_rotate() {
    let app = App::start().await;
    let group = forum_id(&app, "Koncernledelsesmøde").await;
    let meetings =
        store::meetings::meetings_of_forum(&app.db, app.tenant, group, app.now() - Duration::days(200), app.now() + Duration::days(200)).await.unwrap();
    assert!(meetings.len() >= 22, "a year of fortnightly meetings, less holidays");
    let chairs: Vec<i64> = meetings.iter().filter_map(|m| m.chair_person_id).collect();
    assert_eq!(chairs.len(), meetings.len(), "every meeting has a chair");
    for w in chairs.windows(3) {
        assert!(w[0] != w[1] && w[1] != w[2] && w[0] != w[2], "three directors take turns");
    }
    // A Direktionsmøde in summer time is still at 09:00 on the page.
    let board = forum_id(&app, "Direktionsmøde").await;
    let summer = store::meetings::meetings_of_forum(&app.db, app.tenant, board, app.now() - Duration::days(200), app.now() + Duration::days(200))
        .await
        .unwrap()
        .into_iter()
        .find(|m| {
            let local = m.starts_at.with_timezone(&chrono_tz::Europe::Copenhagen);
            chrono::Offset::fix(local.offset()).local_minus_utc() == 7200
        })
        .expect("a meeting in summer time");
    let c = app.sign_in("director").await;
    let (_, page) = app.get(&c, &format!("/meetings/{}", summer.id)).await;
    assert!(page.contains("kl. 09:00"), "local time kept");
}

#[tokio::test]
async fn the_secretariat_generates_meetings_once_and_bad_periods_change_nothing() {
    let app = App::start().await;
    let forum = forum_id(&app, "Arbejdsgruppe om fælles indkøb").await;
    let c = app.sign_in("secretariat").await;
    let (_, page) = app.get(&c, &format!("/forums/{forum}")).await;
    let csrf = hidden(&page, "csrf");
    let before = meeting_count(&app).await;

    let (status, body) = post(&app, &c, &format!("/forums/{forum}/generate"), &[("csrf", &csrf), ("from", "2027-12-31"), ("to", "2027-01-01")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("Slutdatoen ligger før startdatoen."));
    let (status, body) = post(&app, &c, &format!("/forums/{forum}/generate"), &[("csrf", &csrf), ("from", "i morgen"), ("to", "2027-01-01")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("Skriv en dato som åååå-mm-dd"));
    let (status, _) = post(&app, &c, &format!("/forums/{forum}/generate"), &[("csrf", &csrf), ("from", "2028-01-01"), ("to", "2032-01-01")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = post(&app, &c, &format!("/forums/{forum}/generate"), &[("csrf", "forged"), ("from", "2028-01-01"), ("to", "2028-12-31")]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(meeting_count(&app).await, before, "nothing changed");

    let (status, _) = post(&app, &c, &format!("/forums/{forum}/generate"), &[("csrf", &csrf), ("from", "2028-01-01"), ("to", "2028-12-31")]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let after = meeting_count(&app).await;
    assert_eq!(after - before, 13, "every 4 weeks for a year");
    let (status, _) = post(&app, &c, &format!("/forums/{forum}/generate"), &[("csrf", &csrf), ("from", "2028-01-01"), ("to", "2028-12-31")]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(meeting_count(&app).await, after, "generating again creates nothing");

    // Others may not plan meetings.
    let chief = app.sign_in("director").await;
    let csrf = app.csrf(&chief).await;
    let (status, _) = post(&app, &chief, &format!("/forums/{forum}/generate"), &[("csrf", &csrf), ("from", "2029-01-01"), ("to", "2029-12-31")]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(meeting_count(&app).await, after);
}

#[tokio::test]
async fn extra_meetings_are_added_but_never_in_the_past() {
    let app = App::start().await;
    let forum = forum_id(&app, "Temamøde i koncernledelsen").await;
    let c = app.sign_in("secretariat").await;
    let csrf = app.csrf(&c).await;
    let before = meeting_count(&app).await;
    let (status, body) =
        post(&app, &c, &format!("/forums/{forum}/meetings"), &[("csrf", &csrf), ("date", "2020-01-07"), ("time", "10:00"), ("minutes", "120"), ("place", "")])
            .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("Tidspunktet er overstået"));
    let (status, body) =
        post(&app, &c, &format!("/forums/{forum}/meetings"), &[("csrf", &csrf), ("date", "2030-01-07"), ("time", "25:99"), ("minutes", "0"), ("place", "")])
            .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("Skriv et klokkeslæt") && body.contains("mellem 5 og 2880 minutter"));
    assert_eq!(meeting_count(&app).await, before);
    let r = c
        .post(format!("{}/forums/{forum}/meetings", app.url))
        .form(&[("csrf", csrf.as_str()), ("date", "2030-01-07"), ("time", "10:00"), ("minutes", "120"), ("place", "<b>Rådhuset</b>")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let id = r.headers()["location"].to_str().unwrap().rsplit('=').next().unwrap().to_string();
    assert_eq!(meeting_count(&app).await, before + 1);
    let (_, page) = app.get(&c, &format!("/meetings/{id}")).await;
    assert!(page.contains("mandag 7. januar 2030 kl. 10:00"));
    assert!(!page.contains("<b>Rådhuset</b>"));
}

#[tokio::test]
async fn moving_and_cancelling_detect_conflicts_and_keep_the_rotation_fair() {
    let app = App::start().await;
    let group = forum_id(&app, "Koncernledelsesmøde").await;
    let coming = store::meetings::meetings_of_forum(&app.db, app.tenant, group, app.now(), app.now() + Duration::days(200)).await.unwrap();
    let (first, second) = (&coming[0], &coming[1]);
    let a = app.sign_in("secretariat").await;
    let b = app.sign_in("administrator").await;
    // The årshjul, drawn once and kept in memory, follows every move at once.
    let wheel = format!("/aarshjul/{}", first.starts_at.with_timezone(&chrono_tz::Europe::Copenhagen).year());
    let on_wheel = |page: &str, id: domain::meetings::MeetingId| {
        page.split("<tbody>")
            .nth(1)
            .unwrap_or("")
            .split("<tr")
            .find(|r| r.contains(&format!("href=\"/meetings/{id}\"")))
            .map(|r| r.split("<td>").nth(1).unwrap_or("").split("</td>").next().unwrap_or("").to_string())
    };
    let day = |at: chrono::DateTime<Utc>| at.with_timezone(&chrono_tz::Europe::Copenhagen).format("%d.%m.%Y").to_string();
    let (_, page) = app.get(&a, &wheel).await;
    assert_eq!(on_wheel(&page, first.id), Some(day(first.starts_at)));
    let (_, page_a) = app.get(&a, &format!("/meetings/{}", first.id)).await;
    let (_, page_b) = app.get(&b, &format!("/meetings/{}", first.id)).await;
    let action = format!("/meetings/{}/move", first.id);
    let version = hidden_in_form(&page_a, &action, "version");
    assert_eq!(version, hidden_in_form(&page_b, &action, "version"));
    let date = (first.starts_at + Duration::days(1)).with_timezone(&chrono_tz::Europe::Copenhagen).format("%Y-%m-%d").to_string();
    let csrf_a = hidden(&page_a, "csrf");
    let (status, _) = post(
        &app,
        &a,
        &format!("/meetings/{}/move", first.id),
        &[("csrf", &csrf_a), ("version", &version), ("date", &date), ("time", "14:00"), ("minutes", "150"), ("place", "Byrådssalen")],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    // The second person, still looking at the old version, is told and changes nothing.
    let csrf_b = hidden(&page_b, "csrf");
    let (status, body) = post(
        &app,
        &b,
        &format!("/meetings/{}/move", first.id),
        &[("csrf", &csrf_b), ("version", &version), ("date", &date), ("time", "08:00"), ("minutes", "60"), ("place", "")],
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(body.contains("Mødet er ændret af en anden"));
    let now = store::meetings::meeting(&app.db, app.tenant, first.id).await.unwrap().unwrap();
    assert_eq!(now.starts_at.with_timezone(&chrono_tz::Europe::Copenhagen).format("%H:%M").to_string(), "14:00");
    let (_, page) = app.get(&a, &wheel).await;
    assert_eq!(on_wheel(&page, first.id), Some(day(first.starts_at + Duration::days(1))), "the wheel shows the meeting on its new day");

    // Cancelling needs a reason; then the next meeting takes over the chair.
    let (_, page) = app.get(&a, &format!("/meetings/{}", first.id)).await;
    let v = hidden_in_form(&page, &format!("/meetings/{}/cancel", first.id), "version");
    let (status, body) = post(&app, &a, &format!("/meetings/{}/cancel", first.id), &[("csrf", &csrf_a), ("version", &v), ("reason", "  ")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("Feltet skal udfyldes."));
    let (status, _) = post(&app, &a, &format!("/meetings/{}/cancel", first.id), &[("csrf", &csrf_a), ("version", &v), ("reason", "Budgetseminar")]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let next = store::meetings::meeting(&app.db, app.tenant, second.id).await.unwrap().unwrap();
    assert_eq!(next.chair_person_id, first.chair_person_id, "the cancelled meeting's chair chairs the next one");
    let (_, page) = app.get(&a, &format!("/meetings/{}", first.id)).await;
    assert!(page.contains("Budgetseminar") && page.contains("Aflyst"));
    let (_, page) = app.get(&a, &wheel).await;
    assert_eq!(on_wheel(&page, first.id), None, "a cancelled meeting leaves the wheel");
    assert!(
        on_wheel(&page, second.id).is_some()
            || second.starts_at.with_timezone(&chrono_tz::Europe::Copenhagen).year() != first.starts_at.with_timezone(&chrono_tz::Europe::Copenhagen).year()
    );
    // A cancelled meeting cannot be moved.
    let (status, _) = post(
        &app,
        &a,
        &format!("/meetings/{}/move", first.id),
        &[("csrf", &csrf_a), ("version", "99"), ("date", &date), ("time", "10:00"), ("minutes", "60"), ("place", "")],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    // A director may read but not change the meeting.
    let d = app.sign_in("director").await;
    let csrf = app.csrf(&d).await;
    let (status, _) = post(&app, &d, &format!("/meetings/{}/cancel", second.id), &[("csrf", &csrf), ("version", "1"), ("reason", "x")]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}
