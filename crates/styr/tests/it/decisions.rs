//! Minutes, decisions and follow-up: approving creates decisions that reach
//! the units below; frozen minutes change only by correction; leaders report
//! for their own units; the register and the follow-up list respect who may
//! read what.

use chrono::Duration;
use domain::meetings::agenda::{ItemKind, ItemStatus};
use domain::meetings::decision::{Communicate, Implementation};
use reqwest::{Client, StatusCode};

use crate::harness::{App, hidden_in_form, status_count};

async fn forum(app: &App, name: &str) -> store::meetings::Forum {
    store::meetings::forums(&app.db, app.tenant).await.unwrap().into_iter().find(|f| f.name == name).unwrap()
}

async fn latest_held(app: &App, name: &str) -> store::meetings::Meeting {
    let f = forum(app, name).await;
    store::meetings::meetings_of_forum(&app.db, app.tenant, f.id, app.now() - Duration::days(200), app.now())
        .await
        .unwrap()
        .into_iter()
        .rfind(|m| !m.is_cancelled())
        .unwrap()
}

async fn post(app: &App, c: &Client, path: &str, form: &[(&str, String)]) -> String {
    let r = c.post(format!("{}{path}", app.url)).form(form).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "{path}");
    r.headers()["location"].to_str().unwrap().to_string()
}

async fn unit_id(app: &App, name: &str) -> i64 {
    store::org::units(&app.db, app.tenant).await.unwrap().into_iter().find(|u| u.name == name).unwrap().id
}

#[tokio::test]
async fn approving_minutes_sends_decisions_to_the_outermost_link() {
    let app = App::start().await;
    let m = latest_held(&app, "Koncernledelsesmøde").await;
    let minutes = store::meetings::minutes::get(&app.db, app.tenant, m.id).await.unwrap().unwrap();
    assert!(!minutes.is_approved(), "the demo leaves the latest minutes as a draft");
    let items: Vec<_> =
        store::meetings::agenda::items_of_meeting(&app.db, app.tenant, m.id).await.unwrap().into_iter().filter(|i| i.status == ItemStatus::Placed).collect();
    let decision_item = items.iter().find(|i| i.kind == ItemKind::Decision).expect("a decision item");
    let centre = unit_id(&app, "Center for Dagtilbud").await;
    let sec = app.sign_in("secretariat").await;
    let (_, page) = app.get(&sec, &format!("/meetings/{}", m.id)).await;
    let path = format!("/meetings/{}/minutes", m.id);
    let csrf = hidden_in_form(&page, &path, "csrf");
    let version = hidden_in_form(&page, &path, "version");
    let mut form = vec![("csrf", csrf.clone()), ("version", version.clone())];
    for i in &items {
        let text = if i.id == decision_item.id {
            "Koncernledelsen godkendte indstillingen med den ændring, at ordningen gælder fra 1. maj.".to_string()
        } else {
            "Drøftet.".to_string()
        };
        form.push((Box::leak(format!("text-{}", i.id).into_boxed_str()), text));
    }
    let concerns_key: &'static str = Box::leak(format!("concerns-{}", decision_item.id).into_boxed_str());
    let communicate_key: &'static str = Box::leak(format!("communicate-{}", decision_item.id).into_boxed_str());
    form.push((concerns_key, centre.to_string()));
    form.push((communicate_key, "leaders".into()));
    assert!(post(&app, &sec, &path, &form).await.contains("minutes=saved"));
    // The same stale form again is a conflict.
    assert!(post(&app, &sec, &path, &form).await.contains("minutes=conflict"));

    let approve = format!("/meetings/{}/minutes/approve", m.id);
    // Approving asks first, naming the decision it will make and whom it reaches.
    let (_, page) = app.get(&sec, &approve).await;
    assert!(page.contains("Godkendelsen træffer én beslutning") && page.contains("Center for Dagtilbud"), "the confirmation names the decision's units");
    let v = hidden_in_form(&page, &approve, "version");
    // Without saying how they were approved, nothing happens.
    assert!(post(&app, &sec, &approve, &[("csrf", csrf.clone()), ("version", v.clone())]).await.contains("minutes=how-missing"));
    assert!(!store::meetings::minutes::get(&app.db, app.tenant, m.id).await.unwrap().unwrap().is_approved());
    assert!(store::meetings::decisions::of_meeting(&app.db, app.tenant, m.id).await.unwrap().is_empty());
    let how = [("csrf", csrf.clone()), ("version", v.clone()), ("how", "circulation".to_string())];
    assert!(post(&app, &sec, &approve, &how).await.contains("minutes=approved"));
    let (_, page) = app.get(&sec, &format!("/meetings/{}", m.id)).await;
    assert!(page.contains("Godkendt ved cirkulation."), "the page says how the minutes were approved");
    let decisions = store::meetings::decisions::of_meeting(&app.db, app.tenant, m.id).await.unwrap();
    let d = decisions.get(&decision_item.id).expect("a decision was made");
    assert!(d.text.contains("1. maj"));
    let reached = store::meetings::decisions::implementations(&app.db, app.tenant, d.id).await.unwrap();
    let below = store::org::children(&app.db, app.tenant, centre).await.unwrap();
    assert_eq!(reached.len(), 1 + below.len(), "the centre and every unit in it");
    assert!(reached.iter().all(|r| r.status == Implementation::Pending));

    // Frozen: the draft form no longer saves anything.
    let before = store::meetings::minutes::entries(&app.db, app.tenant, m.id).await.unwrap();
    let mut stale = form.clone();
    stale[1].1 = (v.parse::<i64>().unwrap() + 1).to_string();
    assert!(post(&app, &sec, &path, &stale).await.contains("minutes=frozen"));
    assert_eq!(store::meetings::minutes::entries(&app.db, app.tenant, m.id).await.unwrap(), before);

    // A correction needs a reason and keeps the old text as a revision.
    let (_, page) = app.get(&sec, &format!("/meetings/{}", m.id)).await;
    let correct = format!("/meetings/{}/minutes/correct", m.id);
    let v = hidden_in_form(&page, &correct, "version");
    let key: &'static str = Box::leak(format!("text-{}", decision_item.id).into_boxed_str());
    let loc = post(&app, &sec, &correct, &[("csrf", csrf.clone()), ("version", v.clone()), (key, "Rettet tekst.".into()), ("reason", " ".into())]).await;
    assert!(loc.contains("minutes=reason-missing"));
    let loc = post(
        &app,
        &sec,
        &correct,
        &[
            ("csrf", csrf.clone()),
            ("version", v.clone()),
            (key, "Koncernledelsen godkendte indstillingen; ordningen gælder fra 1. juni.".into()),
            ("reason", "Forkert dato".into()),
        ],
    )
    .await;
    assert!(loc.contains("minutes=corrected"));
    let (_, page) = app.get(&sec, &format!("/meetings/{}", m.id)).await;
    assert!(page.contains("Rettelse 1") && page.contains("Forkert dato"));
    let d = store::meetings::decisions::decision(&app.db, app.tenant, d.id).await.unwrap().unwrap();
    assert!(d.text.contains("1. juni"), "the decision follows the correction");
    assert_eq!(store::meetings::minutes::revisions(&app.db, app.tenant, m.id).await.unwrap().len(), 1);
}

#[tokio::test]
async fn leaders_report_for_their_own_units_only() {
    let app = App::start().await;
    let leader_email = app.email("unit_leader").await;
    let person = store::org::search_people(&app.db, app.tenant, &leader_email, 1, 0).await.unwrap().0.remove(0);
    let unit = store::org::led_units(&app.db, app.tenant, person.id).await.unwrap()[0];
    let sibling = unit_id(&app, "Dagplejen").await;
    // A demo decision that reaches the leader's unit.
    let awaiting = store::meetings::decisions::awaiting(&app.db, app.tenant, &app.every().scope, &[unit]).await.unwrap();
    // An open one: a closed item's decision is the forum's alone, reach or not.
    let (d, _, _) = awaiting.iter().find(|(d, _, _)| !d.closed).expect("the demo sends decisions to the unit").clone();
    let c = app.sign_in("unit_leader").await;
    let (_, home) = app.get(&c, "/").await;
    assert!(home.contains("Beslutninger, dine enheder skal kvittere for") && home.contains(&format!("/decisions/{}", d.id)), "the start page asks for it");
    let (status, page) = app.get(&c, &format!("/decisions/{}", d.id)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Meld status"));
    let csrf = hidden_in_form(&page, &format!("/decisions/{}/report", d.id), "csrf");
    let loc = post(
        &app,
        &c,
        &format!("/decisions/{}/report", d.id),
        &[("csrf", csrf.clone()), ("unit", unit.to_string()), ("status", "implemented".into()), ("note", "Drøftet på personalemødet".into())],
    )
    .await;
    assert!(loc.contains("done=reported"));
    let rows = store::meetings::decisions::implementations(&app.db, app.tenant, d.id).await.unwrap();
    let mine = rows.iter().find(|r| r.unit_id == unit).unwrap();
    assert_eq!((mine.status.as_str(), mine.note.as_str()), ("implemented", "Drøftet på personalemødet"));
    // The same status again with a new note: the note is what changes.
    let loc = post(
        &app,
        &c,
        &format!("/decisions/{}/report", d.id),
        &[("csrf", csrf.clone()), ("unit", unit.to_string()), ("status", "implemented".into()), ("note", "Fulgt op i januar".into())],
    )
    .await;
    assert!(loc.contains("done=reported"));
    let rows = store::meetings::decisions::implementations(&app.db, app.tenant, d.id).await.unwrap();
    let mine = rows.iter().find(|r| r.unit_id == unit).unwrap();
    assert_eq!((mine.status.as_str(), mine.note.as_str()), ("implemented", "Fulgt op i januar"));
    // Not back to pending, and not for another unit.
    let loc = post(&app, &c, &format!("/decisions/{}/report", d.id), &[("csrf", csrf.clone()), ("unit", unit.to_string()), ("status", "pending".into())]).await;
    assert!(loc.contains("done=bad-status"));
    let r = c
        .post(format!("{}/decisions/{}/report", app.url, d.id))
        .form(&[("csrf", csrf.as_str()), ("unit", &sibling.to_string()), ("status", "implemented")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let after = store::meetings::decisions::implementations(&app.db, app.tenant, d.id).await.unwrap();
    assert_eq!(after.iter().find(|r| r.unit_id == sibling).unwrap().status, rows.iter().find(|r| r.unit_id == sibling).unwrap().status);
}

#[tokio::test]
async fn the_register_shows_each_person_what_they_may_read() {
    let app = App::start().await;
    let all = store::meetings::decisions::search(&app.db, app.tenant, &app.every(), 1000, 0).await.unwrap();
    assert!(all.len() >= 20);
    // What an employee may read, worked out here from the rows themselves
    // (not from the policy under test): told to all employees, and not made
    // on a closed item.
    let mut for_employees = vec![];
    for d in &all {
        let item = store::meetings::agenda::item(&app.db, app.tenant, d.item_id).await.unwrap().unwrap();
        if d.communicate == Communicate::Employees && !item.closed {
            for_employees.push(d.clone());
        }
    }
    assert!(
        all.iter().any(|d| d.communicate == Communicate::Employees && d.closed),
        "the demo tells employees of a closed item's decision, which they must not see"
    );
    let employee = app.sign_in("employee").await;
    let (_, page) = app.get(&employee, "/decisions").await;
    assert_eq!(status_count(&page), for_employees.len() as i64, "employees see what was communicated to them");
    // The start page brings the news of the last two months.
    let (_, home) = app.get(&employee, "/").await;
    let recent = for_employees.iter().find(|d| d.decided_at > app.now() - Duration::days(60)).unwrap();
    assert!(home.contains("Nyt fra ledelsen") && home.contains(&format!("/decisions/{}", recent.id)));
    let hidden = all.iter().find(|d| d.communicate == Communicate::None && !d.whole_organisation).unwrap();
    let (status, _) = app.get(&employee, &format!("/decisions/{}", hidden.id)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let sec = app.sign_in("secretariat").await;
    let (_, page) = app.get(&sec, "/decisions").await;
    assert_eq!(status_count(&page), all.len() as i64);
    // Words are found regardless of case.
    let (_, page) = app.get(&sec, "/decisions?q=INDSTILLINGEN").await;
    let found = all.iter().filter(|d| format!("{} {}", d.title, d.text).to_lowercase().contains("indstillingen")).count() as i64;
    assert!(found > 0);
    assert_eq!(status_count(&page), found);
    let f = forum(&app, "Direktionsmøde").await;
    let (_, page) = app.get(&sec, &format!("/decisions?forum={}", f.id)).await;
    assert!(!page.contains("Koncernledelsesmøde</td>"));
    let (status, page) = app.get(&sec, "/decisions?from=igår").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Skriv en dato som åååå-mm-dd"));
}

#[tokio::test]
async fn follow_up_actions_are_assigned_flagged_and_closed() {
    let app = App::start().await;
    let m = latest_held(&app, "Koncernledelsesmøde").await;
    let f = forum(&app, "Koncernledelsesmøde").await;
    let ms = store::meetings::meetings_of_forum(&app.db, app.tenant, f.id, app.now() - Duration::days(200), app.now()).await.unwrap();
    let older = ms.iter().rev().find(|x| x.id != m.id && !x.is_cancelled()).unwrap();
    let d = store::meetings::decisions::of_meeting(&app.db, app.tenant, older.id).await.unwrap().into_values().next().expect("an approved decision");
    let chief_email = app.email("centre_chief").await;
    let chief = store::org::search_people(&app.db, app.tenant, &chief_email, 1, 0).await.unwrap().0.remove(0);
    let sec = app.sign_in("secretariat").await;
    let (_, page) = app.get(&sec, &format!("/decisions/{}", d.id)).await;
    let path = format!("/decisions/{}/actions", d.id);
    let csrf = hidden_in_form(&page, &path, "csrf");
    let before = store::meetings::decisions::actions_of_decision(&app.db, app.tenant, d.id).await.unwrap().len();
    let loc = post(
        &app,
        &sec,
        &path,
        &[("csrf", csrf.clone()), ("what", "Lav en plan".into()), ("owner", chief.id.to_string()), ("unit", String::new()), ("due", "2020-01-01".into())],
    )
    .await;
    assert!(loc.contains("done=bad-action"), "no deadline in the past");
    let loc = post(
        &app,
        &sec,
        &path,
        &[("csrf", csrf.clone()), ("what", " ".into()), ("owner", String::new()), ("unit", String::new()), ("due", "2030-01-01".into())],
    )
    .await;
    assert!(loc.contains("done=bad-action"));
    let loc = post(
        &app,
        &sec,
        &path,
        &[("csrf", csrf.clone()), ("what", "Til en ukendt enhed".into()), ("owner", String::new()), ("unit", "999999".into()), ("due", "2030-01-01".into())],
    )
    .await;
    assert!(loc.contains("done=bad-action"), "only a unit the decision reaches may carry the action");
    assert_eq!(store::meetings::decisions::actions_of_decision(&app.db, app.tenant, d.id).await.unwrap().len(), before);
    let due = (app.now() + Duration::days(30)).format("%Y-%m-%d").to_string();
    // The first unit the form offers is one the decision reaches.
    let select = &page[page.find("id=\"unit\"").expect("a unit to choose")..];
    let unit: i64 = select.split("<option value=\"").skip(1).find_map(|o| o.split('"').next()?.parse().ok()).expect("a unit offered");
    let loc = post(
        &app,
        &sec,
        &path,
        &[("csrf", csrf.clone()), ("what", "Lav en implementeringsplan".into()), ("owner", chief.id.to_string()), ("unit", unit.to_string()), ("due", due)],
    )
    .await;
    assert!(loc.contains("done=added"));
    let action = store::meetings::decisions::actions_of_decision(&app.db, app.tenant, d.id)
        .await
        .unwrap()
        .into_iter()
        .find(|a| a.what == "Lav en implementeringsplan")
        .unwrap();
    assert_eq!(action.unit_id, Some(unit));

    // The owner sees it under "my tasks" and closes it; a director who does not own it may not.
    let owner = app.sign_in("centre_chief").await;
    let (_, page) = app.get(&owner, "/actions?show=mine").await;
    assert!(page.contains("Lav en implementeringsplan"));
    let (_, home) = app.get(&owner, "/").await;
    assert!(home.contains("Dine opfølgningsopgaver") && home.contains("Lav en implementeringsplan"));
    let director = app.sign_in("director").await;
    let csrf_d = app.csrf(&director).await;
    let r = director
        .post(format!("{}/actions/{}/status", app.url, action.id))
        .form(&[("csrf", csrf_d.as_str()), ("version", "1"), ("done", "1")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let csrf_o = app.csrf(&owner).await;
    let loc = post(
        &app,
        &owner,
        &format!("/actions/{}/status", action.id),
        &[("csrf", csrf_o.clone()), ("version", "1".into()), ("done", "1".into()), ("back", "actions".into())],
    )
    .await;
    assert!(loc.contains("done=closed"));
    let loc = post(
        &app,
        &owner,
        &format!("/actions/{}/status", action.id),
        &[("csrf", csrf_o), ("version", "1".into()), ("done", "0".into()), ("back", "actions".into())],
    )
    .await;
    assert!(loc.contains("done=conflict"), "a stale form changes nothing");
    // The demo has overdue actions, and the list flags them.
    let (_, page) = app.get(&sec, "/actions").await;
    assert!(page.contains("Overskredet"));
}

#[tokio::test]
async fn agendas_and_minutes_print_in_full() {
    let app = App::start().await;
    let f = forum(&app, "Koncernledelsesmøde").await;
    let ms = store::meetings::meetings_of_forum(&app.db, app.tenant, f.id, app.now() - Duration::days(200), app.now()).await.unwrap();
    let approved = &ms[ms.len() - 3];
    let items: Vec<_> = store::meetings::agenda::items_of_meeting(&app.db, app.tenant, approved.id)
        .await
        .unwrap()
        .into_iter()
        .filter(|i| i.status == ItemStatus::Placed)
        .collect();
    let director = app.sign_in("director").await;
    let (status, page) = app.get(&director, &format!("/meetings/{}/print", approved.id)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Referat: Koncernledelsesmøde") && page.contains("Deltagere"));
    for i in &items {
        assert!(page.contains(&i.title), "{}", i.title);
    }
    assert!(page.contains("Indstilling:") && (page.contains("Beslutning:") || page.contains("Referat:")));
    let employee = app.sign_in("employee").await;
    let (status, _) = app.get(&employee, &format!("/meetings/{}/print", approved.id)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

/// The text of a PDF answer, through poppler's pdftotext (scripts/test
/// installs it). The answer must be a 200 with a PDF in it: an error page
/// read as text would be "" and pass any "does not contain".
pub(crate) async fn pdf_text(r: reqwest::Response) -> String {
    assert_eq!(r.status(), StatusCode::OK, "{}", r.url());
    assert_eq!(r.headers()["content-type"], "application/pdf");
    let bytes = r.bytes().await.unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    let path = std::env::temp_dir().join(format!("styr-{}.pdf", store::new_secret()));
    std::fs::write(&path, &bytes).unwrap();
    let out = std::process::Command::new("pdftotext").arg(&path).arg("-").output().expect("pdftotext (poppler-utils)");
    let _ = std::fs::remove_file(&path);
    assert!(out.status.success(), "pdftotext reads the file");
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(!text.trim().is_empty(), "the PDF has text");
    text
}

#[tokio::test]
async fn agendas_and_minutes_as_pdf() {
    let app = App::start().await;
    let f = forum(&app, "Koncernledelsesmøde").await;
    let ms = store::meetings::meetings_of_forum(&app.db, app.tenant, f.id, app.now() - Duration::days(200), app.now() + Duration::days(200)).await.unwrap();
    // A held meeting with a closed item decided on it, for the check below.
    let mut approved = None;
    for m in ms.iter().filter(|m| m.starts_at < app.now()).rev() {
        let items = store::meetings::agenda::items_of_meeting(&app.db, app.tenant, m.id).await.unwrap();
        if let Some(c) = items.into_iter().find(|i| i.closed && i.status == ItemStatus::Placed) {
            approved = Some((m, c));
            break;
        }
    }
    let (approved, closed) = approved.expect("the demo holds closed items in the Koncernledelsesmøde");
    let coming = ms.iter().find(|m| m.starts_at > app.now()).unwrap();
    let director = app.sign_in("director").await;
    let r = director.get(format!("{}/meetings/{}/minutes.pdf", app.url, approved.id)).send().await.unwrap();
    let text = pdf_text(r).await;
    assert!(text.contains("Referat: Koncernledelsesmøde"), "{text}");
    assert!(text.contains("Indstilling:") && text.contains("Deltagere"));
    assert!(text.contains(&closed.title), "members read the closed item");
    let r = director.get(format!("{}/meetings/{}/agenda.pdf", app.url, coming.id)).send().await.unwrap();
    let text = pdf_text(r).await;
    assert!(text.contains("Dagsorden: Koncernledelsesmøde") && text.contains("13:00"));
    // No minutes yet: no minutes PDF.
    let (status, _) = app.get(&director, &format!("/meetings/{}/minutes.pdf", coming.id)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Closed items stay closed in print: a unit leader reads the minutes without them.
    let leader = app.sign_in("unit_leader").await;
    let r = leader.get(format!("{}/meetings/{}/minutes.pdf", app.url, approved.id)).send().await.unwrap();
    let text = pdf_text(r).await;
    assert!(text.contains("Referat: Koncernledelsesmøde") && !text.contains(&closed.title));
    let employee = app.sign_in("employee").await;
    let (status, _) = app.get(&employee, &format!("/meetings/{}/agenda.pdf", coming.id)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_register_by_unit_lists_what_reaches_the_unit() {
    let app = App::start().await;
    let centre = unit_id(&app, "Center for Dagtilbud").await;
    let all = store::meetings::decisions::search(&app.db, app.tenant, &app.every(), 1000, 0).await.unwrap();
    let mut reaching = vec![];
    for d in &all {
        if store::meetings::decisions::implementations(&app.db, app.tenant, d.id).await.unwrap().iter().any(|r| r.unit_id == centre) {
            reaching.push(d.id);
        }
    }
    assert!(!reaching.is_empty() && reaching.len() < all.len(), "the demo sends some decisions, not all, to the centre");
    let sec = app.sign_in("secretariat").await;
    let (_, page) = app.get(&sec, &format!("/decisions?unit={centre}")).await;
    assert!(page.contains(&format!("<p role=\"status\">{} beslutninger.</p>", reaching.len())), "counted exactly");
    for d in &all {
        assert_eq!(
            page.contains(&format!("href=\"/decisions/{}\"", d.id)),
            reaching.contains(&d.id),
            "decision {} listed exactly when it reaches the unit",
            d.id
        );
    }
}

#[tokio::test]
async fn counts_of_long_lists_follow_every_change() {
    let app = App::start().await;
    let f = forum(&app, "Koncernledelsesmøde").await;
    let chief_email = app.email("centre_chief").await;
    let chief = store::org::search_people(&app.db, app.tenant, &chief_email, 1, 0).await.unwrap().0.remove(0);
    let actor = store::platform::audit::Actor { account_id: None, label: "test".into() };
    let due = (app.now() + Duration::days(40)).date_naive();
    let add = |what: String| {
        let (db, tenant, forum, owner) = (app.db.clone(), app.tenant, f.id, chief.id);
        let actor = actor.clone();
        async move {
            let a = store::meetings::decisions::NewAction { forum_id: forum, decision_id: None, what: &what, owner: Some(owner), unit: None, due };
            store::meetings::decisions::add_action(&db, tenant, &a, &actor).await.unwrap()
        }
    };
    // More than a page, so the count is not the page's length.
    for n in 0..60 {
        add(format!("Opgave {n}")).await;
    }
    let open = |html: &str| html.split(" opgaver.").next().and_then(|s| s.rsplit('>').next()).and_then(|n| n.trim().parse::<i64>().ok()).unwrap();
    let sec = app.sign_in("secretariat").await;
    let (_, page) = app.get(&sec, &format!("/actions?forum={}", f.id)).await;
    let first = open(&page);
    assert!(first > 60);
    let (_, page2) = app.get(&sec, &format!("/actions?forum={}&page=2", f.id)).await;
    assert_eq!(open(&page2), first, "every page tells the same count");
    let last = add("Endnu en opgave".into()).await;
    let (_, page) = app.get(&sec, &format!("/actions?forum={}", f.id)).await;
    assert_eq!(open(&page), first + 1, "a new action counts at once");
    let csrf = app.csrf(&sec).await;
    let loc =
        post(&app, &sec, &format!("/actions/{last}/status"), &[("csrf", csrf), ("version", "1".into()), ("done", "1".into()), ("back", "actions".into())])
            .await;
    assert!(loc.contains("done=closed"));
    let (_, page) = app.get(&sec, &format!("/actions?forum={}", f.id)).await;
    assert_eq!(open(&page), first, "a closed action leaves the open ones at once");
}

#[tokio::test]
async fn a_decision_to_the_whole_organisation_is_summed_up_by_centre() {
    let app = App::start().await;
    let all = store::meetings::decisions::search(&app.db, app.tenant, &app.every(), 1000, 0).await.unwrap();
    let d = all
        .iter()
        .find(|d| d.whole_organisation && d.communicate != Communicate::None && !d.closed)
        .expect("the demo has a decision to the whole organisation");
    let reached = store::meetings::decisions::implementations(&app.db, app.tenant, d.id).await.unwrap();
    let centre = unit_id(&app, "Center for Dagtilbud").await;
    let in_centre = store::org::children(&app.db, app.tenant, centre).await.unwrap();
    let other = unit_id(&app, "Borgerservice").await;
    let unit_link = |u: i64| format!("<a href=\"/units/{u}\">");

    let sec = app.sign_in("secretariat").await;
    let (_, page) = app.get(&sec, &format!("/decisions/{}", d.id)).await;
    assert!(page.contains("Fremdrift pr. center") && page.contains(&format!("Beslutningen når {} enheder.", reached.len())), "{page}");
    // The centre's row counts the centre and its units, and opens them.
    let open = format!("/decisions/{}?under={centre}#units", d.id);
    let row = page.split(&open).nth(1).expect("the centre opens its units").split("</tr>").next().unwrap().to_string();
    assert!(row.contains(&format!("<td class=\"styr-num\">{}</td>", 1 + in_centre.len())), "{row}");
    assert!(!page.contains(&unit_link(in_centre[0].id)) && !page.contains(&unit_link(other)), "units are not listed one by one");

    let (_, page) = app.get(&sec, &open.replace("#units", "")).await;
    assert!(page.contains("Enheder under Center for Dagtilbud"));
    assert!(in_centre.iter().all(|u| page.contains(&unit_link(u.id))), "every unit of the centre is listed");
    assert!(!page.contains(&unit_link(other)), "not those of other centres");
    // Every unit can still be given an action.
    assert!(page.contains(&format!("<option value=\"{other}\">")));

    // A unit leader finds their own unit and its report form without opening anything.
    let leader = app.email("unit_leader").await;
    let person = store::org::search_people(&app.db, app.tenant, &leader, 1, 0).await.unwrap().0.remove(0);
    let unit = store::org::led_units(&app.db, app.tenant, person.id).await.unwrap()[0];
    let c = app.sign_in("unit_leader").await;
    let (_, page) = app.get(&c, &format!("/decisions/{}", d.id)).await;
    assert!(page.contains("Dine enheder") && page.contains(&unit_link(unit)) && page.contains("Meld status"));
}

#[tokio::test]
async fn a_decision_to_a_few_units_lists_them_all() {
    let app = App::start().await;
    let all = store::meetings::decisions::search(&app.db, app.tenant, &app.every(), 1000, 0).await.unwrap();
    let mut few = None;
    for d in &all {
        let reached = store::meetings::decisions::implementations(&app.db, app.tenant, d.id).await.unwrap();
        if reached.len() > 1 && reached.len() <= 10 {
            few = Some((d.id, reached));
            break;
        }
    }
    let (id, reached) = few.expect("the demo has a decision to a few units");
    let sec = app.sign_in("secretariat").await;
    let (_, page) = app.get(&sec, &format!("/decisions/{id}")).await;
    assert!(!page.contains("Fremdrift pr. center"));
    assert!(reached.iter().all(|r| page.contains(&format!("<a href=\"/units/{}\">", r.unit_id))));
}
