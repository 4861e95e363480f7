//! What styr promises when things go wrong: every write it answered is kept
//! when the server is killed in the middle of work, and two app servers on
//! one database see each other's writes, their copies in memory included,
//! and send each mail once.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::Duration;
use reqwest::StatusCode;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::sync::Mutex;

use crate::harness::{App, PASSWORD, fresh_db_url, hidden_in_form};

/// `styr serve` on a database, on a port the system picks; its address.
async fn serve(url: &str) -> (tokio::process::Child, String) {
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_styr"))
        .args(["--db", url, "serve", "--addr", "127.0.0.1:0"])
        .env("STYR_LOG", "warn")
        .stdout(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    while let Some(line) = lines.next_line().await.unwrap() {
        if let Some(rest) = line.split("running at ").nth(1) {
            return (child, rest.trim_end_matches('/').to_string());
        }
    }
    panic!("styr did not start");
}

async fn signed_in(base: &str, email: &str) -> (reqwest::Client, String) {
    let c = reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let form = c.get(format!("{base}/login")).send().await.unwrap().text().await.unwrap();
    let csrf = hidden_in_form(&form, "/login", "csrf");
    let r = c.post(format!("{base}/login")).form(&[("email", email), ("password", PASSWORD), ("csrf", &csrf), ("next", "/")]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let page = c.get(format!("{base}/")).send().await.unwrap().text().await.unwrap();
    let csrf = crate::harness::hidden(&page, "csrf");
    (c, csrf)
}

#[tokio::test]
async fn every_write_answered_before_a_kill_is_still_there_after_a_restart() {
    let (db, dir, url) = fresh_db_url().await;
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_styr")).args(["--db", &url, "demo"]).output().unwrap();
    assert!(out.status.success());
    let tenant = store::tenant::by_slug(&db, styr::demo::TENANT_SLUG).await.unwrap().unwrap().id;
    let (_, accounts) = styr::demo::org_grid().unwrap();
    let email = |role: &str| accounts.iter().find(|a| a.role == role).unwrap().email.clone();
    // Where the writes go: a decision (follow-up actions), an upcoming
    // meeting (proposals) and the årshjul (dates).
    let secretariat = domain::access::Viewer::new(None, vec![domain::access::Role::Secretariat], []);
    let every = store::meetings::decisions::Filter { scope: domain::meetings::policy::DecisionScope::of(&secretariat, &[], &[]), ..Default::default() };
    let decision = store::meetings::decisions::search(&db, tenant, &every, 1, 0).await.unwrap().remove(0).id;
    let group = store::meetings::forums(&db, tenant).await.unwrap().into_iter().find(|f| f.name == "Koncernledelsesmøde").unwrap();
    let now = store::now();
    let meeting = store::meetings::meetings_of_forum(&db, tenant, group.id, now + Duration::days(1), now + Duration::days(200)).await.unwrap().remove(0).id;
    let category = store::aarshjul::categories(&db, tenant).await.unwrap().remove(0).id;

    let (mut server, base) = serve(&url).await;
    let (sec, sec_csrf) = signed_in(&base, &email("secretariat")).await;
    let (chief, chief_csrf) = signed_in(&base, &email("centre_chief")).await;
    let acked: Arc<Mutex<Vec<(char, String)>>> = Arc::default();
    let stop = Arc::new(AtomicBool::new(false));
    let mut clients = vec![];
    for n in 0..32 {
        let (sec, chief, base, sec_csrf, chief_csrf, acked, stop) =
            (sec.clone(), chief.clone(), base.clone(), sec_csrf.clone(), chief_csrf.clone(), acked.clone(), stop.clone());
        clients.push(tokio::spawn(async move {
            let due = (chrono::Utc::now() + Duration::days(1)).date_naive().to_string();
            let mut k = 0;
            while !stop.load(Ordering::Relaxed) {
                k += 1;
                let title = format!("Skrivning {n}-{k}");
                let (kind, req) = match k % 3 {
                    0 => (
                        'a',
                        sec.post(format!("{base}/decisions/{decision}/actions")).form(&[
                            ("csrf", sec_csrf.as_str()),
                            ("what", &title),
                            ("owner", ""),
                            ("unit", ""),
                            ("due", &due),
                        ]),
                    ),
                    1 => (
                        'p',
                        chief.post(format!("{base}/meetings/{meeting}/propose")).multipart(
                            reqwest::multipart::Form::new()
                                .text("csrf", chief_csrf.clone())
                                .text("title", title.clone())
                                .text("kind", "information")
                                .text("minutes", "10"),
                        ),
                    ),
                    _ => (
                        'e',
                        sec.post(format!("{base}/aarshjul/entries")).form(&[
                            ("csrf", sec_csrf.as_str()),
                            ("category", &category.to_string()),
                            ("title", &title),
                            ("starts_on", &due),
                            ("ends_on", &due),
                            ("glyph", "deadline"),
                            ("state", "planned"),
                        ]),
                    ),
                };
                match req.send().await {
                    Ok(r) if r.status() == StatusCode::SEE_OTHER => acked.lock().await.push((kind, title)),
                    Ok(r) => panic!("{kind} {title}: {}", r.status()),
                    // The server is gone: this write was never answered.
                    Err(_) => return,
                }
            }
        }));
    }
    // Let them write for a while, then kill the server without warning.
    while acked.lock().await.len() < 150 {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    server.start_kill().unwrap();
    server.wait().await.unwrap();
    stop.store(true, Ordering::Relaxed);
    for c in clients {
        c.await.unwrap();
    }
    let acked = acked.lock().await.clone();
    db.close().await;

    // Started again, it answers, and every answered write is there.
    let (_server, base) = serve(&url).await;
    assert_eq!(reqwest::get(format!("{base}/healthz")).await.unwrap().status(), StatusCode::OK);
    let db = store::Db::connect(&url).await.unwrap();
    let actions: Vec<String> = store::meetings::decisions::actions_of_decision(&db, tenant, decision).await.unwrap().into_iter().map(|a| a.what).collect();
    let proposals: Vec<String> = store::meetings::agenda::items_of_meeting(&db, tenant, meeting).await.unwrap().into_iter().map(|i| i.title).collect();
    let day = (chrono::Utc::now() + Duration::days(1)).date_naive();
    let entries: Vec<String> =
        store::aarshjul::entries(&db, tenant, day - Duration::days(2), day + Duration::days(2)).await.unwrap().into_iter().map(|e| e.title).collect();
    let lost: Vec<&(char, String)> = acked
        .iter()
        .filter(|(kind, title)| !match kind {
            'a' => actions.contains(title),
            'p' => proposals.contains(title),
            _ => entries.contains(title),
        })
        .collect();
    assert!(acked.len() >= 150);
    assert!(lost.is_empty(), "{} of {} answered writes were lost: {lost:?}", lost.len(), acked.len());
    db.close().await;
    drop(dir);
}

#[tokio::test]
async fn two_app_servers_on_one_database_see_each_others_writes_and_send_each_mail_once() {
    // The first server, with the demo; a second on the same database, with copies of its own.
    let one = App::start().await;
    let two = one.second_server().await;
    let c1 = one.sign_in("administrator").await;
    let c2 = two.sign_in("administrator").await;
    // Both hold the organisation and the programme in memory.
    let (_, tree) = two.get(&c2, "/org").await;
    assert!(!tree.contains("Ny Enhed"));
    let year = one.today().format("%Y").to_string();
    let (_, wheel) = two.get(&c2, &format!("/aarshjul/{year}")).await;
    assert!(!wheel.contains("Fælles ledertræf"));

    // An import through the first is seen through the second at once.
    let csrf = one.csrf(&c1).await;
    let csv = "enhed;navn;e-mail;titel;leder\nIshøj Kommune > Direktionen > Kommunaldirektørens område > Center for Politik og Organisation > Ny Enhed;Vera Ny;vera.ny@ishoj.example;Leder;ja\n";
    let form = reqwest::multipart::Form::new().text("csrf", csrf.clone()).text("step", "apply").text("file_name", "org.csv").text("content", csv);
    assert_eq!(c1.post(format!("{}/admin/import", one.url)).multipart(form).send().await.unwrap().status(), StatusCode::OK);
    let (_, tree) = two.get(&c2, "/org").await;
    assert!(tree.contains("Ny Enhed"), "the second server's copy of the organisation follows");
    let r = c2.get(format!("{}/api/v1/units", two.url)).send().await.unwrap().text().await.unwrap();
    assert!(r.contains("Ny Enhed"), "and the API's");

    // A date on the årshjul added through the second is on the first's wheel.
    let (_, page) = two.get(&c2, &format!("/aarshjul/{year}")).await;
    let mut fields = crate::harness::form_fields(&page, "/aarshjul/entries");
    crate::harness::set(&mut fields, "title", "Fælles ledertræf");
    crate::harness::set(&mut fields, "starts_on", &format!("{year}-10-20"));
    crate::harness::set(&mut fields, "ends_on", &format!("{year}-10-20"));
    assert_eq!(c2.post(format!("{}/aarshjul/entries", two.url)).form(&fields).send().await.unwrap().status(), StatusCode::SEE_OTHER);
    let (_, wheel) = one.get(&c1, &format!("/aarshjul/{year}")).await;
    assert!(wheel.contains("Fælles ledertræf"), "the first server's copy of the wheel follows");

    // The register's kept counts follow a decision's new action made through the other.
    let (_, before) = one.get(&c1, "/actions?show=all").await;
    let count = crate::harness::status_count(&before);
    let d = store::meetings::decisions::search(&one.db, one.tenant, &one.every(), 1, 0).await.unwrap().remove(0);
    let (_, page) = two.get(&c2, &format!("/decisions/{}", d.id)).await;
    let path = format!("/decisions/{}/actions", d.id);
    let mut fields = crate::harness::form_fields(&page, &path);
    crate::harness::set(&mut fields, "what", "Ny opgave fra den anden server");
    crate::harness::set(&mut fields, "due", &(one.today() + Duration::days(9)).to_string());
    assert_eq!(c2.post(format!("{}{path}", two.url)).form(&fields).send().await.unwrap().status(), StatusCode::SEE_OTHER);
    let (_, after) = one.get(&c1, "/actions?show=all").await;
    assert_eq!(crate::harness::status_count(&after), count + 1);

    // Mail queued once is sent once, however many servers' workers look.
    let smtp = crate::mail::SmtpServer::start();
    for n in 0..20 {
        jobs::queue_email(
            &one.db,
            one.tenant,
            &jobs::Email { to: format!("modtager{n}@ishoj.example"), subject: format!("Besked {n}"), body: "x".into(), ..Default::default() },
        )
        .await
        .unwrap();
    }
    let (m1, m2) = (smtp.mailer(), smtp.mailer());
    let (db1, db2) = (one.db.clone(), two.db.clone());
    let (a, b) = tokio::join!(jobs::run_due(&db1, Some(&m1)), jobs::run_due(&db2, Some(&m2)));
    assert_eq!(a.unwrap() + b.unwrap(), 20, "each job done by one worker");
    let mut subjects: Vec<String> = smtp.received().into_iter().map(|m| m.1).collect();
    subjects.sort();
    let before = subjects.len();
    subjects.dedup();
    assert_eq!((before, subjects.len()), (20, 20), "twenty mails, none twice");
}
