//! Case handling against published deadlines (issue 15): the public register,
//! the import from the case system, the clock less the waits, small cells
//! hidden with their complement, and the indicator the cases feed.

use reqwest::StatusCode;

use crate::harness::{App, hidden_in_form};

/// Cases in 2019, before the demo's: in the second quarter six simple
/// constructions, seven industrial buildings and two houses (too few, so
/// one more cell must go); in the third six simple constructions, one late
/// and two with waits for the applicant.
const CASES: &str = "\
Sagsnummer;Sagstype;Modtaget;Fuldt oplyst;Afgjort;Ventetid
19-101;byggesag-simple;2019-03-20;2019-04-01;2019-04-21;
19-102;byggesag-simple;2019-03-20;2019-04-01;2019-04-21;
19-103;byggesag-simple;2019-03-20;2019-04-01;2019-04-21;
19-104;byggesag-simple;2019-03-20;2019-04-01;2019-04-21;
19-105;byggesag-simple;2019-03-20;2019-04-01;2019-04-21;
19-106;byggesag-simple;2019-03-20;2019-04-01;2019-04-21;
19-201;byggesag-industri;2019-03-20;2019-04-01;2019-05-01;
19-202;byggesag-industri;2019-03-20;2019-04-01;2019-05-01;
19-203;byggesag-industri;2019-03-20;2019-04-01;2019-05-01;
19-204;byggesag-industri;2019-03-20;2019-04-01;2019-05-01;
19-205;byggesag-industri;2019-03-20;2019-04-01;2019-05-01;
19-206;byggesag-industri;2019-03-20;2019-04-01;2019-05-01;
19-207;byggesag-industri;2019-03-20;2019-04-01;2019-05-01;
19-301;byggesag-enfamiliehus;2019-03-20;2019-04-01;2019-04-15;
19-302;byggesag-enfamiliehus;2019-03-20;2019-04-01;2019-04-15;
19-401;byggesag-simple;2019-06-20;2019-07-01;2019-07-21;
19-402;byggesag-simple;2019-06-20;2019-07-01;2019-07-31;
19-403;byggesag-simple;2019-06-20;2019-07-01;2019-08-10;
19-404;byggesag-simple;2019-06-20;2019-07-01;2019-08-20;2019-07-10–2019-07-24
19-405;byggesag-simple;2019-06-20;2019-07-01;2019-08-30;2019-07-31–2019-08-09
19-406;byggesag-simple;2019-06-20;2019-07-01;2019-08-05;
";

async fn import(app: &App, c: &reqwest::Client, name: &str, bytes: Vec<u8>) -> (StatusCode, String, String) {
    let (_, page) = app.get(c, "/cases").await;
    let csrf = hidden_in_form(&page, "/cases/import", "csrf");
    let form = reqwest::multipart::Form::new().text("csrf", csrf).part("file", reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()));
    let r = c.post(format!("{}/cases/import", app.url)).multipart(form).send().await.unwrap();
    let location = r.headers().get("location").map(|l| l.to_str().unwrap().to_string()).unwrap_or_default();
    (r.status(), location, r.text().await.unwrap())
}

/// The cells of a table row that starts with `label`.
fn row_cells(page: &str, label: &str) -> Vec<String> {
    let at = page.find(&format!("<th scope=\"row\">{label}")).unwrap_or_else(|| panic!("no row {label}"));
    let row = &page[at..at + page[at..].find("</tr>").unwrap()];
    row.split("<td>").skip(1).map(|c| c.split("</td>").next().unwrap().to_string()).collect()
}

#[tokio::test]
async fn the_register_of_deadlines_is_public() {
    let app = App::start().await;
    let anonymous = app.client();
    let (status, page) = app.get(&anonymous, "/frister").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("<h1>Sagsbehandlingsfrister i Ishøj Kommune</h1>"));
    let cells = row_cells(&page, "Enfamiliehuse");
    assert!(cells[0].starts_with("40 dage"));
    assert_eq!(cells[1], "Center for By, Miljø og Klima");
    assert!(cells[2].contains("<time datetime=\"2026-02-01\">"), "the day it was last reviewed");
    assert!(page.contains("retssikkerhedslovens § 3, stk. 2"));
    assert_eq!(app.get(&anonymous, "/frister/ishoj").await.0, StatusCode::OK);
    assert_eq!(app.get(&anonymous, "/frister/ingen-kommune").await.0, StatusCode::NOT_FOUND);
    // The cases themselves are for those signed in.
    let r = anonymous.get(format!("{}/cases", app.url)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(r.headers()["location"].to_str().unwrap().starts_with("/login"));
}

#[tokio::test]
async fn cases_count_from_fully_informed_less_the_waits_and_small_cells_are_hidden_with_their_complement() {
    let app = App::start().await;
    let sec = app.sign_in("secretariat").await;
    // A file naming a case type the register does not have changes nothing.
    let rows = app.rows().await;
    let bad = format!("{CASES}19-999;byggesag-slot;2019-06-20;2019-07-01;2019-08-05;\n");
    let (status, _, page) = import(&app, &sec, "sager.csv", bad.into_bytes()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("Række 23: &#34;byggesag-slot&#34; er ikke en sagstype") || page.contains("Række 23: \"byggesag-slot\" er ikke en sagstype"),
        "{page}"
    );
    assert_eq!(app.rows().await, rows);
    let (status, location, _) = import(&app, &sec, "sager.csv", CASES.as_bytes().to_vec()).await;
    assert_eq!((status, location.as_str()), (StatusCode::SEE_OTHER, "/cases?imported=21"));
    let (_, page) = app.get(&sec, "/cases?from=2019-01-01&to=2019-12-31").await;
    // The third quarter: five of six within 40 days once the waits are taken off; the median beside the share.
    let simple = row_cells(&page, "Simple konstruktioner");
    assert!(simple[2].contains("83,3 %") && simple[2].contains("6 sager, median 35 dage"), "{simple:?}");
    // The second quarter: two houses are too few, and the total would give them away
    // less the smallest shown cell, so the six simple constructions are hidden too.
    let houses = row_cells(&page, "Enfamiliehuse");
    assert!(houses[1].contains("aria-hidden=\"true\">–"), "{houses:?}");
    assert!(simple[1].contains("aria-hidden=\"true\">–"), "{simple:?}");
    let industry = row_cells(&page, "Industri- og lagerbygninger");
    assert!(industry[1].contains("100,0 %") && industry[1].contains("7 sager"));
    // The total is all within, which would tell that the hidden cells were too: hidden as well.
    let total = row_cells(&page, "I alt");
    assert!(total[1].contains("aria-hidden=\"true\">–") && total[2].contains("83,3 %"), "{total:?}");
    // The same through the API.
    let token = app.api_token_scoped("secretariat", "policy").await;
    let summary: serde_json::Value = app
        .client()
        .get(format!("{}/api/v1/cases/summary?from=2019-01-01&to=2019-12-31", app.url))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let building = summary.as_array().unwrap().iter().find(|a| a["area"] == "Byggesager").unwrap();
    let simple = building["case_types"].as_array().unwrap().iter().find(|t| t["key"] == "byggesag-simple").unwrap();
    assert_eq!(simple["quarters"][0]["hidden"], true);
    assert!(simple["quarters"][0]["decided"].is_null());
    assert_eq!(simple["quarters"][1]["median_days"], 35.0);
    // The indicator the building permits feed has the quarters' shares.
    let indicator = store::policy::indicators(&app.db, app.tenant).await.unwrap().into_iter().find(|i| i.def.key == "byggesager-inden-for-frist").unwrap();
    let values = store::policy::values(&app.db, app.tenant, indicator.id, &["183".into()]).await.unwrap();
    let share = |p: &str| values.iter().find(|v| v.period == p).and_then(|v| v.value);
    assert_eq!((share("2019K2"), share("2019K3")), (None, Some(83.3)), "the indicator hides what the page hides");
    assert!(values.iter().find(|v| v.period == "2019K2").unwrap().suppressed);
}

#[tokio::test]
async fn the_owner_is_reminded_once_when_a_deadline_is_due_for_review() {
    let app = App::start().await;
    let mails = |app: &App| {
        let (db, t) = (app.db.clone(), app.tenant);
        async move {
            let queued = store::platform::jobs::queued(&db, t, jobs::EMAIL).await.unwrap();
            queued.iter().map(|p| serde_json::from_str::<jobs::Email>(p).unwrap()).filter(|m| m.subject.starts_with("Fristen for")).collect::<Vec<_>>()
        }
    };
    // Two deadlines are overdue for review already (the environmental permits', due 1 October 2026, and the
    // benefit's, due 15 November 2026); the building permits, reviewed on 1 February 2026, are not yet due.
    let early = chrono::NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
    let overdue = service::policy::cases::review_reminders(&app.db, "http://styr.test", early).await.unwrap();
    let first = mails(&app).await;
    assert_eq!(first.len(), overdue);
    assert!(overdue >= 2 && first.iter().all(|m| !m.subject.contains("Enfamiliehuse")), "{first:?}");
    let near = chrono::NaiveDate::from_ymd_opt(2027, 1, 20).unwrap();
    let queued = service::policy::cases::review_reminders(&app.db, "http://styr.test", near).await.unwrap();
    let sent: Vec<jobs::Email> = mails(&app).await.into_iter().skip(overdue).collect();
    assert_eq!(sent.len(), queued);
    // Five building permit types to the leaders of the centre answering for them, the link to the register with them.
    let unit = store::org::units(&app.db, app.tenant).await.unwrap().into_iter().find(|u| u.name == "Center for By, Miljø og Klima").unwrap().id;
    let leaders = store::org::leaders(&app.db, app.tenant).await.unwrap()[&unit].len();
    assert_eq!(queued, 5 * leaders);
    assert!(sent.iter().any(|m| m.subject == "Fristen for \"Enfamiliehuse\" skal gennemgås" && m.body.contains("http://styr.test/frister/ishoj")));
    assert!(sent[0].body.contains("1. februar 2027"), "{}", sent[0].body);
    // Once per review.
    assert_eq!(service::policy::cases::review_reminders(&app.db, "http://styr.test", near).await.unwrap(), 0);
}

#[tokio::test]
async fn cases_come_from_a_spreadsheet_with_real_dates_too() {
    let app = App::start().await;
    let sec = app.sign_in("secretariat").await;
    use export::xlsx::Cell::{Date, Empty, Text};
    let day = |s: &str| Date(s.parse().unwrap());
    let book = export::xlsx::workbook(&[export::xlsx::Sheet {
        name: "Sager".into(),
        header: ["Sagsnummer", "Sagstype", "Modtaget", "Fuldt oplyst", "Afgjort", "Ventetid"].iter().map(|h| h.to_string()).collect(),
        rows: (1..=5)
            .map(|n| vec![Text(format!("18-{n}")), Text("byggesag-simple".into()), day("2018-03-01"), day("2018-03-05"), day("2018-04-02"), Empty])
            .collect(),
    }])
    .unwrap();
    let (status, location, page) = import(&app, &sec, "sager.xlsx", book).await;
    assert_eq!((status, location.as_str()), (StatusCode::SEE_OTHER, "/cases?imported=5"), "{page}");
    let (_, page) = app.get(&sec, "/cases?from=2018-04-01&to=2018-06-30").await;
    let simple = row_cells(&page, "Simple konstruktioner");
    assert!(simple[1].contains("100,0 %") && simple[1].contains("5 sager, median 28 dage"), "{simple:?}");
}
