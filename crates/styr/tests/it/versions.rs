//! The copies kept in memory cannot go stale: every write route is walked
//! once with a write that succeeds, and whatever tables it changed, the
//! versions their copies are checked against must have moved in the same
//! request (the database's triggers move them; no store function names a
//! version). A write route of the router that the walk does not take fails
//! the test.

use std::collections::{BTreeMap, BTreeSet};

use chrono::Duration;
use reqwest::multipart::{Form as Multipart, Part};
use reqwest::{Client, RequestBuilder, StatusCode};

use crate::harness::{App, form_fields, set};

/// Which version each table's copy is checked against: the specification
/// the triggers of migration 0018 implement.
const FEEDS: &[(&str, &str)] = &[
    ("units", "reference"),
    ("people", "reference"),
    ("positions", "reference"),
    ("framework_versions", "reference"),
    ("framework_elements", "reference"),
    ("forums", "reference"),
    ("decisions", "register"),
    ("implementations", "register"),
    ("actions", "register"),
    ("programmes", "programme"),
    ("initiatives", "programme"),
    ("initiative_units", "programme"),
    ("initiative_dependencies", "programme"),
    ("milestones", "programme"),
    ("status_reports", "programme"),
    ("decision_initiatives", "programme"),
    ("calendar_categories", "programme"),
    ("calendar_entries", "programme"),
    ("calendar_rules", "programme"),
    ("calendar_exceptions", "programme"),
    ("meetings", "programme"),
    ("indicators", "programme"),
    ("agreements", "programme"),
    ("policies", "policy"),
    ("policy_versions", "policy"),
    ("policy_goals", "policy"),
    ("indicators", "policy"),
    ("indicator_values", "policy"),
    ("initiative_goals", "policy"),
];

struct Walk<'a> {
    app: &'a App,
    walked: BTreeSet<String>,
    problems: Vec<String>,
}

impl Walk<'_> {
    async fn rows(&self) -> BTreeMap<String, String> {
        self.app
            .db
            .checksums()
            .await
            .unwrap()
            .into_iter()
            .filter(|(t, _, _)| t != "audit_log" && t != "tenants")
            .map(|(t, n, h)| (t, format!("{n}:{h}")))
            .collect()
    }

    async fn versions(&self) -> BTreeMap<&'static str, i64> {
        let (reference, register, programme) = store::tenant::versions(&self.app.db, self.app.tenant).await.unwrap();
        let policy = store::tenant::policy_version(&self.app.db, self.app.tenant).await.unwrap();
        BTreeMap::from([("reference", reference), ("register", register), ("programme", programme), ("policy", policy)])
    }

    /// Sends a write to `route` and checks it wrote, and moved the versions of what it wrote.
    async fn write(&mut self, route: &str, req: RequestBuilder) -> reqwest::Response {
        let (rows, versions) = (self.rows().await, self.versions().await);
        let res = req.send().await.unwrap();
        let status = res.status();
        let location = res.headers().get("location").and_then(|l| l.to_str().ok()).unwrap_or("").to_string();
        let (rows_after, versions_after) = (self.rows().await, self.versions().await);
        let changed: Vec<&String> = rows_after.keys().filter(|t| rows.get(*t) != rows_after.get(*t)).collect();
        if changed.is_empty() {
            self.problems.push(format!("POST {route} wrote nothing ({status} {location})"));
        }
        for t in changed {
            for (_, v) in FEEDS.iter().filter(|(table, _)| table == t) {
                if versions_after[v] == versions[v] {
                    self.problems.push(format!("POST {route} changed {t} but {v}_version did not move"));
                }
            }
        }
        self.walked.insert(route.to_string());
        res
    }
}

async fn page(app: &App, c: &Client, path: &str) -> String {
    let (status, html) = app.get(c, path).await;
    assert_eq!(status, StatusCode::OK, "{path}");
    html
}

#[tokio::test]
async fn every_write_route_moves_the_versions_of_what_it_changes() {
    let app = App::start().await;
    let f = crate::matrix::fixture(&app).await;
    let mut w = Walk { app: &app, walked: BTreeSet::new(), problems: vec![] };
    let sec = app.sign_in("secretariat").await;
    let chief = app.sign_in("centre_chief").await;
    let leader = app.sign_in("unit_leader").await;
    let admin = app.sign_in("administrator").await;
    let url = |p: &str| format!("{}{p}", app.url);
    let year = f.year;
    let db = &app.db;
    let t = app.tenant;

    // Agendas: propose, place, defer, decline, move, publish.
    let group = store::meetings::forums(db, t).await.unwrap().into_iter().find(|x| x.name == "Koncernledelsesmøde").unwrap();
    let ms = store::meetings::meetings_of_forum(db, t, group.id, app.now(), app.now() + Duration::days(200)).await.unwrap();
    let coming: Vec<_> = ms.iter().filter(|m| !m.is_cancelled()).cloned().collect();
    let next = &coming[1];
    let csrf = app.csrf(&chief).await;
    let proposal = |title: &str| {
        Multipart::new()
            .text("csrf", csrf.clone())
            .text("title", title.to_string())
            .text("kind", "information")
            .text("minutes", "10")
            .part("files", Part::bytes(b"%PDF-1.4 x".to_vec()).file_name("Bilag.pdf"))
    };
    w.write("/meetings/{id}/propose", chief.post(url(&format!("/meetings/{}/propose", next.id))).multipart(proposal("Til dagsordenen"))).await;
    chief.post(url(&format!("/meetings/{}/propose", next.id))).multipart(proposal("Udskydes")).send().await.unwrap();
    chief.post(url(&format!("/meetings/{}/propose", next.id))).multipart(proposal("Afvises")).send().await.unwrap();
    let items = store::meetings::agenda::items_of_meeting(db, t, next.id).await.unwrap();
    let item = |title: &str| items.iter().find(|i| i.title == title).unwrap().id;
    let html = page(&app, &sec, &format!("/meetings/{}", next.id)).await;
    let path = format!("/items/{}/place", item("Til dagsordenen"));
    w.write("/items/{id}/place", sec.post(url(&path)).form(&form_fields(&html, &path))).await;
    let path = format!("/items/{}/defer", item("Udskydes"));
    let mut fields = form_fields(&html, &path);
    set(&mut fields, "reason", "Dagsordenen er fuld");
    set(&mut fields, "to_meeting", &coming[2].id.to_string());
    w.write("/items/{id}/defer", sec.post(url(&path)).form(&fields)).await;
    let path = format!("/items/{}/decline", item("Afvises"));
    let mut fields = form_fields(&html, &path);
    set(&mut fields, "reason", "Hører under chefmødet");
    w.write("/items/{id}/decline", sec.post(url(&path)).form(&fields)).await;
    let html = page(&app, &sec, &format!("/meetings/{}", next.id)).await;
    let placed = item("Til dagsordenen");
    let path = format!("/items/{placed}/move");
    let first = html.split(&format!("action=\"{path}\"")).count() > 1;
    assert!(first, "the placed item can be moved");
    let mut fields = vec![("csrf".to_string(), app.csrf(&sec).await)];
    set(&mut fields, "direction", "up");
    w.write("/items/{id}/move", sec.post(url(&path)).form(&fields)).await;
    let path = format!("/items/{placed}/edit");
    let html = page(&app, &sec, &path).await;
    let mut fields = form_fields(&html, &path);
    set(&mut fields, "title", "Til dagsordenen, rettet");
    w.write("/items/{id}/edit", sec.post(url(&path)).form(&fields)).await;
    let path = format!("/meetings/{}/publish", next.id);
    let html = page(&app, &sec, &path).await;
    w.write("/meetings/{id}/publish", sec.post(url(&path)).form(&form_fields(&html, &path))).await;

    // Meetings: generate, add, move, cancel.
    let board = store::meetings::forum(db, t, f.board).await.unwrap().unwrap();
    let html = page(&app, &sec, &format!("/forums/{}", board.id)).await;
    let path = format!("/forums/{}/generate", board.id);
    let mut fields = form_fields(&html, &path);
    set(&mut fields, "from", &format!("{}-01-01", year + 2));
    set(&mut fields, "to", &format!("{}-03-31", year + 2));
    w.write("/forums/{id}/generate", sec.post(url(&path)).form(&fields)).await;
    let path = format!("/forums/{}/meetings", board.id);
    let mut fields = form_fields(&html, &path);
    set(&mut fields, "date", &(app.today() + Duration::days(40)).to_string());
    w.write("/forums/{id}/meetings", sec.post(url(&path)).form(&fields)).await;
    let later = &coming[3];
    let html = page(&app, &sec, &format!("/meetings/{}", later.id)).await;
    let path = format!("/meetings/{}/move", later.id);
    let mut fields = form_fields(&html, &path);
    set(&mut fields, "time", "13:00");
    w.write("/meetings/{id}/move", sec.post(url(&path)).form(&fields)).await;
    let html = page(&app, &sec, &format!("/meetings/{}", later.id)).await;
    let path = format!("/meetings/{}/cancel", later.id);
    let mut fields = form_fields(&html, &path);
    set(&mut fields, "reason", "Sammenfald med budgetseminar");
    w.write("/meetings/{id}/cancel", sec.post(url(&path)).form(&fields)).await;

    // Minutes: the draft, approval, a correction.
    let held = store::meetings::meetings_of_forum(db, t, group.id, app.now() - Duration::days(200), app.now()).await.unwrap();
    let draft = held.iter().rev().find(|m| !m.is_cancelled()).unwrap();
    let html = page(&app, &sec, &format!("/meetings/{}", draft.id)).await;
    let path = format!("/meetings/{}/minutes", draft.id);
    let mut fields = form_fields(&html, &path);
    let text = fields.iter().find(|(k, _)| k.starts_with("text-")).unwrap().0.clone();
    set(&mut fields, &text, "Drøftet og besluttet.");
    w.write("/meetings/{id}/minutes", sec.post(url(&path)).form(&fields)).await;
    let path = format!("/meetings/{}/minutes/approve", draft.id);
    let html = page(&app, &sec, &path).await;
    let mut fields = form_fields(&html, &path);
    set(&mut fields, "how", "at_meeting");
    w.write("/meetings/{id}/minutes/approve", sec.post(url(&path)).form(&fields)).await;
    let html = page(&app, &sec, &format!("/meetings/{}", draft.id)).await;
    let path = format!("/meetings/{}/minutes/correct", draft.id);
    let mut fields = form_fields(&html, &path);
    let text = fields.iter().find(|(k, _)| k.starts_with("text-")).unwrap().0.clone();
    set(&mut fields, &text, "Drøftet og besluttet, med en rettelse.");
    set(&mut fields, "reason", "Stavefejl");
    w.write("/meetings/{id}/minutes/correct", sec.post(url(&path)).form(&fields)).await;

    // Decisions: a unit's report, an action and its status, a link to an initiative.
    let current = store::meetings::decisions::implementations(db, t, f.open_decision).await.unwrap().into_iter().find(|p| p.unit_id == f.leader_unit).unwrap();
    let to = if current.status == domain::meetings::decision::Implementation::Implemented { "in_progress" } else { "implemented" };
    let html = page(&app, &leader, &format!("/decisions/{}", f.open_decision)).await;
    let path = format!("/decisions/{}/report", f.open_decision);
    let mut fields = form_fields(&html, &path);
    set(&mut fields, "status", to);
    set(&mut fields, "note", "Gennemført");
    w.write("/decisions/{id}/report", leader.post(url(&path)).form(&fields)).await;
    let html = page(&app, &sec, &format!("/decisions/{}", f.open_decision)).await;
    let path = format!("/decisions/{}/actions", f.open_decision);
    let mut fields = form_fields(&html, &path);
    set(&mut fields, "what", "Følg op i centrene");
    set(&mut fields, "due", &(app.today() + Duration::days(14)).to_string());
    w.write("/decisions/{id}/actions", sec.post(url(&path)).form(&fields)).await;
    let path = format!("/decisions/{}/initiatives", f.open_decision);
    let mut fields = form_fields(&html, &path);
    set(&mut fields, "initiative", &f.initiative.to_string());
    set(&mut fields, "remove", "");
    w.write("/decisions/{id}/initiatives", sec.post(url(&path)).form(&fields)).await;
    let action = store::meetings::decisions::action(db, t, f.action).await.unwrap().unwrap();
    let fields = vec![("csrf".to_string(), app.csrf(&sec).await), ("version".into(), action.version.to_string()), ("done".into(), "1".into())];
    w.write("/actions/{id}/status", sec.post(url(&format!("/actions/{}/status", f.action))).form(&fields)).await;

    // The work programme.
    let html = page(&app, &sec, "/programmes").await;
    let mut fields = form_fields(&html, "/programmes");
    set(&mut fields, "year", &(year + 3).to_string());
    set(&mut fields, "title", "Arbejdsprogram om tre år");
    w.write("/programmes", sec.post(url("/programmes")).form(&fields)).await;
    let html = page(&app, &sec, &format!("/programmes/{}", year + 3)).await;
    let path = format!("/programmes/{}/status", year + 3);
    let mut fields = form_fields(&html, &path);
    set(&mut fields, "status", "approved");
    w.write("/programmes/{year}/status", sec.post(url(&path)).form(&fields)).await;
    let fields = vec![("csrf".to_string(), app.csrf(&sec).await)];
    w.write("/programmes/{year}/roll-over", sec.post(url(&format!("/programmes/{year}/roll-over"))).form(&fields)).await;
    let path = format!("/programmes/{year}/initiatives/new");
    let html = page(&app, &sec, &path).await;
    let mut fields = form_fields(&html, &path);
    set(&mut fields, "title", "Ny indsats fra gennemgangen");
    set(&mut fields, "purpose", "At prøve alle veje");
    set(&mut fields, "starts_on", &format!("{year}-02-01"));
    set(&mut fields, "ends_on", &format!("{year}-11-30"));
    set(&mut fields, "owner", &app.viewer_of("centre_chief").await.person().unwrap().to_string());
    w.write("/programmes/{year}/initiatives/new", sec.post(url(&path)).form(&fields)).await;
    let path = format!("/initiatives/{}/edit", f.initiative);
    let html = page(&app, &chief, &path).await;
    let mut fields = form_fields(&html, &path);
    set(&mut fields, "title", "Matricens indsats, omdøbt");
    w.write("/initiatives/{id}/edit", chief.post(url(&path)).form(&fields)).await;
    let html = page(&app, &chief, &format!("/initiatives/{}", f.initiative)).await;
    let path = format!("/initiatives/{}/reports", f.initiative);
    let mut fields = form_fields(&html, &path);
    set(&mut fields, "status", "on_track");
    set(&mut fields, "progress", "40");
    set(&mut fields, "happened", "Godt i gang");
    w.write("/initiatives/{id}/reports", chief.post(url(&path)).form(&fields)).await;
    let path = format!("/initiatives/{}/milestones", f.initiative);
    let mut fields = form_fields(&html, &path);
    set(&mut fields, "milestone_title", "Første evaluering");
    set(&mut fields, "due_on", &format!("{year}-10-01"));
    w.write("/initiatives/{id}/milestones", chief.post(url(&path)).form(&fields)).await;
    let other = store::programme::initiatives(db, t, store::programme::programme(db, t, year as i64).await.unwrap().unwrap().id)
        .await
        .unwrap()
        .into_iter()
        .find(|i| i.id != f.initiative)
        .unwrap();
    let fields = vec![("csrf".to_string(), app.csrf(&chief).await), ("depends_on".into(), other.id.to_string())];
    w.write("/initiatives/{id}/dependencies", chief.post(url(&format!("/initiatives/{}/dependencies", f.initiative))).form(&fields)).await;
    let fields = vec![("csrf".to_string(), app.csrf(&chief).await), ("done".into(), "1".into())];
    w.write("/milestones/{id}/done", chief.post(url(&format!("/milestones/{}/done", f.milestone))).form(&fields)).await;

    // The årshjul: an entry added, changed and deleted; a rule and an exception.
    let html = page(&app, &sec, &format!("/aarshjul/{year}")).await;
    let mut fields = form_fields(&html, "/aarshjul/entries");
    set(&mut fields, "title", "Ledertræf");
    set(&mut fields, "starts_on", &format!("{year}-10-20"));
    set(&mut fields, "ends_on", &format!("{year}-10-20"));
    w.write("/aarshjul/entries", sec.post(url("/aarshjul/entries")).form(&fields)).await;
    let path = format!("/aarshjul/entries/{}", f.entry);
    let html = page(&app, &sec, &path).await;
    let mut fields = form_fields(&html, &path);
    set(&mut fields, "title", "Omdøbt dato");
    w.write("/aarshjul/entries/{id}", sec.post(url(&path)).form(&fields)).await;
    let html = page(&app, &sec, &path).await;
    let delete = format!("{path}/delete");
    w.write("/aarshjul/entries/{id}/delete", sec.post(url(&delete)).form(&form_fields(&html, &delete))).await;
    let path = format!("/aarshjul/{year}/rules");
    let html = page(&app, &sec, &path).await;
    let mut fields = form_fields(&html, &path);
    set(&mut fields, "title", "Kvartalsmøde");
    set(&mut fields, "kind", "nth_weekday");
    set(&mut fields, "nth", "2");
    set(&mut fields, "weekday", "3");
    fields.retain(|(k, _)| k != "months");
    for m in ["3", "6", "9", "12"] {
        fields.push(("months".into(), m.into()));
    }
    w.write("/aarshjul/{year}/rules", sec.post(url(&path)).form(&fields)).await;
    let council = store::aarshjul::rules(db, t).await.unwrap().into_iter().find(|r| r.title == "Byrådsmøde").unwrap();
    let first = domain::programme::cycle::nth_weekday(year, 3, 1, chrono::Weekday::Tue).unwrap();
    let first = if domain::meetings::holidays::closed_day(first).is_some() { domain::meetings::holidays::next_working_day(first) } else { first };
    let fields = vec![
        ("csrf".to_string(), app.csrf(&sec).await),
        ("on".into(), first.to_string()),
        ("action".into(), "cancel".into()),
        ("reason".into(), "Valg".into()),
    ];
    w.write("/aarshjul/rules/{id}/exception", sec.post(url(&format!("/aarshjul/rules/{}/exception", council.id))).form(&fields)).await;

    // The leader evaluation, from a new round to a released report.
    let hr = app.sign_in("hr").await;
    let html = page(&app, &hr, "/evaluation").await;
    let mut fields = form_fields(&html, "/evaluation/rounds");
    set(&mut fields, "title", "Lederevaluering");
    w.write("/evaluation/rounds", hr.post(url("/evaluation/rounds")).form(&fields)).await;
    let round = store::evaluation::rounds(db, t).await.unwrap()[0].id;
    let path = format!("/evaluation/rounds/{round}");
    let html = page(&app, &hr, &path).await;
    let mut fields = form_fields(&html, &format!("{path}/settings"));
    set(&mut fields, "title", "Lederevaluering 2026");
    w.write("/evaluation/rounds/{id}/settings", hr.post(url(&format!("{path}/settings"))).form(&fields)).await;
    let q = format!("{path}/questionnaire");
    let html = page(&app, &hr, &q).await;
    let mut fields = form_fields(&html, &q);
    fields.truncate(5);
    set(&mut fields, "about_leader", "Min leder lytter");
    set(&mut fields, "action", "reword");
    w.write("/evaluation/rounds/{id}/questionnaire", hr.post(url(&q)).form(&fields)).await;
    let html = page(&app, &hr, &path).await;
    let mut fields = form_fields(&html, &format!("{path}/leaders"));
    let unit_leader = app.viewer_of("unit_leader").await;
    set(&mut fields, "unit", &unit_leader.led_units()[0].to_string());
    w.write("/evaluation/rounds/{id}/leaders", hr.post(url(&format!("{path}/leaders"))).form(&fields)).await;
    let subject = store::evaluation::subjects(db, t, round).await.unwrap()[0].id;
    let csrf = app.csrf(&hr).await;
    let raters = format!("/evaluation/leaders/{subject}/raters");
    w.write("/evaluation/leaders/{id}/raters", hr.post(url(&raters)).form(&[("csrf", csrf.as_str()), ("action", "validate")])).await;
    let html = page(&app, &hr, &path).await;
    let open = format!("{path}/open");
    let mut fields = form_fields(&html, &open);
    set(&mut fields, "confirm", "yes");
    w.write("/evaluation/rounds/{id}/open", hr.post(url(&open)).form(&fields)).await;
    let employee = app.sign_in("employee").await;
    let html = page(&app, &employee, "/evaluation").await;
    let start = form_fields(&html, "/evaluation/answer/start");
    w.write("/evaluation/answer/start", employee.post(url("/evaluation/answer/start")).form(&start)).await;
    // The same invitation's mailed link, opened in another browser.
    let invitation: i64 = start.iter().find(|(k, _)| k == "invitation").unwrap().1.parse().unwrap();
    let token = store::new_secret();
    store::evaluation::add_link(db, t, invitation, &token).await.unwrap();
    let phone = app.client();
    let html = page(&app, &phone, &format!("/evaluation/answer?t={token}")).await;
    w.write("/evaluation/answer/open", phone.post(url("/evaluation/answer/open")).form(&form_fields(&html, "/evaluation/answer/open"))).await;
    let html = page(&app, &employee, "/evaluation/answer").await;
    let mut fields = form_fields(&html, "/evaluation/answer");
    let first = html.split("name=\"item-").nth(1).unwrap().split('"').next().unwrap().to_string();
    set(&mut fields, &format!("item-{first}"), "4");
    set(&mut fields, "action", "save");
    w.write("/evaluation/answer", employee.post(url("/evaluation/answer")).form(&fields)).await;
    w.write("/evaluation/rounds/{id}/close", hr.post(url(&format!("{path}/close"))).form(&[("csrf", csrf.as_str()), ("confirm", "yes")])).await;
    let release = format!("/evaluation/reports/{subject}/release");
    w.write("/evaluation/reports/{id}/release", hr.post(url(&release)).form(&[("csrf", csrf.as_str())])).await;
    let plan = format!("/evaluation/plans/{subject}");
    let fields = [("csrf", csrf.as_str()), ("version", "0"), ("action", "dialogue"), ("talk_on", "2026-10-01")];
    w.write("/evaluation/plans/{id}", hr.post(url(&plan)).form(&fields)).await;
    let fields = [("csrf", csrf.as_str()), ("on", "2026-10-02"), ("note", "Samtalen er holdt.")];
    w.write("/evaluation/plans/{id}/checkins", hr.post(url(&format!("{plan}/checkins"))).form(&fields)).await;

    // Administration: an import and a new framework version.
    let csrf = app.csrf(&admin).await;
    let csv = "enhed;navn;e-mail;titel;leder\nIshøj Kommune > Direktionen > Kommunaldirektørens område > Center for Politik og Organisation > Ny Enhed;Vera Ny;vera.ny@ishoj.example;Leder;ja\n";
    let upload = Multipart::new().text("csrf", csrf.clone()).text("step", "apply").text("file_name", "org.csv").text("content", csv);
    w.write("/admin/import", admin.post(url("/admin/import")).multipart(upload)).await;
    let changed = domain::framework::ISHOJ.replace("Vi holder tempo", "Vi holder et godt tempo");
    let upload = Multipart::new().text("csrf", csrf.clone()).part("file", Part::bytes(changed.into_bytes()).file_name("framework.toml"));
    w.write("/admin/framework", admin.post(url("/admin/framework")).multipart(upload)).await;
    // An indicator's own figures and the cases from the case system (no copy in memory holds them).
    let cases = "sagsnummer;sagstype;modtaget;fuldt oplyst;afgjort\n19-1;byggesag-simple;2019-03-01;2019-03-05;2019-04-01\n".as_bytes().to_vec();
    let upload = Multipart::new().text("csrf", csrf.clone()).part("file", Part::bytes(cases).file_name("sager.csv"));
    w.write("/cases/import", admin.post(url("/cases/import")).multipart(upload)).await;
    let youth = store::policy::indicators(db, t).await.unwrap().into_iter().find(|i| i.def.key == "ungdomsuddannelse").unwrap().id;
    let figures = "område;periode;værdi\nIshøj;2014;70,1\n".as_bytes().to_vec();
    let upload = Multipart::new().text("csrf", csrf.clone()).part("file", Part::bytes(figures).file_name("egne-tal.csv"));
    w.write("/indicators/{id}/figures", admin.post(url(&format!("/indicators/{youth}/figures"))).multipart(upload)).await;

    // The business service: the CVR extract, an event, a contact person, an agreement.
    let business = app.sign_in("business_service").await;
    let csrf = app.csrf(&business).await;
    let extract = "CVR-nr.;P-nr.;Navn;Reklamebeskyttet\n19283746;1999999999;Versionstest ApS;Nej\n".as_bytes().to_vec();
    let upload = Multipart::new().text("csrf", csrf.clone()).part("file", Part::bytes(extract).file_name("cvr.csv"));
    w.write("/businesses/import", business.post(url("/businesses/import")).multipart(upload)).await;
    let firm = store::business::lookup(db, t, &domain::policy::business::Lookup::PNumber("1999999999".into())).await.unwrap()[0].0;
    let fields = [("csrf", csrf.as_str()), ("kind", "visit"), ("on", "2026-09-01"), ("note", "Besøg")];
    w.write("/businesses/{id}/events", business.post(url(&format!("/businesses/{firm}/events"))).form(&fields)).await;
    let visit = store::business::events(db, t, firm).await.unwrap()[0].id;
    let erase = format!("/businesses/{firm}/events/{visit}/erase-note");
    w.write("/businesses/{id}/events/{event}/erase-note", business.post(url(&erase)).form(&[("csrf", csrf.as_str())])).await;
    let fields = [("csrf", csrf.as_str()), ("name", "Kim Kontakt"), ("role", "Ejer"), ("email", "kim@example.dk"), ("phone", "")];
    w.write("/businesses/{id}/contacts", business.post(url(&format!("/businesses/{firm}/contacts"))).form(&fields)).await;
    let contact = store::business::contacts(db, t, firm).await.unwrap()[0].id;
    // Kept until a day in the past (as if added long ago), so that keeping it moves the day.
    let past = "UPDATE business_contacts SET keep_until = '2026-01-01' WHERE id = $1";
    match db {
        store::Db::Sqlite(p) => sqlx::query(past).bind(contact).execute(p).await.map(|_| ()),
        store::Db::Pg(p) => sqlx::query(past).bind(contact).execute(p).await.map(|_| ()),
    }
    .unwrap();
    let keep = format!("/businesses/{firm}/contacts/{contact}/keep");
    w.write("/businesses/{id}/contacts/{contact}/keep", business.post(url(&keep)).form(&[("csrf", csrf.as_str())])).await;
    let delete = format!("/businesses/{firm}/contacts/{contact}/delete");
    w.write("/businesses/{id}/contacts/{contact}/delete", business.post(url(&delete)).form(&[("csrf", csrf.as_str())])).await;
    let agreement = |version: &str| {
        vec![
            ("csrf", csrf.clone()),
            ("version", version.to_string()),
            ("title", "Versionsaftalen".to_string()),
            ("starts_on", "2026-01-01".to_string()),
            ("ends_on", "2027-06-30".to_string()),
            ("notice_days", "30".to_string()),
            ("owner", String::new()),
            ("obligations", String::new()),
            ("party_kind", "business".to_string()),
            ("party_name", String::new()),
            ("party_number", "1999999999".to_string()),
        ]
    };
    w.write("/agreements", business.post(url("/agreements")).form(&agreement("0"))).await;
    let made = store::business::agreements(db, t).await.unwrap().into_iter().find(|a| a.agreement.title == "Versionsaftalen").unwrap();
    w.write("/agreements/{id}", business.post(url(&format!("/agreements/{}", made.id))).form(&agreement(&made.version.to_string()))).await;
    let mut upload = Multipart::new().text("csrf", csrf.clone());
    for (field, file) in crate::businesses::ESCO_FILES {
        upload = upload.part(field, Part::bytes(file.as_bytes().to_vec()).file_name(format!("{field}.csv")));
    }
    w.write("/skills/esco", business.post(url("/skills/esco")).multipart(upload)).await;
    let demand = "Area;Periode;Stillingsbetegnelse;Antal stillinger\nIshøj;2026M09;Kok;7\n".as_bytes().to_vec();
    let upload = Multipart::new().text("csrf", csrf.clone()).part("file", Part::bytes(demand).file_name("y25i07.csv"));
    w.write("/skills/demand", business.post(url("/skills/demand")).multipart(upload)).await;

    // A policy's new version and the register of deadlines (the administrator).
    let csrf = app.csrf(&admin).await;
    let changed = domain::policy::ISHOJ_PAA_ARBEJDE.replacen("tolerance = 1.0", "tolerance = 1.5", 1);
    let upload = Multipart::new().text("csrf", csrf.clone()).part("file", Part::bytes(changed.into_bytes()).file_name("politik.toml"));
    w.write("/admin/policies", admin.post(url("/admin/policies")).multipart(upload)).await;
    let register = domain::policy::cases::ISHOJ_FRISTER.replacen("reviewed_on = \"2026-02-01\"", "reviewed_on = \"2026-03-01\"", 1);
    let upload = Multipart::new().text("csrf", csrf.clone()).part("file", Part::bytes(register.into_bytes()).file_name("frister.toml"));
    w.write("/admin/frister", admin.post(url("/admin/frister")).multipart(upload)).await;

    // One's own keys, the language, signing in and out.
    let csrf = app.csrf(&chief).await;
    let fields =
        vec![("csrf".to_string(), csrf.clone()), ("label".into(), "Årshjulet".into()), ("scope".into(), "programme".into()), ("days".into(), "30".into())];
    w.write("/tokens", chief.post(url("/tokens")).form(&fields)).await;
    let account = store::platform::accounts::by_email(db, &app.email("centre_chief").await).await.unwrap().unwrap();
    let token = store::platform::accounts::tokens_of(db, t, account.id).await.unwrap()[0].id;
    w.write("/tokens/{id}/revoke", chief.post(url(&format!("/tokens/{token}/revoke"))).form(&[("csrf", csrf.as_str())])).await;
    w.write("/calendar/link", chief.post(url("/calendar/link")).form(&[("csrf", csrf.as_str())])).await;
    w.write("/language/{code}", chief.post(url("/language/en")).form(&[("csrf", csrf.as_str()), ("back", "/")])).await;
    w.write("/me/notifications", chief.post(url("/me/notifications")).form(&[("csrf", csrf.as_str()), ("digest", "weekly"), ("lang", "da")])).await;
    let c = app.client();
    let html = page(&app, &c, "/login").await;
    let mut fields = form_fields(&html, "/login");
    set(&mut fields, "email", &app.email("employee").await);
    set(&mut fields, "password", crate::harness::PASSWORD);
    w.write("/login", c.post(url("/login")).form(&fields)).await;
    let csrf = app.csrf(&c).await;
    w.write("/logout", c.post(url("/logout")).form(&[("csrf", csrf.as_str())])).await;

    // Every write route of the router was walked.
    let writes: BTreeSet<String> =
        web::routes::table(web::AppState::new(app.svc.clone(), Default::default())).routes.into_iter().filter(|r| r.method == "POST").map(|r| r.path).collect();
    let missing: Vec<&String> = writes.difference(&w.walked).collect();
    assert!(missing.is_empty(), "write routes not walked: {missing:?}");
    assert!(w.problems.is_empty(), "{}", w.problems.join("\n"));
}

#[tokio::test]
async fn the_years_of_the_wheel_kept_in_memory_are_bounded() {
    let app = App::start().await;
    let token = app.api_token("employee").await;
    for y in 2001..2040 {
        let r = app.client().get(format!("{}/api/v1/calendar?from={y}-06-01&to={}-05-31", app.url, y + 1)).bearer_auth(&token).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
    }
    let (_, _, programme) = store::tenant::versions(&app.db, app.tenant).await.unwrap();
    let (reference, _, _) = store::tenant::versions(&app.db, app.tenant).await.unwrap();
    let snapshot = app.svc.programme.get(&app.db, app.tenant, (programme, reference)).await.unwrap();
    assert!(snapshot.years_held() <= store::programme_cache::MAX_YEARS, "{} years held", snapshot.years_held());
}
