//! Agendas: proposing with attachments, placing, deferring, declining,
//! ordering, publishing, closed items, and bad input that changes nothing.

use chrono::Duration;
use domain::meetings::agenda::ItemStatus;
use domain::meetings::{ItemId, MeetingId};
use reqwest::multipart::{Form, Part};
use reqwest::{Client, StatusCode};

use crate::harness::{App, hidden};

async fn group_meetings(app: &App) -> (i64, Vec<store::meetings::Meeting>) {
    let f = store::meetings::forums(&app.db, app.tenant).await.unwrap().into_iter().find(|f| f.name == "Koncernledelsesmøde").unwrap();
    let ms = store::meetings::meetings_of_forum(&app.db, app.tenant, f.id, app.now() - Duration::days(200), app.now() + Duration::days(200)).await.unwrap();
    (f.id, ms)
}

fn proposal(csrf: &str, title: &str, kind: &str, rec: &str, file: Option<(&str, Vec<u8>)>) -> Form {
    let mut form = Form::new()
        .text("csrf", csrf.to_string())
        .text("title", title.to_string())
        .text("kind", kind.to_string())
        .text("recommendation", rec.to_string())
        .text("background", "Baggrund".to_string())
        .text("minutes", "20".to_string())
        .text("perspective", "perspective.styr-paa-tingene".to_string())
        .text("value", String::new());
    if let Some((name, bytes)) = file {
        form = form.part("files", Part::bytes(bytes).file_name(name.to_string()));
    }
    form
}

async fn propose(app: &App, c: &Client, meeting: MeetingId, form: Form) -> (StatusCode, String) {
    let r = c.post(format!("{}/meetings/{meeting}/propose", app.url)).multipart(form).send().await.unwrap();
    (r.status(), r.text().await.unwrap())
}

async fn post(app: &App, c: &Client, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
    c.post(format!("{}{path}", app.url)).form(form).send().await.unwrap()
}

#[tokio::test]
async fn a_proposal_travels_from_centre_chief_to_published_agenda() {
    let app = App::start().await;
    let (_, ms) = group_meetings(&app).await;
    let next = ms.iter().filter(|m| m.starts_at > app.now()).nth(1).unwrap().clone();
    let chief = app.sign_in("centre_chief").await;
    let csrf = app.csrf(&chief).await;
    let (status, _) = propose(
        &app,
        &chief,
        next.id,
        proposal(&csrf, "Fælles vikarpulje", "decision", "At koncernledelsen godkender en fælles vikarpulje.", Some(("Notat.pdf", b"%PDF-1.4 notat".to_vec()))),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, mine) = app.get(&chief, "/proposals").await;
    assert!(mine.contains("Fælles vikarpulje") && mine.contains("Foreslået"));

    // The secretariat sees it and puts it on the agenda.
    let sec = app.sign_in("secretariat").await;
    let (_, page) = app.get(&sec, &format!("/meetings/{}", next.id)).await;
    assert!(page.contains("Forslag til mødet") && page.contains("Fælles vikarpulje") && page.contains("Notat.pdf"));
    let item =
        store::meetings::agenda::items_of_meeting(&app.db, app.tenant, next.id).await.unwrap().into_iter().find(|i| i.title == "Fælles vikarpulje").unwrap();
    let csrf_s = hidden(&page, "csrf");
    let r = post(&app, &sec, &format!("/items/{}/place", item.id), &[("csrf", &csrf_s), ("version", &item.version.to_string())]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // A second click on the same stale form finds it placed, and changes nothing.
    let before = store::meetings::agenda::fingerprint(&app.db, app.tenant).await.unwrap();
    let r = post(&app, &sec, &format!("/items/{}/place", item.id), &[("csrf", &csrf_s), ("version", &item.version.to_string())]).await;
    assert!(r.headers()["location"].to_str().unwrap().contains("item=placed"));
    assert_eq!(store::meetings::agenda::fingerprint(&app.db, app.tenant).await.unwrap(), before);

    // Publish; a later change is marked as such.
    let r = post(&app, &sec, &format!("/meetings/{}/publish", next.id), &[("csrf", &csrf_s)]).await;
    assert!(r.headers()["location"].to_str().unwrap().contains("item=published"));
    let (_, page) = app.get(&sec, &format!("/meetings/{}", next.id)).await;
    assert!(page.contains("Dagsordenen er udsendt"));
    let waiting =
        store::meetings::agenda::items_of_meeting(&app.db, app.tenant, next.id).await.unwrap().into_iter().find(|i| i.status == ItemStatus::Proposed).unwrap();
    post(&app, &sec, &format!("/items/{}/place", waiting.id), &[("csrf", &csrf_s), ("version", &waiting.version.to_string())]).await;
    let (_, page) = app.get(&sec, &format!("/meetings/{}", next.id)).await;
    assert!(page.contains("Ændret efter udsendelse"));

    // The proposer sees the outcome; members see the item and its attachment.
    let (_, mine) = app.get(&chief, "/proposals").await;
    assert!(mine.contains("På dagsordenen"));
    let director = app.sign_in("director").await;
    let (_, page) = app.get(&director, &format!("/meetings/{}", next.id)).await;
    assert!(page.contains("Fælles vikarpulje"));
    let file =
        store::meetings::agenda::attachments_of_meeting(&app.db, app.tenant, next.id).await.unwrap().into_iter().find(|a| a.file_name == "Notat.pdf").unwrap();
    let r = director.get(format!("{}/attachments/{}", app.url, file.id)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    assert_eq!(r.bytes().await.unwrap().as_ref(), b"%PDF-1.4 notat");
}

#[tokio::test]
async fn attachments_can_be_kept_in_a_folder() {
    let folder = std::env::temp_dir().join(format!("styr-files-{}-{}", std::process::id(), line!()));
    let app = App::start_with(store::meetings::agenda::FileStore::Folder(folder.clone())).await;
    let (_, ms) = group_meetings(&app).await;
    let next = ms.iter().filter(|m| m.starts_at > app.now()).nth(1).unwrap().clone();
    let chief = app.sign_in("centre_chief").await;
    let csrf = app.csrf(&chief).await;
    let content = b"%PDF-1.4 bilag i en mappe".to_vec();
    let (status, _) = propose(
        &app,
        &chief,
        next.id,
        proposal(&csrf, "Bilag i mappe", "information", "At orienteringen tages til efterretning.", Some(("Bilag.pdf", content.clone()))),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let file =
        store::meetings::agenda::attachments_of_meeting(&app.db, app.tenant, next.id).await.unwrap().into_iter().find(|a| a.file_name == "Bilag.pdf").unwrap();
    // The contents are in the folder, not in the database.
    let written: Vec<_> = std::fs::read_dir(folder.join(app.tenant.to_string())).unwrap().map(|e| std::fs::read(e.unwrap().path()).unwrap()).collect();
    assert_eq!(written, vec![content.clone()]);
    assert!(store::meetings::agenda::attachment(&app.db, &store::meetings::agenda::FileStore::Database, app.tenant, file.id).await.is_err());
    let r = chief.get(format!("{}/attachments/{}", app.url, file.id)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.bytes().await.unwrap().as_ref(), content.as_slice());
    let _ = std::fs::remove_dir_all(folder);
}

#[tokio::test]
async fn bad_proposals_change_nothing_and_say_why() {
    let app = App::start().await;
    let (_, ms) = group_meetings(&app).await;
    let next = ms.iter().find(|m| m.starts_at > app.now()).unwrap().clone();
    let past = ms.iter().find(|m| m.starts_at < app.now()).unwrap().clone();
    let chief = app.sign_in("centre_chief").await;
    let csrf = app.csrf(&chief).await;
    let before = store::meetings::agenda::fingerprint(&app.db, app.tenant).await.unwrap();

    let (status, body) = propose(&app, &chief, next.id, proposal(&csrf, " ", "decision", "", None)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("Feltet skal udfyldes.") && body.contains("Et punkt til beslutning skal have en indstilling."));
    let (status, body) = propose(&app, &chief, next.id, proposal(&csrf, "Bilag", "information", "", Some(("program.exe", b"MZ".to_vec())))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("Bilag skal være PDF, Word eller Excel."));
    let (status, body) = propose(&app, &chief, next.id, proposal(&csrf, "Bilag", "information", "", Some(("falsk.pdf", b"MZ not a pdf".to_vec())))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("Filens indhold passer ikke til dens type."));
    let mut big = b"%PDF-1.4".to_vec();
    big.resize(1024 * 1024 + 1, b'x');
    let (status, body) = propose(&app, &chief, next.id, proposal(&csrf, "Stort bilag", "information", "", Some(("stor.pdf", big)))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("Filen er for stor."));
    let (status, body) = propose(&app, &chief, past.id, proposal(&csrf, "For sent", "information", "", None)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("Mødet er afholdt eller aflyst"));
    let (status, _) = propose(&app, &chief, next.id, proposal("forged", "Forfalsket", "information", "", None)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // A unit leader may read group management's agendas but not propose to them.
    let leader = app.sign_in("unit_leader").await;
    let csrf_l = app.csrf(&leader).await;
    let (status, _) = propose(&app, &leader, next.id, proposal(&csrf_l, "Fra yderste led", "information", "", None)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(store::meetings::agenda::fingerprint(&app.db, app.tenant).await.unwrap(), before, "nothing changed");
}

#[tokio::test]
async fn deferring_and_declining_need_a_reason_and_tell_the_proposer() {
    let app = App::start().await;
    let (_, ms) = group_meetings(&app).await;
    let coming: Vec<_> = ms.iter().filter(|m| m.starts_at > app.now()).cloned().collect();
    let chief = app.sign_in("centre_chief").await;
    let csrf = app.csrf(&chief).await;
    propose(&app, &chief, coming[0].id, proposal(&csrf, "Udskydes", "discussion", "", Some(("bilag.xlsx", b"PK\x03\x04xlsx".to_vec())))).await;
    propose(&app, &chief, coming[0].id, proposal(&csrf, "Afvises", "discussion", "", None)).await;
    let items = store::meetings::agenda::items_of_meeting(&app.db, app.tenant, coming[0].id).await.unwrap();
    let to_defer = items.iter().find(|i| i.title == "Udskydes").unwrap();
    let to_decline = items.iter().find(|i| i.title == "Afvises").unwrap();
    let sec = app.sign_in("secretariat").await;
    let csrf_s = app.csrf(&sec).await;
    // The secretariat is offered the forum's later meetings to defer to.
    let (_, page) = app.get(&sec, &format!("/meetings/{}", coming[0].id)).await;
    assert!(page.contains(&format!("id=\"to-{}\"", to_defer.id)) && page.contains(&format!("<option value=\"{}\">", coming[1].id)));
    let before = store::meetings::agenda::fingerprint(&app.db, app.tenant).await.unwrap();
    let r = post(&app, &sec, &format!("/items/{}/decline", to_decline.id), &[("csrf", &csrf_s), ("version", "1"), ("reason", " ")]).await;
    assert!(r.headers()["location"].to_str().unwrap().contains("item=reason-missing"));
    let r = post(
        &app,
        &sec,
        &format!("/items/{}/defer", to_defer.id),
        &[("csrf", &csrf_s), ("version", "1"), ("reason", "Tid"), ("to_meeting", &ms[0].id.to_string())],
    )
    .await;
    assert!(r.headers()["location"].to_str().unwrap().contains("item=bad-target"), "not to an earlier meeting");
    assert_eq!(store::meetings::agenda::fingerprint(&app.db, app.tenant).await.unwrap(), before);

    let r = post(&app, &sec, &format!("/items/{}/decline", to_decline.id), &[("csrf", &csrf_s), ("version", "1"), ("reason", "Hører under chefmødet")]).await;
    assert!(r.headers()["location"].to_str().unwrap().contains("item=declined"));
    // A second click finds it declined; placing a declined proposal says it was dealt with. Neither changes anything.
    let before = store::meetings::agenda::fingerprint(&app.db, app.tenant).await.unwrap();
    let r = post(&app, &sec, &format!("/items/{}/decline", to_decline.id), &[("csrf", &csrf_s), ("version", "1"), ("reason", "Hører under chefmødet")]).await;
    assert!(r.headers()["location"].to_str().unwrap().contains("item=declined"));
    let r = post(&app, &sec, &format!("/items/{}/place", to_decline.id), &[("csrf", &csrf_s), ("version", "2")]).await;
    let location = r.headers()["location"].to_str().unwrap().to_string();
    assert!(location.contains("item=settled"), "{location}");
    let (_, page) = app.get(&sec, &location).await;
    assert!(page.contains("Punktet er allerede behandlet"));
    assert_eq!(store::meetings::agenda::fingerprint(&app.db, app.tenant).await.unwrap(), before);
    let r = post(
        &app,
        &sec,
        &format!("/items/{}/defer", to_defer.id),
        &[("csrf", &csrf_s), ("version", "1"), ("reason", "Dagsordenen er fuld"), ("to_meeting", &coming[1].id.to_string())],
    )
    .await;
    assert!(r.headers()["location"].to_str().unwrap().contains("item=deferred"));
    let moved =
        store::meetings::agenda::items_of_meeting(&app.db, app.tenant, coming[1].id).await.unwrap().into_iter().find(|i| i.title == "Udskydes").unwrap();
    assert_eq!(moved.status, ItemStatus::Proposed);
    let files = store::meetings::agenda::attachments_of_meeting(&app.db, app.tenant, coming[1].id).await.unwrap();
    assert!(files.iter().any(|f| f.item_id == moved.id && f.file_name == "bilag.xlsx"), "attachments follow");
    let (_, mine) = app.get(&chief, "/proposals").await;
    assert!(mine.contains("Afvist: Hører under chefmødet") && mine.contains("Udskudt: Dagsordenen er fuld"));

    // Only the secretariat may do this.
    let director = app.sign_in("director").await;
    let csrf_d = app.csrf(&director).await;
    let r = post(&app, &director, &format!("/items/{}/place", moved.id), &[("csrf", &csrf_d), ("version", "1")]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn closed_items_are_for_members_only() {
    let app = App::start().await;
    let (_, ms) = group_meetings(&app).await;
    let next = ms.iter().filter(|m| m.starts_at > app.now()).nth(1).unwrap().clone();
    let chief = app.sign_in("centre_chief").await;
    let csrf = app.csrf(&chief).await;
    let mut form = proposal(&csrf, "Personalesag i centret", "information", "", Some(("sag.pdf", b"%PDF-1.4 fortroligt".to_vec())));
    form = form.text("closed", "on");
    propose(&app, &chief, next.id, form).await;
    let item = store::meetings::agenda::items_of_meeting(&app.db, app.tenant, next.id)
        .await
        .unwrap()
        .into_iter()
        .find(|i| i.title == "Personalesag i centret")
        .unwrap();
    assert!(item.closed);
    let sec = app.sign_in("secretariat").await;
    let csrf_s = app.csrf(&sec).await;
    post(&app, &sec, &format!("/items/{}/place", item.id), &[("csrf", &csrf_s), ("version", "1")]).await;

    let director = app.sign_in("director").await;
    let (_, page) = app.get(&director, &format!("/meetings/{}", next.id)).await;
    assert!(page.contains("Personalesag i centret"), "members read it");
    let leader = app.sign_in("unit_leader").await;
    let (status, page) = app.get(&leader, &format!("/meetings/{}", next.id)).await;
    assert_eq!(status, StatusCode::OK, "leaders read the agenda");
    assert!(!page.contains("Personalesag i centret") && page.contains("Lukket punkt"));
    let file = store::meetings::agenda::attachments_of_meeting(&app.db, app.tenant, next.id).await.unwrap().into_iter().find(|a| a.item_id == item.id).unwrap();
    let (status, body) = app.get(&leader, &format!("/attachments/{}", file.id)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(!body.contains("fortroligt"));
}

#[tokio::test]
async fn the_agenda_is_ordered_and_timed() {
    let app = App::start().await;
    let (_, ms) = group_meetings(&app).await;
    // The next meeting in the demo has three items placed.
    let next = ms.iter().find(|m| m.starts_at > app.now()).unwrap().clone();
    let placed: Vec<_> =
        store::meetings::agenda::items_of_meeting(&app.db, app.tenant, next.id).await.unwrap().into_iter().filter(|i| i.status == ItemStatus::Placed).collect();
    assert_eq!(placed.len(), 3);
    let sec = app.sign_in("secretariat").await;
    let csrf = app.csrf(&sec).await;
    post(&app, &sec, &format!("/items/{}/move", placed[2].id), &[("csrf", &csrf), ("direction", "up")]).await;
    let after: Vec<ItemId> = store::meetings::agenda::items_of_meeting(&app.db, app.tenant, next.id)
        .await
        .unwrap()
        .into_iter()
        .filter(|i| i.status == ItemStatus::Placed)
        .map(|i| i.id)
        .collect();
    assert_eq!(after, vec![placed[0].id, placed[2].id, placed[1].id]);
    let (_, page) = app.get(&sec, &format!("/meetings/{}", next.id)).await;
    // The first item starts when the meeting does (13:00 for group management).
    assert!(page.contains("<span class=\"styr-agenda-time\">13:00</span>"));
    // Group management follows up: every agenda ends with its open actions.
    assert!(page.contains("Stående punkt: opfølgning på tidligere beslutninger"));
    assert!(page.contains("Udarbejd plan for udrulning"), "the demo's open actions are listed");
}
