//! The access policy behind every output. A decision made on a closed item
//! (the demo's "Besættelse af stillingen som centerchef", a personnel matter
//! of the board) is read by the board's members and the secretariat only,
//! whoever it was communicated to: not in the register, on its page, on the
//! start page, in the API, in search, in the digest mail or on the
//! programme's pages. Each output is asked here, for an employee and for a
//! member of the forum.

use domain::meetings::MeetingId;
use domain::meetings::decision::Communicate;
use reqwest::StatusCode;
use serde_json::Value;
use store::meetings::decisions::Decision;

use crate::harness::{App, query, results};

/// The demo's closed decision told to all employees, which they must not see.
async fn closed_for_employees(app: &App) -> Decision {
    let all = store::meetings::decisions::search(&app.db, app.tenant, &app.every(), 1000, 0).await.unwrap();
    let d = all.into_iter().find(|d| d.closed && d.communicate == Communicate::Employees && d.title == "Besættelse af stillingen som centerchef");
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
    assert!(!list.is_empty() && list.iter().all(|x| x["id"] != d.id.get() && x["closed"] == false), "the API lists no closed decision to an employee");
    let r = employee.get(format!("{}/api/v1/decisions?limit=500", app.url)).send().await.unwrap();
    let list: Vec<Value> = r.json().await.unwrap();
    assert!(list.iter().all(|x| x["id"] != d.id.get()));
    let r = director.get(format!("{}/api/v1/decisions?limit=500", app.url)).send().await.unwrap();
    let list: Vec<Value> = r.json().await.unwrap();
    assert!(list.iter().any(|x| x["id"] == d.id.get() && x["closed"] == true));

    // The programme: approved by it, and linked to an initiative.
    let year = crate::harness::demo_now().format("%Y").to_string();
    let p = store::programme::programme(&app.db, app.tenant, year.parse().unwrap()).await.unwrap().unwrap();
    let actor = store::platform::audit::Actor::system("test");
    // Closed and approved again, this time by the closed decision.
    assert!(store::programme::set_status(&app.db, app.tenant, p.id, p.version, domain::programme::ProgrammeStatus::Closed, None, &actor).await.unwrap());
    assert!(
        store::programme::set_status(&app.db, app.tenant, p.id, p.version + 1, domain::programme::ProgrammeStatus::Approved, Some(d.id), &actor).await.unwrap()
    );
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
    assert!(detail["decisions"].as_array().unwrap().iter().all(|x| *x != d.id.get()));

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
    // That mail is marked for its recipient alone, so the outbox shows no one else its body.
    assert!(mails.iter().filter(|m| m.body.contains(&d.title)).all(|m| m.confidential));
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

/// A small, seeded random source: the same "random" cases every run, so a
/// failure can be run again.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// Sets a decision's closed flag and whom it is communicated to, as random
/// minutes would have made it.
async fn reshape(app: &App, id: i64, closed: bool, communicate: &str) {
    let sql = "UPDATE decisions SET closed = $1, communicate = $2 WHERE id = $3";
    match &app.db {
        store::Db::Sqlite(p) => sqlx::query(sql).bind(closed).bind(communicate).bind(id).execute(p).await.unwrap(),
        store::Db::Pg(p) => sqlx::query(sql).bind(closed).bind(communicate).bind(id).execute(p).await.map(|_| Default::default()).unwrap(),
    };
}

/// The decisions a page links to.
fn decision_links(html: &str) -> std::collections::BTreeSet<i64> {
    html.split("href=\"/decisions/").skip(1).filter_map(|s| s.split(['"', '?', '#']).next()?.parse().ok()).collect()
}

#[tokio::test]
async fn every_output_agrees_with_the_policy_for_random_viewers_and_decisions() {
    use std::collections::BTreeSet;
    let app = App::start().await;
    let mut dice = Dice(0x5eed_571c);
    let mut all = store::meetings::decisions::search(&app.db, app.tenant, &app.every(), 1000, 0).await.unwrap();
    // Random decisions: closed or not, told to nobody, the leaders or everyone.
    for d in all.iter_mut() {
        let closed = dice.chance(30);
        let communicate = [Communicate::None, Communicate::Leaders, Communicate::Employees][dice.below(3)];
        reshape(&app, d.id.get(), closed, communicate.as_str()).await;
        d.closed = closed;
        d.communicate = communicate;
    }
    let meetings: BTreeSet<MeetingId> = all.iter().map(|d| d.meeting_id).collect();
    for m in meetings {
        store::search::reindex_meeting(&app.db, app.tenant, m).await.unwrap();
    }
    let reference = app.svc.reference.get(&app.db, app.tenant, store::tenant::versions(&app.db, app.tenant).await.unwrap().0).await.unwrap();
    let mut reached = std::collections::HashMap::new();
    for d in &all {
        reached.insert(d.id, store::meetings::decisions::reached_units(&app.db, app.tenant, d.id).await.unwrap());
    }
    let people: Vec<i64> = reference.everyone().map(|p| p.id).collect();
    let led = reference.led_by_person();
    let leaders: Vec<i64> = led.keys().copied().collect();
    let hash = service::platform::password::hash("tilfældig-adgang").unwrap();
    let now = app.now();

    let forum_ids: Vec<i64> = reference.forums.iter().map(|f| f.id).collect();
    let every_action = store::meetings::decisions::ActionFilter { forums: &forum_ids, scope: None, owner: None, only_open: false };
    let actions = store::meetings::decisions::actions(&app.db, app.tenant, &every_action, 100_000, 0).await.unwrap();
    let closed_of: std::collections::HashMap<_, bool> = all.iter().map(|d| (d.id, d.closed)).collect();
    let mut hidden_closed_actions = 0;
    let meeting_ids: Vec<MeetingId> = all.iter().map(|d| d.meeting_id).collect::<BTreeSet<_>>().into_iter().collect();
    for n in 0..60 {
        // A random viewer: a leader half the time, now and then with a role.
        let person = if dice.chance(50) { leaders[dice.below(leaders.len())] } else { people[dice.below(people.len())] };
        let roles: Vec<domain::access::Role> = match dice.below(10) {
            0 => vec![domain::access::Role::Secretariat],
            1 => vec![domain::access::Role::Hr],
            _ => vec![],
        };
        let viewer = domain::access::Viewer::new(Some(person), roles.clone(), led.get(&person).cloned().unwrap_or_default());
        let scope = domain::meetings::policy::DecisionScope::of(&viewer, &reference.forums, &reference.tree());
        let expected: BTreeSet<i64> = all.iter().filter(|d| scope.allows(&d.head(), &reached[&d.id])).map(|d| d.id.get()).collect();

        // The store's SQL says the same as the Rust.
        let filter = store::meetings::decisions::Filter { scope: scope.clone(), ..Default::default() };
        let sql: BTreeSet<i64> =
            store::meetings::decisions::search(&app.db, app.tenant, &filter, 1000, 0).await.unwrap().into_iter().map(|d| d.id.get()).collect();
        assert_eq!(sql, expected, "viewer {n}: the register's SQL and the policy disagree");

        // An account for the viewer, signed in without a password round, and a token.
        let email = reference.person(person).unwrap().email.clone();
        store::platform::accounts::upsert(&app.db, app.tenant, Some(person), &email, &hash, &domain::access::Role::format_list(&roles)).await.unwrap();
        let account = store::platform::accounts::by_email(&app.db, &email).await.unwrap().unwrap();
        let (session, _) = store::platform::sessions::create(&app.db, app.tenant, account.id, now).await.unwrap();
        let c = app.client();
        let cookie = |path: &str| format!("{}{path}", app.url);
        let get = |path: &str| c.get(cookie(path)).header("cookie", format!("styr_session={session}")).send();

        // The register, every page of it.
        let mut seen = BTreeSet::new();
        for page in 1..=((expected.len() / 50) + 1) {
            let html = get(&format!("/decisions?page={page}")).await.unwrap().text().await.unwrap();
            if page == 1 {
                assert_eq!(crate::harness::status_count(&html), expected.len() as i64, "viewer {n}: the register's count");
            }
            seen.extend(decision_links(&html));
        }
        assert_eq!(seen, expected, "viewer {n}: the register's pages");

        // The API.
        let token = store::platform::accounts::create_token(
            &app.db,
            &account,
            store::platform::accounts::TokenKind::Api,
            "p",
            "all",
            Some(now + chrono::Duration::days(1)),
        )
        .await
        .unwrap();
        let list: Vec<Value> = c.get(cookie("/api/v1/decisions?limit=500")).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        let api: BTreeSet<i64> = list.iter().map(|d| d["id"].as_i64().unwrap()).collect();
        assert_eq!(api, expected, "viewer {n}: the API");

        // Follow-up actions, every page of them: a closed item's actions only for those who read its forum's closed items.
        let want: BTreeSet<i64> =
            actions.iter().filter(|a| scope.allows_action(a.forum_id, a.decision_id.is_some_and(|d| closed_of[&d]))).map(|a| a.id).collect();
        hidden_closed_actions += actions.iter().filter(|a| scope.reads_forum(a.forum_id) && !want.contains(&a.id)).count();
        let mut got = BTreeSet::new();
        for offset in (0..).step_by(500) {
            let page: Vec<Value> =
                c.get(cookie(&format!("/api/v1/actions?status=all&limit=500&offset={offset}"))).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
            got.extend(page.iter().map(|a| a["id"].as_i64().unwrap()));
            if page.len() < 500 {
                break;
            }
        }
        assert_eq!(got, want, "viewer {n}: the follow-up actions in the API");

        // A single decision: read when allowed, refused otherwise.
        let probe = &all[dice.below(all.len())];
        let status = get(&format!("/decisions/{}", probe.id)).await.unwrap().status();
        assert_eq!(status == StatusCode::OK, expected.contains(&probe.id.get()), "viewer {n}: decision {} answered {status}", probe.id);

        // The start page's news: told to a group the viewer belongs to, lately, and allowed.
        let news_scope = domain::meetings::policy::DecisionScope::news(&viewer, &reference.forums);
        let mut news: Vec<&Decision> = all.iter().filter(|d| d.decided_at >= now - chrono::Duration::days(60) && news_scope.allows(&d.head(), &[])).collect();
        news.sort_by_key(|d| std::cmp::Reverse((d.decided_at, d.id)));
        let home = get("/").await.unwrap().text().await.unwrap();
        let section = home.split("<ul class=\"styr-news\">").nth(1).map(|s| s.split("</ul>").next().unwrap_or("")).unwrap_or("");
        let shown = decision_links(section);
        let want: BTreeSet<i64> = news.iter().take(8).map(|d| d.id.get()).collect();
        assert_eq!(shown, want, "viewer {n}: the start page's news");
        assert!(shown.iter().all(|id| expected.contains(id)), "news is only what the viewer may read");

        // A meeting's items and minutes in the API, as the policy shows them.
        let mid = meeting_ids[dice.below(meeting_ids.len())];
        let m = store::meetings::meeting(&app.db, app.tenant, mid).await.unwrap().unwrap();
        let forum = reference.forum(m.forum_id).unwrap();
        let r = c.get(cookie(&format!("/api/v1/meetings/{mid}"))).bearer_auth(&token).send().await.unwrap();
        if !viewer.can_read_forum(forum) {
            assert_eq!(r.status(), StatusCode::FORBIDDEN, "viewer {n}: meeting {mid}");
        } else {
            let detail: Value = r.json().await.unwrap();
            let items = store::meetings::agenda::items_of_meeting(&app.db, app.tenant, mid).await.unwrap();
            for a in detail["agenda"].as_array().unwrap() {
                let item = items.iter().find(|i| i.id.get() == a["id"].as_i64().unwrap()).unwrap();
                let facts = domain::meetings::policy::ItemFacts { status: item.status, closed: item.closed, proposer: item.proposer_person_id };
                let full = viewer.item_view(forum, &facts) == domain::meetings::policy::ItemView::Full;
                assert_eq!(a["title"].is_string(), full, "viewer {n}: item {} of meeting {mid}", item.id);
            }
            let minutes = store::meetings::minutes::get(&app.db, app.tenant, mid).await.unwrap();
            let may = minutes.as_ref().is_some_and(|x| viewer.can_read_minutes(forum, x.is_approved()));
            assert_eq!(!detail["minutes"].is_null(), may, "viewer {n}: the minutes of meeting {mid}");
        }

        // Search, page by page: every decision found is one the viewer may
        // read, and a decision they may read is found by its title.
        let mut found = BTreeSet::new();
        for page in 1..=20 {
            let html = get(&format!("/search?q={}&page={page}", query(&probe.title))).await.unwrap().text().await.unwrap();
            found.extend(decision_links(results(&html)));
            if !html.contains("pagination-next") {
                break;
            }
        }
        assert!(found.is_subset(&expected), "viewer {n}: search found {:?} outside the policy", found.difference(&expected).collect::<Vec<_>>());
        assert_eq!(found.contains(&probe.id.get()), expected.contains(&probe.id.get()), "viewer {n}: search for decision {}", probe.id);
    }

    assert!(hidden_closed_actions > 0, "some viewer read a forum but not a closed item's follow-up actions");

    // The digest of a meeting goes to each person with exactly the decisions their news scope allows.
    let d = &all[dice.below(all.len())];
    let f = store::meetings::forum(&app.db, app.tenant, d.forum_id).await.unwrap().unwrap();
    let m = store::meetings::meeting(&app.db, app.tenant, d.meeting_id).await.unwrap().unwrap();
    service::meetings::notify::minutes_approved(&app.svc, app.tenant, &f, &m, "http://styr.test").await.unwrap();
    let mails: Vec<jobs::Email> =
        store::platform::jobs::queued(&app.db, app.tenant, jobs::EMAIL).await.unwrap().iter().map(|p| serde_json::from_str(p).unwrap()).collect();
    let roles = store::platform::accounts::roles_of_people(&app.db, app.tenant).await.unwrap();
    let of_meeting: Vec<&Decision> = all.iter().filter(|x| x.meeting_id == m.id).collect();
    for person in reference.everyone() {
        let viewer =
            domain::access::Viewer::new(Some(person.id), roles.get(&person.id).cloned().unwrap_or_default(), led.get(&person.id).cloned().unwrap_or_default());
        let scope = domain::meetings::policy::DecisionScope::news(&viewer, &reference.forums);
        let want: BTreeSet<i64> = of_meeting.iter().filter(|x| scope.allows(&x.head(), &[])).map(|x| x.id.get()).collect();
        let got: BTreeSet<i64> = mails
            .iter()
            .filter(|e| e.to == person.email)
            .flat_map(|e| e.body.split("/decisions/").skip(1).filter_map(|s| s.split_whitespace().next()?.parse().ok()))
            .collect();
        assert_eq!(got, want, "the digest to {}", person.email);
    }
}
