//! Policies, goals and their marks (issue 15): seed 004 as the demo loads it,
//! the chain from a goal to the initiatives and decisions that serve it and
//! back, and loading new versions.

use reqwest::StatusCode;

use crate::harness::App;

async fn policy_id(app: &App) -> i64 {
    store::policy::policies(&app.db, app.tenant).await.unwrap().into_iter().find(|p| p.key == "ishoj-paa-arbejde").unwrap().id
}

async fn goal_id(app: &App, key: &str) -> i64 {
    let p = policy_id(app).await;
    store::policy::goals(&app.db, app.tenant, p).await.unwrap().into_iter().find(|g| g.key == key).unwrap().id
}

/// This year's initiative the demo links to the goal of fast case handling.
async fn self_service(app: &App) -> store::programme::Initiative {
    let year = app.today().format("%Y").to_string().parse::<i64>().unwrap();
    let programme = store::programme::programme(&app.db, app.tenant, year).await.unwrap().unwrap();
    let all = store::programme::initiatives(&app.db, app.tenant, programme.id).await.unwrap();
    all.into_iter().find(|i| i.title == "Digital borgerservice og selvbetjening").unwrap()
}

#[tokio::test]
async fn the_policy_page_gives_every_goal_a_mark_and_the_reason() {
    let app = App::start().await;
    let c = app.sign_in("employee").await;
    let (status, list) = app.get(&c, "/policies").await;
    assert_eq!(status, StatusCode::OK);
    let id = policy_id(&app).await;
    assert!(list.contains(&format!("href=\"/policies/{id}\">Ishøj på arbejde – på arbejde i Ishøj</a>")), "{list}");
    let (status, page) = app.get(&c, &format!("/policies/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    for text in [
        "Alle skal være en del af arbejdsfællesskabet",
        "Gode vilkår for nuværende og fremtidige virksomheder",
        "Visionen opnås ved",
        "Erhvervshus Hovedstaden",
    ] {
        assert!(page.contains(text), "{text}");
    }
    // Five goals, each a row with a mark in words and its reason from the deciding indicator.
    let goals = store::policy::goals(&app.db, app.tenant, id).await.unwrap();
    assert_eq!(goals.len(), 5);
    for g in &goals {
        assert!(page.contains(&format!("<a href=\"/goals/{}\">{}</a>", g.id, g.title)), "{}", g.title);
    }
    assert_eq!(page.matches("<td><span class=\"styr-mark styr-mark-").count(), 5, "a mark per goal");
    // The employment rate's newest figure against this year's target, in Danish.
    let rate = store::policy::indicators(&app.db, app.tenant).await.unwrap().into_iter().find(|i| i.def.key == "beskaeftigelsesfrekvens").unwrap();
    let latest = store::policy::latest(&app.db, app.tenant, &[rate.id], "183").await.unwrap();
    let (_, reading) = &latest[0];
    let shown = format!("{:.1} %", reading.value).replace('.', ",");
    let goal = goal_id(&app, "varig-beskaeftigelse").await;
    let (_, page) = app.get(&c, &format!("/goals/{goal}")).await;
    assert!(page.contains(&format!("Beskæftigelsesfrekvens, 16-64 år: {shown} i {}", reading.period)), "{shown}: {page}");
    // The overview names the goal's worst indicator as the reason: here unemployment, where lower is better, 0.6 points over its target.
    let (_, overview) = app.get(&c, &format!("/policies/{id}")).await;
    assert!(overview.contains("Fuldtidsledige i procent af arbejdsstyrken: 5,2 % i 2025, 0,6 procentpoint over målet på 4,6 %."), "{overview}");
    // In English, the same page says it in English.
    app.switch_language(&c, "en", "/").await;
    let (_, page) = app.get(&c, &format!("/policies/{id}")).await;
    assert!(page.contains("How the goals stand") && page.contains("5.2 % in 2025, 0.6 percentage points over the target of 4.6 %."), "{page}");
}

#[tokio::test]
async fn the_chain_is_walked_both_ways() {
    let app = App::start().await;
    let c = app.sign_in("employee").await;
    let goal = goal_id(&app, "hurtig-sagsbehandling").await;
    let (status, page) = app.get(&c, &format!("/goals/{goal}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Center for By, Miljø og Klima"), "the owner");
    assert!(page.contains("Byggesager afgjort inden for servicemålet"), "the indicator");
    assert!(page.contains("Kommunens sager (byggesag)"), "its source");
    // Down the chain: the initiative that serves it …
    let initiative = self_service(&app).await;
    assert!(page.contains(&format!("<a href=\"/initiatives/{}\">Digital borgerservice og selvbetjening</a>", initiative.id)), "{page}");
    // … and back up from the initiative to the goal.
    let (_, ipage) = app.get(&c, &format!("/initiatives/{}", initiative.id)).await;
    assert!(ipage.contains(&format!("<a href=\"/goals/{goal}\">Kompetent og hurtig sagsbehandling</a>")), "{ipage}");
    // A goal no initiative serves says so.
    let lonely = goal_id(&app, "samarbejde-med-virksomheder").await;
    let (_, page) = app.get(&c, &format!("/goals/{lonely}")).await;
    assert!(page.contains("Ingen indsatser er knyttet til målet endnu."));
    // Another municipality's goal is not found.
    assert_eq!(app.get(&c, &format!("/goals/{}", goal + 10_000)).await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_new_version_keeps_its_goals_and_a_bad_one_changes_nothing() {
    let app = App::start().await;
    let admin = app.principal("administrator").await;
    let req = app.svc.req(&admin, "/test");
    let id = policy_id(&app).await;
    let goal = goal_id(&app, "hurtig-sagsbehandling").await;
    let text = domain::policy::ISHOJ_PAA_ARBEJDE;
    // The same document again is no new version.
    assert_eq!(service::policy::load(&req, text).await.unwrap(), (id, 1, false));
    // An owner that is neither a unit nor a forum, and a goal naming an unknown indicator: refused, nothing changed.
    let before = app.fingerprint().await;
    let rows = app.rows().await;
    let unknown_owner = text.replace("owner = { unit = \"Center for By, Miljø og Klima\" }", "owner = { unit = \"Center for Månefart\" }");
    assert!(
        matches!(service::policy::load(&req, &unknown_owner).await, Err(service::policy::LoadError::UnknownOwner(g, n)) if g == "hurtig-sagsbehandling" && n == "Center for Månefart")
    );
    let unknown_indicator = text.replace("indicators = [\"byggesager-inden-for-frist\"]", "indicators = [\"byggesager\"]");
    assert!(matches!(
        service::policy::load(&req, &unknown_indicator).await,
        Err(service::policy::LoadError::Document(domain::policy::PolicyError::UnknownIndicator(..)))
    ));
    assert_eq!(app.fingerprint().await, before);
    assert_eq!(app.rows().await, rows);
    // A reworded goal is version 2, with the same goal (and so the same links).
    let reworded = text.replace("title = \"Kompetent og hurtig sagsbehandling\"", "title = \"Hurtig og kompetent sagsbehandling\"");
    assert_eq!(service::policy::load(&req, &reworded).await.unwrap(), (id, 2, true));
    let after = store::policy::goal(&app.db, app.tenant, goal).await.unwrap().unwrap();
    assert_eq!(after.title, "Hurtig og kompetent sagsbehandling");
    assert!(store::programme::serving(&app.db, app.tenant, goal).await.unwrap().iter().any(|i| i.title == "Digital borgerservice og selvbetjening"));
    // Only administrators load a policy; others are refused, and the refusal is audited.
    let employee = app.principal("employee").await;
    let req = app.svc.req(&employee, "/test");
    assert!(matches!(service::policy::load(&req, text).await, Err(service::policy::LoadError::Service(service::Error::Forbidden))));
    assert!(app.audit_actions().await.iter().any(|a| a == "access.denied"));
}

#[tokio::test]
async fn the_initiative_form_links_goals_and_refuses_one_not_offered() {
    let app = App::start().await;
    let sec = app.sign_in("secretariat").await;
    let initiative = self_service(&app).await.id;
    let edit = format!("/initiatives/{initiative}/edit");
    let (_, form) = app.get(&sec, &edit).await;
    let fields = crate::harness::form_fields(&form, &edit);
    let fast = goal_id(&app, "hurtig-sagsbehandling").await;
    let together = goal_id(&app, "samarbejde-med-virksomheder").await;
    // The form shows the goal it serves today, checked.
    assert!(fields.contains(&("goals".to_string(), fast.to_string())), "{fields:?}");
    let send = |fields: &Vec<(String, String)>| {
        let c = sec.clone();
        let url = format!("{}{edit}", app.url);
        let fields = fields.clone();
        async move { c.post(url).form(&fields).send().await.unwrap() }
    };
    // A goal that is not offered (another municipality's, or made up): named, and nothing changes.
    let rows = app.rows().await;
    let mut forged = fields.clone();
    forged.push(("goals".into(), "999999".into()));
    let r = send(&forged).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("Vælg blandt de viste muligheder."));
    assert_eq!(app.rows().await, rows);
    // A second goal is added, and both goals' pages name the initiative.
    let mut both = fields.clone();
    both.push(("goals".into(), together.to_string()));
    assert_eq!(send(&both).await.status(), StatusCode::SEE_OTHER);
    assert_eq!(store::programme::goals_of(&app.db, app.tenant, initiative).await.unwrap(), {
        let mut v = vec![fast, together];
        v.sort();
        v
    });
    let (_, page) = app.get(&sec, &format!("/goals/{together}")).await;
    assert!(page.contains(&format!("<a href=\"/initiatives/{initiative}\">Digital borgerservice og selvbetjening</a>")));
    // Unchecking every goal unlinks them.
    let version = store::programme::initiative(&app.db, app.tenant, initiative).await.unwrap().unwrap().version.to_string();
    let none: Vec<(String, String)> =
        fields.iter().filter(|(k, _)| k != "goals").map(|(k, v)| if k == "version" { (k.clone(), version.clone()) } else { (k.clone(), v.clone()) }).collect();
    assert_eq!(send(&none).await.status(), StatusCode::SEE_OTHER);
    assert!(store::programme::goals_of(&app.db, app.tenant, initiative).await.unwrap().is_empty());
}

#[tokio::test]
async fn an_indicator_shows_ten_years_for_ishoj_and_its_neighbours_in_a_chart_and_a_table() {
    let app = App::start().await;
    let c = app.sign_in("employee").await;
    let rate = store::policy::indicators(&app.db, app.tenant).await.unwrap().into_iter().find(|i| i.def.key == "beskaeftigelsesfrekvens").unwrap();
    let (status, page) = app.get(&c, &format!("/indicators/{}", rate.id)).await;
    assert_eq!(status, StatusCode::OK);
    // Ten years, a column per area: Ishøj, its seven neighbours, the region and the country.
    for area in ["Ishøj", "Albertslund", "Brøndby", "Glostrup", "Hvidovre", "Høje-Taastrup", "Rødovre", "Vallensbæk", "Region Hovedstaden", "Hele landet"]
    {
        assert!(page.contains(&format!("<th scope=\"col\">{area}</th>")), "{area}");
    }
    let values = store::policy::values(&app.db, app.tenant, rate.id, &["183".to_string()]).await.unwrap();
    assert_eq!(values.len(), 10);
    let body = &page[page.find("<tbody>").unwrap()..];
    assert_eq!(body.matches("<tr><th scope=\"row\">").count(), 10);
    // The chart beside it: one line per area, Ishøj's ten points marked, the targets as diamonds; hidden from screen readers.
    assert!(page.contains("<div class=\"styr-chart\" aria-hidden=\"true\"><svg"));
    let svg = &page[page.find("<svg xmlns").unwrap()..];
    let svg = &svg[..svg.find("</svg>").unwrap()];
    assert_eq!(svg.matches("<circle").count(), 10);
    assert_eq!(svg.matches("<title>").count(), 10, "a line per area");
    // Where the figures come from, and the goal they follow, walked up.
    assert!(page.contains("Danmarks Statistik (RAS200)") && page.contains("Højere er bedre"));
    let goal = goal_id(&app, "varig-beskaeftigelse").await;
    assert!(page.contains(&format!("<a href=\"/goals/{goal}\">")));
    // The goal page links down to it.
    let (_, gpage) = app.get(&c, &format!("/goals/{goal}")).await;
    assert!(gpage.contains(&format!("<a href=\"/indicators/{}\">Beskæftigelsesfrekvens, 16-64 år</a>", rate.id)));
    // A benchmark with an expected value has it as a column and a line of its own.
    let benchmark = store::policy::indicators(&app.db, app.tenant).await.unwrap().into_iter().find(|i| i.def.key == "a-dagpenge-forventet").unwrap();
    let (_, page) = app.get(&c, &format!("/indicators/{}", benchmark.id)).await;
    assert!(page.contains("<th scope=\"col\">Ishøj, forventet</th>") && page.contains("stroke-dasharray=\"10 3 2 3\""));
    assert!(page.contains(". kvt. "), "quarters in words");
}

#[tokio::test]
async fn the_api_gives_the_same_marks_and_figures_as_the_pages() {
    let app = App::start().await;
    let http = app.client();
    let token = app.api_token_scoped("employee", "policy").await;
    let get = |path: String| {
        let (http, token, url) = (http.clone(), token.clone(), app.url.clone());
        async move {
            let r = http.get(format!("{url}{path}")).bearer_auth(&token).send().await.unwrap();
            (r.status(), r.json::<serde_json::Value>().await.unwrap_or_default())
        }
    };
    let (status, list) = get("/api/v1/policies".into()).await;
    assert_eq!(status, StatusCode::OK);
    let id = list[0]["id"].as_i64().unwrap();
    assert_eq!(list[0]["key"], "ishoj-paa-arbejde");
    let (_, policy) = get(format!("/api/v1/policies/{id}")).await;
    let themes = policy["themes"].as_array().unwrap();
    assert_eq!(themes.len(), 3);
    // Each goal's mark is the one its page shows.
    let c = app.sign_in("employee").await;
    let (_, page) = app.get(&c, &format!("/policies/{id}")).await;
    for g in themes.iter().flat_map(|t| t["goals"].as_array().unwrap()) {
        let row = &page[page.find(&format!("<a href=\"/goals/{}\">", g["id"])).unwrap()..];
        let row = &row[..row.find("</tr>").unwrap()];
        assert!(row.contains(&format!("styr-mark-{}", g["mark"].as_str().unwrap())), "{g}");
    }
    // A goal with its indicators, the figure each is judged on, and the initiatives that serve it.
    let fast = goal_id(&app, "hurtig-sagsbehandling").await;
    let (_, goal) = get(format!("/api/v1/goals/{fast}")).await;
    assert_eq!(goal["owner"], "Center for By, Miljø og Klima");
    assert_eq!(goal["initiatives"].as_array().unwrap().len(), 1);
    let ind = &goal["indicators"][0];
    assert_eq!(ind["source"], "cases");
    assert!(ind["mark"]["value"].is_number() && ind["mark"]["target"].as_f64() == Some(90.0));
    // Figures for one area only, when asked.
    let rate = store::policy::indicators(&app.db, app.tenant).await.unwrap().into_iter().find(|i| i.def.key == "beskaeftigelsesfrekvens").unwrap();
    let (_, values) = get(format!("/api/v1/indicators/{}/values?area=183,165", rate.id)).await;
    let figures = values["values"].as_array().unwrap();
    assert_eq!(figures.len(), 20);
    assert!(figures.iter().all(|f| f["area"] == "183" || f["area"] == "165"));
    // A token without the policy scope reads none of it.
    let other = app.api_token_scoped("employee", "programme").await;
    let r = http.get(format!("{}/api/v1/policies", app.url)).bearer_auth(&other).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)).unwrap()
}

async fn indicator_id(app: &App, key: &str) -> i64 {
    store::policy::indicators(&app.db, app.tenant).await.unwrap().into_iter().find(|i| i.def.key == key).unwrap().id
}

/// Sends a file to an indicator's figures form: (status, where it sends one, the page).
async fn upload(app: &App, c: &reqwest::Client, id: i64, name: &str, bytes: Vec<u8>) -> (StatusCode, String, String) {
    let (_, page) = app.get(c, &format!("/indicators/{id}")).await;
    let csrf = crate::harness::hidden_in_form(&page, &format!("/indicators/{id}/figures"), "csrf");
    let form = reqwest::multipart::Form::new().text("csrf", csrf).part("file", reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()));
    let r = c.post(format!("{}/indicators/{id}/figures", app.url)).multipart(form).send().await.unwrap();
    let location = r.headers().get("location").map(|l| l.to_str().unwrap().to_string()).unwrap_or_default();
    (r.status(), location, r.text().await.unwrap())
}

#[tokio::test]
async fn statbank_and_jobindsats_answers_are_read_and_broken_ones_change_nothing() {
    let app = App::start().await;
    let sec = app.sign_in("secretariat").await;
    let rate = indicator_id(&app, "beskaeftigelsesfrekvens").await;
    // A broken answer (an error where CSV was expected) is named, and nothing changes.
    let rows = app.rows().await;
    let (status, _, page) = upload(&app, &sec, rate, "RAS200.csv", fixture("statbank-ras200-broken.csv")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Filen har ikke kolonnen &#34;OMRÅDE&#34;. Intet er ændret.") || page.contains("Filen har ikke kolonnen \"OMRÅDE\""), "{page}");
    assert_eq!(app.rows().await, rows);
    // Statistikbank's CSV: ten years for the ten areas; København, not asked about, is left out.
    let (status, location, _) = upload(&app, &sec, rate, "RAS200.csv", fixture("statbank-ras200.csv")).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location, format!("/indicators/{rate}?added=100"));
    let all = store::policy::values(&app.db, app.tenant, rate, &[]).await.unwrap();
    assert!(!all.iter().any(|v| v.area == "101"));
    let first = all.iter().find(|v| v.area == "183" && v.period == "2015").unwrap();
    assert_eq!((first.value, first.source.as_str()), (Some(66.0), "statistikbank (RAS200.csv)"));
    let hidden = all.iter().find(|v| v.area == "153" && v.period == "2016").unwrap();
    assert!(hidden.suppressed && hidden.value.is_none(), "'..' is not shown by the source");
    let (_, page) = app.get(&sec, &location).await;
    assert!(page.contains("100 tal er tilføjet."));
    // The chart and table were kept from before the upload; the new year shows all the same.
    assert!(page.contains("<tr><th scope=\"row\">2015</th><td>66,0</td>"), "{page}");
    assert!(app.audit_actions().await.iter().any(|a| a == "policy.indicator.values"));
    // Jobindsats' answer: the actual figure and the expected one, moving years read as their last quarter.
    let benchmark = indicator_id(&app, "a-dagpenge-forventet").await;
    let rows = app.rows().await;
    let (status, _, page) = upload(&app, &sec, benchmark, "y30r21.json", fixture("jobindsats-y30r21-changed.json")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Faktisk antal"), "the measure that is missing is named");
    assert_eq!(app.rows().await, rows);
    let (status, location, _) = upload(&app, &sec, benchmark, "y30r21.json", fixture("jobindsats-y30r21.json")).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{location}");
    let ishoj = store::policy::values(&app.db, app.tenant, benchmark, &["183".into()]).await.unwrap();
    let q = ishoj.iter().find(|v| v.period == "2024K2").unwrap();
    assert_eq!((q.value, q.expected), (Some(566.0), Some(461.0)));
}

#[tokio::test]
async fn the_municipalitys_own_figures_hide_those_about_fewer_than_five() {
    let app = App::start().await;
    let sec = app.sign_in("secretariat").await;
    let youth = indicator_id(&app, "ungdomsuddannelse").await;
    let book = export::xlsx::workbook(&[export::xlsx::Sheet {
        name: "Ungdomsuddannelse".into(),
        header: vec!["område".into(), "periode".into(), "værdi".into(), "personer".into()],
        rows: {
            use export::xlsx::Cell::{Number, Text};
            vec![
                vec![Text("Ishøj".into()), Text("2015".into()), Number(71.4), Number(287.0)],
                vec![Text("Ishøj".into()), Text("2014".into()), Number(100.0), Number(4.0)],
            ]
        },
    }])
    .unwrap();
    let (status, _, _) = upload(&app, &sec, youth, "egne-tal.xlsx", book).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let v = store::policy::values(&app.db, app.tenant, youth, &["183".into()]).await.unwrap();
    assert_eq!(v.iter().find(|x| x.period == "2015").unwrap().value, Some(71.4));
    let few = v.iter().find(|x| x.period == "2014").unwrap();
    assert!(few.suppressed && few.value.is_none());
    let (_, page) = app.get(&sec, &format!("/indicators/{youth}")).await;
    assert!(page.contains("<span class=\"sr-only\">Skjult: tallet bygger på for få (under 5)"));
    assert!(page.contains("– betyder, at tallet er skjult"), "sighted readers are told too");
    // An area that is not one is named by its row; nothing changes.
    let rows = app.rows().await;
    let csv = "område;periode;værdi\nIshøj;2016;72,0\nIshøj Strand;2016;70,0\n".as_bytes().to_vec();
    let (status, _, page) = upload(&app, &sec, youth, "egne-tal.csv", csv).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Række 3: &#34;Ishøj Strand&#34; er ikke en kommune") || page.contains("Række 3: \"Ishøj Strand\" er ikke en kommune"), "{page}");
    assert_eq!(app.rows().await, rows);
    // Employees read the figures but get no form.
    let emp = app.sign_in("employee").await;
    let (_, page) = app.get(&emp, &format!("/indicators/{youth}")).await;
    assert!(!page.contains("/figures\""));
}

#[tokio::test]
async fn the_committee_gets_the_status_as_pdf_and_as_a_spreadsheet() {
    let app = App::start().await;
    let c = app.sign_in("director").await;
    let id = policy_id(&app).await;
    let (_, page) = app.get(&c, &format!("/policies/{id}")).await;
    assert!(page.contains(&format!("href=\"/policies/{id}.pdf\"")) && page.contains(&format!("href=\"/policies/{id}.xlsx\"")));
    // On paper: every goal with its mark in words and the reason.
    let r = c.get(format!("{}/policies/{id}.pdf", app.url)).send().await.unwrap();
    assert_eq!(r.headers()["content-type"], "application/pdf");
    let text = crate::decisions::pdf_text(r).await;
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for g in store::policy::goals(&app.db, app.tenant, id).await.unwrap() {
        assert!(flat.contains(&g.title), "{}: {flat}", g.title);
    }
    assert!(flat.contains("Ikke nået") && flat.contains("Fuldtidsledige i procent af arbejdsstyrken: 5,2 % i 2025"), "{flat}");
    // In a spreadsheet: a row per goal, and a row per indicator with its figure and target as numbers.
    let r = c.get(format!("{}/policies/{id}.xlsx", app.url)).send().await.unwrap();
    assert!(r.headers()["content-disposition"].to_str().unwrap().contains("ishoj-paa-arbejde.xlsx"));
    let bytes = r.bytes().await.unwrap();
    let goals = export::read_xlsx(&bytes).unwrap();
    assert_eq!(goals[0][..3], ["Tema".to_string(), "Mål".to_string(), "Status".to_string()]);
    assert_eq!(goals.len(), 1 + 5);
    assert!(goals.iter().any(|r| r[1] == "Kompetent og hurtig sagsbehandling" && r[4] == "Center for By, Miljø og Klima"));
    // Anything else after the dot is not found.
    assert_eq!(app.get(&c, &format!("/policies/{id}.docx")).await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_days_new_figures_come_are_on_the_annual_wheel() {
    let app = App::start().await;
    let c = app.sign_in("employee").await;
    let year = app.today().format("%Y").to_string().parse::<i32>().unwrap();
    let rate = indicator_id(&app, "beskaeftigelsesfrekvens").await;
    let (status, page) = app.get(&c, &format!("/aarshjul/{year}")).await;
    assert_eq!(status, StatusCode::OK);
    // Statistics Denmark's employment figures come in late November, among the external dates, linked to the indicator.
    assert!(page.contains(&format!("href=\"/indicators/{rate}\"")), "the wheel links to the indicator");
    assert!(page.contains("Beskæftigelsesfrekvens, 16-64 år"));
    let categories = store::aarshjul::categories(&app.db, app.tenant).await.unwrap();
    let dates = store::aarshjul::dates_of_year(&app.db, app.tenant, &categories, year, app.today()).await.unwrap();
    let release = dates.iter().find(|d| d.uid.starts_with(&format!("release-{rate}-"))).unwrap();
    assert_eq!(release.start.format("%m-%d").to_string(), "11-26");
    assert_eq!(categories.iter().find(|c| c.id == release.category_id).unwrap().key, "external");
}

#[tokio::test]
async fn an_administrator_loads_a_policy_and_the_register_of_deadlines_and_a_wrong_file_changes_nothing() {
    let app = App::start().await;
    let admin = app.sign_in("administrator").await;
    let upload = |path: &'static str, name: &'static str, text: String| {
        let (app, admin) = (&app, &admin);
        async move {
            let csrf = app.csrf(admin).await;
            let form = reqwest::multipart::Form::new().text("csrf", csrf).part("file", reqwest::multipart::Part::bytes(text.into_bytes()).file_name(name));
            let r = admin.post(format!("{}{path}", app.url)).multipart(form).send().await.unwrap();
            let status = r.status();
            (status, r.text().await.unwrap())
        }
    };
    let rows = app.rows().await;
    // A goal owned by a unit styr does not have; a register with a deadline of 0 days.
    let wrong = domain::policy::ISHOJ_PAA_ARBEJDE.replacen("owner = { unit = \"", "owner = { unit = \"Ingen Enhed – ", 1);
    let (status, page) = upload("/admin/policies", "politik.toml", wrong).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("hverken er en enhed eller et forum i styr. Intet er ændret."), "{page}");
    let zero = domain::policy::cases::ISHOJ_FRISTER.replacen("days = 40", "days = 0", 1);
    let (status, page) = upload("/admin/frister", "frister.toml", zero).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("En sagstype har en frist på 0 dage."), "{page}");
    // A second policy that reuses the first one's indicator keys would redefine them.
    let other = domain::policy::ISHOJ_PAA_ARBEJDE.replacen("key = \"ishoj-paa-arbejde\"", "key = \"anden-politik\"", 1);
    let (status, page) = upload("/admin/policies", "anden.toml", other).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("hører allerede til politikken &#34;Ishøj på arbejde") || page.contains("hører allerede til politikken \"Ishøj på arbejde"),
        "{page}"
    );
    // A building type left out of the indicator it shares an area with.
    let split = domain::policy::cases::ISHOJ_FRISTER.replacen("indicator = \"byggesager-inden-for-frist\"", "", 1);
    let (status, page) = upload("/admin/frister", "frister.toml", split).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("netop alle sagstyperne i ét område"), "{page}");
    assert_eq!(app.rows().await, rows, "a refused file changes nothing");
    // A changed policy is a new version; the same file again changes nothing.
    let changed = domain::policy::ISHOJ_PAA_ARBEJDE.replacen("tolerance = 1.0", "tolerance = 1.5", 1);
    let (status, page) = upload("/admin/policies", "politik.toml", changed.clone()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Politikken er indlæst som udgave 2."), "{page}");
    let (_, page) = upload("/admin/policies", "politik.toml", changed).await;
    assert!(page.contains("Filen er den udgave, der gælder (udgave 2)."), "{page}");
    // Others may not.
    let secretariat = app.sign_in("secretariat").await;
    assert_eq!(app.get(&secretariat, "/admin/policies").await.0, StatusCode::FORBIDDEN);
}
