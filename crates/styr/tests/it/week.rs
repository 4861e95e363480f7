//! A week in styr (issue 13): a decision says what was decided to those it
//! reaches, the follow-up list tells tasks apart and starts with one's own,
//! the start page leads with what waits (also at /api/v1/me/tasks), and the
//! secretariat has one list of waiting proposals.

use chrono::Duration;
use domain::meetings::agenda::ItemStatus;
use reqwest::StatusCode;
use store::meetings::decisions as dstore;

use crate::harness::{App, hidden_in_form};

/// Text as askama escapes it in a page.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#x27;")
}

/// A decision communicated to the demo's employee, made in a forum whose
/// meetings the employee may not open.
async fn communicated_but_not_readable(app: &App) -> dstore::Decision {
    let employee = app.viewer_of("employee").await;
    let scope = app.scope_of("employee").await;
    let reference = app.svc.reference.get(&app.db, app.tenant, store::tenant::versions(&app.db, app.tenant).await.unwrap().0).await.unwrap();
    for d in dstore::search(&app.db, app.tenant, &app.every(), 2000, 0).await.unwrap() {
        let forum = reference.forum(d.forum_id).unwrap();
        let reached = dstore::reached_units(&app.db, app.tenant, d.id).await.unwrap();
        if !d.recommendation.trim().is_empty() && scope.allows(&d.head(), &reached) && !employee.can_read_forum(forum) {
            return d;
        }
    }
    panic!("the demo has a decision communicated to employees of a forum they do not read");
}

#[tokio::test]
async fn a_decision_says_what_was_decided_to_those_it_is_communicated_to() {
    let app = App::start().await;
    let d = communicated_but_not_readable(&app).await;
    let employee = app.sign_in("employee").await;
    let (status, _) = app.get(&employee, &format!("/meetings/{}", d.meeting_id)).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "the employee may not open the meeting");
    let (status, page) = app.get(&employee, &format!("/decisions/{}", d.id)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(&esc(d.text.trim())), "the decision text");
    assert!(page.contains(&esc(d.recommendation.trim())), "the recommendation it was made on");
    assert!(!page.contains(&format!("href=\"/meetings/{}\"", d.meeting_id)), "no link to a meeting the employee cannot open");
    // The start page's news says what was decided, not only its title.
    let (_, home) = app.get(&employee, "/").await;
    if home.contains(&format!("href=\"/decisions/{}\"", d.id)) {
        let words: Vec<&str> = d.recommendation.split_whitespace().take(4).collect();
        assert!(home.contains(&esc(&words.join(" "))), "the news carries the wording");
    }
    // The secretariat, who may open the meeting, gets the link.
    let sec = app.sign_in("secretariat").await;
    let (_, page) = app.get(&sec, &format!("/decisions/{}", d.id)).await;
    assert!(page.contains(&format!("href=\"/meetings/{}\"", d.meeting_id)));
    // The API carries the wording too.
    let token = app.api_token("employee").await;
    let list: serde_json::Value =
        app.client().get(format!("{}/api/v1/decisions?limit=200", app.url)).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
    let found = list.as_array().unwrap().iter().find(|x| x["id"] == d.id.get()).expect("the decision is in the employee's register");
    assert_eq!(found["recommendation"].as_str().unwrap(), d.recommendation);
}

#[tokio::test]
async fn a_decision_keeps_the_recommendation_it_was_made_on() {
    // Approving minutes copies each item's recommendation into its decision.
    let app = App::start().await;
    let f = store::meetings::forums(&app.db, app.tenant).await.unwrap().into_iter().find(|f| f.name == "Koncernledelsesmøde").unwrap();
    let m = store::meetings::meetings_of_forum(&app.db, app.tenant, f.id, app.now() - Duration::days(200), app.now())
        .await
        .unwrap()
        .into_iter()
        .rfind(|m| !m.is_cancelled())
        .unwrap();
    let items: Vec<_> =
        store::meetings::agenda::items_of_meeting(&app.db, app.tenant, m.id).await.unwrap().into_iter().filter(|i| i.status == ItemStatus::Placed).collect();
    let sec = app.sign_in("secretariat").await;
    let (_, page) = app.get(&sec, &format!("/meetings/{}", m.id)).await;
    let path = format!("/meetings/{}/minutes", m.id);
    let mut form = vec![("csrf".to_string(), hidden_in_form(&page, &path, "csrf")), ("version".to_string(), hidden_in_form(&page, &path, "version"))];
    for i in &items {
        form.push((format!("text-{}", i.id), "Indstillingen blev godkendt.".into()));
    }
    let r = sec.post(format!("{}{path}", app.url)).form(&form).send().await.unwrap();
    assert!(r.headers()["location"].to_str().unwrap().contains("minutes=saved"));
    let approve = format!("/meetings/{}/minutes/approve", m.id);
    let (_, page) = app.get(&sec, &format!("/meetings/{}", m.id)).await;
    let form = [("csrf", hidden_in_form(&page, &approve, "csrf")), ("version", hidden_in_form(&page, &approve, "version")), ("how", "at_meeting".into())];
    let r = sec.post(format!("{}{approve}", app.url)).form(&form).send().await.unwrap();
    assert!(r.headers()["location"].to_str().unwrap().contains("minutes=approved"));
    let made = dstore::of_meeting(&app.db, app.tenant, m.id).await.unwrap();
    assert!(!made.is_empty(), "approving made decisions");
    for i in items.iter().filter(|i| made.contains_key(&i.id)) {
        assert_eq!(made[&i.id].recommendation, i.recommendation, "{}", i.title);
    }
}

#[tokio::test]
async fn the_follow_up_list_names_decision_and_unit_and_starts_with_ones_own() {
    let app = App::start().await;
    let leader = app.viewer_of("unit_leader").await;
    let me = leader.person().unwrap();
    let unit = leader.led_units()[0];
    let mut d = None;
    for x in dstore::search(&app.db, app.tenant, &app.every(), 2000, 0).await.unwrap() {
        if !x.closed && dstore::reached_units(&app.db, app.tenant, x.id).await.unwrap().contains(&unit) {
            d = Some(x);
            break;
        }
    }
    let d = d.expect("a decision reaches the leader's unit");
    let sec = app.sign_in("secretariat").await;
    let page = app.get(&sec, &format!("/decisions/{}", d.id)).await.1;
    let path = format!("/decisions/{}/actions", d.id);
    let due = (app.today() + Duration::days(5)).format("%Y-%m-%d").to_string();
    let form = [
        ("csrf", hidden_in_form(&page, &path, "csrf")),
        ("what", "Meld tilbage til sekretariatet".to_string()),
        ("owner", me.to_string()),
        ("unit", unit.to_string()),
        ("due", due),
    ];
    let r = sec.post(format!("{}{path}", app.url)).form(&form).send().await.unwrap();
    assert!(r.headers()["location"].to_str().unwrap().ends_with("done=added"), "{:?}", r.headers()["location"]);
    let unit_name = store::org::units(&app.db, app.tenant).await.unwrap().into_iter().find(|u| u.id == unit).unwrap().name;
    // The leader's list starts with their own tasks, naming the decision and the unit.
    let c = app.sign_in("unit_leader").await;
    let (_, page) = app.get(&c, "/actions").await;
    assert!(page.contains("<option value=\"mine\" selected>"), "the leader starts with their own tasks");
    let row = page.split("<tr>").find(|r| r.contains("Meld tilbage til sekretariatet")).expect("the leader's own task is listed");
    assert!(row.contains(&esc(&d.title)), "the row names the decision");
    assert!(row.contains(&esc(&unit_name)), "the row names the unit");
    // The secretariat starts with every open task.
    let (_, page) = app.get(&sec, "/actions").await;
    assert!(page.contains("<option value=\"open\" selected>"));
}

#[tokio::test]
async fn the_start_page_leads_with_what_waits_and_the_api_gives_the_same() {
    let app = App::start().await;
    // The unit leader: decisions to report on come before the news and the vision.
    let c = app.sign_in("unit_leader").await;
    let (_, page) = app.get(&c, "/").await;
    let waits = page.find("id=\"for-you\"").expect("a section of what waits");
    for later in ["styr-news", "styr-vision"] {
        if let Some(at) = page.find(later) {
            assert!(waits < at, "what waits comes before {later}");
        }
    }
    assert!(page.contains("id=\"tasks-decisions\""));
    let token = app.api_token("unit_leader").await;
    let tasks: serde_json::Value = app.client().get(format!("{}/api/v1/me/tasks", app.url)).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
    let decisions = tasks["decisions"].as_array().unwrap();
    assert!(!decisions.is_empty(), "the demo leader has decisions to report on");
    let first = decisions[0]["title"].as_str().unwrap();
    assert!(page.contains(&esc(first)), "the page and the API list the same decisions");
    // The secretariat: proposals to place and minutes to approve, from the demo.
    let sec = app.sign_in("secretariat").await;
    let (_, page) = app.get(&sec, "/").await;
    assert!(page.contains("id=\"tasks-to-place\"") && page.contains("id=\"tasks-to-approve\""));
    let token = app.api_token("secretariat").await;
    let tasks: serde_json::Value = app.client().get(format!("{}/api/v1/me/tasks", app.url)).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
    let to_place = tasks["to_place"].as_array().unwrap();
    assert!(!to_place.is_empty(), "the demo has proposals waiting");
    assert!(to_place.iter().all(|p| p["status"] == "proposed"));
    assert!(!tasks["to_approve"].as_array().unwrap().is_empty(), "the demo leaves minutes as a draft");
    for p in to_place {
        assert!(page.contains(&esc(p["title"].as_str().unwrap())));
    }
    // An employee's empty lists take one line each, and no secretariat lists.
    let emp = app.sign_in("employee").await;
    let (_, page) = app.get(&emp, "/").await;
    assert!(page.contains("styr-task-empty"));
    assert!(!page.contains("id=\"tasks-to-place\""));
}

#[tokio::test]
async fn the_secretariat_lists_waiting_proposals_across_forums_and_others_may_not() {
    let app = App::start().await;
    let waiting = store::meetings::agenda::waiting_proposals(&app.db, app.tenant, app.now()).await.unwrap();
    let forums: std::collections::HashSet<i64> = waiting.iter().map(|i| i.forum_id).collect();
    assert!(forums.len() >= 2, "the demo has proposals waiting in more than one forum");
    let sec = app.sign_in("secretariat").await;
    let (status, page) = app.get(&sec, "/proposals/waiting").await;
    assert_eq!(status, StatusCode::OK);
    for i in &waiting {
        assert!(page.contains(&esc(&i.title)), "{}", i.title);
        assert!(page.contains(&esc(i.recommendation.trim())), "the proposal's recommendation opens in place");
        assert!(page.contains(&format!("href=\"/meetings/{}#proposals\"", i.meeting_id)));
    }
    // Anyone else is refused, the refusal is audited, and nothing changes.
    let before = app.rows().await;
    let c = app.sign_in("unit_leader").await;
    let (status, _) = app.get(&c, "/proposals/waiting").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(app.rows().await, before);
    assert!(app.audit_actions().await.iter().any(|a| a == "access.denied"));
}
