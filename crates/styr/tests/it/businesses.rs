//! The business service (issue 15): the CVR extract and a broken one,
//! reklamebeskyttelse on every list and export, events that are appended and
//! never edited, contact persons whose every read is logged and who expire,
//! cooperation agreements with renewal reminders on the årshjul, and the
//! two local indicators worked out from all of it.

use reqwest::StatusCode;

use crate::harness::{App, hidden_in_form};

const EXTRACT: &str = "\
CVR-nr.;P-nr.;Navn;Adresse;Postnr.;By;Kommunekode;Branchetekst;Reklamebeskyttet
41414141;1888888801;Testbyg Vest ApS;Industrivej 1;2635;Ishøj;183;Opførelse af nye bygninger;Nej
42424242;1888888802;Stille Smed ApS;Industrivej 2;2635;Ishøj;183;Smedeværksteder;Ja
";

async fn upload(app: &App, c: &reqwest::Client, name: &str, bytes: Vec<u8>) -> (StatusCode, String, String) {
    let (_, page) = app.get(c, "/businesses").await;
    let csrf = hidden_in_form(&page, "/businesses/import", "csrf");
    let form = reqwest::multipart::Form::new().text("csrf", csrf).part("file", reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()));
    let r = c.post(format!("{}/businesses/import", app.url)).multipart(form).send().await.unwrap();
    let location = r.headers().get("location").map(|l| l.to_str().unwrap().to_string()).unwrap_or_default();
    (r.status(), location, r.text().await.unwrap())
}

async fn id_of(app: &App, p_number: &str) -> i64 {
    let l = domain::policy::business::Lookup::PNumber(p_number.into());
    store::business::lookup(&app.db, app.tenant, &l).await.unwrap()[0].0
}

async fn post(app: &App, c: &reqwest::Client, path: &str, fields: &[(&str, &str)]) -> (StatusCode, String) {
    let csrf = app.csrf(c).await;
    let mut all = vec![("csrf", csrf.as_str())];
    all.extend_from_slice(fields);
    let r = c.post(format!("{}{path}", app.url)).form(&all).send().await.unwrap();
    let status = r.status();
    (status, r.text().await.unwrap())
}

#[tokio::test]
async fn a_cvr_extract_is_loaded_and_a_broken_one_changes_nothing() {
    let app = App::start().await;
    let officer = app.sign_in("business_service").await;
    let rows = app.rows().await;
    // A P-number of nine digits: the row is named, and nothing is loaded.
    let broken = EXTRACT.replace("1888888802", "188888880");
    let (status, _, page) = upload(&app, &officer, "cvr.csv", broken.into_bytes()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Række 3:") && page.contains("er ikke et P-nummer (10 cifre). Intet er ændret."), "{page}");
    let (status, _, page) = upload(&app, &officer, "cvr.csv", "Navn;By\nA;Ishøj\n".as_bytes().to_vec()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("ingen kolonne"), "{page}");
    assert_eq!(app.rows().await, rows, "a refused extract changes nothing");
    // The demo's register is not in this extract: its units are kept off the lists from now on.
    let demo = store::business::all(&app.db, app.tenant).await.unwrap().len();
    let (status, location, _) = upload(&app, &officer, "cvr.csv", EXTRACT.as_bytes().to_vec()).await;
    assert_eq!((status, location.as_str()), (StatusCode::SEE_OTHER, format!("/businesses?imported=2-0-{demo}").as_str()));
    let (_, page) = app.get(&officer, &location).await;
    assert!(page.contains(&format!("{demo} enheder fra tidligere udtræk er ikke med")), "{page}");
    // Loaded again, the same P-units are updated, not doubled.
    let (_, location, _) = upload(&app, &officer, "cvr.csv", EXTRACT.as_bytes().to_vec()).await;
    assert_eq!(location, "/businesses?imported=0-2-0");
    // An extract without Testbyg: it may have asked for protection since, so it leaves the lists until an extract has it again.
    let without: String = EXTRACT.lines().filter(|l| !l.contains("Testbyg")).map(|l| format!("{l}\n")).collect();
    let (_, location, _) = upload(&app, &officer, "cvr.csv", without.into_bytes()).await;
    assert_eq!(location, "/businesses?imported=0-1-1");
    let (_, page) = app.get(&officer, "/businesses?q=testbyg").await;
    assert!(!page.contains("Testbyg Vest ApS") && page.contains("0 virksomheder"), "{page}");
    let (_, page) = app.get(&officer, &format!("/businesses/{}", id_of(&app, "1888888801").await)).await;
    assert!(page.contains("Ikke med i det seneste CVR-udtræk"), "{page}");
    let (_, location, _) = upload(&app, &officer, "cvr.csv", EXTRACT.as_bytes().to_vec()).await;
    assert_eq!(location, "/businesses?imported=0-2-0");
    // Words find the one without protection; its CVR-number goes straight to it.
    let (_, page) = app.get(&officer, "/businesses?q=testbyg").await;
    assert!(page.contains("Testbyg Vest ApS") && page.contains("1 virksomhed"), "{page}");
    let r = officer.get(format!("{}/businesses?q=41+41+41+41", app.url)).send().await.unwrap();
    assert_eq!(r.headers()["location"].to_str().unwrap(), format!("/businesses/{}", id_of(&app, "1888888801").await));
    // The protected one is found by its number alone, and its page says why it is on no list.
    let (_, page) = app.get(&officer, "/businesses?q=stille").await;
    assert!(!page.contains("Stille Smed") && page.contains("0 virksomheder"), "{page}");
    let r = officer.get(format!("{}/businesses?q=1888888802", app.url)).send().await.unwrap();
    let smith = r.headers()["location"].to_str().unwrap().to_string();
    let (_, page) = app.get(&officer, &smith).await;
    assert!(page.contains("Reklamebeskyttet") && page.contains("står aldrig på lister eller i udtræk"));
}

#[tokio::test]
async fn reklamebeskyttelse_holds_on_every_list_and_export() {
    let app = App::start().await;
    let all = store::business::all(&app.db, app.tenant).await.unwrap();
    let protected: Vec<&str> = all.iter().filter(|(_, b)| b.protected).map(|(_, b)| b.p_number.as_str()).collect();
    let open: Vec<&str> = all.iter().filter(|(_, b)| !b.protected).map(|(_, b)| b.p_number.as_str()).collect();
    assert!(protected.len() > 20, "the demo has businesses with protection");
    let officer = app.sign_in("business_service").await;
    let secretariat = app.sign_in("secretariat").await;
    for c in [&officer, &secretariat] {
        // Every page of the register's list.
        let mut listed = String::new();
        for page in 1..=20 {
            let (status, html) = app.get(c, &format!("/businesses?page={page}")).await;
            assert_eq!(status, StatusCode::OK);
            listed.push_str(&html);
        }
        assert!(open.iter().all(|p| listed.contains(p)), "every business without protection is on the list");
        assert!(protected.iter().all(|p| !listed.contains(p)), "no business with protection is on the list");
        // The contact list as a spreadsheet.
        let r = c.get(format!("{}/businesses.xlsx", app.url)).send().await.unwrap();
        assert_eq!(r.headers()["content-type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        let grid = export::read_grid("kontaktliste.xlsx", &r.bytes().await.unwrap()).unwrap();
        let numbers: Vec<&str> = grid.iter().skip(1).map(|r| r[2].as_str()).collect();
        assert!(open.iter().all(|p| numbers.contains(p)) && protected.iter().all(|p| !numbers.contains(p)));
    }
    // Contact persons are in the officer's export only, and the export is in the log.
    let r = secretariat.get(format!("{}/businesses.xlsx", app.url)).send().await.unwrap();
    let grid = export::read_grid("k.xlsx", &r.bytes().await.unwrap()).unwrap();
    assert!(grid.iter().skip(1).all(|r| r[8].is_empty()), "no contact persons for the secretariat");
    let r = officer.get(format!("{}/businesses.xlsx", app.url)).send().await.unwrap();
    let grid = export::read_grid("k.xlsx", &r.bytes().await.unwrap()).unwrap();
    assert!(grid.iter().skip(1).any(|r| !r[8].is_empty()));
    assert!(app.audit_actions().await.contains(&"business.contacts.export".to_string()));
    // The API's list, every page, whatever the search.
    let token = app.api_token("business_service").await;
    let api = reqwest::Client::new();
    let mut seen = vec![];
    for offset in (0..1000).step_by(500) {
        let body: serde_json::Value =
            api.get(format!("{}/api/v1/businesses?limit=500&offset={offset}", app.url)).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        seen.extend(body["businesses"].as_array().unwrap().iter().map(|b| b["p_number"].as_str().unwrap().to_string()));
    }
    assert_eq!(seen.len(), open.len());
    assert!(protected.iter().all(|p| !seen.iter().any(|s| s == p)));
    let (_, smith) = all.iter().find(|(_, b)| b.protected).unwrap();
    let body: serde_json::Value =
        api.get(format!("{}/api/v1/businesses?q={}", app.url, smith.cvr)).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
    assert!(body["businesses"].as_array().unwrap().iter().all(|b| b["p_number"] != smith.p_number.as_str()), "a number lifts nothing in the API");
    // Others do not read the register at all.
    let chief = app.sign_in("centre_chief").await;
    assert_eq!(app.get(&chief, "/businesses").await.0, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn events_are_appended_and_never_edited_and_feed_the_job_order_indicator() {
    let app = App::start().await;
    let officer = app.sign_in("business_service").await;
    let (_, _, _) = upload(&app, &officer, "cvr.csv", EXTRACT.as_bytes().to_vec()).await;
    let firm = id_of(&app, "1888888801").await;
    let path = format!("/businesses/{firm}/events");
    // Five job orders in 2019's first quarter; three end with a hire.
    for n in 0..5 {
        let (status, _) = post(&app, &officer, &path, &[("kind", "job_order"), ("on", "2019-01-10"), ("occupation", "tømrer"), ("count", "2")]).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "job order {n}");
    }
    let orders: Vec<i64> = store::business::events(&app.db, app.tenant, firm).await.unwrap().iter().map(|e| e.id).collect();
    for (k, order) in orders.iter().enumerate() {
        let o = order.to_string();
        assert_eq!(post(&app, &officer, &path, &[("kind", "referral"), ("order", &o), ("on", "2019-01-20"), ("count", "3")]).await.0, StatusCode::SEE_OTHER);
        if k < 3 {
            assert_eq!(post(&app, &officer, &path, &[("kind", "hire"), ("order", &o), ("on", "2019-02-01"), ("count", "1")]).await.0, StatusCode::SEE_OTHER);
        }
        let missing = if k < 3 { "" } else { "energirenovering af bygninger" };
        let fields = [("kind", "closed"), ("order", &o), ("on", "2019-03-01"), ("missing", missing)];
        assert_eq!(post(&app, &officer, &path, &fields).await.0, StatusCode::SEE_OTHER);
    }
    let share = |app: &App| {
        let (db, t) = (app.db.clone(), app.tenant);
        async move {
            let i = store::policy::indicators(&db, t).await.unwrap().into_iter().find(|i| i.def.key == "jobordrer-besat").unwrap();
            store::policy::values(&db, t, i.id, &["183".into()]).await.unwrap().into_iter().find(|v| v.period == "2019K1").and_then(|v| v.value)
        }
    };
    assert_eq!(share(&app).await, Some(60.0), "three of five job orders ended with a hire");
    // A refused form on an open order comes back as it was sent, the other forms empty.
    assert_eq!(
        post(&app, &officer, &path, &[("kind", "job_order"), ("on", "2019-05-02"), ("occupation", "murer"), ("count", "1")]).await.0,
        StatusCode::SEE_OTHER
    );
    let open = store::business::events(&app.db, app.tenant, firm).await.unwrap().into_iter().map(|e| e.id).max().unwrap().to_string();
    let fields =
        [("kind", "hire"), ("order", open.as_str()), ("on", "2019-05-20"), ("count", "en"), ("missing", "stillads"), ("note", "Ring til Jens tirsdag")];
    let (status, page) = post(&app, &officer, &path, &fields).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains(&format!("<option value=\"{open}\" selected>")) && page.contains("<option value=\"hire\" selected>"), "{page}");
    assert!(page.contains("aria-describedby=\"order-note-hint\">Ring til Jens tirsdag</textarea>") && page.contains("value=\"stillads\""), "{page}");
    assert!(page.contains("aria-describedby=\"note-hint\"></textarea>"), "the form for new events stays empty");
    // A hire on a closed order, a day in the future, a job order without an occupation: refused, nothing changed.
    let rows = app.rows().await;
    let first = orders[0].to_string();
    for (fields, says) in [
        (vec![("kind", "hire"), ("order", first.as_str()), ("on", "2019-04-01"), ("count", "1")], "Vælg en åben jobordre"),
        (vec![("kind", "visit"), ("on", "2027-01-01")], "Datoen ligger i fremtiden"),
        (vec![("kind", "job_order"), ("on", "2019-01-10"), ("count", "1")], "En jobordre skal have den stilling"),
        (vec![("kind", "referral"), ("order", first.as_str()), ("on", "2019-01-20"), ("count", "tre")], "Antallet skal være et helt tal"),
    ] {
        let (status, page) = post(&app, &officer, &path, &fields).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{fields:?}");
        assert!(page.contains(says), "{says}: {page}");
    }
    assert_eq!(app.rows().await, rows);
    // The database itself refuses to edit or delete an event, on either backend.
    let id = orders[0];
    let edit = match &app.db {
        store::Db::Sqlite(p) => sqlx::query("UPDATE business_events SET count = 9 WHERE id = $1").bind(id).execute(p).await.map(|_| ()),
        store::Db::Pg(p) => sqlx::query("UPDATE business_events SET count = 9 WHERE id = $1").bind(id).execute(p).await.map(|_| ()),
    };
    assert!(edit.is_err(), "an event cannot be edited");
    let delete = match &app.db {
        store::Db::Sqlite(p) => sqlx::query("DELETE FROM business_events WHERE id = $1").bind(id).execute(p).await.map(|_| ()),
        store::Db::Pg(p) => sqlx::query("DELETE FROM business_events WHERE id = $1").bind(id).execute(p).await.map(|_| ()),
    };
    assert!(delete.is_err(), "an event cannot be deleted");
    // A mistake is annulled by a new event: the first order's hire no longer counts.
    let hire = store::business::events(&app.db, app.tenant, firm)
        .await
        .unwrap()
        .into_iter()
        .find(|e| e.refers_to == Some(orders[0]) && e.kind.as_str() == "hire")
        .unwrap();
    let h = hire.id.to_string();
    let (status, _) = post(&app, &officer, &path, &[("kind", "annulled"), ("event", &h), ("on", "2019-03-05"), ("note", "Forkert virksomhed")]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(share(&app).await, Some(40.0));
    let (_, page) = app.get(&officer, &format!("/businesses/{firm}")).await;
    assert!(page.contains("<del>Ansættelse</del>") && page.contains("energirenovering af bygninger"));
    // A note that should not have been written is erased, and only the note; the erasing is logged.
    let annul = store::business::events(&app.db, app.tenant, firm).await.unwrap().into_iter().find(|e| e.note == "Forkert virksomhed").unwrap();
    let secretariat = app.sign_in("secretariat").await;
    let erase = format!("/businesses/{firm}/events/{}/erase-note", annul.id);
    assert_eq!(post(&app, &secretariat, &erase, &[]).await.0, StatusCode::FORBIDDEN, "only the business service");
    let (status, _) = post(&app, &officer, &erase, &[]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let after = store::business::events(&app.db, app.tenant, firm).await.unwrap().into_iter().find(|e| e.id == annul.id).unwrap();
    assert_eq!(after, domain::policy::business::Event { note: String::new(), ..annul.clone() });
    assert!(app.audit_actions().await.contains(&"business.event.erase_note".to_string()));
    assert_eq!(post(&app, &officer, &erase, &[]).await.0, StatusCode::SEE_OTHER, "pressed twice: done, not an error");
    let other = format!("/businesses/{}/events/{}/erase-note", firm + 1, annul.id);
    assert_eq!(post(&app, &officer, &other, &[]).await.0, StatusCode::NOT_FOUND, "an event of another business");
    let (_, page) = app.get(&officer, &format!("/businesses/{firm}?saved=erased")).await;
    assert!(!page.contains("Forkert virksomhed") && page.contains("Notatet er slettet."), "{page}");
    // The database lets nothing else through: not another note, not a note erased with a count changed.
    for sql in ["UPDATE business_events SET note = 'Ny tekst' WHERE id = $1", "UPDATE business_events SET note = '', count = 9 WHERE id = $1"] {
        let id = orders[1];
        let r = match &app.db {
            store::Db::Sqlite(p) => sqlx::query(sql).bind(id).execute(p).await.map(|_| ()),
            store::Db::Pg(p) => sqlx::query(sql).bind(id).execute(p).await.map(|_| ()),
        };
        assert!(r.is_err(), "{sql}");
    }
}

#[tokio::test]
async fn contact_persons_are_read_by_the_officers_alone_every_read_logged_and_they_expire() {
    let app = App::start().await;
    let officer = app.sign_in("business_service").await;
    let (_, _, _) = upload(&app, &officer, "cvr.csv", EXTRACT.as_bytes().to_vec()).await;
    let firm = id_of(&app, "1888888801").await;
    let fields = [("name", "Kim Kontakt"), ("role", "Ejer"), ("email", "kim@example.dk"), ("phone", "12345678")];
    assert_eq!(post(&app, &officer, &format!("/businesses/{firm}/contacts"), &fields).await.0, StatusCode::SEE_OTHER);
    let rows = app.rows().await;
    let (status, page) = post(&app, &officer, &format!("/businesses/{firm}/contacts"), &[("name", "Ane"), ("email", "ikke en adresse")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("E-mailadressen ser ikke rigtig ud"));
    assert_eq!(app.rows().await, rows);
    // Shown when asked for, as each showing is a read in the log.
    let (_, page) = app.get(&officer, &format!("/businesses/{firm}")).await;
    assert!(!page.contains("kim@example.dk") && page.contains("Vis kontaktpersonerne"));
    let (_, page) = app.get(&officer, &format!("/businesses/{firm}?contacts=1")).await;
    assert!(page.contains("Kim Kontakt") && page.contains("kim@example.dk"));
    // The read is in the log, and the page lists who has read them.
    let email = app.email("business_service").await;
    let reads = store::business::contact_reads(&app.db, app.tenant, firm, false, None, 10).await.unwrap();
    assert!(reads.iter().any(|(_, who)| *who == email), "{reads:?}");
    // An export of the contact list is a read too, while the business was on it (until an extract left it out).
    let r = officer.get(format!("{}/businesses.xlsx", app.url)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let at = |y| Some(chrono::NaiveDate::from_ymd_opt(y, 1, 1).unwrap().and_time(chrono::NaiveTime::MIN).and_utc());
    let with = store::business::contact_reads(&app.db, app.tenant, firm, true, None, 10).await.unwrap();
    assert_eq!(with.len(), reads.len() + 1, "the export counts");
    assert_eq!(store::business::contact_reads(&app.db, app.tenant, firm, true, at(2000), 10).await.unwrap().len(), reads.len(), "not one made after it left");
    // The secretariat sees the business but not who to call.
    let secretariat = app.sign_in("secretariat").await;
    let (status, page) = app.get(&secretariat, &format!("/businesses/{firm}?contacts=1")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!page.contains("Kim Kontakt") && !page.contains("Kontaktpersoner"));
    let secretariat_email = app.email("secretariat").await;
    let reads = store::business::contact_reads(&app.db, app.tenant, firm, true, None, 10).await.unwrap();
    assert!(reads.iter().all(|(_, who)| *who != secretariat_email));
    // Kept 24 months, then deleted by the worker's retention, in the log.
    let contact = store::business::contacts(&app.db, app.tenant, firm).await.unwrap()[0].clone();
    assert_eq!(contact.keep_until, "2028-09-16");
    let day_before = chrono::NaiveDate::from_ymd_opt(2028, 9, 16).unwrap();
    let day_after = chrono::NaiveDate::from_ymd_opt(2028, 9, 17).unwrap();
    let before = store::business::purge_contacts(&app.db, day_before).await.unwrap();
    assert!(store::business::contacts(&app.db, app.tenant, firm).await.unwrap().iter().any(|c| c.id == contact.id));
    let after = store::business::purge_contacts(&app.db, day_after).await.unwrap();
    assert!(after > before);
    assert!(store::business::contacts(&app.db, app.tenant, firm).await.unwrap().is_empty());
    assert!(app.audit_actions().await.contains(&"business.contact.expire".to_string()));
}

#[tokio::test]
async fn agreements_have_parties_remind_their_owner_and_are_on_the_wheel() {
    let app = App::start().await;
    let officer = app.sign_in("business_service").await;
    let (_, _, _) = upload(&app, &officer, "cvr.csv", EXTRACT.as_bytes().to_vec()).await;
    let unit = store::org::units(&app.db, app.tenant).await.unwrap().into_iter().find(|u| u.name == "Virksomhedsservice").unwrap().id;
    let u = unit.to_string();
    let base = |ends: &'static str| {
        vec![
            ("title", "Praktikaftale med Testbyg"),
            ("starts_on", "2026-01-01"),
            ("ends_on", ends),
            ("notice_days", "60"),
            ("obligations", "Testbyg tager to elever om året."),
            ("party_kind", "business"),
            ("party_name", ""),
            ("party_number", "1888888801"),
            ("party_kind", "school"),
            ("party_name", "Vestegnens Erhvervsskoler"),
            ("party_number", ""),
        ]
    };
    // Ending before it starts, or naming a P-number not in the register: refused, nothing changed.
    let rows = app.rows().await;
    let mut wrong = base("2025-12-31");
    wrong.push(("owner", &u));
    let (status, page) = post(&app, &officer, "/agreements", &wrong).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Aftalen slutter, før den begynder. Intet er gemt."));
    let mut unknown = base("2027-06-30");
    unknown[7] = ("party_number", "1777777777");
    let (status, page) = post(&app, &officer, "/agreements", &unknown).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("1777777777"), "{page}");
    assert_eq!(app.rows().await, rows);
    let mut fields = base("2027-06-30");
    fields.push(("owner", &u));
    let (status, _) = post(&app, &officer, "/agreements", &fields).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let made = store::business::agreements(&app.db, app.tenant).await.unwrap().into_iter().find(|a| a.agreement.title == "Praktikaftale med Testbyg").unwrap();
    let firm = id_of(&app, "1888888801").await;
    assert_eq!(made.agreement.parties[0].business_id, Some(firm));
    assert_eq!(made.agreement.parties[0].name, "Testbyg Vest ApS", "the party takes the register's name");
    // The business's page names the agreement; everyone signed in reads it.
    let (_, page) = app.get(&officer, &format!("/businesses/{firm}")).await;
    assert!(page.contains("Praktikaftale med Testbyg"));
    let employee = app.sign_in("employee").await;
    let (status, page) = app.get(&employee, &format!("/agreements/{}", made.id)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Vestegnens Erhvervsskoler") && page.contains("1. maj 2027"), "renewal 60 days before the end");
    // A reklamebeskyttet party is named to the business service alone, on the list, the page and in the API.
    let mut quiet = base("2027-06-30");
    quiet[0] = ("title", "Aftale med en stille smed");
    quiet[7] = ("party_number", "1888888802");
    assert_eq!(post(&app, &officer, "/agreements", &quiet).await.0, StatusCode::SEE_OTHER);
    let (_, list) = app.get(&employee, "/agreements").await;
    assert!(!list.contains("Stille Smed") && list.contains("Reklamebeskyttet virksomhed"), "{list}");
    let (_, list) = app.get(&officer, "/agreements").await;
    assert!(list.contains("Stille Smed ApS"));
    let token = app.api_token("employee").await;
    let api = reqwest::Client::new().get(format!("{}/api/v1/agreements", app.url)).bearer_auth(&token).send().await.unwrap().text().await.unwrap();
    assert!(!api.contains("Stille Smed") && api.contains("Testbyg Vest ApS"), "{api}");
    // An edit from an old version is refused.
    let mut stale = fields.clone();
    stale.push(("version", "0"));
    let (status, page) = post(&app, &officer, &format!("/agreements/{}", made.id), &stale).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("En anden har rettet aftalen"));
    // The renewal day is on the årshjul.
    let categories = store::aarshjul::categories(&app.db, app.tenant).await.unwrap();
    let dates = store::aarshjul::dates_of_year(&app.db, app.tenant, &categories, 2027, app.today()).await.unwrap();
    assert!(
        dates.iter().any(|d| d.title == "Praktikaftale med Testbyg" && d.start.to_string() == "2027-05-01" && d.href == format!("/agreements/{}", made.id))
    );
    // The unit's leaders are reminded two weeks before, once.
    let leaders = store::org::leaders(&app.db, app.tenant).await.unwrap()[&unit].len();
    let mails = |app: &App| {
        let (db, t) = (app.db.clone(), app.tenant);
        async move {
            let queued = store::platform::jobs::queued(&db, t, jobs::EMAIL).await.unwrap();
            queued
                .iter()
                .map(|p| serde_json::from_str::<jobs::Email>(p).unwrap())
                .filter(|m| m.subject.contains("Praktikaftale med Testbyg"))
                .collect::<Vec<_>>()
        }
    };
    let early = chrono::NaiveDate::from_ymd_opt(2027, 4, 1).unwrap();
    service::policy::business::renewal_reminders(&app.db, "http://styr.test", early).await.unwrap();
    assert!(mails(&app).await.is_empty(), "a month before is too early");
    let near = chrono::NaiveDate::from_ymd_opt(2027, 4, 20).unwrap();
    service::policy::business::renewal_reminders(&app.db, "http://styr.test", near).await.unwrap();
    let sent = mails(&app).await;
    assert_eq!(sent.len(), leaders);
    assert!(sent[0].body.contains(&format!("http://styr.test/agreements/{}", made.id)) && sent[0].body.contains("30. juni 2027"), "{}", sent[0].body);
    service::policy::business::renewal_reminders(&app.db, "http://styr.test", near).await.unwrap();
    assert_eq!(mails(&app).await.len(), leaders, "once per renewal");
    // An agreement without an owner: the business service is reminded instead of nobody.
    let mut ownerless = base("2027-06-30");
    ownerless[0] = ("title", "Aftale uden ejer");
    assert_eq!(post(&app, &officer, "/agreements", &ownerless).await.0, StatusCode::SEE_OTHER);
    service::policy::business::renewal_reminders(&app.db, "http://styr.test", near).await.unwrap();
    let queued = store::platform::jobs::queued(&app.db, app.tenant, jobs::EMAIL).await.unwrap();
    let to: Vec<String> =
        queued.iter().map(|p| serde_json::from_str::<jobs::Email>(p).unwrap()).filter(|m| m.subject.contains("Aftale uden ejer")).map(|m| m.to).collect();
    assert_eq!(to, vec![app.email("business_service").await], "the business-service officer, once");
}

#[tokio::test]
async fn the_demo_computes_the_local_indicators_from_its_register() {
    let app = App::start().await;
    let indicators = store::policy::indicators(&app.db, app.tenant).await.unwrap();
    let values = |key: &str| {
        let i = indicators.iter().find(|i| i.def.key == key).unwrap().id;
        let (db, t) = (app.db.clone(), app.tenant);
        async move { store::policy::values(&db, t, i, &["183".into()]).await.unwrap() }
    };
    let cooperating = values("virksomheder-samarbejder").await;
    let last_year = cooperating.iter().find(|v| v.period == "2025").unwrap();
    assert_eq!(last_year.source, "businesses");
    assert!((10.0..40.0).contains(&last_year.value.unwrap()), "{last_year:?}");
    let filled = values("jobordrer-besat").await;
    let q = filled.iter().find(|v| v.period == "2026K2").unwrap();
    assert_eq!(q.source, "businesses");
    assert!(q.suppressed || (20.0..90.0).contains(&q.value.unwrap()), "{q:?}");
}

/// The hand-made ESCO in the official CSV format (crates/styr/data/esco), by the upload form's field.
pub(crate) const ESCO_FILES: [(&str, &str); 4] = [
    ("occupations", include_str!("../../data/esco/occupations_da.csv")),
    ("skills", include_str!("../../data/esco/skills_da.csv")),
    ("relations", include_str!("../../data/esco/occupationSkillRelations_da.csv")),
    ("green", include_str!("../../data/esco/greenSkillsCollection_da.csv")),
];

async fn upload_esco(app: &App, c: &reqwest::Client, files: &[(&str, String)]) -> (StatusCode, String) {
    let csrf = app.csrf(c).await;
    let mut form = reqwest::multipart::Form::new().text("csrf", csrf);
    for (field, text) in files {
        form = form.part(field.to_string(), reqwest::multipart::Part::bytes(text.clone().into_bytes()).file_name(format!("{field}_da.csv")));
    }
    let r = c.post(format!("{}/skills/esco", app.url)).multipart(form).send().await.unwrap();
    let status = r.status();
    (status, r.text().await.unwrap())
}

#[tokio::test]
async fn the_skills_gap_reads_esco_and_y25i07_and_names_the_skills_most_often_missing() {
    let app = App::start().await;
    // Everyone signed in reads the gap the demo's ESCO, vacancies and job orders make.
    let employee = app.sign_in("employee").await;
    let (status, page) = app.get(&employee, "/skills").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("<th scope=\"row\">lagerarbejder</th>"), "{page}");
    assert!(page.contains("1 stillingsbetegnelse findes ikke i ESCO"), "Bager is not in the hand-made ESCO");
    let missing = &page[page.find("id=\"missing\"").unwrap()..];
    assert!(missing.contains("installere solcelleanlæg") && missing.contains("grøn"), "a green skill among the missing");
    assert!(!page.contains("action=\"/skills/esco\""), "only the business service loads");
    // A relation naming a skill the skills file lacks: refused, named, nothing changed.
    let officer = app.sign_in("business_service").await;
    let rows = app.rows().await;
    let mut files: Vec<(&str, String)> = ESCO_FILES.iter().map(|(f, t)| (*f, t.to_string())).collect();
    files[2].1.push_str("http://data.europa.eu/esco/occupation/00000000-0000-4000-8000-000000000001,lagerarbejder,essential,skill/competence,http://data.europa.eu/esco/skill/ukendt,ukendt\n");
    let (status, page) = upload_esco(&app, &officer, &files).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("række 30") && page.contains("findes ikke i de andre filer. Intet er ændret."), "{page}");
    let (status, page) = upload_esco(&app, &officer, &files[..3]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Vælg filen Grønne kompetencer"), "{page}");
    // Y25i07 with a figure that is no number: refused, nothing changed.
    let csrf = app.csrf(&officer).await;
    let bad = include_str!("../../data/jobindsats-y25i07-stillinger.json").replacen("\"64\"", "\"mange\"", 1);
    let form =
        reqwest::multipart::Form::new().text("csrf", csrf.clone()).part("file", reqwest::multipart::Part::bytes(bad.into_bytes()).file_name("y25i07.json"));
    let r = officer.post(format!("{}/skills/demand", app.url)).multipart(form).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(page.contains("&#34;mange&#34; er ikke et tal. Intet er ændret.") || page.contains("\"mange\" er ikke et tal. Intet er ændret."), "{page}");
    assert_eq!(app.rows().await, rows);
    // The whole ESCO again, and a new month of vacancies: a new occupation leads.
    let files: Vec<(&str, String)> = ESCO_FILES.iter().map(|(f, t)| (*f, t.to_string())).collect();
    assert_eq!(upload_esco(&app, &officer, &files).await.0, StatusCode::SEE_OTHER);
    let demand = "Area;Periode;Stillingsbetegnelse;Antal stillinger\nIshøj;2026M09;Pædagogisk assistent;900\nAlbertslund;2026M09;Kok;5000\n";
    let form =
        reqwest::multipart::Form::new().text("csrf", csrf).part("file", reqwest::multipart::Part::bytes(demand.as_bytes().to_vec()).file_name("y25i07.csv"));
    let r = officer.post(format!("{}/skills/demand", app.url)).multipart(form).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = app.get(&officer, "/skills").await;
    let first_row = &page[page.find("<tbody>").unwrap()..];
    assert!(first_row.trim_start_matches("<tbody>").trim_start().starts_with("<tr><th scope=\"row\">pædagogmedhjælper</th>"), "{first_row}");
    assert!(page.contains("september 2026"), "the newest month of vacancies is named");
    // The API gives the same gap, in the same order, to anyone with a token.
    let token = app.api_token("employee").await;
    let api: serde_json::Value =
        reqwest::Client::new().get(format!("{}/api/v1/skills", app.url)).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
    assert_eq!(api["period"], "2026M09");
    assert_eq!(api["occupations"][0]["label"], "pædagogmedhjælper");
    assert_eq!(api["occupations"][0]["vacancies"], 900.0);
    let green = api["missing"].as_array().unwrap().iter().find(|m| m["label"] == "installere solcelleanlæg").unwrap();
    assert_eq!(green["green"], true);
}
