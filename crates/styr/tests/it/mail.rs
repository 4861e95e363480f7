//! E-mail through a real SMTP server (aiosmtpd, started by the test): the
//! agenda to members, "Nyt fra …" after approved minutes, deadline
//! reminders once each, and retries when the server cannot be reached.

use std::process::{Child, Command};

use crate::harness::{App, hidden_in_form};

pub(crate) struct SmtpServer {
    child: Child,
    port: u16,
    dir: std::path::PathBuf,
}

/// Serves SMTP with aiosmtpd on a port the system picks, and says which:
/// no port is chosen first and taken later, so no other test can take it
/// in between.
const SMTP: &str = r#"
import asyncio, sys
from aiosmtpd.smtp import SMTP
from aiosmtpd.handlers import Mailbox

async def main():
    handler = Mailbox(sys.argv[1])
    server = await asyncio.get_running_loop().create_server(lambda: SMTP(handler), "127.0.0.1", 0)
    print(server.sockets[0].getsockname()[1], flush=True)
    await server.serve_forever()

asyncio.run(main())
"#;

impl SmtpServer {
    pub(crate) fn start() -> SmtpServer {
        use std::io::BufRead;
        let dir = std::env::temp_dir().join(format!("styr-mail-{}", store::new_secret()));
        let mut child = Command::new("python3")
            .args(["-c", SMTP])
            .arg(&dir)
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("python3 with aiosmtpd (scripts/test installs it)");
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let port: u16 = line.trim().parse().unwrap_or_else(|_| panic!("the SMTP server said {line:?}"));
        SmtpServer { child, port, dir }
    }

    pub(crate) fn mailer(&self) -> jobs::Mailer {
        jobs::Mailer::new(&jobs::SmtpConfig {
            host: "127.0.0.1".into(),
            port: self.port,
            tls: "none".into(),
            from: "styr <styr@ishoj.example>".into(),
            ..Default::default()
        })
        .unwrap()
    }

    /// (to, subject, body) of every message received.
    pub(crate) fn received(&self) -> Vec<(String, String, String)> {
        let Ok(entries) = std::fs::read_dir(self.dir.join("new")) else { return vec![] };
        entries
            .flatten()
            .map(|e| {
                let raw = std::fs::read(e.path()).unwrap();
                let m = mailparse::parse_mail(&raw).unwrap();
                let h = |k: &str| m.headers.iter().find(|x| x.get_key().eq_ignore_ascii_case(k)).map(|x| x.get_value()).unwrap_or_default();
                (h("To"), h("Subject"), m.get_body().unwrap())
            })
            .collect()
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[tokio::test]
async fn agendas_digests_and_reminders_arrive_by_mail() {
    let smtp = SmtpServer::start();
    let mailer = smtp.mailer();
    let app = App::start().await;
    let f = store::meetings::forums(&app.db, app.tenant).await.unwrap().into_iter().find(|f| f.name == "Koncernledelsesmøde").unwrap();
    let ms = store::meetings::meetings_of_forum(&app.db, app.tenant, f.id, app.now() - chrono::Duration::days(200), app.now() + chrono::Duration::days(200))
        .await
        .unwrap();
    let unpublished = ms.iter().find(|m| m.starts_at > app.now() && m.agenda_published_at.is_none()).unwrap();

    // A centre chief reads styr in English; mail to them follows, and so does
    // the next sign-in from a browser that has not chosen.
    let chief = app.email("centre_chief").await;
    let english = app.sign_in("centre_chief").await;
    app.switch_language(&english, "en", "/").await;
    let (_, home) = app.get(&app.sign_in("centre_chief").await, "/").await;
    assert!(home.contains("<html lang=\"en\">"), "the account remembers the language");

    // Publishing the agenda mails every member.
    let sec = app.sign_in("secretariat").await;
    let csrf = app.csrf(&sec).await;
    let r = sec.post(format!("{}/meetings/{}/publish", app.url, unpublished.id)).form(&[("csrf", csrf.as_str())]).send().await.unwrap();
    assert!(r.headers()["location"].to_str().unwrap().contains("published"));
    jobs::run_due(&app.db, Some(&mailer)).await.unwrap();
    let mail = smtp.received();
    assert!(mail.len() >= 10, "{} mails", mail.len());
    let (_, subject, body) = mail.iter().find(|(to, _, _)| !to.contains(&chief)).unwrap();
    assert!(subject.starts_with("Dagsorden: Koncernledelsesmøde"), "{subject}");
    assert!(body.contains(&format!("http://styr.test/meetings/{}", unpublished.id)), "{body}");
    let (_, subject, body) = mail.iter().find(|(to, _, _)| to.contains(&chief)).expect("centre chiefs are members");
    assert!(subject.starts_with("Agenda: Koncernledelsesmøde") && body.contains("has been sent out"), "in English: {subject}");
    let employee = app.email("employee").await;
    assert!(!mail.iter().any(|(to, _, _)| to.contains(&employee)));

    // Approving minutes sends "Nyt fra …" to those a decision is meant for.
    let held = ms.iter().rfind(|m| m.starts_at < app.now()).unwrap();
    let (_, page) = app.get(&sec, &format!("/meetings/{}", held.id)).await;
    let items: Vec<_> = store::meetings::agenda::items_of_meeting(&app.db, app.tenant, held.id)
        .await
        .unwrap()
        .into_iter()
        .filter(|i| i.status == domain::meetings::agenda::ItemStatus::Placed)
        .collect();
    let path = format!("/meetings/{}/minutes", held.id);
    let mut form: Vec<(String, String)> =
        vec![("csrf".into(), hidden_in_form(&page, &path, "csrf")), ("version".into(), hidden_in_form(&page, &path, "version"))];
    for i in &items {
        form.push((format!("text-{}", i.id), "Godkendt.".into()));
        form.push((format!("communicate-{}", i.id), "leaders".into()));
        form.push((format!("concerns-{}", i.id), "all".into()));
    }
    sec.post(format!("{}{path}", app.url)).form(&form).send().await.unwrap();
    let approve = format!("/meetings/{}/minutes/approve", held.id);
    let (_, page) = app.get(&sec, &approve).await;
    let v = hidden_in_form(&page, &approve, "version");
    sec.post(format!("{}{approve}", app.url)).form(&[("csrf", csrf.as_str()), ("version", v.as_str()), ("how", "at_meeting")]).send().await.unwrap();
    let before = smtp.received().len();
    jobs::run_due(&app.db, Some(&mailer)).await.unwrap();
    let mail = smtp.received();
    let digests: Vec<_> = mail.iter().filter(|(_, s, _)| s == "Nyt fra Koncernledelsesmøde" || s == "News from Koncernledelsesmøde").collect();
    assert!(digests.len() > 40, "every leader: {}", digests.len());
    assert!(digests.iter().any(|(to, s, _)| to.contains(&chief) && s == "News from Koncernledelsesmøde"));
    assert!(digests.iter().filter(|(_, s, _)| s.starts_with("News")).count() == 1, "only the one who chose English");
    assert!(mail.len() - before == digests.len());
    let leader = app.email("unit_leader").await;
    assert!(digests.iter().any(|(to, _, body)| to.contains(&leader) && body.contains("http://styr.test/decisions/")));

    // A follow-up task due today: one reminder, however often the scheduler runs.
    let d = store::meetings::decisions::of_meeting(&app.db, app.tenant, held.id).await.unwrap().into_values().next().unwrap();
    let owner = store::org::search_people(&app.db, app.tenant, &chief, 1, 0).await.unwrap().0.remove(0);
    let today = app.now().with_timezone(&chrono_tz::Europe::Copenhagen).date_naive();
    store::meetings::decisions::add_action(
        &app.db,
        app.tenant,
        &store::meetings::decisions::NewAction { forum_id: f.id, decision_id: Some(d.id), what: "Send planen", owner: Some(owner.id), unit: None, due: today },
        &store::platform::audit::Actor::system("test"),
    )
    .await
    .unwrap();
    let director = app.email("director").await;
    let other = store::org::search_people(&app.db, app.tenant, &director, 1, 0).await.unwrap().0.remove(0);
    store::meetings::decisions::add_action(
        &app.db,
        app.tenant,
        &store::meetings::decisions::NewAction { forum_id: f.id, decision_id: Some(d.id), what: "Tjek planen", owner: Some(other.id), unit: None, due: today },
        &store::platform::audit::Actor::system("test"),
    )
    .await
    .unwrap();
    assert!(service::meetings::notify::schedule_reminders(&app.db, "http://styr.test", app.today()).await.unwrap() >= 2);
    assert_eq!(service::meetings::notify::schedule_reminders(&app.db, "http://styr.test", app.today()).await.unwrap(), 0, "once");
    jobs::run_due(&app.db, Some(&mailer)).await.unwrap();
    assert!(smtp.received().iter().any(|(to, s, _)| to.contains(&chief) && s == "Due today: \"Send planen\""));
    assert!(smtp.received().iter().any(|(to, s, _)| to.contains(&director) && s == "Frist i dag: \"Tjek planen\""));
}

#[tokio::test]
async fn mail_that_cannot_be_sent_is_kept_and_tried_again() {
    let app = App::start().await;
    // Nothing listens on port 1, and nothing else can take it.
    let mailer = jobs::Mailer::new(&jobs::SmtpConfig { host: "127.0.0.1".into(), port: 1, tls: "none".into(), ..Default::default() }).unwrap();
    jobs::queue_email(&app.db, app.tenant, &jobs::Email { to: "a@ishoj.example".into(), subject: "Test".into(), body: "x".into(), ..Default::default() })
        .await
        .unwrap();
    assert_eq!(jobs::run_due(&app.db, Some(&mailer)).await.unwrap(), 1);
    let counts = store::platform::jobs::counts(&app.db, app.tenant).await.unwrap();
    assert_eq!(counts, vec![("queued".to_string(), 1)], "waiting for the next try");
    assert_eq!(jobs::run_due(&app.db, Some(&mailer)).await.unwrap(), 0, "not before its time");
    // Tried again with growing pauses, then given up after the last try.
    let mut at = store::now();
    for attempt in 2..=store::platform::jobs::MAX_ATTEMPTS {
        at += chrono::Duration::seconds(30 * 2i64.pow(attempt as u32 - 1) + 1);
        assert_eq!(jobs::run_due_at(&app.db, Some(&mailer), at).await.unwrap(), 1, "try {attempt}");
    }
    let counts = store::platform::jobs::counts(&app.db, app.tenant).await.unwrap();
    assert_eq!(counts, vec![("failed".to_string(), 1)], "given up after {} tries", store::platform::jobs::MAX_ATTEMPTS);
    assert_eq!(jobs::run_due_at(&app.db, Some(&mailer), at + chrono::Duration::days(1)).await.unwrap(), 0, "and never tried again");
}

#[tokio::test]
async fn owners_are_reminded_of_missing_status_reports() {
    let smtp = SmtpServer::start();
    let mailer = smtp.mailer();
    let app = App::start().await;
    use chrono::Datelike;
    use domain::programme::report::Cadence;
    let today = app.now().with_timezone(&chrono_tz::Europe::Copenhagen).date_naive();
    let p = store::programme::programme(&app.db, app.tenant, today.year().into()).await.unwrap().unwrap();
    let period = Cadence::Quarter.period_of(today);
    let due = Cadence::Quarter.due(&period).unwrap();
    // One initiative without any report, whatever the date, owned by the demo's centre chief.
    let chief = app.email("centre_chief").await;
    let owner = store::org::search_people(&app.db, app.tenant, &chief, 1, 0).await.unwrap().0.remove(0).id;
    let year = today.year();
    let checked = domain::programme::initiative::CheckedInitiative {
        title: "Ny indsats uden rapporter".into(),
        purpose: "Et formål".into(),
        description: String::new(),
        owner,
        starts_on: chrono::NaiveDate::from_ymd_opt(year, 1, 1).unwrap(),
        ends_on: chrono::NaiveDate::from_ymd_opt(year, 12, 31).unwrap(),
        budget: None,
        risks: String::new(),
    };
    let ties = store::programme::Ties { units: &[], goals: &[], perspectives: &[], values: &[] };
    store::programme::save_initiative(&app.db, app.tenant, p.id, None, &checked, &ties, &store::platform::audit::Actor::system("test")).await.unwrap();
    let initiatives = store::programme::initiatives(&app.db, app.tenant, p.id).await.unwrap();
    let reported: Vec<i64> =
        store::programme::report_statuses(&app.db, app.tenant, p.id).await.unwrap().into_iter().filter(|r| r.1 == period).map(|r| r.0).collect();
    let waiting: Vec<_> = initiatives.iter().filter(|i| !i.is_done() && !reported.contains(&i.id) && i.starts_on <= due - chrono::Duration::days(3)).collect();
    let done = initiatives.iter().find(|i| i.is_done()).expect("the demo has a finished initiative");

    // Three days before the deadline: one reminder each, however often the scheduler runs.
    assert!(waiting.iter().any(|i| i.title == "Ny indsats uden rapporter"));
    let n = service::meetings::notify::schedule_report_reminders(&app.db, "http://styr.test", due - chrono::Duration::days(3)).await.unwrap();
    assert_eq!(n, waiting.len());
    assert_eq!(service::meetings::notify::schedule_report_reminders(&app.db, "http://styr.test", due - chrono::Duration::days(2)).await.unwrap(), 0, "once");
    // Ten days before: nothing yet.
    assert_eq!(service::meetings::notify::schedule_report_reminders(&app.db, "http://styr.test", due - chrono::Duration::days(10)).await.unwrap(), 0);
    jobs::run_due(&app.db, Some(&mailer)).await.unwrap();
    let mail = smtp.received();
    assert!(mail.iter().any(
        |(to, s, _)| to.contains(&chief) && s == &format!("Påmindelse: statusrapport for \"Ny indsats uden rapporter\" senest {}", due.format("%d.%m.%Y"))
    ));
    for i in &waiting {
        assert!(
            mail.iter().any(|(_, s, body)| s.contains(&format!("\"{}\"", i.title)) && body.contains(&format!("http://styr.test/initiatives/{}#reports", i.id))),
            "{}",
            i.title
        );
    }
    assert!(!mail.iter().any(|(_, s, _)| s.contains(&done.title)), "a finished initiative is not chased");
    // On the day, once more.
    let n = service::meetings::notify::schedule_report_reminders(&app.db, "http://styr.test", due).await.unwrap();
    assert_eq!(n, waiting.len());
}

/// Publishing asks first, naming how many get the agenda; a change after
/// publishing offers to send the changed agenda, which lists what changed;
/// sending when nothing changed sends nothing.
#[tokio::test]
async fn the_agenda_is_confirmed_before_it_goes_out_and_a_changed_agenda_is_sent_again() {
    let smtp = SmtpServer::start();
    let mailer = smtp.mailer();
    let app = App::start().await;
    let f = store::meetings::forums(&app.db, app.tenant).await.unwrap().into_iter().find(|f| f.name == "Koncernledelsesmøde").unwrap();
    let ms = store::meetings::meetings_of_forum(&app.db, app.tenant, f.id, app.now(), app.now() + chrono::Duration::days(200)).await.unwrap();
    let m = ms.iter().find(|m| m.agenda_published_at.is_none()).unwrap();
    let reference = app.svc.reference.get(&app.db, app.tenant, store::tenant::versions(&app.db, app.tenant).await.unwrap().0).await.unwrap();
    let n = service::meetings::notify::agenda_recipients(&reference, &f).len();
    assert!(n > 1);
    let sec = app.sign_in("secretariat").await;
    let publish = format!("/meetings/{}/publish", m.id);
    let (_, page) = app.get(&sec, &format!("/meetings/{}", m.id)).await;
    assert!(page.contains(&format!("href=\"{publish}\"")), "the meeting page leads to the confirmation");
    assert!(!page.contains(&format!("action=\"{publish}\"")), "it does not send at one click");
    let (status, page) = app.get(&sec, &publish).await;
    assert_eq!(status, reqwest::StatusCode::OK);
    assert!(page.contains(&format!("Dagsordenen sendes til {n} medlemmer af Koncernledelsesmøde")), "the confirmation counts the recipients");
    let csrf = hidden_in_form(&page, &publish, "csrf");
    let r = sec.post(format!("{}{publish}", app.url)).form(&[("csrf", csrf.as_str())]).send().await.unwrap();
    assert!(r.headers()["location"].to_str().unwrap().contains(&format!("item=published&sent={n}")));
    jobs::run_due(&app.db, Some(&mailer)).await.unwrap();
    assert_eq!(smtp.received().len(), n);
    let (_, page) = app.get(&sec, &format!("/meetings/{}?item=published&sent={n}", m.id)).await;
    assert_eq!(page.matches(&format!("Dagsordenen er sendt til {n} medlemmer.")).count(), 1, "the message shows once");
    assert!(!page.contains(&format!("href=\"{publish}\"")), "nothing changed, nothing to send again");

    // Nothing changed: sending again sends nothing and changes nothing.
    let before = app.rows().await;
    let r = sec.post(format!("{}{publish}", app.url)).form(&[("csrf", csrf.as_str())]).send().await.unwrap();
    assert!(r.headers()["location"].to_str().unwrap().contains("item=nothing-changed"));
    assert_eq!(app.rows().await, before);

    // Placing the waiting proposal changes the published agenda.
    let proposal = store::meetings::agenda::items_of_meeting(&app.db, app.tenant, m.id)
        .await
        .unwrap()
        .into_iter()
        .find(|i| i.status == domain::meetings::agenda::ItemStatus::Proposed)
        .expect("the demo's meeting has a proposal waiting");
    let r = sec
        .post(format!("{}/items/{}/place", app.url, proposal.id))
        .form(&[("csrf", csrf.as_str()), ("version", &proposal.version.to_string()), ("part", "")])
        .send()
        .await
        .unwrap();
    assert!(r.headers()["location"].to_str().unwrap().contains("item=placed"));
    let (_, page) = app.get(&sec, &format!("/meetings/{}", m.id)).await;
    assert!(page.contains(&format!("href=\"{publish}\"")), "the changed agenda can be sent again");
    let (_, page) = app.get(&sec, &publish).await;
    let changed = page.split("<h2>").find(|s| s.starts_with("Ændret, siden dagsordenen blev udsendt")).expect("what changed is listed");
    assert!(changed.contains(&proposal.title));
    let r = sec.post(format!("{}{publish}", app.url)).form(&[("csrf", csrf.as_str())]).send().await.unwrap();
    assert!(r.headers()["location"].to_str().unwrap().contains(&format!("item=resent&sent={n}")));
    jobs::run_due(&app.db, Some(&mailer)).await.unwrap();
    let mail = smtp.received();
    let again: Vec<_> = mail.iter().filter(|(_, s, _)| s.starts_with("Ændret dagsorden: Koncernledelsesmøde")).collect();
    assert_eq!(again.len(), n - mail.iter().filter(|(_, s, _)| s.starts_with("Changed agenda")).count());
    assert!(again.iter().all(|(_, _, body)| body.contains(&proposal.title)));
    let placed = store::meetings::agenda::item(&app.db, app.tenant, proposal.id).await.unwrap().unwrap();
    assert!(!placed.changed_after_publish, "sent again, the mark goes");
    assert!(app.audit_actions().await.iter().any(|a| a == "meetings.agenda.resend"));
}

/// Without a mail server, mail is kept as "not sent" and read in the
/// outbox, not failed five times in the log. With one, the outbox says it
/// was sent. Mail about a closed item shows its body to its recipient only.
#[tokio::test]
async fn the_outbox_shows_every_mail_and_says_when_there_is_no_mail_server() {
    let app = App::start().await;
    let queue =
        |to: &str, subject: &str, confidential: bool| jobs::Email {
            to: to.into(), subject: subject.into(), body: format!("Brødtekst til {to}"), confidential
        };
    jobs::queue_email(&app.db, app.tenant, &queue("a@ishoj.example", "Dagsorden: Byrådet", false)).await.unwrap();
    jobs::queue_email(&app.db, app.tenant, &queue("b@ishoj.example", "Nyt fra Direktionen", true)).await.unwrap();
    assert_eq!(jobs::run_due(&app.db, None).await.unwrap(), 2);
    let counts = store::platform::jobs::counts(&app.db, app.tenant).await.unwrap();
    assert_eq!(counts, vec![("held".to_string(), 2)], "held, not failed and not tried again");
    assert_eq!(jobs::run_due(&app.db, None).await.unwrap(), 0);

    let admin = app.sign_in("administrator").await;
    let (status, page) = app.get(&admin, "/admin/outbox").await;
    assert_eq!(status, reqwest::StatusCode::OK);
    assert!(page.contains("Der er ingen mailserver sat op") && page.contains("Ikke sendt: ingen mailserver"), "{page}");
    assert!(page.contains("Dagsorden: Byrådet</a>") && page.contains("Ikke sendt (2)"));
    let link = |subject: &str| {
        let at = page.find(&format!("\">{subject}</a>")).unwrap();
        page[..at].rsplit("href=\"").next().unwrap().to_string()
    };
    let (status, mail) = app.get(&admin, &link("Dagsorden: Byrådet")).await;
    assert_eq!(status, reqwest::StatusCode::OK);
    assert!(mail.contains("Brødtekst til a@ishoj.example") && mail.contains("Sådan ser modtageren den"));
    // A confidential mail: neither its subject nor its body, only that it went and to whom.
    assert!(!page.contains("Nyt fra Direktionen") && page.contains("b@ishoj.example"));
    let (_, secret) = app.get(&admin, &link("Fortrolig post om et lukket punkt")).await;
    assert!(!secret.contains("Brødtekst") && !secret.contains("Nyt fra Direktionen") && secret.contains("kun modtageren kan læse den"), "{secret}");

    // Sent through a real mail server, the outbox says so.
    let smtp = SmtpServer::start();
    jobs::queue_email(&app.db, app.tenant, &queue("c@ishoj.example", "Påmindelse", false)).await.unwrap();
    jobs::run_due(&app.db, Some(&smtp.mailer())).await.unwrap();
    let (_, page) = app.get(&admin, "/admin/outbox?status=done").await;
    assert!(page.contains("Påmindelse</a>") && page.contains("<td>Sendt</td>") && !page.contains("Dagsorden: Byrådet</a>"), "{page}");

    // Only administrators read the outbox.
    let employee = app.sign_in("employee").await;
    assert_eq!(app.get(&employee, "/admin/outbox").await.0, reqwest::StatusCode::FORBIDDEN);
    assert_eq!(app.get(&employee, &link("Dagsorden: Byrådet")).await.0, reqwest::StatusCode::FORBIDDEN);
}

/// On one's own page: "Nyt fra …" at once, daily, weekly or never,
/// reminders by kind, and the language mail is written in. A daily reader
/// gets the day's decisions in one mail the next day; reminders one turned
/// off do not come.
#[tokio::test]
async fn each_person_chooses_their_mail_on_their_own_page() {
    let app = App::start().await;
    let director_email = app.email("director").await;
    let account = store::platform::accounts::by_email(&app.db, &director_email).await.unwrap().unwrap();
    let person = account.person_id.unwrap();
    let c = app.sign_in("director").await;
    let (_, page) = app.get(&c, &format!("/people/{person}")).await;
    assert!(page.contains("id=\"notifications\"") && page.contains("value=\"each\" class=\"form-radio\" checked"), "{page}");
    let someone = store::org::search_people(&app.db, app.tenant, "", 1, 0).await.unwrap().0.remove(0);
    assert_ne!(someone.id, person);
    let (_, other) = app.get(&c, &format!("/people/{}", someone.id)).await;
    assert!(!other.contains("id=\"notifications\""), "only on one's own page");

    // A choice that is not one changes nothing.
    let csrf = app.csrf(&c).await;
    let post = |fields: Vec<(&'static str, String)>| c.post(format!("{}/me/notifications", app.url)).form(&fields).send();
    let r = post(vec![("csrf", csrf.clone()), ("digest", "hourly".into()), ("lang", "da".into())]).await.unwrap();
    assert_eq!(r.status(), reqwest::StatusCode::BAD_REQUEST);
    assert_eq!(store::platform::accounts::mail_prefs_of(&app.db, account.id).await.unwrap(), Default::default());
    // Daily news, no task reminders, in English.
    let r = post(vec![("csrf", csrf.clone()), ("digest", "daily".into()), ("reports", "1".into()), ("lang", "en".into())]).await.unwrap();
    assert_eq!(r.status(), reqwest::StatusCode::SEE_OTHER);
    let (_, page) = app.get(&c, &format!("/people/{person}?saved=notifications")).await;
    assert!(page.contains("Your choices are saved.") && page.contains("value=\"daily\" class=\"form-radio\" checked"), "{page}");
    let prefs = store::platform::accounts::mail_prefs_of(&app.db, account.id).await.unwrap();
    assert_eq!((prefs.digest.as_str(), prefs.actions, prefs.reports), ("daily", false, true));
    assert!(app.audit_actions().await.contains(&"account.notifications".to_string()));

    // Approved minutes: no mail to the director now, their news held for tomorrow.
    let (db, tenant) = (&app.db, app.tenant);
    let mails_to = |who: String| async move {
        store::platform::jobs::queued(db, tenant, jobs::EMAIL)
            .await
            .unwrap()
            .iter()
            .map(|p| serde_json::from_str::<jobs::Email>(p).unwrap())
            .filter(|m| m.to == who)
            .collect::<Vec<_>>()
    };
    let every = app.every();
    let decisions = store::meetings::decisions::search(&app.db, app.tenant, &every, 200, 0).await.unwrap();
    let mut held = 0;
    for d in decisions.iter().filter(|d| d.communicate != domain::meetings::decision::Communicate::None).take(20) {
        let f = store::meetings::forum(&app.db, app.tenant, d.forum_id).await.unwrap().unwrap();
        let m = store::meetings::meeting(&app.db, app.tenant, d.meeting_id).await.unwrap().unwrap();
        service::meetings::notify::minutes_approved(&app.svc, app.tenant, &f, &m, "http://styr.test").await.unwrap();
        held = store::meetings::news::held(&app.db, app.tenant, store::now() + chrono::Duration::minutes(1))
            .await
            .unwrap()
            .iter()
            .filter(|h| h.0 == person)
            .count();
        if held > 0 {
            break;
        }
    }
    assert!(held > 0, "the demo has news for the director");
    assert!(mails_to(director_email.clone()).await.is_empty(), "nothing at once");
    let today = chrono::Utc::now().with_timezone(&chrono_tz::Europe::Copenhagen).date_naive();
    service::meetings::notify::schedule_digests(&app.svc, "http://styr.test", today).await.unwrap();
    assert!(mails_to(director_email.clone()).await.is_empty(), "today's news waits for the day to end");
    let n = service::meetings::notify::schedule_digests(&app.svc, "http://styr.test", today + chrono::Duration::days(1)).await.unwrap();
    assert!(n >= 1);
    let mine = mails_to(director_email.clone()).await;
    assert_eq!(mine.len(), 1, "one mail for the day");
    assert_eq!(mine[0].subject, "News from management yesterday");
    assert!(mine[0].body.contains("http://styr.test/decisions/") && mine[0].body.contains(&format!("/people/{person}#notifications")));
    // Taken once: the next day has nothing more.
    service::meetings::notify::schedule_digests(&app.svc, "http://styr.test", today + chrono::Duration::days(2)).await.unwrap();
    assert_eq!(mails_to(director_email.clone()).await.len(), 1);

    // Task reminders turned off: none comes, though the director owns a task due soon.
    let d = &decisions[0];
    let new = store::meetings::decisions::NewAction {
        forum_id: d.forum_id,
        decision_id: Some(d.id),
        what: "Påmindelsestest",
        owner: Some(person),
        unit: None,
        due: today,
    };
    store::meetings::decisions::add_action(&app.db, app.tenant, &new, &store::platform::audit::Actor::system("test")).await.unwrap();
    service::meetings::notify::schedule_reminders(&app.db, "http://styr.test", today).await.unwrap();
    assert!(mails_to(director_email.clone()).await.iter().all(|m| !m.subject.contains("Påmindelsestest")));
    // Turned on again, the next task's reminder comes.
    let on = domain::platform::notifications::MailPrefs { actions: true, ..prefs };
    store::platform::accounts::set_mail_prefs(&app.db, app.tenant, account.id, &on, "en", &store::platform::audit::Actor::system("test")).await.unwrap();
    let new = store::meetings::decisions::NewAction { what: "Anden påmindelse", ..new };
    store::meetings::decisions::add_action(&app.db, app.tenant, &new, &store::platform::audit::Actor::system("test")).await.unwrap();
    service::meetings::notify::schedule_reminders(&app.db, "http://styr.test", today).await.unwrap();
    assert!(mails_to(director_email.clone()).await.iter().any(|m| m.subject.contains("Anden påmindelse")));
}
