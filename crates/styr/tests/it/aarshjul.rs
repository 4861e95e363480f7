//! The årshjul: the governance cycle drawn in from rules, the forums'
//! meetings and the programme's milestones, as SVG and as a table, with
//! filters; entries typed in by the secretariat, checked.

use chrono::Datelike;
use chrono_tz::Europe::Copenhagen;
use reqwest::StatusCode;

use crate::harness::{App, hidden_in_form};

fn this_year() -> i32 {
    crate::harness::demo_now().with_timezone(&Copenhagen).year()
}

#[tokio::test]
async fn the_wheel_draws_the_year_from_its_rules_meetings_and_milestones() {
    let app = App::start().await;
    let year = this_year();
    let sec = app.sign_in("secretariat").await;
    let r = sec.get(format!("{}/aarshjul", app.url)).send().await.unwrap();
    assert_eq!(r.headers()["location"].to_str().unwrap(), format!("/aarshjul/{year}"));
    let (status, page) = app.get(&sec, &format!("/aarshjul/{year}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("<svg") && page.contains("aria-hidden=\"true\" focusable=\"false\""),
        "the drawing is left to sighted readers; the table is for everyone"
    );
    // The council meets the first Tuesday of February; the rule put it there.
    let feb = domain::programme::cycle::nth_weekday(year, 2, 1, chrono::Weekday::Tue).unwrap();
    let row = page
        .split(&format!("<td>{}</td>", feb.format("%d.%m.%Y")))
        .nth(1)
        .expect("a date on the first Tuesday of February")
        .split("</tr>")
        .next()
        .unwrap()
        .to_string();
    assert!(row.contains("Byrådsmøde"), "{row}");
    for title in [
        "Budgettet i byrådet (1/2)",
        "Budgettet i byrådet (2/2)",
        "Budgetseminar",
        "Lederevaluering",
        "Koncernledelsesmøde",
        "Kortlægning af indkøb færdig",
        "Frist: dagsorden til byrådet",
    ] {
        assert!(page.contains(title), "{title}");
    }
    // Only the budget ring.
    let (_, page) = app.get(&sec, &format!("/aarshjul/{year}?category=budget")).await;
    assert!(page.contains("Budgetseminar") && !page.contains(">Byrådsmøde<"));
    // A school year, with quarters.
    let (_, page) = app.get(&sec, &format!("/aarshjul/{year}?start=8&quarters=1")).await;
    assert!(page.contains(&format!("{year}/{:02}", (year + 1) % 100)));
    // The SVG on its own, to download.
    let r = sec.get(format!("{}/aarshjul/{year}.svg", app.url)).send().await.unwrap();
    assert_eq!(r.headers()["content-type"], "image/svg+xml; charset=utf-8");
    let svg = r.text().await.unwrap();
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\"") && svg.ends_with("</svg>"));
    assert_eq!(svg.matches("<a ").count(), svg.matches("</a>").count());
    // And as a PNG drawn on the server, half as large again for print.
    let r = sec.get(format!("{}/aarshjul/{year}.png", app.url)).send().await.unwrap();
    assert_eq!(r.headers()["content-type"], "image/png");
    let png = r.bytes().await.unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    assert_eq!(u32::from_be_bytes(png[16..20].try_into().unwrap()), 2100);

    // Meetings of a forum one may not read stay off one's wheel.
    let (_, mine) = app.get(&sec, &format!("/aarshjul/{year}")).await;
    assert!(mine.contains("Direktionsmøde"));
    let employee = app.sign_in("employee").await;
    let (_, theirs) = app.get(&employee, &format!("/aarshjul/{year}")).await;
    assert!(!theirs.contains("Direktionsmøde") && theirs.contains("Byrådsmøde"));
    assert!(!theirs.contains("Tilføj til årshjulet"));
}

#[tokio::test]
async fn the_secretariat_adds_and_deletes_entries_and_bad_input_changes_nothing() {
    let app = App::start().await;
    let year = this_year();
    let sec = app.sign_in("secretariat").await;
    let (_, page) = app.get(&sec, &format!("/aarshjul/{year}")).await;
    let csrf = hidden_in_form(&page, "/aarshjul/entries", "csrf");
    let categories = store::aarshjul::categories(&app.db, app.tenant).await.unwrap();
    let hr = categories.iter().find(|c| c.key == "hr").unwrap().id;
    let before = store::aarshjul::fingerprint(&app.db, app.tenant).await.unwrap();
    let post = |form: Vec<(&'static str, String)>| {
        let (c, url) = (sec.clone(), app.url.clone());
        async move { c.post(format!("{url}/aarshjul/entries")).form(&form).send().await.unwrap() }
    };
    let r = post(vec![
        ("csrf", csrf.clone()),
        ("category", hr.to_string()),
        ("title", " ".into()),
        ("starts_on", format!("{year}-05-10")),
        ("ends_on", format!("{year}-05-01")),
        ("glyph", "span".into()),
        ("state", "planned".into()),
    ])
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    assert!(body.contains("Datoen er ikke tilføjet.") && body.contains("Feltet skal udfyldes") && body.contains("Slutdatoen"));
    let r = post(vec![
        ("csrf", csrf.clone()),
        ("category", "999999".into()),
        ("title", "Lederdag".into()),
        ("starts_on", format!("{year}-05-10")),
        ("ends_on", "".into()),
        ("glyph", "cake".into()),
        ("state", "planned".into()),
    ])
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(store::aarshjul::fingerprint(&app.db, app.tenant).await.unwrap(), before);

    let r = post(vec![
        ("csrf", csrf.clone()),
        ("category", hr.to_string()),
        ("title", "Lederdag for alle ledere".into()),
        ("starts_on", format!("{year}-05-12")),
        ("ends_on", "".into()),
        ("glyph", "deadline".into()),
        ("state", "tentative".into()),
    ])
    .await;
    assert_eq!(r.headers()["location"].to_str().unwrap(), format!("/aarshjul/{year}?done=added"));
    let (_, page) = app.get(&sec, &format!("/aarshjul/{year}?done=added")).await;
    assert!(page.contains("Datoen er tilføjet til årshjulet.") && page.contains("Lederdag for alle ledere") && page.contains(&format!("12.05.{year}")));
    let added = store::aarshjul::entries(
        &app.db,
        app.tenant,
        chrono::NaiveDate::from_ymd_opt(year, 5, 12).unwrap(),
        chrono::NaiveDate::from_ymd_opt(year, 5, 12).unwrap(),
    )
    .await
    .unwrap()
    .into_iter()
    .find(|e| e.title == "Lederdag for alle ledere")
    .unwrap();
    assert_eq!((added.glyph.as_str(), added.state.as_str()), ("deadline", "tentative"));

    // Only those who write the programme change the wheel.
    let chief = app.sign_in("centre_chief").await;
    let chief_csrf = app.csrf(&chief).await;
    let version = added.version.to_string();
    let r = chief
        .post(format!("{}/aarshjul/entries/{}/delete", app.url, added.id))
        .form(&[("csrf", chief_csrf.as_str()), ("version", &version)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // A stale page does not delete what someone changed since.
    let r = sec.post(format!("{}/aarshjul/entries/{}/delete", app.url, added.id)).form(&[("csrf", csrf.as_str()), ("version", "0")]).send().await.unwrap();
    assert!(r.headers()["location"].to_str().unwrap().ends_with("done=conflict"));
    let r = sec.post(format!("{}/aarshjul/entries/{}/delete", app.url, added.id)).form(&[("csrf", csrf.as_str()), ("version", &version)]).send().await.unwrap();
    assert!(r.headers()["location"].to_str().unwrap().ends_with("done=deleted"));
    assert_eq!(store::aarshjul::fingerprint(&app.db, app.tenant).await.unwrap(), before);
}

#[tokio::test]
async fn the_wheel_as_a_calendar_for_outlook_and_google() {
    let app = App::start().await;
    let year = this_year();
    let sec = app.sign_in("secretariat").await;
    let r = sec.get(format!("{}/aarshjul/{year}.ics", app.url)).send().await.unwrap();
    assert_eq!(r.headers()["content-type"], "text/calendar; charset=utf-8");
    let ics = r.text().await.unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n") && ics.ends_with("END:VCALENDAR\r\n"));
    assert!(ics.contains("SUMMARY:Byrådsmøde\r\n") && ics.contains("DTSTART;VALUE=DATE:"));
    let events = ics.matches("BEGIN:VEVENT").count();
    let uids: std::collections::BTreeSet<&str> = ics.lines().filter(|l| l.starts_with("UID:")).collect();
    assert_eq!(uids.len(), events, "every event has its own UID");
    let (_, page) = app.get(&sec, &format!("/aarshjul/{year}")).await;
    assert!(page.contains(&format!("<p role=\"status\">{events} datoer.</p>")), "the same dates as the page, counted exactly");
    // One ring; and with a personal feed token instead of a session.
    let ics = sec.get(format!("{}/aarshjul/{year}.ics?category=budget", app.url)).send().await.unwrap().text().await.unwrap();
    assert!(!ics.contains("SUMMARY:Byrådsmøde") && ics.contains("SUMMARY:Budgetseminar"));
    let token = app.feed_token("employee").await;
    let r = app.client().get(format!("{}/aarshjul/{year}.ics?token={token}", app.url)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let theirs = r.text().await.unwrap();
    assert!(theirs.contains("SUMMARY:Byrådsmøde") && !theirs.contains("SUMMARY:Direktionsmøde"), "the token's owner sees what they may read");
    let r = app.client().get(format!("{}/aarshjul/{year}.ics", app.url)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "without a session or token: sign in");
}

#[tokio::test]
async fn the_secretariat_keeps_the_rules_and_their_exceptions() {
    let app = App::start().await;
    let year = this_year();
    let sec = app.sign_in("secretariat").await;
    let (status, page) = app.get(&sec, &format!("/aarshjul/{year}/rules")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Byrådsmøde") && page.contains("1. tirsdag i januar, februar"), "the rule in words");
    let council = store::aarshjul::rules(&app.db, app.tenant).await.unwrap().into_iter().find(|r| r.title == "Byrådsmøde").unwrap();
    let path = format!("/aarshjul/rules/{}/exception", council.id);
    let csrf = hidden_in_form(&page, &path, "csrf");
    let first = domain::programme::cycle::nth_weekday(year, 3, 1, chrono::Weekday::Tue).unwrap();
    let first = if domain::meetings::holidays::closed_day(first).is_some() { domain::meetings::holidays::next_working_day(first) } else { first };
    let moved = first + chrono::Duration::days(1);
    let exception = |action: &str, on: chrono::NaiveDate| {
        let (c, url, path, csrf, action) = (sec.clone(), app.url.clone(), path.clone(), csrf.clone(), action.to_string());
        async move {
            let form = [("csrf", csrf), ("on", on.to_string()), ("to", moved.to_string()), ("reason", "Kommunalvalg".to_string()), ("action", action)];
            c.post(format!("{url}{path}")).form(&form).send().await.unwrap().headers()["location"].to_str().unwrap().to_string()
        }
    };
    let dates_of = |ics: &str| {
        ics.split("BEGIN:VEVENT")
            .filter(|e| e.contains("SUMMARY:Byrådsmøde"))
            .map(|e| e.split("DTSTART;VALUE=DATE:").nth(1).unwrap()[..8].to_string())
            .collect::<Vec<_>>()
    };
    let ics = || async { sec.get(format!("{}/aarshjul/{year}.ics?category=political", app.url)).send().await.unwrap().text().await.unwrap() };
    let before = store::aarshjul::fingerprint(&app.db, app.tenant).await.unwrap();
    // A date the rule does not give is refused.
    assert!(exception("cancel", first + chrono::Duration::days(2)).await.contains("done=bad-input"));
    assert_eq!(store::aarshjul::fingerprint(&app.db, app.tenant).await.unwrap(), before);
    // A move years away, or outside the years the wheel draws, is refused too.
    for far in ["2099-03-03", "1999-12-28", "275760-01-01"] {
        let form = [("csrf", csrf.clone()), ("on", first.to_string()), ("to", far.to_string()), ("reason", "x".to_string()), ("action", "move".to_string())];
        let r = sec.post(format!("{}{path}", app.url)).form(&form).send().await.unwrap();
        assert!(r.headers()["location"].to_str().unwrap().contains("done=bad-input"), "{far}");
    }
    assert_eq!(store::aarshjul::fingerprint(&app.db, app.tenant).await.unwrap(), before);

    assert!(exception("move", first).await.contains("done=moved"));
    let dates = dates_of(&ics().await);
    assert!(dates.contains(&moved.format("%Y%m%d").to_string()) && !dates.contains(&first.format("%Y%m%d").to_string()), "{dates:?}");
    let (_, page) = app.get(&sec, &format!("/aarshjul/{year}/rules")).await;
    assert!(page.contains(&format!("Flyttet til {}", moved.format("%d.%m.%Y"))) && page.contains("Kommunalvalg"));
    assert!(exception("cancel", first).await.contains("done=cancelled"));
    assert_eq!(dates_of(&ics().await).len(), 10, "one council meeting fewer");
    assert!(exception("restore", first).await.contains("done=restored"));
    assert_eq!(dates_of(&ics().await).len(), 11);

    // New rules: checked, then drawn.
    let categories = store::aarshjul::categories(&app.db, app.tenant).await.unwrap();
    let political = categories.iter().find(|c| c.key == "political").unwrap().id.to_string();
    let add = |form: Vec<(&'static str, String)>| {
        let (c, url) = (sec.clone(), app.url.clone());
        async move { c.post(format!("{url}/aarshjul/{year}/rules")).form(&form).send().await.unwrap() }
    };
    let r = add(vec![
        ("csrf", csrf.clone()),
        ("category", political.clone()),
        ("title", "Børne- og skoleudvalget".into()),
        ("kind", "nth_weekday".into()),
        ("nth", "3".into()),
        ("weekday", "3".into()),
        ("glyph", "meeting".into()),
    ])
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("Vælg mindst én måned."));
    let r = add(vec![
        ("csrf", csrf.clone()),
        ("category", political.clone()),
        ("title", "Konstituerende møde".into()),
        ("kind", "yearly".into()),
        ("month", "4".into()),
        ("day", "31".into()),
        ("glyph", "meeting".into()),
    ])
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("Datoen findes ikke."));
    assert_eq!(store::aarshjul::fingerprint(&app.db, app.tenant).await.unwrap(), before);
    let mut good = vec![
        ("csrf", csrf.clone()),
        ("category", political),
        ("title", "Børne- og skoleudvalget".into()),
        ("kind", "nth_weekday".into()),
        ("nth", "3".into()),
        ("weekday", "3".into()),
        ("glyph", "meeting".into()),
    ];
    for m in [1, 3, 5] {
        good.push(("months", m.to_string()));
    }
    let r = add(good).await;
    assert!(r.headers()["location"].to_str().unwrap().ends_with("done=added"));
    let (_, wheel) = app.get(&sec, &format!("/aarshjul/{year}")).await;
    assert_eq!(wheel.matches(">Børne- og skoleudvalget</a></td>").count(), 3, "three months, three meetings");

    // Everyone reads the rules; only those who write the programme change them.
    let employee = app.sign_in("employee").await;
    let (status, _) = app.get(&employee, &format!("/aarshjul/{year}/rules")).await;
    assert_eq!(status, StatusCode::OK);
    let before = store::aarshjul::fingerprint(&app.db, app.tenant).await.unwrap();
    let theirs = app.csrf(&employee).await;
    let r = employee
        .post(format!("{}/aarshjul/{year}/rules", app.url))
        .form(&[("csrf", theirs.as_str()), ("title", "Eget udvalg"), ("kind", "yearly"), ("month", "3"), ("day", "3")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(store::aarshjul::fingerprint(&app.db, app.tenant).await.unwrap(), before);
}

#[tokio::test]
async fn the_wheel_zooms_to_a_quarter_or_a_month() {
    let app = App::start().await;
    let year = this_year();
    let sec = app.sign_in("secretariat").await;
    let council = |m: u32| {
        let d = domain::programme::cycle::nth_weekday(year, m, 1, chrono::Weekday::Tue).unwrap();
        let d = if domain::meetings::holidays::closed_day(d).is_some() { domain::meetings::holidays::next_working_day(d) } else { d };
        format!("<td>{}</td>", d.format("%d.%m.%Y"))
    };
    let (_, page) = app.get(&sec, &format!("/aarshjul/{year}?zoom=q1")).await;
    assert!(page.contains(&format!("<h1>Årshjul 1. kvartal {year}</h1>")));
    assert!(page.contains(&council(2)) && !page.contains(&council(4)), "January to March only");
    assert!(!page.contains(">K1<"), "no quarter ring inside a quarter");
    let (_, page) = app.get(&sec, &format!("/aarshjul/{year}?zoom=m3")).await;
    // A month is a list, day by day: the council's March meeting, not February's.
    let day_of = |m: u32| {
        let d = domain::programme::cycle::nth_weekday(year, m, 1, chrono::Weekday::Tue).unwrap();
        let d = if domain::meetings::holidays::closed_day(d).is_some() { domain::meetings::holidays::next_working_day(d) } else { d };
        format!("{}. {} {year}</span> <a", chrono::Datelike::day(&d), ["", "januar", "februar", "marts"][m as usize])
    };
    assert!(page.contains(&format!("Årshjul marts {year}")) && page.contains(&day_of(3)) && !page.contains(&day_of(2)), "{page}");
    // The zoom carries into the downloads and the other years.
    assert!(page.contains(&format!("/aarshjul/{year}.svg?zoom=m3")) && page.contains(&format!("/aarshjul/{}?zoom=m3", year + 1)));
    // Nonsense shows the whole year.
    let (status, page) = app.get(&sec, &format!("/aarshjul/{year}?zoom=q9")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(&format!("<h1>Årshjul {year}</h1>")));
}

#[tokio::test]
async fn a_personal_wheel_shows_what_concerns_me() {
    let app = App::start().await;
    let year = this_year();
    // The demo's centre chief owns the leadership initiative, not the one on buying.
    let chief = app.sign_in("centre_chief").await;
    let (_, shared) = app.get(&chief, &format!("/aarshjul/{year}")).await;
    let (_, mine) = app.get(&chief, &format!("/aarshjul/{year}?mine=1")).await;
    assert!(mine.contains(&format!("<h1>Mit årshjul {year}</h1>")));
    assert!(shared.contains("Kortlægning af indkøb færdig") && !mine.contains("Kortlægning af indkøb færdig"), "another's initiative is left out");
    assert!(mine.contains("Retningslinjer vedtaget i koncernledelsen"), "one's own initiative stays");
    assert!(mine.contains(">Koncernledelsesmøde<"), "one's own forum");
    assert!(mine.contains("Byrådsmøde"), "the shared dates stay");
    // The choice is kept in the downloads.
    assert!(mine.contains(&format!("/aarshjul/{year}.ics?mine=1")));
}

#[tokio::test]
async fn the_wheel_filters_by_initiative_and_by_unit() {
    let app = App::start().await;
    let year = this_year();
    let p = store::programme::programme(&app.db, app.tenant, year.into()).await.unwrap().unwrap();
    let initiatives = store::programme::initiatives(&app.db, app.tenant, p.id).await.unwrap();
    let buying = initiatives.iter().find(|i| i.title == "Fælles indkøb og leverandørstyring").unwrap().id;
    let sec = app.sign_in("secretariat").await;
    let (_, page) = app.get(&sec, &format!("/aarshjul/{year}?initiative={buying}")).await;
    assert!(page.contains("Kortlægning af indkøb færdig") && !page.contains("Rekrutteringskampagne lanceret"));
    assert!(page.contains("Byrådsmøde"), "the governance cycle stays");
    let centre = store::org::units(&app.db, app.tenant).await.unwrap().into_iter().find(|u| u.name == "Center for Dagtilbud").unwrap().id;
    let (_, page) = app.get(&sec, &format!("/aarshjul/{year}?unit={centre}")).await;
    assert!(page.contains("Rekrutteringskampagne lanceret"), "an initiative the centre takes part in");
    assert!(!page.contains("Kortlægning af indkøb færdig"), "not one it does not");
    assert!(page.contains(">Koncernledelsesmøde<"), "the meetings of a forum the centre's chief sits in");
    assert!(!page.contains(">Direktionsmøde<"), "not the board's, where only the directors sit");
    assert!(page.contains(&format!("/aarshjul/{year}.svg?unit={centre}")), "the filter is kept in the downloads");
}

#[tokio::test]
async fn an_entry_has_its_own_page_where_the_secretariat_changes_it() {
    let app = App::start().await;
    let year = this_year();
    let day = |m, d| chrono::NaiveDate::from_ymd_opt(year, m, d).unwrap();
    let entry = store::aarshjul::entries(&app.db, app.tenant, day(1, 1), day(12, 31)).await.unwrap().into_iter().next().expect("the demo types in entries");
    let page_of = format!("/aarshjul/entries/{}", entry.id);
    let sec = app.sign_in("secretariat").await;
    let (_, wheel) = app.get(&sec, &format!("/aarshjul/{year}")).await;
    assert!(wheel.contains(&format!("<a href=\"{page_of}\">")), "the wheel's row links to the entry's page");

    // Everyone signed in reads it; only the secretariat gets the form.
    let employee = app.sign_in("employee").await;
    let (status, page) = app.get(&employee, &page_of).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(&format!("<h1>{}</h1>", entry.title)) && !page.contains("Ret datoen"));
    let (_, page) = app.get(&sec, &page_of).await;
    let csrf = hidden_in_form(&page, &page_of, "csrf");
    let version = hidden_in_form(&page, &page_of, "version");
    let centre = store::org::units(&app.db, app.tenant).await.unwrap().into_iter().find(|u| u.name == "Center for Dagtilbud").unwrap().id;
    let form = |title: &str, ends: &str, link: &str, version: &str| {
        vec![
            ("csrf", csrf.clone()),
            ("version", version.to_string()),
            ("category", entry.category_id.to_string()),
            ("title", title.to_string()),
            ("starts_on", format!("{year}-06-10")),
            ("ends_on", ends.to_string()),
            ("glyph", "span".to_string()),
            ("state", "planned".to_string()),
            ("unit", centre.to_string()),
            ("link", link.to_string()),
            ("note", "Husk lokaler.".to_string()),
        ]
    };
    let send = |c: &reqwest::Client, form: Vec<(&'static str, String)>| {
        let (c, url) = (c.clone(), format!("{}{page_of}", app.url));
        async move { c.post(url).form(&form).send().await.unwrap() }
    };

    // Bad input is named and changes nothing.
    let r = send(&sec, form("Lederdag", &format!("{year}-06-01"), "javascript:alert(1)", &version)).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    assert!(body.contains("Ændringen er ikke gemt.") && body.contains("Slutdatoen") && body.contains("Et link skal begynde med / eller https://."));
    assert_eq!(store::aarshjul::entry(&app.db, app.tenant, entry.id).await.unwrap().unwrap().title, entry.title);
    // A reader who does not keep the wheel is refused.
    let employee_csrf = app.csrf(&employee).await;
    let mut theirs = form("Lederdag", "", "", &version);
    theirs[0].1 = employee_csrf;
    assert_eq!(send(&employee, theirs).await.status(), StatusCode::FORBIDDEN);

    // A change is saved, for the unit it now concerns.
    let r = send(&sec, form("Lederdag i Dagtilbud", &format!("{year}-06-11"), "/units/1", &version)).await;
    assert_eq!(r.headers()["location"].to_str().unwrap(), format!("{page_of}?done=saved"));
    let (_, page) = app.get(&sec, &format!("{page_of}?done=saved")).await;
    assert!(page.contains("Ændringen er gemt.") && page.contains("<h1>Lederdag i Dagtilbud</h1>") && page.contains(&format!("10.06.{year} – 11.06.{year}")));
    assert!(page.contains(&format!("<a href=\"/units/{centre}\">Center for Dagtilbud</a>")) && page.contains("Husk lokaler."));
    let (_, wheel) = app.get(&sec, &format!("/aarshjul/{year}?unit={centre}")).await;
    assert!(wheel.contains("Lederdag i Dagtilbud"), "the unit's wheel shows it");
    let other = store::org::units(&app.db, app.tenant).await.unwrap().into_iter().find(|u| u.name == "Center for Skole").unwrap().id;
    let (_, wheel) = app.get(&sec, &format!("/aarshjul/{year}?unit={other}")).await;
    assert!(!wheel.contains("Lederdag i Dagtilbud"), "another unit's wheel does not");

    // A second person still holding the old version is told, and nothing is overwritten.
    let r = send(&sec, form("Noget andet", "", "", &version)).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert!(r.text().await.unwrap().contains("En anden har ændret datoen"));
    assert_eq!(store::aarshjul::entry(&app.db, app.tenant, entry.id).await.unwrap().unwrap().title, "Lederdag i Dagtilbud");
}

#[tokio::test]
async fn everyone_reads_the_rules_behind_the_dates_and_only_the_secretariat_keeps_them() {
    let app = App::start().await;
    let year = this_year();
    let employee = app.sign_in("employee").await;
    let (_, wheel) = app.get(&employee, &format!("/aarshjul/{year}")).await;
    // A rule's date opens a page about that date: why it falls there, and the rule's other dates.
    let at = wheel.find("<a href=\"/aarshjul/rules/").expect("a rule's date links to a page about it");
    let link = wheel[at + 9..].split('"').next().unwrap().to_string();
    let (status, date) = app.get(&employee, &link).await;
    assert_eq!(status, StatusCode::OK);
    assert!(date.contains("Hvorfor denne dato") && date.contains("Alle datoer for ") && date.contains("Se måneden i årshjulet"), "{date}");
    assert!(date.contains("Se reglerne bag årshjulets datoer") && !date.contains("Flyt eller aflys"));
    // A day the rule does not give is not found.
    let (rule, _) = link.trim_start_matches("/aarshjul/rules/").split_once('/').unwrap();
    let (status, _) = app.get(&employee, &format!("/aarshjul/rules/{rule}/{year}-02-30")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app.get(&employee, &format!("/aarshjul/rules/{rule}/{year}-12-25")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, rules) = app.get(&employee, &format!("/aarshjul/{year}/rules")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(rules.contains("Byrådsmøde") && rules.contains("id=\"rule-"));
    assert!(!rules.contains("Tilføj en regel") && !rules.contains("/exception"), "no forms for a reader");
    let sec = app.sign_in("secretariat").await;
    let (_, rules) = app.get(&sec, &format!("/aarshjul/{year}/rules")).await;
    assert!(rules.contains("Tilføj en regel") && rules.contains("/exception"));
}

#[tokio::test]
async fn reading_the_wheel_writes_nothing_even_where_it_has_no_rings_yet() {
    let app = App::start().await;
    // A municipality added after the server started has no rings yet; its pages must still only read.
    let other = store::tenant::ensure(&app.db, "roskilde", "Roskilde Kommune").await.unwrap();
    let hash = service::platform::password::hash(crate::harness::PASSWORD).unwrap();
    store::platform::accounts::upsert(&app.db, other.id, None, "admin@roskilde.example", &hash, "admin").await.unwrap();
    let c = app.client();
    assert_eq!(app.try_sign_in(&c, "admin@roskilde.example", crate::harness::PASSWORD).await.status(), StatusCode::SEE_OTHER);
    let before = app.rows().await;
    let year = this_year();
    for path in [format!("/aarshjul/{year}"), format!("/aarshjul/{year}/rules"), format!("/aarshjul/{year}.ics"), format!("/aarshjul/{year}.svg")] {
        let (status, _) = app.get(&c, &path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
    }
    assert_eq!(app.rows().await, before, "a GET changed the database");
    assert!(store::aarshjul::categories(&app.db, other.id).await.unwrap().is_empty());
}

/// A month is one step away, with the filters kept, and a month's wheel
/// steps to the month before and after, across the turn of the year.
#[tokio::test]
async fn a_month_is_one_step_away_with_the_months_before_and_after() {
    let app = App::start().await;
    let c = app.sign_in("unit_leader").await;
    let year: i32 = app.today().format("%Y").to_string().parse().unwrap();
    let (_, page) = app.get(&c, &format!("/aarshjul/{year}?category=budget")).await;
    let nav = page.split("styr-month-nav").nth(1).unwrap_or_default().split("</nav>").next().unwrap_or_default();
    assert!(nav.contains(&format!("href=\"/aarshjul/{year}?category=budget&#38;zoom=m9\">september</a>")), "September in one step, the ring kept");
    let (status, page) = app.get(&c, &format!("/aarshjul/{year}?zoom=m9")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("<strong aria-current=\"page\">september</strong>"));
    // A month is a list week by week, not a nearly empty circle.
    assert!(page.contains("Måneden uge for uge") && page.contains("Uge ") && !page.contains("<svg"), "{page}");
    let (_, year_page) = app.get(&c, &format!("/aarshjul/{year}")).await;
    assert!(year_page.contains("<svg") && !year_page.contains("Måneden uge for uge"));
    assert!(page.contains(&format!("href=\"/aarshjul/{year}?zoom=m8\">← august</a>")));
    assert!(page.contains(&format!("href=\"/aarshjul/{year}?zoom=m10\">oktober →</a>")));
    let (_, page) = app.get(&c, &format!("/aarshjul/{year}?zoom=m1")).await;
    assert!(page.contains(&format!("href=\"/aarshjul/{}?zoom=m12\">← december {}</a>", year - 1, year - 1)), "back across the new year");
    assert!(page.contains(&format!("href=\"/aarshjul/{year}\">Hele året</a>")));
}
