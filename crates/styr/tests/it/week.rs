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
    // Two members present, the rest absent.
    let members: Vec<String> = page.split("name=\"attendee\" value=\"").skip(1).map(|s| s.split('"').next().unwrap().to_string()).collect();
    assert!(members.len() > 2);
    for m in &members[..2] {
        form.push(("attendee".into(), m.clone()));
    }
    // A follow-up task written in the minutes: without a deadline nothing is saved.
    let decision_item = items.iter().find(|i| i.kind == domain::meetings::agenda::ItemKind::Decision).expect("an item for decision");
    let task = |what: &str, owner: &str, due: &str| {
        vec![
            (format!("action-what-{}", decision_item.id), what.to_string()),
            (format!("action-owner-{}", decision_item.id), owner.to_string()),
            (format!("action-due-{}", decision_item.id), due.to_string()),
        ]
    };
    let before = app.rows().await;
    let bad = [form.clone(), task("Meld tilbage om udrulningen", "", "")].concat();
    let r = sec.post(format!("{}{path}", app.url)).form(&bad).send().await.unwrap();
    assert!(r.headers()["location"].to_str().unwrap().contains("minutes=bad-action"));
    assert_eq!(app.rows().await, before, "a bad task saves nothing");
    let due = (app.today() + Duration::days(14)).format("%Y-%m-%d").to_string();
    let owner = members[0].clone();
    let good = [form.clone(), task("Meld tilbage om udrulningen", &owner, &due), task("", "", "")].concat();
    let r = sec.post(format!("{}{path}", app.url)).form(&good).send().await.unwrap();
    assert!(r.headers()["location"].to_str().unwrap().contains("minutes=saved"));
    let (_, page) = app.get(&sec, &format!("/meetings/{}", m.id)).await;
    assert!(page.contains("value=\"Meld tilbage om udrulningen\""), "the task stays in the form");
    assert!(page.contains(&format!("<option value=\"{owner}\" selected>")), "with its owner chosen");
    let approve = format!("/meetings/{}/minutes/approve", m.id);
    let (_, page) = app.get(&sec, &approve).await;
    let form = [("csrf", hidden_in_form(&page, &approve, "csrf")), ("version", hidden_in_form(&page, &approve, "version")), ("how", "at_meeting".into())];
    let r = sec.post(format!("{}{approve}", app.url)).form(&form).send().await.unwrap();
    assert!(r.headers()["location"].to_str().unwrap().contains("minutes=approved"));
    // Approved minutes name who approved them, who was there and who was not.
    let (_, page) = app.get(&sec, &format!("/meetings/{}", m.id)).await;
    let approver = app.viewer_of("secretariat").await.person().expect("the demo secretariat is a person");
    let name = store::org::person(&app.db, app.tenant, approver).await.unwrap().unwrap().name;
    assert!(page.contains(&format!("af {}", esc(&name))), "the approver by name");
    assert!(!page.contains(&format!("af {}", app.email("secretariat").await)), "not by e-mail");
    let present = page.split("<strong>Deltagere:</strong> ").nth(1).expect("who was there").split("</p>").next().unwrap();
    assert!(!present.trim_end().ends_with(';') && present.matches(", ").count() == 1, "two names, no trailing separator: {present}");
    assert!(page.contains("<strong>Fraværende:</strong>"), "who was absent");
    let made = dstore::of_meeting(&app.db, app.tenant, m.id).await.unwrap();
    assert!(!made.is_empty(), "approving made decisions");
    for i in items.iter().filter(|i| made.contains_key(&i.id)) {
        assert_eq!(made[&i.id].recommendation, i.recommendation, "{}", i.title);
    }
    // The task became the decision's follow-up action.
    let actions = dstore::actions_of_decision(&app.db, app.tenant, made[&decision_item.id].id).await.unwrap();
    let a = actions.iter().find(|a| a.what == "Meld tilbage om udrulningen").expect("the task written in the minutes");
    assert_eq!(a.owner_person_id, Some(owner.parse().unwrap()));
    assert_eq!(a.due.format("%Y-%m-%d").to_string(), due);
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

#[tokio::test]
async fn the_menu_offers_meetings_only_to_those_who_read_some_and_english_names_the_rings() {
    let app = App::start().await;
    let emp = app.sign_in("employee").await;
    let (_, page) = app.get(&emp, "/").await;
    assert!(!page.contains("href=\"/forums\""), "the demo employee reads no forum");
    let leader = app.sign_in("unit_leader").await;
    let (_, page) = app.get(&leader, "/").await;
    assert!(page.contains("href=\"/forums\""));
    // In English the rings the municipality started with are named in English.
    let year = app.today().format("%Y").to_string();
    app.switch_language(&leader, "en", "/").await;
    let (_, page) = app.get(&leader, &format!("/aarshjul/{year}")).await;
    assert!(page.contains("The budget process") && !page.contains("Budgetprocessen"), "the budget ring in English");
}

#[tokio::test]
async fn a_declined_proposal_is_no_change_to_a_published_agenda_and_a_held_meeting_is_not_sent() {
    let app = App::start().await;
    let f = store::meetings::forums(&app.db, app.tenant).await.unwrap().into_iter().find(|f| f.name == "Koncernledelsesmøde").unwrap();
    let ms = store::meetings::meetings_of_forum(&app.db, app.tenant, f.id, app.now() - Duration::days(100), app.now() + Duration::days(200)).await.unwrap();
    // The next meeting: published, with a proposal waiting (the demo).
    let next = ms.iter().find(|m| m.starts_at > app.now() && m.agenda_published_at.is_some()).expect("a published coming meeting");
    let proposal = store::meetings::agenda::items_of_meeting(&app.db, app.tenant, next.id)
        .await
        .unwrap()
        .into_iter()
        .find(|i| i.status == ItemStatus::Proposed)
        .expect("a proposal waiting");
    let sec = app.sign_in("secretariat").await;
    let csrf = app.csrf(&sec).await;
    let r = sec
        .post(format!("{}/items/{}/decline", app.url, proposal.id))
        .form(&[("csrf", csrf.as_str()), ("version", &proposal.version.to_string()), ("reason", "Hører til direktionen.")])
        .send()
        .await
        .unwrap();
    assert!(r.headers()["location"].to_str().unwrap().contains("item=declined"));
    // Declining a proposal that never was on the agenda changes nothing the members got.
    let declined = store::meetings::agenda::item(&app.db, app.tenant, proposal.id).await.unwrap().unwrap();
    assert!(!declined.changed_after_publish, "a proposal leaving is no change to the agenda");
    let (_, page) = app.get(&sec, &format!("/meetings/{}/publish", next.id)).await;
    assert!(page.contains("Intet er ændret, siden dagsordenen blev udsendt."));
    assert!(!page.contains(&esc(&proposal.title)), "the declined proposal is not named to the members");
    // A held meeting's agenda is not sent, and nothing changes.
    let held = ms.iter().rfind(|m| m.starts_at < app.now() && !m.is_cancelled()).unwrap();
    let before = app.rows().await;
    let r = sec.post(format!("{}/meetings/{}/publish", app.url, held.id)).form(&[("csrf", csrf.as_str())]).send().await.unwrap();
    assert!(r.headers()["location"].to_str().unwrap().contains("item=meeting-over"));
    assert_eq!(app.rows().await, before);
}

#[tokio::test]
async fn ones_own_task_does_not_name_a_closed_decision_one_may_not_read() {
    let app = App::start().await;
    let employee = app.viewer_of("employee").await;
    let scope = app.scope_of("employee").await;
    let closed = dstore::search(&app.db, app.tenant, &app.every(), 2000, 0)
        .await
        .unwrap()
        .into_iter()
        .find(|d| d.closed && !scope.allows(&d.head(), &[]))
        .expect("a closed decision the employee may not read");
    let due = app.today() + Duration::days(7);
    let action = dstore::NewAction {
        forum_id: closed.forum_id,
        decision_id: Some(closed.id),
        what: "Forbered overdragelsen",
        owner: employee.person(),
        unit: None,
        due,
    };
    dstore::add_action(&app.db, app.tenant, &action, &store::platform::audit::Actor::system("test")).await.unwrap();
    let c = app.sign_in("employee").await;
    let (_, page) = app.get(&c, "/actions").await;
    let row = page.split("<tr>").find(|r| r.contains("Forbered overdragelsen")).expect("one's own task is listed");
    assert!(!row.contains(&esc(&closed.title)) && !row.contains(&format!("/decisions/{}", closed.id)), "{row}");
    assert!(row.contains("Lukket punkt"));
    let (_, home) = app.get(&c, "/").await;
    assert!(home.contains("Forbered overdragelsen") && !home.contains(&format!("href=\"/decisions/{}\"", closed.id)));
    let (_, api) = app.get(&c, "/api/v1/me/tasks").await;
    assert!(!api.contains(&closed.title));
}

#[tokio::test]
async fn the_secretariat_edits_and_takes_off_placed_items_with_a_reason_once_published() {
    let app = App::start().await;
    let f = store::meetings::forums(&app.db, app.tenant).await.unwrap().into_iter().find(|f| f.name == "Koncernledelsesmøde").unwrap();
    let ms = store::meetings::meetings_of_forum(&app.db, app.tenant, f.id, app.now(), app.now() + Duration::days(200)).await.unwrap();
    let next = ms.iter().find(|m| m.agenda_published_at.is_some()).expect("a published coming meeting");
    let placed: Vec<_> = store::meetings::agenda::items_of_meeting(&app.db, app.tenant, next.id).await.unwrap().into_iter().filter(|i| i.is_placed()).collect();
    let (first, second) = (&placed[0], &placed[1]);
    let sec = app.sign_in("secretariat").await;
    let (_, page) = app.get(&sec, &format!("/meetings/{}", next.id)).await;
    assert!(page.contains(&format!("href=\"/items/{}/edit\"", first.id)), "a placed item can be edited");
    let edit = format!("/items/{}/edit", first.id);
    let (status, form) = app.get(&sec, &edit).await;
    assert_eq!(status, StatusCode::OK);
    let csrf = hidden_in_form(&form, &edit, "csrf");
    let fields = |reason: &str| {
        vec![
            ("csrf", csrf.clone()),
            ("version", first.version.to_string()),
            ("title", format!("{} (rettet)", first.title)),
            ("kind", first.kind.to_string()),
            ("recommendation", first.recommendation.clone()),
            ("background", first.background.clone()),
            ("minutes", first.minutes.to_string()),
            ("reason", reason.to_string()),
        ]
    };
    // Published: without a reason nothing changes.
    let before = app.rows().await;
    let r = sec.post(format!("{}{edit}", app.url)).form(&fields("")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("Skriv, hvorfor punktet ændres"));
    assert_eq!(app.rows().await, before);
    let r = sec.post(format!("{}{edit}", app.url)).form(&fields("Ny tidsplan fra økonomi")).send().await.unwrap();
    assert!(r.headers()["location"].to_str().unwrap().contains("item=edited"));
    let edited = store::meetings::agenda::item(&app.db, app.tenant, first.id).await.unwrap().unwrap();
    assert_eq!(edited.title, format!("{} (rettet)", first.title));
    assert!(edited.changed_after_publish, "marked for the members");
    let log = store::platform::audit::page(&app.db, app.tenant, "", 50, 0).await.unwrap().0;
    assert!(log.iter().any(|e| e.action == "meetings.item.edit" && e.detail.contains("Ny tidsplan")), "the reason is kept");
    // Taking an item off the agenda needs a reason too, and is a change.
    let take_off = format!("/items/{}/decline", second.id);
    let r = sec
        .post(format!("{}{take_off}", app.url))
        .form(&[("csrf", csrf.as_str()), ("version", &second.version.to_string()), ("reason", "")])
        .send()
        .await
        .unwrap();
    assert!(r.headers()["location"].to_str().unwrap().contains("item=reason-missing"));
    let r = sec
        .post(format!("{}{take_off}", app.url))
        .form(&[("csrf", csrf.as_str()), ("version", &second.version.to_string()), ("reason", "Udsat af direktionen")])
        .send()
        .await
        .unwrap();
    assert!(r.headers()["location"].to_str().unwrap().contains("item=declined"));
    let (_, page) = app.get(&sec, &format!("/meetings/{}/publish", next.id)).await;
    assert!(page.contains(&esc(&edited.title)) && page.contains(&esc(&second.title)) && page.contains("taget af dagsordenen"));
    // Others may not edit.
    let c = app.sign_in("centre_chief").await;
    let (status, _) = app.get(&c, &edit).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}
