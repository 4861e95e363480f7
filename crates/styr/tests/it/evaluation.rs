//! The leader evaluation: HR's round from the framework to the report,
//! raters answering by their personal link, and the promise of anonymity
//! tried as an adversary would: reading the raw database, answering late,
//! small groups, "Ved ikke", the manager inside "Alle undtagen mig", and
//! reminders that must reach exactly those who have not answered.

use std::collections::{HashMap, HashSet};

use chrono::{Duration, NaiveDate, TimeZone};
use domain::evaluation::anonymity::Group;
use domain::evaluation::raters::{Org, propose};
use domain::evaluation::round::{Release, Settings};
use reqwest::{Client, StatusCode};
use store::evaluation as ev;
use store::platform::audit::Actor;

use crate::harness::{App, form_fields, hidden_in_form, set};
use crate::mail::SmtpServer;

fn actor() -> Actor {
    Actor::system("test")
}

fn settings(app: &App, release: Release) -> Settings {
    Settings {
        title: "Lederevaluering 2026".into(),
        opens_on: app.today(),
        closes_on: app.today() + Duration::days(21),
        minimums: Default::default(),
        peer_cap: 5,
        release,
        retention_months: 36,
    }
}

/// A round over these leaders with the questionnaire from the framework, as a draft.
pub(crate) async fn draft_round(app: &App, leaders: &[i64], release: Release) -> (i64, Vec<ev::Subject>) {
    let (db, t) = (&app.db, app.tenant);
    let version = store::framework::version(db, t, None).await.unwrap().expect("the demo's framework");
    let elements = store::framework::elements(db, t, version.id).await.unwrap();
    let items = domain::evaluation::questionnaire::from_framework(&elements);
    let id = ev::create_round(db, t, &settings(app, release), version.id, &items, &actor()).await.unwrap();
    let units = store::org::units(db, t).await.unwrap();
    let org = Org { units: units.iter().map(|u| (u.id, u.parent_id)).collect(), positions: store::org::positions(db, t).await.unwrap() };
    let names = store::org::names(db, t, leaders).await.unwrap();
    let subjects: Vec<ev::NewSubject> = propose(&org, leaders, 5)
        .into_iter()
        .map(|p| ev::NewSubject {
            person: p.leader,
            unit: p.unit,
            manager: p.manager,
            name: names.get(&p.leader).cloned().unwrap_or_default(),
            unit_name: units.iter().find(|u| u.id == p.unit).unwrap().name.clone(),
            raters: p.raters,
        })
        .collect();
    let round = ev::round(db, t, id).await.unwrap().unwrap();
    ev::add_subjects(db, t, id, round.version, &subjects, &actor()).await.unwrap().unwrap();
    (id, ev::subjects(db, t, id).await.unwrap())
}

/// Opens a draft round as HR's button does, without mail.
pub(crate) async fn open_round(app: &App, id: i64) {
    let round = ev::round(&app.db, app.tenant, id).await.unwrap().unwrap();
    ev::open_round(&app.db, app.tenant, id, round.version, app.today(), &actor()).await.unwrap().expect("the draft opens");
}

/// Deletes the demo's rounds, for tests that read every round's rows.
async fn without_demo_rounds(app: &App) {
    for r in ev::rounds(&app.db, app.tenant).await.unwrap() {
        assert!(ev::delete_round(&app.db, app.tenant, r.id, &actor()).await.unwrap());
    }
}

/// An open round over the unit leader of the demo: (round, subject).
pub(crate) async fn open_round_over_unit_leader(app: &App, release: Release) -> (i64, ev::Subject) {
    let leader = app.viewer_of("unit_leader").await.person().unwrap();
    let (id, subjects) = draft_round(app, &[leader], release).await;
    open_round(app, id).await;
    (id, subjects.into_iter().next().unwrap())
}

/// A browser holding a personal link for an invitation, minted as the mailer mints it.
async fn rater(app: &App, invitation: i64) -> Client {
    let token = store::new_secret();
    ev::add_link(&app.db, app.tenant, invitation, &token).await.unwrap();
    let c = app.client();
    open_link(app, &c, &token).await;
    c
}

/// Opens a mailed link as a browser does: its page, then its button.
async fn open_link(app: &App, c: &Client, token: &str) {
    let (status, page) = app.get(c, &format!("/evaluation/answer?t={token}")).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let fields = form_fields(&page, "/evaluation/answer/open");
    let r = c.post(format!("{}/evaluation/answer/open", app.url)).form(&fields).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "the link is swapped for a cookie");
    assert_eq!(r.headers()["location"], "/evaluation/answer", "and leaves the address bar");
}

/// Answers the questionnaire: `pick` chooses the value for the n-th item
/// asked ("1" to "5", "dk", or "" to leave it blank). Returns the status.
async fn answer(app: &App, c: &Client, pick: impl Fn(usize) -> String, comment: &str, action: &str) -> StatusCode {
    let (status, page) = app.get(c, "/evaluation/answer").await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let mut fields = form_fields(&page, "/evaluation/answer");
    let items: Vec<String> = {
        let mut seen = vec![];
        for part in page.split("name=\"item-").skip(1) {
            let name = format!("item-{}", part.split('"').next().unwrap());
            if !seen.contains(&name) {
                seen.push(name);
            }
        }
        seen
    };
    fields.retain(|(k, _)| !k.starts_with("item-"));
    for (n, name) in items.iter().enumerate() {
        let v = pick(n);
        if !v.is_empty() {
            fields.push((name.clone(), v));
        }
    }
    if !comment.is_empty() {
        let first = fields.iter().find(|(k, _)| k.starts_with("comment-")).map(|(k, _)| k.clone());
        if let Some(k) = first {
            set(&mut fields, &k, comment);
        }
    }
    fields.push(("action".into(), action.into()));
    c.post(format!("{}/evaluation/answer", app.url)).form(&fields).send().await.unwrap().status()
}

async fn invitations(app: &App, subject: i64) -> Vec<ev::Invitee> {
    ev::invitees(&app.db, app.tenant, subject).await.unwrap()
}

async fn close(app: &App, round: i64) {
    assert!(ev::close_round(&app.db, app.tenant, round, app.today(), &actor()).await.unwrap());
}

async fn hr_report(app: &App, subject: i64) -> String {
    let hr = app.sign_in("hr").await;
    let (status, page) = app.get(&hr, &format!("/evaluation/reports/{subject}")).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    page
}

#[tokio::test]
async fn hr_prepares_opens_and_closes_a_round_and_raters_answer_by_their_mailed_link() {
    let app = App::start().await;
    let hr = app.sign_in("hr").await;
    let (status, page) = app.get(&hr, "/evaluation").await;
    assert_eq!(status, StatusCode::OK);
    let csrf = hidden_in_form(&page, "/evaluation/rounds", "csrf");

    // Bad settings are named beside their fields, and nothing is written.
    let before = app.rows().await;
    let bad = [
        ("csrf", csrf.as_str()),
        ("title", ""),
        ("opens_on", "2026-10-01"),
        ("closes_on", "2026-09-20"),
        ("min_employees", "2"),
        ("min_peers", "3"),
        ("peer_cap", "5"),
        ("release", "hr_first"),
        ("retention_months", "36"),
    ];
    let r = hr.post(format!("{}/evaluation/rounds", app.url)).form(&bad).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(page.contains("Mindst 3, så ingen kan genkendes.") && page.contains("Slutdatoen ligger før startdatoen."), "{page}");
    assert_eq!(app.rows().await, before, "a refused round writes nothing");

    let good = [
        ("csrf", csrf.as_str()),
        ("title", "Lederevaluering 2026"),
        ("opens_on", "16.9.2026"),
        ("closes_on", "2026-10-07"),
        ("min_employees", "5"),
        ("min_peers", "3"),
        ("peer_cap", "5"),
        ("release", "hr_first"),
        ("retention_months", "36"),
    ];
    let r = hr.post(format!("{}/evaluation/rounds", app.url)).form(&good).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let at = r.headers()["location"].to_str().unwrap().to_string();
    let id: i64 = at.trim_start_matches("/evaluation/rounds/").split('?').next().unwrap().parse().unwrap();

    // The questionnaire is the foundation's, as "Min leder …" and "Jeg …"; HR rewords before it opens.
    let (_, q) = app.get(&hr, &format!("/evaluation/rounds/{id}/questionnaire")).await;
    assert!(q.contains("Min leder formidler de mål, vi skal nå, og synliggør, hvorfor målene er vigtige"));
    assert!(q.contains("Jeg spørger, når jeg er i tvivl"), "the followership items, as the team answers about itself");
    let items = ev::items(&app.db, app.tenant, id).await.unwrap();
    let first = items[0].id;
    let mut fields = form_fields(&q, &format!("/evaluation/rounds/{id}/questionnaire"));
    fields.retain(|(k, _)| ["csrf", "version", "item"].contains(&k.as_str()));
    set(&mut fields, "about_leader", "   ");
    set(&mut fields, "about_self", "Jeg formidler målene");
    set(&mut fields, "action", "reword");
    let before = app.rows().await;
    let r = hr.post(format!("{}/evaluation/rounds/{id}/questionnaire", app.url)).form(&fields).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("Skriv spørgsmålet."));
    assert_eq!(app.rows().await, before);
    set(&mut fields, "about_leader", "Min leder formidler målene");
    let r = hr.post(format!("{}/evaluation/rounds/{id}/questionnaire", app.url)).form(&fields).send().await.unwrap();
    assert_eq!(r.headers()["location"], format!("/evaluation/rounds/{id}/questionnaire?done=changed").as_str());
    assert_eq!(ev::items(&app.db, app.tenant, id).await.unwrap()[0].item.about_leader, "Min leder formidler målene");
    assert_eq!(ev::items(&app.db, app.tenant, id).await.unwrap()[0].id, first);
    // An item added without its wording is refused, and nothing is written.
    let (_, q) = app.get(&hr, &format!("/evaluation/rounds/{id}/questionnaire")).await;
    let mut adding = form_fields(&q, &format!("/evaluation/rounds/{id}/questionnaire"));
    adding.retain(|(k, _)| ["csrf", "version"].contains(&k.as_str()));
    let statement = ev::items(&app.db, app.tenant, id).await.unwrap()[0].item.statement_key.clone();
    adding
        .extend([("action", "add"), ("statement", statement.as_str()), ("about_leader", ""), ("about_self", " ")].map(|(k, v)| (k.to_string(), v.to_string())));
    let before = app.rows().await;
    let r = hr.post(format!("{}/evaluation/rounds/{id}/questionnaire", app.url)).form(&adding).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("Skriv spørgsmålet."));
    assert_eq!(app.rows().await, before, "a refused item writes nothing");
    // So are settings changed to a minimum under 3.
    let (_, page) = app.get(&hr, &format!("/evaluation/rounds/{id}")).await;
    let mut settings = form_fields(&page, &format!("/evaluation/rounds/{id}/settings"));
    set(&mut settings, "min_peers", "2");
    let r = hr.post(format!("{}/evaluation/rounds/{id}/settings", app.url)).form(&settings).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("Mindst 3, så ingen kan genkendes."));
    assert_eq!(app.rows().await, before, "refused settings write nothing");

    // The unit leader's unit: its leader, with who is asked by direction.
    let leader = app.viewer_of("unit_leader").await;
    let unit = leader.led_units()[0];
    let (_, page) = app.get(&hr, &format!("/evaluation/rounds/{id}")).await;
    let version = hidden_in_form(&page, &format!("/evaluation/rounds/{id}/leaders"), "version");
    let r = hr
        .post(format!("{}/evaluation/rounds/{id}/leaders", app.url))
        .form(&[("csrf", csrf.as_str()), ("version", version.as_str()), ("unit", unit.to_string().as_str())])
        .send()
        .await
        .unwrap();
    assert!(r.headers()["location"].to_str().unwrap().contains("done=leaders-added"));
    let subject = ev::subjects(&app.db, app.tenant, id).await.unwrap().remove(0);
    assert_eq!(subject.person_id, leader.person());
    let asked = invitations(&app, subject.id).await;
    let count = |g: Group| asked.iter().filter(|i| i.grp == g).count();
    assert_eq!((count(Group::Manager), count(Group::Own)), (1, 1));
    assert!(count(Group::Employees) >= 5 && count(Group::Peers) >= 3, "{asked:?}");

    // The leader sees and approves the list; an employee may not see the round.
    let lc = app.sign_in("unit_leader").await;
    let (status, lp) = app.get(&lc, &format!("/evaluation/leaders/{}", subject.id)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(lp.contains(&asked.iter().find(|i| i.grp == Group::Employees).unwrap().name));
    let lcsrf = app.csrf(&lc).await;
    let r = lc
        .post(format!("{}/evaluation/leaders/{}/raters", app.url, subject.id))
        .form(&[("csrf", lcsrf.as_str()), ("action", "validate")])
        .send()
        .await
        .unwrap();
    assert!(r.headers()["location"].to_str().unwrap().ends_with("done=validated"));
    let ec = app.sign_in("employee").await;
    assert_eq!(app.get(&ec, &format!("/evaluation/rounds/{id}")).await.0, StatusCode::FORBIDDEN);
    assert_eq!(app.get(&lc, &format!("/evaluation/rounds/{id}")).await.0, StatusCode::FORBIDDEN);

    // Opening queues one mail per person, holding no link: links are made when sent.
    let (_, page) = app.get(&hr, &format!("/evaluation/rounds/{id}")).await;
    let version = hidden_in_form(&page, &format!("/evaluation/rounds/{id}/open"), "version");
    let r = hr.post(format!("{}/evaluation/rounds/{id}/open", app.url)).form(&[("csrf", csrf.as_str()), ("version", version.as_str())]).send().await.unwrap();
    assert!(r.headers()["location"].to_str().unwrap().ends_with("done=confirm"), "opening sends mail that cannot be called back: HR confirms");
    let r = hr
        .post(format!("{}/evaluation/rounds/{id}/open", app.url))
        .form(&[("csrf", csrf.as_str()), ("version", version.as_str()), ("confirm", "yes")])
        .send()
        .await
        .unwrap();
    assert!(r.headers()["location"].to_str().unwrap().ends_with("done=opened"));
    let people: HashSet<i64> = asked.iter().map(|i| i.person_id).collect();
    let queued = store::platform::jobs::queued(&app.db, app.tenant, jobs::EVALUATION_EMAIL).await.unwrap();
    assert_eq!(queued.len(), people.len());
    assert!(queued.iter().all(|p| p.contains("{{link:") && !p.contains("?t=0") && !p.contains("?t=a")), "no token in the queue");
    // The questionnaire is frozen now.
    let before = app.rows().await;
    let r = hr.post(format!("{}/evaluation/rounds/{id}/questionnaire", app.url)).form(&fields).send().await.unwrap();
    assert!(r.headers()["location"].to_str().unwrap().ends_with("done=not-draft"));
    assert_eq!(app.rows().await, before);

    // Sent through a real SMTP server: each mail has a personal link; the sent job is gone.
    let smtp = SmtpServer::start();
    jobs::run_due(&app.db, Some(&smtp.mailer())).await.unwrap();
    let mails = smtp.received();
    assert_eq!(mails.len(), people.len());
    assert!(store::platform::jobs::queued(&app.db, app.tenant, jobs::EVALUATION_EMAIL).await.unwrap().is_empty());
    let employee = asked.iter().find(|i| i.grp == Group::Employees).unwrap();
    let (_, subject_line, body) = mails.iter().find(|(to, _, _)| to.contains(&employee.email)).unwrap().clone();
    assert!(subject_line.contains("Lederevaluering 2026"));
    assert!(body.contains("anonym"), "{body}");
    let link = body.lines().find(|l| l.contains("/evaluation/answer?t=")).unwrap().trim().to_string();
    let token = link.split("?t=").nth(1).unwrap().to_string();
    assert_eq!(token.len(), 64);
    let dump = app.db.dump().await.unwrap();
    assert!(dump.iter().all(|(_, _, rows)| rows.iter().all(|r| !r.contains(&token))), "the token itself is stored nowhere");

    // The employee answers on their phone, signed out: a missing answer is named and nothing is saved.
    let c = app.client();
    // A mail scanner following the link uses nothing up; the page says whom it is about.
    let (status, page) = app.get(&app.client(), &format!("/evaluation/answer?t={token}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(&subject.name) && page.contains("kan kun åbnes én gang"), "{page}");
    // Another site cannot press the button for a browser: it lacks the page's cookie.
    let forged = app.client().post(format!("{}/evaluation/answer/open", app.url)).form(&form_fields(&page, "/evaluation/answer/open")).send().await.unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    open_link(&app, &c, &token).await;
    // The link is used up: opened again, elsewhere, it opens nothing.
    let (status, page) = app.get(&app.client(), &format!("/evaluation/answer?t={token}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{page}");
    let (status, page) = app.get(&c, "/evaluation/answer").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("type=\"radio\"") && page.contains("Ved ikke") && page.contains("Dine svar er anonyme"), "{page}");
    let before = app.rows().await;
    assert_eq!(answer(&app, &c, |n| if n == 3 { String::new() } else { "4".into() }, "", "submit").await, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.rows().await, before, "an incomplete answer is not saved");
    assert_eq!(answer(&app, &c, |_| "4".into(), "Godt samarbejde.", "submit").await, StatusCode::SEE_OTHER);
    let r = c.get(format!("{}/evaluation/answer/sent", app.url)).send().await.unwrap();
    assert!(r.headers()["set-cookie"].to_str().unwrap().contains("Max-Age=0"), "the browser forgets the link once the answers are sent");
    assert!(r.text().await.unwrap().contains("Tak! Dine svar er sendt."));

    // The manager is told before answering that they are not anonymous.
    let manager = asked.iter().find(|i| i.grp == Group::Manager).unwrap();
    let mc = rater(&app, manager.id).await;
    let (_, page) = app.get(&mc, "/evaluation/answer").await;
    assert!(page.contains("Dine svar er ikke anonyme"));
    assert!(!page.contains("name=\"comment-"), "the manager is not offered a comment, which could not be pooled");

    // The rest answer; HR closes; the leader reads nothing until HR releases.
    for i in asked.iter().filter(|i| i.id != employee.id) {
        let c = rater(&app, i.id).await;
        assert_eq!(answer(&app, &c, |n| ((n % 5) + 1).to_string(), "", "submit").await, StatusCode::SEE_OTHER);
    }
    let (_, page) = app.get(&hr, &format!("/evaluation/rounds/{id}")).await;
    let r = hr.post(format!("{}/evaluation/rounds/{id}/close", app.url)).form(&[("csrf", csrf.as_str()), ("confirm", "yes")]).send().await.unwrap();
    assert!(r.headers()["location"].to_str().unwrap().ends_with("done=closed"), "{page}");
    assert_eq!(app.get(&lc, &format!("/evaluation/reports/{}", subject.id)).await.0, StatusCode::FORBIDDEN);
    let report = hr_report(&app, subject.id).await;
    assert!(report.contains("Alle undtagen mig") && report.contains("Nærmeste leder (ikke anonym)"));
    assert!(report.contains("<svg") && report.contains("<caption>"), "a dot plot and its table");
    let r = hr.post(format!("{}/evaluation/reports/{}/release", app.url, subject.id)).form(&[("csrf", csrf.as_str())]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (status, page) = app.get(&lc, &format!("/evaluation/reports/{}", subject.id)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Mig selv"));
    assert_eq!(app.get(&ec, &format!("/evaluation/reports/{}", subject.id)).await.0, StatusCode::FORBIDDEN);
    // Every reading is audited.
    assert!(app.audit_actions().await.iter().filter(|a| *a == "evaluation.report.read").count() >= 2);

    // The dialogue: the leader dates the talk and shares two statements with the team.
    let plan = format!("/evaluation/plans/{}", subject.id);
    let (status, page) = app.get(&lc, &plan).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Hvilke en til tre adfærd"), "the agenda is made from the report");
    let mut fields = form_fields(&page, &plan);
    fields.retain(|(k, _)| ["csrf", "version"].contains(&k.as_str()));
    let dialogue: Vec<(String, String)> = fields
        .iter()
        .cloned()
        .chain(
            [("action", "dialogue"), ("talk_on", "2026-10-14"), ("team_on", "2026-10-28"), ("shared", "statement.kommunikerer"), ("shared", "mirror")]
                .map(|(k, v)| (k.to_string(), v.to_string())),
        )
        .collect();
    let r = lc.post(format!("{}{plan}", app.url)).form(&dialogue).send().await.unwrap();
    assert!(r.headers()["location"].to_str().unwrap().ends_with("done=saved"));
    let (_, kit) = app.get(&lc, &format!("{plan}/kit")).await;
    assert!(kit.contains("Jeg kommunikerer") && !kit.contains("Jeg påtager mig og udvikler mit lederskab") && kit.contains("Spilleregler"));
    // A plan of four behaviours is refused and nothing is saved; of two it is kept.
    let (_, page) = app.get(&lc, &plan).await;
    let version = hidden_in_form(&page, &plan, "version");
    let ids: Vec<String> = ev::items(&app.db, app.tenant, id).await.unwrap().iter().take(4).map(|i| i.id.to_string()).collect();
    let mut four = vec![("csrf".to_string(), lcsrf.clone()), ("version".into(), version.clone()), ("action".into(), "plan".into())];
    four.extend(ids.iter().map(|i| ("focus".to_string(), i.clone())));
    four.extend([("actions".to_string(), "Feedback hver uge".to_string()), ("follow_up_on".into(), "2027-02-01".into())]);
    let before = app.rows().await;
    let r = lc.post(format!("{}{plan}", app.url)).form(&four).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("Vælg en til tre adfærd."));
    assert_eq!(app.rows().await, before);
    let two: Vec<(String, String)> = four.iter().filter(|(k, v)| k != "focus" || ids[..2].contains(v)).cloned().collect();
    let r = lc.post(format!("{}{plan}", app.url)).form(&two).send().await.unwrap();
    assert!(r.headers()["location"].to_str().unwrap().ends_with("done=saved"));
    // The page's one form saves the dialogue and the plan together: nothing typed in one part is lost to the other.
    let (_, page) = app.get(&lc, &plan).await;
    let mut all = form_fields(&page, &plan);
    set(&mut all, "talk_on", "2026-10-21");
    set(&mut all, "actions", "Feedback hver anden uge");
    let r = lc.post(format!("{}{plan}", app.url)).form(&all).send().await.unwrap();
    assert!(r.headers()["location"].to_str().unwrap().ends_with("done=saved"));
    let saved = ev::plan(&app.db, app.tenant, subject.id).await.unwrap().unwrap();
    assert_eq!((saved.talk_on.map(|d| d.to_string()), saved.actions.as_str(), saved.focus.len()), (Some("2026-10-21".into()), "Feedback hver anden uge", 2));
    // The plan is the leader's and the manager's: not the employee's.
    assert_eq!(app.get(&ec, &plan).await.0, StatusCode::FORBIDDEN);
    let (_, home) = app.get(&lc, "/").await;
    assert!(home.contains(&format!("href=\"{plan}\"")), "the plan is on the leader's start page");
    let token = app.api_token("unit_leader").await;
    let plans: serde_json::Value =
        app.client().get(format!("{}/api/v1/evaluation/plans", app.url)).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
    assert_eq!(plans[0]["focus"].as_array().unwrap().len(), 2, "{plans}");
    // At the follow-up date the leader and the manager are reminded once; a check-in answers it.
    let follow = NaiveDate::from_ymd_opt(2027, 2, 1).unwrap();
    let queued = service::evaluation::remind_check_ins(&app.svc, "http://styr.test", follow).await.unwrap();
    assert_eq!(queued, 2);
    assert_eq!(service::evaluation::remind_check_ins(&app.svc, "http://styr.test", follow).await.unwrap(), 0);
    let before = app.rows().await;
    let r = lc
        .post(format!("{}{plan}/checkins", app.url))
        .form(&[("csrf", lcsrf.as_str()), ("on", "3. februar"), ("note", "Halvvejs med feedbacken.")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(page.contains("id=\"on-error\"") && page.contains(">Halvvejs med feedbacken.</textarea>"), "the date is named, the note kept: {page}");
    assert_eq!(app.rows().await, before, "a refused check-in writes nothing");
    let r = lc
        .post(format!("{}{plan}/checkins", app.url))
        .form(&[("csrf", lcsrf.as_str()), ("on", "2027-02-03"), ("note", "To af tre møder med feedback.")])
        .send()
        .await
        .unwrap();
    assert!(r.headers()["location"].to_str().unwrap().contains("done=checked-in"));
    let (_, page) = app.get(&lc, &plan).await;
    assert!(page.contains("To af tre møder med feedback."));
    // The round and its talks are on the årshjul, in HR's ring.
    let (_, wheel) = app.get(&lc, "/aarshjul/2026").await;
    assert!(wheel.contains("Lederevaluering: Lederevaluering 2026") && wheel.contains("MUS/LUS"));
}

/// Every row of every table, as an administrator with the database would read it.
async fn raw(app: &App) -> Vec<(String, Vec<String>, Vec<String>)> {
    app.db.dump().await.unwrap()
}

#[tokio::test]
async fn no_one_reading_the_raw_database_can_tie_an_answer_to_a_person() {
    let app = App::start().await;
    without_demo_rounds(&app).await;
    let (round, subject) = open_round_over_unit_leader(&app, Release::HrFirst).await;
    let asked = invitations(&app, subject.id).await;
    let employees: Vec<&ev::Invitee> = asked.iter().filter(|i| i.grp == Group::Employees).collect();
    let audit_before = app.audit_actions().await.len();
    // Each employee answers with a pattern of their own, so an answer would be recognised wherever it was stored.
    let mut patterns: HashMap<i64, String> = HashMap::new();
    for (k, e) in employees.iter().enumerate() {
        let c = rater(&app, e.id).await;
        let pick = move |n: usize| (((n + k) % 5) + 1).to_string();
        assert_eq!(answer(&app, &c, pick, &format!("Kommentar nummer {k}."), "submit").await, StatusCode::SEE_OTHER);
        patterns.insert(e.person_id, format!("Kommentar nummer {k}."));
    }
    assert_eq!(app.audit_actions().await.len(), audit_before, "answering leaves nothing in the audit log");

    // While the round is open: the drafts name no person and no invitation.
    let tables = raw(&app).await;
    let (_, cols, _) = tables.iter().find(|(t, _, _)| t == "evaluation_drafts").unwrap();
    let mut cols = cols.clone();
    cols.sort();
    assert_eq!(cols, ["answers", "comments", "grp", "key_hash", "round_id", "subject_id", "submitted", "tenant_id"]);

    close(&app, round).await;
    let tables = raw(&app).await;
    let rows_of = |t: &str| tables.iter().find(|(x, _, _)| x == t).unwrap().2.clone();
    assert!(rows_of("evaluation_drafts").is_empty() && rows_of("evaluation_links").is_empty(), "drafts and links are gone");
    let (_, rcols, responses) = tables.iter().find(|(t, _, _)| t == "evaluation_responses").unwrap();
    let mut rcols = rcols.clone();
    rcols.sort();
    assert_eq!(rcols, ["answers", "grp", "id", "round_id", "subject_id", "tenant_id"], "a kept answer carries the leader and the group only");
    assert_eq!(responses.len(), employees.len(), "the employees were enough to keep");
    let salt = "SELECT draft_salt FROM evaluation_rounds WHERE id = $1";
    let salt: (Option<String>,) = match &app.db {
        store::Db::Sqlite(p) => sqlx::query_as(salt).bind(round).fetch_one(p).await.unwrap(),
        store::Db::Pg(p) => sqlx::query_as(salt).bind(round).fetch_one(p).await.unwrap(),
    };
    assert_eq!(salt.0, None, "the draft secret is dropped");
    // Who answered is no longer known to anyone.
    let completed = ev::counts(&app.db, app.tenant, round).await.unwrap();
    assert!(completed.iter().all(|(_, _, _, answered)| *answered == 0), "completion flags are dropped at close: {completed:?}");
    // No row anywhere holds a person's identity together with their answer or comment.
    for (table, _, rows) in &tables {
        for row in rows {
            for (person, comment) in &patterns {
                let e = asked.iter().find(|i| i.person_id == *person).unwrap();
                if row.contains(comment.as_str()) {
                    assert!(!row.contains(&e.email) && !row.contains(&e.name), "{table} ties {} to a comment: {row}", e.name);
                    assert_eq!(table, "evaluation_comments");
                }
            }
        }
    }
    // The keys of kept answers are random, not the order they were given in.
    let ids: Vec<&str> = responses.iter().filter_map(|r| r.split(|c: char| !c.is_ascii_hexdigit()).find(|w| w.len() == 32)).collect();
    assert_eq!(ids.len(), responses.len(), "each kept answer has a random key: {responses:?}");
    let mut sorted = ids.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), ids.len());
}

#[tokio::test]
async fn a_late_answer_is_refused_and_changes_nothing() {
    let app = App::start().await;
    let (round, subject) = open_round_over_unit_leader(&app, Release::HrFirst).await;
    let asked = invitations(&app, subject.id).await;
    let e = asked.iter().find(|i| i.grp == Group::Employees).unwrap();
    let c = rater(&app, e.id).await;
    let (_, page) = app.get(&c, "/evaluation/answer").await;
    let mut fields = form_fields(&page, "/evaluation/answer");
    for part in page.split("name=\"item-").skip(1) {
        set(&mut fields, &format!("item-{}", part.split('"').next().unwrap()), "3");
    }
    fields.push(("action".into(), "submit".into()));
    // After the last day the page and the form refuse, though the worker has not closed the round yet.
    let round_row = ev::round(&app.db, app.tenant, round).await.unwrap().unwrap();
    let later = chrono_tz::Europe::Copenhagen.from_local_datetime(&(round_row.closes_on + Duration::days(1)).and_hms_opt(9, 0, 0).unwrap()).unwrap();
    app.clock.set(later.with_timezone(&chrono::Utc));
    let before = app.rows().await;
    let r = c.post(format!("{}/evaluation/answer", app.url)).form(&fields).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::GONE);
    assert_eq!(app.rows().await, before);
    // Closed (and released): refused too, and the round does not reopen.
    service::evaluation::tick(&app.svc, "http://styr.test", app.today()).await.unwrap();
    assert_eq!(ev::round(&app.db, app.tenant, round).await.unwrap().unwrap().state, domain::evaluation::round::RoundState::Closed);
    let before = app.rows().await;
    let r = c.post(format!("{}/evaluation/answer", app.url)).form(&fields).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND, "the link itself is gone");
    assert_eq!(app.rows().await, before);
    let a = ev::Answering {
        tenant: app.tenant,
        invitation: e.id,
        round: ev::round(&app.db, app.tenant, round).await.unwrap().unwrap(),
        subject_id: subject.id,
        leader: String::new(),
        group: Group::Employees,
        completed: false,
        draft_key: Some("x".into()),
    };
    assert!(!ev::save_answers(&app.db, &a, &Default::default(), true, app.today()).await.unwrap(), "the store refuses a late answer too");
    assert_eq!(app.rows().await, before);
    let hr = app.sign_in("hr").await;
    let csrf = app.csrf(&hr).await;
    let r = hr
        .post(format!("{}/evaluation/rounds/{round}/open", app.url))
        .form(&[("csrf", csrf.as_str()), ("version", "0"), ("confirm", "yes")])
        .send()
        .await
        .unwrap();
    assert!(r.headers()["location"].to_str().unwrap().ends_with("done=not-draft"));
}

/// Takes people out of a subject's list (before the round opens) until the group has `keep`.
async fn trim(app: &App, subject: i64, g: Group, keep: usize) {
    for i in invitations(app, subject).await.into_iter().filter(|i| i.grp == g).skip(keep) {
        assert!(ev::change_raters(&app.db, app.tenant, subject, ev::RaterChange::Remove { invitation: i.id }, &actor()).await.unwrap());
    }
}

#[tokio::test]
async fn a_group_of_four_shows_only_how_many_answered_and_is_not_kept() {
    let app = App::start().await;
    let leader = app.viewer_of("unit_leader").await.person().unwrap();
    let (round, subjects) = draft_round(&app, &[leader], Release::HrFirst).await;
    let s = &subjects[0];
    trim(&app, s.id, Group::Employees, 4).await;
    trim(&app, s.id, Group::Peers, 0).await;
    open_round(&app, round).await;
    for i in invitations(&app, s.id).await {
        let c = rater(&app, i.id).await;
        assert_eq!(answer(&app, &c, |_| "5".into(), "", "submit").await, StatusCode::SEE_OTHER);
    }
    close(&app, round).await;
    let kept = ev::kept(&app.db, app.tenant, s.id).await.unwrap();
    assert!(kept.iter().all(|(g, _)| !g.anonymous()), "nothing of the four is kept: {:?}", kept.iter().map(|k| k.0).collect::<Vec<_>>());
    let page = hr_report(&app, s.id).await;
    assert!(page.contains("For få til at blive vist: ikke med i rapporten"));
    assert!(!page.contains("<th scope=\"col\">Medarbejdere</th>"), "no column of employees");
    assert!(page.contains("Nærmeste leder (ikke anonym)"));
}

/// A closed round over the unit leader with five employees (two of whom
/// do not know the first item), three peers, and a manager who rates
/// everything 1: (app, the leader's report).
async fn dont_know_and_a_harsh_manager() -> (App, i64) {
    let app = App::start().await;
    let leader = app.viewer_of("unit_leader").await.person().unwrap();
    let (round, subjects) = draft_round(&app, &[leader], Release::AtClose).await;
    let s = subjects[0].id;
    trim(&app, s, Group::Employees, 5).await;
    trim(&app, s, Group::Peers, 3).await;
    open_round(&app, round).await;
    let mut k = 0;
    for i in invitations(&app, s).await {
        let c = rater(&app, i.id).await;
        let status = match i.grp {
            Group::Manager => answer(&app, &c, |_| "1".into(), "", "submit").await,
            Group::Employees => {
                k += 1;
                let dk = k <= 2;
                answer(&app, &c, move |n| if n == 0 && dk { "dk".into() } else { "5".into() }, "", "submit").await
            }
            _ => answer(&app, &c, |_| "5".into(), "", "submit").await,
        };
        assert_eq!(status, StatusCode::SEE_OTHER);
    }
    close(&app, round).await;
    (app, s)
}

#[tokio::test]
async fn dont_know_hides_an_item_and_the_manager_stays_out_of_all_but_me() {
    let (app, s) = dont_know_and_a_harsh_manager().await;
    let rr = {
        let p = app.principal("hr").await;
        let req = app.svc.req(&p, "/test");
        service::evaluation::report(&req, s).await.unwrap()
    };
    use domain::evaluation::report::{Column, Figure, Hidden};
    let r = &rr.report;
    assert_eq!(r.items[0].figure(Column::Employees), Figure::Suppressed { reason: Hidden::TooFew }, "three real answers of five");
    assert_eq!(r.items[0].figure(Column::Peers), Figure::Suppressed { reason: Hidden::WouldReveal });
    assert_eq!(r.items[1].figure(Column::Total), Figure::Value { mean: 5.0, n: 8 }, "the manager's 1 is not in all but me");
    assert_eq!(r.items[1].figure(Column::Manager), Figure::Value { mean: 1.0, n: 1 });
    // The leader reads it at once (released at close).
    let lc = app.sign_in("unit_leader").await;
    let (status, page) = app.get(&lc, &format!("/evaluation/reports/{s}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Ikke vist: for få svar") && page.contains("Ikke vist: kunne regnes ud fra de andre tal"));
}

/// The hidden cells of the figure tables on a report page: (row, column header).
fn hidden_on_screen(page: &str) -> HashSet<(String, String)> {
    let mut out = HashSet::new();
    for table in page.split("<table").skip(1) {
        let table = table.split("</table>").next().unwrap();
        let head: Vec<String> = table.split("<th scope=\"col\">").skip(2).map(|h| crate::harness::unescape(h.split("</th>").next().unwrap())).collect();
        for row in table.split("<tr><th scope=\"row\">").skip(1) {
            let label = crate::harness::unescape(row.split("</th>").next().unwrap());
            for (k, td) in row.split("<td>").skip(1).enumerate() {
                if td.contains("styr-hidden-figure")
                    && let Some(h) = head.get(k)
                {
                    out.insert((label.clone(), h.clone()));
                }
            }
        }
    }
    out
}

#[tokio::test]
async fn the_screen_and_the_api_hide_the_same_cells() {
    let (app, s) = dont_know_and_a_harsh_manager().await;
    let token = app.api_token("hr").await;
    let r = app.client().get(format!("{}/api/v1/evaluation/reports/{s}", app.url)).bearer_auth(&token).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let json: serde_json::Value = r.json().await.unwrap();
    let names: HashMap<&str, &str> = [
        ("own", "Mig selv"),
        ("manager", "Nærmeste leder (ikke anonym)"),
        ("employees", "Medarbejdere"),
        ("peers", "Ledere på samme niveau"),
        ("others", "Øvrige"),
        ("total", "Alle undtagen mig"),
        ("organisation", "Organisationen"),
    ]
    .into();
    let mut api = HashSet::new();
    for part in ["statements", "items"] {
        for row in json[part].as_array().unwrap() {
            if part == "statements" && row["part"] != "statement" {
                continue;
            }
            for c in row["cells"].as_array().unwrap() {
                if let Some(reason) = c["suppressed"].as_str() {
                    assert!(c["value"].is_null() && ["too_few", "would_reveal"].contains(&reason), "{c}");
                    api.insert((row["label"].as_str().unwrap().to_string(), names[c["column"].as_str().unwrap()].to_string()));
                }
            }
        }
    }
    assert!(api.len() >= 2, "{json}");
    let hr = app.sign_in("hr").await;
    let (_, page) = app.get(&hr, &format!("/evaluation/reports/{s}")).await;
    assert_eq!(hidden_on_screen(&page), api, "the page and the API hide the same cells");
    // The PDF is drawn from the same view: as many cells hidden, and no figure the page hides.
    let r = hr.get(format!("{}/evaluation/reports/{s}.pdf", app.url)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    let text = crate::decisions::pdf_text(r).await;
    assert!(!page.contains("Ikke vist for sig") && !page.split("id=\"mirror\"").nth(1).unwrap().split("</section>").next().unwrap().contains("Ikke vist"));
    assert_eq!(text.matches("skjult:").count(), api.len(), "{text}");
    assert!(text.contains("Alle undtagen mig") && text.contains("Fortroligt"));
}

/// Only HR adds to a list, by e-mail, and only where the policy allows: a
/// leader who could add people could surround one employee with friends.
#[tokio::test]
async fn only_hr_adds_raters_and_only_to_the_groups_allowed() {
    let app = App::start().await;
    without_demo_rounds(&app).await;
    let leader = app.viewer_of("unit_leader").await.person().unwrap();
    let (_, subjects) = draft_round(&app, &[leader], Release::AtClose).await;
    let s = subjects[0].id;
    let raters = format!("/evaluation/leaders/{s}/raters");
    let someone = app.email("secretariat").await;
    // The leader may take people out, but not add anyone.
    let lc = app.sign_in("unit_leader").await;
    let lcsrf = app.csrf(&lc).await;
    let before = app.rows().await;
    let add = |csrf: &str, email: &str, group: &str| [("csrf", csrf.to_string()), ("action", "add".into()), ("email", email.into()), ("group", group.into())];
    let r = lc.post(format!("{}{raters}", app.url)).form(&add(&lcsrf, &someone, "employees")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.rows().await, before);
    // HR: an unknown e-mail is named beside its field and changes nothing; a second manager is refused.
    let hr = app.sign_in("hr").await;
    let csrf = app.csrf(&hr).await;
    let r = hr.post(format!("{}{raters}", app.url)).form(&add(&csrf, "ingen@ishoj.example", "employees")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(page.contains("id=\"email-error\"") && page.contains("value=\"ingen@ishoj.example\""), "{page}");
    let r = hr.post(format!("{}{raters}", app.url)).form(&add(&csrf, &someone, "manager")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert_eq!(app.rows().await, before);
    // By e-mail, in any case, HR adds an employee.
    let r = hr.post(format!("{}{raters}", app.url)).form(&add(&csrf, &someone.to_uppercase(), "employees")).send().await.unwrap();
    assert!(r.headers()["location"].to_str().unwrap().ends_with("done=changed"));
    let person = store::org::person_by_email(&app.db, app.tenant, &someone).await.unwrap().unwrap();
    assert!(invitations(&app, s).await.iter().any(|i| i.person_id == person.id && i.grp == Group::Employees));
}

/// Readings are written to the log in groups when many come at once; each
/// reader still has its own entry before it sees the report.
#[tokio::test]
async fn many_readings_at_once_are_each_in_the_log() {
    let (app, s) = dont_know_and_a_harsh_manager().await;
    let readings = async || {
        let all = store::platform::audit::page(&app.db, app.tenant, "evaluation.report.read", 1000, 0).await.unwrap().0;
        all.into_iter().filter(|e| e.target == format!("subject:{s}")).count()
    };
    let before = readings().await;
    let hr = app.sign_in("hr").await;
    let token = app.api_token("hr").await;
    let mut readers = tokio::task::JoinSet::new();
    for n in 0..24 {
        let (hr, token, url) = (hr.clone(), token.clone(), app.url.clone());
        readers.spawn(async move {
            let r = if n % 2 == 0 {
                hr.get(format!("{url}/evaluation/reports/{s}")).send().await.unwrap()
            } else {
                hr.get(format!("{url}/api/v1/evaluation/reports/{s}")).bearer_auth(&token).send().await.unwrap()
            };
            r.status()
        });
    }
    while let Some(status) = readers.join_next().await {
        assert_eq!(status.unwrap(), StatusCode::OK);
    }
    assert_eq!(readings().await, before + 24, "one entry for every reading");
}

#[tokio::test]
async fn reminders_go_to_exactly_those_who_have_not_answered() {
    let app = App::start().await;
    without_demo_rounds(&app).await;
    let (round, subject) = open_round_over_unit_leader(&app, Release::HrFirst).await;
    let asked = invitations(&app, subject.id).await;
    let answered: Vec<&ev::Invitee> = asked.iter().filter(|i| i.grp == Group::Employees).take(2).collect();
    for i in &answered {
        let c = rater(&app, i.id).await;
        assert_eq!(answer(&app, &c, |_| "4".into(), "", "submit").await, StatusCode::SEE_OTHER);
    }
    // One who only saved a draft has not answered.
    let saver = asked.iter().filter(|i| i.grp == Group::Employees).nth(2).unwrap();
    let c = rater(&app, saver.id).await;
    assert_eq!(answer(&app, &c, |_| "2".into(), "", "save").await, StatusCode::SEE_OTHER);
    let r = ev::round(&app.db, app.tenant, round).await.unwrap().unwrap();
    let day = |d: NaiveDate| chrono_tz::Europe::Copenhagen.from_local_datetime(&d.and_hms_opt(9, 0, 0).unwrap()).unwrap().with_timezone(&chrono::Utc);
    let reminded = |app: &App| {
        let db = app.db.clone();
        let t = app.tenant;
        async move {
            let payloads = store::platform::jobs::queued(&db, t, jobs::EVALUATION_EMAIL).await.unwrap();
            payloads.iter().map(|p| serde_json::from_str::<jobs::Email>(p).unwrap().to).collect::<Vec<_>>()
        }
    };
    // The first day nothing goes.
    service::evaluation::tick(&app.svc, "http://styr.test", app.today()).await.unwrap();
    assert!(reminded(&app).await.is_empty());
    // A third of the way: a reminder to exactly the others, once.
    app.clock.set(day(r.opens_on + Duration::days(7)));
    service::evaluation::tick(&app.svc, "http://styr.test", app.today()).await.unwrap();
    service::evaluation::tick(&app.svc, "http://styr.test", app.today()).await.unwrap();
    let mut to = reminded(&app).await;
    to.sort();
    let done: HashSet<i64> = answered.iter().map(|i| i.person_id).collect();
    let mut expected: Vec<String> =
        asked.iter().filter(|i| !done.contains(&i.person_id)).map(|i| i.email.clone()).collect::<HashSet<_>>().into_iter().collect();
    expected.sort();
    assert_eq!(to, expected);
    assert!(to.contains(&saver.email), "a saved draft is not an answer");
}

#[tokio::test]
async fn a_person_takes_away_their_own_data_but_never_an_answer() {
    let (app, s) = dont_know_and_a_harsh_manager().await;
    // The demo employee was asked about their leader and answered "5" everywhere (or "Ved ikke").
    let ec = app.sign_in("employee").await;
    let r = ec.get(format!("{}/evaluation/mine.json", app.url)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers()["content-disposition"].to_str().unwrap().starts_with("attachment"));
    let mine: serde_json::Value = r.json().await.unwrap();
    let invited = mine["invitations"].as_array().unwrap();
    assert!(!invited.is_empty() && invited.iter().all(|i| i.get("answers").is_none()), "{mine}");
    assert!(mine["reports_about_me"].as_array().unwrap().is_empty());
    // The leader gets the reports about them, figures only, and their plan.
    let lc = app.sign_in("unit_leader").await;
    let mine: serde_json::Value = lc.get(format!("{}/evaluation/mine.json", app.url)).send().await.unwrap().json().await.unwrap();
    let reports = mine["reports_about_me"].as_array().unwrap();
    assert!(reports.iter().any(|r| r["report"]["items"].is_array()), "{mine}");
    let text = mine.to_string();
    assert!(!text.contains("key_hash") && !text.contains("\"answers\""));
    let _ = s;
}

#[tokio::test]
async fn a_round_past_its_time_to_be_kept_is_deleted_with_its_reports_and_plans() {
    let app = App::start().await;
    without_demo_rounds(&app).await;
    let (round, subject) = open_round_over_unit_leader(&app, Release::AtClose).await;
    close(&app, round).await;
    let actor = actor();
    let plan = ev::PlanChange::Dialogue { talk_on: None, team_on: None, shared: &[] };
    assert!(ev::save_plan(&app.db, app.tenant, subject.id, 0, &[plan], &actor).await.unwrap());
    let months = ev::round(&app.db, app.tenant, round).await.unwrap().unwrap().retention_months;
    let end = app.today().checked_add_months(chrono::Months::new(months)).unwrap();
    service::evaluation::tick(&app.svc, "http://styr.test", end - Duration::days(1)).await.unwrap();
    assert!(ev::round(&app.db, app.tenant, round).await.unwrap().is_some(), "kept until the last day");
    service::evaluation::tick(&app.svc, "http://styr.test", end).await.unwrap();
    assert!(ev::round(&app.db, app.tenant, round).await.unwrap().is_none());
    for (table, _, rows) in raw(&app).await {
        if table.starts_with("evaluation_") {
            assert!(rows.is_empty(), "{table} still holds {rows:?}");
        }
    }
    assert!(app.audit_actions().await.contains(&"evaluation.round.delete".to_string()));
}

#[tokio::test]
async fn hr_gets_an_overview_for_hovedmed_on_the_screen_as_xlsx_and_as_pdf() {
    let app = App::start().await;
    // The demo's finished round: the leaders of one centre.
    let round = ev::rounds(&app.db, app.tenant).await.unwrap().into_iter().find(|r| r.state == domain::evaluation::round::RoundState::Closed).unwrap();
    let hr = app.sign_in("hr").await;
    let (status, page) = app.get(&hr, &format!("/evaluation/rounds/{}/overview", round.id)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Center for Dagtilbud") && page.contains("Hele organisationen"), "{page}");
    assert!(page.contains("Jeg kommunikerer"));
    let r = hr.get(format!("{}/evaluation/rounds/{}/overview.xlsx", app.url, round.id)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.bytes().await.unwrap().starts_with(b"PK"), "an XLSX is a zip");
    let r = hr.get(format!("{}/evaluation/rounds/{}/overview.pdf", app.url, round.id)).send().await.unwrap();
    let text = crate::decisions::pdf_text(r).await;
    assert!(text.contains("Hele organisationen") && text.contains("Center for Dagtilbud"));
    // The leaders and the centre chief do not get it.
    let lc = app.sign_in("unit_leader").await;
    assert_eq!(app.get(&lc, &format!("/evaluation/rounds/{}/overview", round.id)).await.0, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_next_round_shows_progress_since_last_time_and_the_organisation_beside() {
    let app = App::start().await;
    // The demo's finished round holds a report on the unit leader; their plan then focused on one behaviour.
    let leader = app.viewer_of("unit_leader").await.person().unwrap();
    let earlier = ev::subjects_of(&app.db, app.tenant, leader)
        .await
        .unwrap()
        .into_iter()
        .map(|(s, _)| s)
        .find(|s| s.person_id == Some(leader) && !s.settled().is_empty())
        .unwrap();
    let first_item = ev::items(&app.db, app.tenant, earlier.round_id).await.unwrap()[0].clone();
    let change = ev::PlanChange::Plan { focus: &[first_item.id], actions: "Feedback hver uge", support: "", follow_up_on: app.today() + Duration::days(30) };
    assert!(ev::save_plan(&app.db, app.tenant, earlier.id, 0, &[change], &actor()).await.unwrap());
    // A new round over the same leader, answered and closed.
    let (round, subject) = open_round_over_unit_leader(&app, Release::AtClose).await;
    for i in invitations(&app, subject.id).await {
        let c = rater(&app, i.id).await;
        assert_eq!(answer(&app, &c, |_| "4".into(), "", "submit").await, StatusCode::SEE_OTHER);
    }
    close(&app, round).await;
    let lc = app.sign_in("unit_leader").await;
    // Not while the earlier report is not the reader's to read: here, not released.
    let unrelease = "UPDATE evaluation_subjects SET released = FALSE WHERE id = $1";
    match &app.db {
        store::Db::Sqlite(p) => sqlx::query(unrelease).bind(earlier.id).execute(p).await.map(|_| ()).unwrap(),
        store::Db::Pg(p) => sqlx::query(unrelease).bind(earlier.id).execute(p).await.map(|_| ()).unwrap(),
    }
    // HR may read the earlier report, so HR sees it; the page made for HR is
    // then kept, and must not be the one the leader gets.
    let hr = app.sign_in("hr").await;
    let (status, page) = app.get(&hr, &format!("/evaluation/reports/{}", subject.id)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Siden sidst: Lederevaluering 2026"), "{page}");
    let (status, page) = app.get(&lc, &format!("/evaluation/reports/{}", subject.id)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!page.contains("Siden sidst"), "an earlier report the leader may not read is not shown: {page}");
    let csrf = app.csrf(&hr).await;
    let r = hr.post(format!("{}/evaluation/reports/{}/release", app.url, earlier.id)).form(&[("csrf", csrf.as_str())]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (status, page) = app.get(&lc, &format!("/evaluation/reports/{}", subject.id)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Siden sidst: Lederevaluering 2026"), "{page}");
    assert!(page.contains("Fokus i udviklingsplanen") && page.contains(&first_item.item.about_leader));
    // The organisation's column: one leader alone is their own organisation, so it is the same people.
    assert!(page.contains("<th scope=\"col\">Organisationen</th>"));
}

#[tokio::test]
async fn differencing_two_overlapping_reports_gives_nothing_away() {
    let app = App::start().await;
    without_demo_rounds(&app).await;
    // Two leaders of the same centre, five employees each and nobody else anonymous.
    let a = app.viewer_of("unit_leader").await;
    let unit = a.led_units()[0];
    let units = store::org::units(&app.db, app.tenant).await.unwrap();
    let centre = units.iter().find(|u| u.id == unit).unwrap().parent_id.unwrap();
    let sibling = units.iter().find(|u| u.parent_id == Some(centre) && u.id != unit).unwrap().id;
    let b = store::org::leaders(&app.db, app.tenant).await.unwrap()[&sibling][0].0;
    let (round, subjects) = draft_round(&app, &[a.person().unwrap(), b], Release::AtClose).await;
    for s in &subjects {
        trim(&app, s.id, Group::Employees, 5).await;
        trim(&app, s.id, Group::Peers, 0).await;
    }
    open_round(&app, round).await;
    let (sa, sb) = if subjects[0].person_id == a.person() { (&subjects[0], &subjects[1]) } else { (&subjects[1], &subjects[0]) };
    // A's employees rate the first item 1; of B's, three do not know it and two rate it 1. Everything else is 5.
    for (k, i) in invitations(&app, sa.id).await.into_iter().chain(invitations(&app, sb.id).await).enumerate() {
        let c = rater(&app, i.id).await;
        let first = if i.grp != Group::Employees {
            "5"
        } else if i.id == 0 || k >= invitations(&app, sa.id).await.len() && k % 5 < 3 {
            "dk"
        } else {
            "1"
        };
        let first = first.to_string();
        assert_eq!(answer(&app, &c, move |n| if n == 0 { first.clone() } else { "5".into() }, "", "submit").await, StatusCode::SEE_OTHER);
    }
    close(&app, round).await;
    // B's report hides the first item (two real answers); the centre less A would be exactly those two.
    let token = app.api_token("hr").await;
    let json = |path: String| {
        let c = app.client();
        let token = token.clone();
        async move { c.get(path).bearer_auth(token).send().await.unwrap().json::<serde_json::Value>().await.unwrap() }
    };
    let rb = json(format!("{}/api/v1/evaluation/reports/{}", app.url, sb.id)).await;
    let hidden_first = rb["items"][0]["cells"].as_array().unwrap().iter().any(|c| c["column"] == "total" && c["suppressed"].is_string());
    assert!(hidden_first, "{}", rb["items"][0]);
    // So the centre's and the organisation's first statement leave that item out: 5,0, not 4,5.
    let hr = app.sign_in("hr").await;
    let (_, page) = app.get(&hr, &format!("/evaluation/rounds/{round}/overview")).await;
    let row = page.split("<tr><th scope=\"row\">").find(|r| r.starts_with("Center for Dagtilbud")).expect("the centre's row");
    assert!(row.contains("<td>5,0</td>") && !row.contains("4,5"), "{row}");
    let ra = json(format!("{}/api/v1/evaluation/reports/{}", app.url, sa.id)).await;
    let org = ra["statements"][0]["cells"].as_array().unwrap().iter().find(|c| c["column"] == "organisation").cloned().unwrap();
    assert_eq!(org["value"], 5.0, "{org}");
}
