//! The access policy behind every output. A decision made on a closed item
//! (the demo's "Besættelse af stillingen som centerchef", a personnel matter
//! of the board) is read by the board's members and the secretariat only,
//! whoever it was communicated to: not in the register, on its page, on the
//! start page, in the API, in search, in the digest mail or on the
//! programme's pages. Each output is asked here, for an employee and for a
//! member of the forum.

use reqwest::StatusCode;
use serde_json::Value;
use store::meetings::decisions::Decision;

use crate::harness::{App, query, results};

/// The demo's closed decision told to all employees, which they must not see.
async fn closed_for_employees(app: &App) -> Decision {
    let all = store::meetings::decisions::search(&app.db, app.tenant, &app.every(), 1000, 0).await.unwrap();
    let d = all.into_iter().find(|d| d.closed && d.communicate == "employees" && d.title == "Besættelse af stillingen som centerchef");
    d.expect("the demo tells employees of a closed decision")
}

#[tokio::test]
async fn a_closed_decision_reaches_no_one_outside_the_forum_through_any_output() {
    let app = App::start().await;
    let d = closed_for_employees(&app).await;
    let link = format!("/decisions/{}", d.id);
    let employee = app.sign_in("employee").await;
    let director = app.sign_in("director").await;

    // The register and the decision's page.
    let (status, page) = app.get(&employee, "/decisions").await;
    assert_eq!(status, StatusCode::OK);
    assert!(!page.contains(&link), "not in the employee's register");
    let (status, _) = app.get(&employee, &link).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(app.audit_actions().await.contains(&"access.denied".to_string()), "the refusal is audited");
    let (status, page) = app.get(&director, &link).await;
    assert_eq!(status, StatusCode::OK, "a member of the board reads it");
    assert!(page.contains(&d.title));

    // The start page's news.
    let decided = d.decided_at;
    app.clock.set(decided + chrono::Duration::days(1));
    let (status, home) = app.get(&employee, "/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(home.contains("Nyt fra ledelsen") && !home.contains(&link) && !home.contains(&d.title), "not news to employees");
    let (_, home) = app.get(&director, "/").await;
    assert!(home.contains(&link), "but news to the board's members");

    // Search.
    let (status, hits) = app.get(&employee, &format!("/search?q={}", query(&d.title))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!results(&hits).contains(&link) && !results(&hits).contains(&d.title), "{}", results(&hits));
    let (_, hits) = app.get(&director, &format!("/search?q={}", query(&d.title))).await;
    assert!(hits.contains(&link));

    // The API, by token and by session.
    let token = app.api_token("employee").await;
    let r = app.client().get(format!("{}/api/v1/decisions?limit=500", app.url)).bearer_auth(&token).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let list: Vec<Value> = r.json().await.unwrap();
    assert!(!list.is_empty() && list.iter().all(|x| x["id"] != d.id && x["closed"] == false), "the API lists no closed decision to an employee");
    let r = employee.get(format!("{}/api/v1/decisions?limit=500", app.url)).send().await.unwrap();
    let list: Vec<Value> = r.json().await.unwrap();
    assert!(list.iter().all(|x| x["id"] != d.id));
    let r = director.get(format!("{}/api/v1/decisions?limit=500", app.url)).send().await.unwrap();
    let list: Vec<Value> = r.json().await.unwrap();
    assert!(list.iter().any(|x| x["id"] == d.id && x["closed"] == true));

    // The programme: approved by it, and linked to an initiative.
    let year = crate::harness::demo_now().format("%Y").to_string();
    let p = store::programme::programme(&app.db, app.tenant, year.parse().unwrap()).await.unwrap().unwrap();
    let actor = store::platform::audit::Actor::system("test");
    assert!(store::programme::set_status(&app.db, app.tenant, p.id, p.version, "approved", Some(d.id), &actor).await.unwrap());
    let initiative = store::programme::initiatives(&app.db, app.tenant, p.id).await.unwrap().remove(0);
    store::programme::link_decision(&app.db, app.tenant, d.id, initiative.id, &actor).await.unwrap();
    for path in [format!("/programmes/{year}"), format!("/initiatives/{}", initiative.id)] {
        let (status, page) = app.get(&employee, &path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(!page.contains(&link) && !page.contains(&d.title), "{path} does not name it to an employee");
        let (_, page) = app.get(&director, &path).await;
        assert!(page.contains(&link), "{path} names it to a member");
    }
    let r = app.client().get(format!("{}/api/v1/initiatives/{}", app.url, initiative.id)).bearer_auth(&token).send().await.unwrap();
    let detail: Value = r.json().await.unwrap();
    assert!(detail["decisions"].as_array().unwrap().iter().all(|x| *x != d.id));

    // The digest mail: the meeting's news goes to each person as the start page shows it.
    let f = store::meetings::forum(&app.db, app.tenant, d.forum_id).await.unwrap().unwrap();
    let m = store::meetings::meeting(&app.db, app.tenant, d.meeting_id).await.unwrap().unwrap();
    service::meetings::notify::minutes_approved(&app.svc, app.tenant, &f, &m, "http://styr.test").await.unwrap();
    let mails: Vec<jobs::Email> =
        store::platform::jobs::queued(&app.db, app.tenant, jobs::EMAIL).await.unwrap().iter().map(|p| serde_json::from_str(p).unwrap()).collect();
    let employee_email = app.email("employee").await;
    let director_email = app.email("director").await;
    assert!(mails.iter().filter(|m| m.to == employee_email).all(|m| !m.body.contains(&d.title)), "no digest tells the employee");
    assert!(mails.iter().any(|m| m.to == director_email && m.body.contains(&d.title)), "a member's digest does");
}

#[tokio::test]
async fn draft_minutes_are_for_the_members_and_the_secretariat() {
    let app = App::start().await;
    // The demo leaves the latest minutes of the group management as a draft.
    let f = store::meetings::forums(&app.db, app.tenant).await.unwrap().into_iter().find(|f| f.name == "Koncernledelsesmøde").unwrap();
    let ms = store::meetings::meetings_of_forum(&app.db, app.tenant, f.id, app.now() - chrono::Duration::days(200), app.now()).await.unwrap();
    let m = ms.iter().rev().find(|m| !m.is_cancelled()).unwrap();
    let (minutes, entries) = store::meetings::minutes::with_entries(&app.db, app.tenant, m.id).await.unwrap().unwrap();
    assert!(!minutes.is_approved());
    let text = entries.iter().find(|e| !e.text.trim().is_empty()).expect("the draft has a text").text.clone();
    let chief = app.sign_in("centre_chief").await;
    let (_, page) = app.get(&chief, &format!("/meetings/{}", m.id)).await;
    assert!(page.contains(&text), "a member reads the draft, to approve it");
    // A unit leader reads the forum's agendas, not its drafts: on the page, in the API, in search.
    let leader = app.sign_in("unit_leader").await;
    let (status, page) = app.get(&leader, &format!("/meetings/{}", m.id)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!page.contains(&text));
    let r = leader.get(format!("{}/api/v1/meetings/{}", app.url, m.id)).send().await.unwrap();
    let detail: Value = r.json().await.unwrap();
    assert!(detail["minutes"].is_null());
    let r = chief.get(format!("{}/api/v1/meetings/{}", app.url, m.id)).send().await.unwrap();
    let detail: Value = r.json().await.unwrap();
    assert!(detail["minutes"]["approved_at"].is_null() && detail["minutes"]["entries"].as_array().unwrap().iter().any(|e| e["text"] == text.as_str()));
    let (_, hits) = app.get(&app.sign_in("secretariat").await, &format!("/search?q={}", query(&text))).await;
    assert!(!results(&hits).contains(&format!("/meetings/{}#minute-", m.id)), "drafts are not searched");
}
