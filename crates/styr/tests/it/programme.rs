//! The work programme: programmes and initiatives written by the
//! secretariat and the directors, status reports by an initiative's owner,
//! milestones inside their initiative, dependencies that never go round in
//! a circle, and bad input that changes nothing.

use chrono::Datelike;
use chrono_tz::Europe::Copenhagen;
use domain::programme::ProgrammeStatus;
use domain::programme::report::Status;
use reqwest::{Client, StatusCode};

use crate::harness::{App, hidden_in_form};

async fn post(app: &App, c: &Client, path: &str, form: &[(&str, String)]) -> (StatusCode, String, String) {
    let r = c.post(format!("{}{path}", app.url)).form(form).send().await.unwrap();
    let status = r.status();
    let location = r.headers().get("location").map(|l| l.to_str().unwrap().to_string()).unwrap_or_default();
    (status, location, r.text().await.unwrap())
}

async fn person_of(app: &App, role: &str) -> i64 {
    let email = app.email(role).await;
    store::org::search_people(&app.db, app.tenant, &email, 1, 0).await.unwrap().0.remove(0).id
}

async fn unit_id(app: &App, name: &str) -> i64 {
    store::org::units(&app.db, app.tenant).await.unwrap().into_iter().find(|u| u.name == name).unwrap().id
}

async fn counts(app: &App) -> (i64, i64, i64, i64, String) {
    store::programme::fingerprint(&app.db, app.tenant).await.unwrap()
}

fn this_year() -> i32 {
    crate::harness::demo_now().with_timezone(&Copenhagen).year()
}

/// The demo's programme for this year, with one more initiative owned by
/// the demo's centre chief.
async fn programme_with_initiative(app: &App) -> (i64, i64) {
    let actor = store::platform::audit::Actor::system("test");
    let year = this_year() as i64;
    let p = store::programme::programme(&app.db, app.tenant, year).await.unwrap().expect("the demo has this year's programme").id;
    let owner = person_of(app, "centre_chief").await;
    let checked = domain::programme::initiative::CheckedInitiative {
        title: "Fælles rekruttering af ledere".into(),
        purpose: "Bedre ledere, hurtigere".into(),
        description: String::new(),
        owner,
        starts_on: chrono::NaiveDate::from_ymd_opt(year as i32, 1, 1).unwrap(),
        ends_on: chrono::NaiveDate::from_ymd_opt(year as i32, 12, 31).unwrap(),
        budget: None,
        risks: String::new(),
    };
    let ties = store::programme::Ties { units: &[], goals: &[], perspectives: &[], values: &[] };
    let store::programme::Saved::Saved(id) = store::programme::save_initiative(&app.db, app.tenant, p, None, &checked, &ties, &actor).await.unwrap() else {
        panic!("saved")
    };
    (year, id)
}

#[tokio::test]
async fn the_secretariat_writes_a_programme_and_its_initiatives() {
    let app = App::start().await;
    let sec = app.sign_in("secretariat").await;
    let (status, page) = app.get(&sec, "/programmes").await;
    assert_eq!(status, StatusCode::OK);
    let csrf = hidden_in_form(&page, "/programmes", "csrf");
    let before = counts(&app).await;

    // Bad input says what is wrong and changes nothing.
    let (status, _, body) =
        post(&app, &sec, "/programmes", &[("csrf", csrf.clone()), ("year", "næste år".into()), ("title", " ".into()), ("cadence", "weekly".into())]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("Skriv et årstal") && body.contains("Feltet skal udfyldes") && body.contains("Vælg hvor ofte der rapporteres."), "{body}");
    assert_eq!(counts(&app).await, before);

    let good = [("csrf", csrf.clone()), ("year", "2031".into()), ("title", "Arbejdsprogram 2031".into()), ("cadence", "quarter".into())];
    let (status, location, _) = post(&app, &sec, "/programmes", &good).await;
    assert_eq!((status, location.as_str()), (StatusCode::SEE_OTHER, "/programmes/2031"));
    let (status, _, body) = post(&app, &sec, "/programmes", &good).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("Der findes allerede et arbejdsprogram for det år."));
    assert_eq!(counts(&app).await.0, before.0 + 1);

    // An initiative with units, a perspective and a budget in Danish notation.
    let (_, form) = app.get(&sec, "/programmes/2031/initiatives/new").await;
    assert!(form.contains("Perspektiver på kerneopgaven"));
    let owner = person_of(&app, "centre_chief").await;
    let centre = unit_id(&app, "Center for Dagtilbud").await;
    let path = "/programmes/2031/initiatives/new";
    let fields = |title: &str, ends: &str, budget: &str, owner: i64| {
        vec![
            ("csrf", csrf.clone()),
            ("version", "0".into()),
            ("title", title.to_string()),
            ("purpose", "Flere pædagoger, færre vikarer".into()),
            ("owner", owner.to_string()),
            ("starts_on", "2031-02-01".into()),
            ("ends_on", ends.to_string()),
            ("budget", budget.to_string()),
            ("units", centre.to_string()),
            ("perspectives", "perspective.styr-paa-tingene".into()),
        ]
    };
    let employee = person_of(&app, "employee").await;
    let (status, _, body) = post(&app, &sec, path, &fields("Rekruttering", "2030-12-31", "en del", employee)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    for msg in ["Vælg en direktør eller centerchef som ejer.", "Skriv budgettet i hele kroner", "Slutdatoen"] {
        assert!(body.contains(msg), "{msg}");
    }
    assert_eq!(counts(&app).await.1, before.1, "nothing saved");

    let (status, location, _) = post(&app, &sec, path, &fields("Rekruttering af pædagoger", "2031-12-31", "1.200.000", owner)).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(location.ends_with("?done=saved"), "{location}");
    let (_, page) = app.get(&sec, &location).await;
    assert!(
        page.contains("Indsatsen er gemt.")
            && page.contains("1.200.000 kr.")
            && page.contains("Center for Dagtilbud")
            && page.contains("Ingen statusrapport endnu")
    );
    let (_, programme) = app.get(&sec, "/programmes/2031").await;
    assert!(programme.contains("Rekruttering af pædagoger") && programme.contains("Mangler statusrapport"));

    // Two people editing at once: the second is told, and the first's text stands.
    let id: i64 = location.trim_start_matches("/initiatives/").split('?').next().unwrap().parse().unwrap();
    let edit = format!("/initiatives/{id}/edit");
    let (_, form) = app.get(&sec, &edit).await;
    let version = hidden_in_form(&form, &edit, "version");
    let mut first = fields("Rekruttering og fastholdelse", "2031-12-31", "1.200.000", owner);
    first[1].1 = version.clone();
    assert_eq!(post(&app, &sec, &edit, &first).await.0, StatusCode::SEE_OTHER);
    let mut second = fields("Noget helt andet", "2031-12-31", "", owner);
    second[1].1 = version;
    let (status, _, body) = post(&app, &sec, &edit, &second).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(body.contains("En anden har gemt indsatsen"));
    assert_eq!(store::programme::initiative(&app.db, app.tenant, id).await.unwrap().unwrap().title, "Rekruttering og fastholdelse");
}

#[tokio::test]
async fn owners_write_status_reports_and_see_the_trend() {
    let app = App::start().await;
    let (year, id) = programme_with_initiative(&app).await;
    let page_path = format!("/initiatives/{id}");
    let report_path = format!("/initiatives/{id}/reports");
    let chief = app.sign_in("centre_chief").await;
    let (_, page) = app.get(&chief, &page_path).await;
    assert!(page.contains("Skriv statusrapport"), "the owner may report");
    let csrf = hidden_in_form(&page, &report_path, "csrf");
    let report = |period: String, status: &str, progress: &str| {
        vec![
            ("csrf", csrf.clone()),
            ("period", period),
            ("status", status.to_string()),
            ("progress", progress.to_string()),
            ("happened", "Stillingsopslag sendt".to_string()),
            ("needs", "En beslutning om løn".to_string()),
        ]
    };
    // Bad input: a period to come, progress over 100.
    let before = counts(&app).await;
    let (status, _, body) = post(&app, &chief, &report_path, &report(format!("{}-Q1", year + 1), "on_track", "140")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body.contains("Statusrapporten er ikke gemt.")
            && body.contains("Vælg en periode i programmets år, som er begyndt.")
            && body.contains("Skriv et helt tal fra 0 til 100.")
    );
    assert_eq!(counts(&app).await, before);

    // The first quarter has always begun; the current one too.
    let today = app.now().with_timezone(&Copenhagen).date_naive();
    let current = domain::programme::report::Cadence::Quarter.period_of(today);
    assert_eq!(current, format!("{year}-Q3"), "the tests' clock stands in September");
    let (status, location, _) = post(&app, &chief, &report_path, &report(format!("{year}-Q1"), "on_track", "20")).await;
    assert_eq!((status, location.ends_with("done=reported")), (StatusCode::SEE_OTHER, true));
    let (status, _, _) = post(&app, &chief, &report_path, &report(current.clone(), "at_risk", "45 %")).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, page) = app.get(&chief, &page_path).await;
    assert!(page.contains("▲</span> I risiko") && page.contains("dårligere"), "the latest status and the trend, not by colour alone");
    assert!(page.contains("45 %") && page.contains("En beslutning om løn"));
    assert_eq!(counts(&app).await.3, before.3 + 2);

    // Someone who neither owns the initiative nor writes the programme may read, not report.
    let leader = app.sign_in("unit_leader").await;
    let (status, page) = app.get(&leader, &page_path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!page.contains("Skriv statusrapport") && !page.contains("Ret indsatsen"));
    let leader_csrf = app.csrf(&leader).await;
    let mut forged = report(format!("{year}-Q1"), "off_track", "0");
    forged[0].1 = leader_csrf;
    let before = counts(&app).await;
    assert_eq!(post(&app, &leader, &report_path, &forged).await.0, StatusCode::FORBIDDEN);
    assert_eq!(post(&app, &leader, &format!("/initiatives/{id}/edit"), &forged).await.0, StatusCode::FORBIDDEN);
    assert_eq!(counts(&app).await, before);
    let (_, programme) = app.get(&leader, &format!("/programmes/{year}")).await;
    assert!(programme.contains("Fælles rekruttering af ledere") && !programme.contains("Ny indsats") && !programme.contains("Mangler statusrapport"));

    // A director writes the programme and may change any initiative.
    let director = app.sign_in("director").await;
    let (_, page) = app.get(&director, &page_path).await;
    assert!(page.contains("Ret indsatsen"));
}

#[tokio::test]
async fn milestones_dependencies_and_a_closed_programme() {
    let app = App::start().await;
    let (year, a) = programme_with_initiative(&app).await;
    let sec = app.sign_in("secretariat").await;
    let (_, page) = app.get(&sec, &format!("/initiatives/{a}")).await;
    let csrf = hidden_in_form(&page, &format!("/initiatives/{a}/milestones"), "csrf");

    // A milestone outside its initiative is refused.
    let before = counts(&app).await;
    let path = format!("/initiatives/{a}/milestones");
    let (status, _, body) =
        post(&app, &sec, &path, &[("csrf", csrf.clone()), ("milestone_title", "Udbud".into()), ("due_on", format!("{}-02-01", year + 1))]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("Milepælen skal ligge inden for indsatsens periode."));
    assert_eq!(counts(&app).await, before);
    let (status, _, _) = post(&app, &sec, &path, &[("csrf", csrf.clone()), ("milestone_title", "Udbud".into()), ("due_on", format!("{year}-06-01"))]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let milestone = store::programme::milestones(&app.db, app.tenant, a).await.unwrap().remove(0);
    post(&app, &sec, &format!("/milestones/{}/done", milestone.id), &[("csrf", csrf.clone()), ("done", "1".into())]).await;
    let (_, page) = app.get(&sec, &format!("/initiatives/{a}")).await;
    assert!(page.contains("✓ nået"));

    // A second initiative: b depends on a; a on b would close a circle.
    let form = |title: &str| {
        vec![
            ("csrf", csrf.clone()),
            ("version", "0".into()),
            ("title", title.to_string()),
            ("purpose", "Et formål".into()),
            ("owner", "".into()),
            ("starts_on", format!("{year}-01-01")),
            ("ends_on", format!("{year}-12-31")),
        ]
    };
    let mut f = form("Digital rekruttering");
    f[4].1 = store::programme::initiative(&app.db, app.tenant, a).await.unwrap().unwrap().owner_person_id.unwrap().to_string();
    let (_, location, _) = post(&app, &sec, &format!("/programmes/{year}/initiatives/new"), &f).await;
    let b: i64 = location.trim_start_matches("/initiatives/").split('?').next().unwrap().parse().unwrap();
    let (_, location, _) = post(&app, &sec, &format!("/initiatives/{b}/dependencies"), &[("csrf", csrf.clone()), ("depends_on", a.to_string())]).await;
    assert!(location.ends_with("done=dependency"));
    let (_, location, _) = post(&app, &sec, &format!("/initiatives/{a}/dependencies"), &[("csrf", csrf.clone()), ("depends_on", b.to_string())]).await;
    assert!(location.ends_with("done=cycle"));
    let (_, page) = app.get(&sec, &location).await;
    assert!(page.contains("den ville gå i ring"));
    let programme = store::programme::programme(&app.db, app.tenant, year).await.unwrap().unwrap();
    let deps = store::programme::dependencies(&app.db, app.tenant, programme.id).await.unwrap();
    assert!(deps.contains(&(b, a)) && !deps.contains(&(a, b)));

    // A closed programme takes no more reports.
    let (_, page) = app.get(&sec, &format!("/programmes/{year}")).await;
    let status_path = format!("/programmes/{year}/status");
    let version = hidden_in_form(&page, &status_path, "version");
    // Approving an approved programme again (a second click) finds it approved and changes nothing.
    let before = counts(&app).await;
    let (_, location, _) = post(&app, &sec, &status_path, &[("csrf", csrf.clone()), ("version", version.clone()), ("status", "approved".into())]).await;
    assert!(location.ends_with("done=approved"));
    assert_eq!(counts(&app).await, before);
    // A step the programme cannot take from where it is (back to draft) is refused and changes nothing.
    let (_, location, _) = post(&app, &sec, &status_path, &[("csrf", csrf.clone()), ("version", version.clone()), ("status", "draft".into())]).await;
    assert!(location.ends_with("done=bad-input"));
    assert_eq!(counts(&app).await, before);
    let (_, location, _) = post(&app, &sec, &status_path, &[("csrf", csrf.clone()), ("version", version.clone()), ("status", "closed".into())]).await;
    assert!(location.ends_with("done=closed"));
    assert_eq!(store::programme::programme(&app.db, app.tenant, year).await.unwrap().unwrap().status, ProgrammeStatus::Closed);
    // Reopening with the version shown before it was closed is a conflict and changes nothing.
    let before = counts(&app).await;
    let (_, location, _) = post(&app, &sec, &status_path, &[("csrf", csrf.clone()), ("version", version), ("status", "approved".into())]).await;
    assert!(location.ends_with("done=conflict"));
    assert_eq!(counts(&app).await, before);
    assert_eq!(store::programme::programme(&app.db, app.tenant, year).await.unwrap().unwrap().status, ProgrammeStatus::Closed);
    let before = counts(&app).await;
    let (_, location, _) = post(
        &app,
        &sec,
        &format!("/initiatives/{a}/reports"),
        &[("csrf", csrf.clone()), ("period", format!("{year}-Q1")), ("status", "done".into()), ("progress", "100".into()), ("happened", "Færdig".into())],
    )
    .await;
    assert!(location.ends_with("done=closed"));
    assert_eq!(counts(&app).await, before);
}

#[tokio::test]
async fn an_initiative_names_only_the_decisions_the_reader_may_read() {
    let app = App::start().await;
    let (_, id) = programme_with_initiative(&app).await;
    // One the employee may not read: made for the forum alone, on an open item.
    let every = app.every();
    let hidden = store::meetings::decisions::search(&app.db, app.tenant, &every, 1000, 0)
        .await
        .unwrap()
        .into_iter()
        .find(|d| d.communicate == domain::meetings::decision::Communicate::None && !d.closed);
    let hidden = hidden.expect("the demo has decisions employees may not read");
    store::programme::link_decision(&app.db, app.tenant, hidden.id, id, &store::platform::audit::Actor::system("test")).await.unwrap();
    let sec = app.sign_in("secretariat").await;
    let (_, page) = app.get(&sec, &format!("/initiatives/{id}")).await;
    assert!(page.contains(&format!("href=\"/decisions/{}\"", hidden.id)), "the secretariat sees the decision");
    let employee = app.sign_in("employee").await;
    let (_, page) = app.get(&employee, &format!("/initiatives/{id}")).await;
    assert!(!page.contains(&format!("href=\"/decisions/{}\"", hidden.id)) && page.contains("Ingen beslutninger er knyttet"));
}

#[tokio::test]
async fn decisions_are_linked_to_the_initiatives_they_moved() {
    let app = App::start().await;
    let (_, id) = programme_with_initiative(&app).await;
    let every = app.every();
    let d = store::meetings::decisions::search(&app.db, app.tenant, &every, 1, 0).await.unwrap().remove(0);
    let path = format!("/decisions/{}/initiatives", d.id);
    let sec = app.sign_in("secretariat").await;
    let (_, page) = app.get(&sec, &format!("/decisions/{}", d.id)).await;
    assert!(page.contains("Knyt beslutningen til en indsats"));
    let csrf = hidden_in_form(&page, &path, "csrf");
    let (_, location, _) = post(&app, &sec, &path, &[("csrf", csrf.clone()), ("initiative", id.to_string())]).await;
    assert!(location.ends_with("done=linked"));
    let (_, page) = app.get(&sec, &format!("/decisions/{}", d.id)).await;
    assert!(page.contains(&format!("<a href=\"/initiatives/{id}\">Fælles rekruttering af ledere</a>")), "the decision shows the initiative it moved");
    let (_, page) = app.get(&sec, &format!("/initiatives/{id}")).await;
    assert!(page.contains(&format!("href=\"/decisions/{}\"", d.id)), "and the initiative shows the decision");

    // An unknown initiative changes nothing; a centre chief may not link.
    let before = store::programme::decisions_of(&app.db, app.tenant, id).await.unwrap().len();
    let (_, location, _) = post(&app, &sec, &path, &[("csrf", csrf.clone()), ("initiative", "999999".into())]).await;
    assert!(location.ends_with("done=bad-initiative"));
    let chief = app.sign_in("centre_chief").await;
    let chief_csrf = app.csrf(&chief).await;
    let (status, _, _) = post(&app, &chief, &path, &[("csrf", chief_csrf), ("initiative", id.to_string()), ("remove", "1".into())]).await;
    assert!(status == StatusCode::FORBIDDEN || status == StatusCode::NOT_FOUND, "{status}");
    assert_eq!(store::programme::decisions_of(&app.db, app.tenant, id).await.unwrap().len(), before);

    let (_, location, _) = post(&app, &sec, &path, &[("csrf", csrf), ("initiative", id.to_string()), ("remove", "1".into())]).await;
    assert!(location.ends_with("done=unlinked"));
    assert_eq!(store::programme::decisions_of(&app.db, app.tenant, id).await.unwrap().len(), before - 1);
    let (_, page) = app.get(&sec, &format!("/decisions/{}", d.id)).await;
    assert!(!page.contains(&format!("<a href=\"/initiatives/{id}\">")), "the decision's page follows the removed link at once");
}

#[tokio::test]
async fn unfinished_initiatives_carry_into_next_year() {
    let app = App::start().await;
    let year = this_year() as i64;
    let this = store::programme::programme(&app.db, app.tenant, year).await.unwrap().unwrap();
    let old = store::programme::initiatives(&app.db, app.tenant, this.id).await.unwrap();
    let unfinished: Vec<_> = old.iter().filter(|i| !i.is_done()).collect();
    assert!(unfinished.len() < old.len(), "the demo has a finished initiative");
    let sec = app.sign_in("secretariat").await;
    let (_, page) = app.get(&sec, &format!("/programmes/{year}")).await;
    let path = format!("/programmes/{year}/roll-over");
    let csrf = hidden_in_form(&page, &path, "csrf");
    let (_, location, _) = post(&app, &sec, &path, &[("csrf", csrf.clone())]).await;
    assert_eq!(location, format!("/programmes/{}?done=carried-{}", year + 1, unfinished.len()));
    let (_, page) = app.get(&sec, &location).await;
    assert!(page.contains(&format!("<p class=\"alert-text\">{} indsatser er overført fra sidste år.</p>", unfinished.len())), "counted exactly");
    let next = store::programme::programme(&app.db, app.tenant, year + 1).await.unwrap().unwrap();
    let carried = store::programme::initiatives(&app.db, app.tenant, next.id).await.unwrap();
    assert_eq!(carried.len(), unfinished.len());
    for c in &carried {
        let from = old.iter().find(|o| Some(o.id) == c.carried_from_id).expect("carried from this year");
        assert_eq!((c.title.as_str(), c.status()), (from.title.as_str(), None), "a fresh start, without last year's reports");
        assert_eq!(c.starts_on.to_string(), format!("{}-01-01", year + 1));
        assert_eq!(
            store::programme::units_of(&app.db, app.tenant, c.id).await.unwrap(),
            store::programme::units_of(&app.db, app.tenant, from.id).await.unwrap()
        );
    }
    let (_, page) = app.get(&sec, &format!("/initiatives/{}", carried[0].id)).await;
    assert!(page.contains("Indsatsen fortsætter fra et tidligere arbejdsprogram."));

    // Again: nothing more. Into a closed programme: refused, nothing changed.
    let (_, location, _) = post(&app, &sec, &path, &[("csrf", csrf.clone())]).await;
    assert!(location.ends_with("done=carried-0"));
    let actor = store::platform::audit::Actor::system("test");
    // A draft is approved before it is closed.
    assert!(store::programme::set_status(&app.db, app.tenant, next.id, next.version, ProgrammeStatus::Approved, None, &actor).await.unwrap());
    assert!(store::programme::set_status(&app.db, app.tenant, next.id, next.version + 1, ProgrammeStatus::Closed, None, &actor).await.unwrap());
    let before = counts(&app).await;
    let (_, location, _) = post(&app, &sec, &path, &[("csrf", csrf)]).await;
    assert!(location.ends_with("done=next-closed"));
    assert_eq!(counts(&app).await, before);
    // Only those who write the programme carry it over.
    let chief = app.sign_in("centre_chief").await;
    let chief_csrf = app.csrf(&chief).await;
    assert_eq!(post(&app, &chief, &path, &[("csrf", chief_csrf)]).await.0, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_portfolio_filters_sorts_and_counts() {
    let app = App::start().await;
    let year = this_year() as i64;
    let p = store::programme::programme(&app.db, app.tenant, year).await.unwrap().unwrap();
    let all = store::programme::initiatives(&app.db, app.tenant, p.id).await.unwrap();
    let employee = app.sign_in("employee").await;
    let base = format!("/programmes/{year}/portfolio");
    let (status, page) = app.get(&employee, &base).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(&format!("Viser {0} af {0} indsatser.", all.len())));
    // By directorate: the children's directorate has the initiatives its centres take part in.
    let children = unit_id(&app, "Direktørområdet for Børn, Unge og Kultur").await;
    let (_, page) = app.get(&employee, &format!("{base}?directorate={children}")).await;
    assert!(page.contains("Rekruttering og fastholdelse af pædagoger") && page.contains("Sammenhængende indsats for udsatte børn og unge"));
    assert!(!page.contains(">Fælles indkøb og leverandørstyring<"));
    // By status, with the count.
    let at_risk = all.iter().filter(|i| i.status() == Some(Status::AtRisk)).count();
    assert!(at_risk > 0);
    let (_, page) = app.get(&employee, &format!("{base}?status=at_risk")).await;
    assert!(page.contains(&format!("Viser {at_risk} af {} indsatser.", all.len())));
    assert_eq!(page.matches("<span aria-hidden=\"true\">▲</span> I risiko").count(), at_risk);
    // Sorted by status: what needs attention first.
    let (_, page) = app.get(&employee, &format!("{base}?sort=status")).await;
    let body = page.split("<tbody>").nth(1).unwrap();
    let first_row = body.split("</tr>").next().unwrap();
    assert!(first_row.contains("Ude af kurs") || first_row.contains("I risiko"), "{first_row}");
    // The board and the heat map.
    let (_, page) = app.get(&employee, &format!("{base}?view=board")).await;
    let on_track = all.iter().filter(|i| i.status() == Some(Status::OnTrack)).count();
    assert!(page.contains(&format!("På sporet ({on_track})")));
    assert!(page.contains("Perspektiver og direktørområder") && page.contains("Mere og bedre for mindre"));
    // A count in the heat map opens the initiatives it counts.
    let heat = page.split("styr-heat\"").nth(1).unwrap().split("</table>").next().unwrap();
    let cell = heat.split("<a href=\"").nth(1).expect("a count that links");
    let (link, n) = cell.split_once("\">").unwrap();
    let n: usize = n.split('<').next().unwrap().parse().unwrap();
    let (status, narrowed) = app.get(&employee, &link.replace("&#38;", "&").replace("&amp;", "&")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(narrowed.contains(&format!("Viser {n} af {} indsatser.", all.len())), "{link}");
    // The timeline: a bar per initiative, the demo's dependency as an arrow, and the table beside it.
    let (_, page) = app.get(&employee, &format!("{base}?view=timeline")).await;
    let svg = page.split("<svg xmlns").nth(1).expect("a timeline").split("</svg>").next().unwrap();
    assert_eq!(svg.matches("<a href=\"/initiatives/").count(), all.len());
    assert!(svg.contains("marker-end") && page.contains("<tbody>"));
}

#[tokio::test]
async fn the_follow_up_report_as_pdf_and_the_portfolio_as_a_spreadsheet() {
    let app = App::start().await;
    let year = this_year() as i64;
    let p = store::programme::programme(&app.db, app.tenant, year).await.unwrap().unwrap();
    let all = store::programme::initiatives(&app.db, app.tenant, p.id).await.unwrap();
    let politician = app.sign_in("employee").await;
    let r = politician.get(format!("{}/programmes/{year}/report.pdf", app.url)).send().await.unwrap();
    let text = crate::decisions::pdf_text(r).await;
    assert!(text.contains(&format!("Opfølgning på Arbejdsprogram {year}")), "{text}");
    for i in &all {
        let first_words: String = i.title.split_whitespace().take(2).collect::<Vec<_>>().join(" ");
        assert!(text.contains(&first_words), "{}", i.title);
    }
    // Those that need attention come first: an initiative at risk before one on track.
    let risky = all.iter().find(|i| matches!(i.status(), Some(Status::AtRisk | Status::OffTrack))).unwrap();
    let fine = all.iter().find(|i| i.status() == Some(Status::OnTrack)).unwrap();
    let pos = |t: &str| text.find(&t.split_whitespace().take(2).collect::<Vec<_>>().join(" ")).unwrap();
    assert!(pos(&risky.title) < pos(&fine.title));
    assert!(text.contains("Behov fra ledelsen"));
    // Each initiative's latest report is printed with it.
    let latest = store::programme::reports(&app.db, app.tenant, risky.id).await.unwrap().pop().expect("the demo's initiative at risk has reported");
    let said: String = latest.happened.split_whitespace().take(3).collect::<Vec<_>>().join(" ");
    assert!(text.contains(&said), "{said}");

    let r = politician.get(format!("{}/programmes/{year}/portfolio.xlsx", app.url)).send().await.unwrap();
    assert_eq!(r.headers()["content-type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    let grid = export::read_grid("portefolje.xlsx", &r.bytes().await.unwrap()).unwrap();
    assert_eq!(grid[0][0], "Indsats");
    assert_eq!(grid.len(), all.len() + 1, "a row per initiative under the header");
    let buying = grid.iter().find(|row| row[0] == "Fælles indkøb og leverandørstyring").unwrap();
    assert_eq!(buying[6], "800000");
    let (status, _) = app.get(&politician, &format!("/programmes/{year}/nothing.txt")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

/// A status from a report older than the reports now overdue is said to be
/// old news, on the initiative's page and in the follow-up report, instead
/// of standing as how the initiative goes.
#[tokio::test]
async fn a_status_older_than_missing_reports_says_so() {
    let app = App::start().await;
    let year = this_year() as i64;
    let p = store::programme::programme(&app.db, app.tenant, year).await.unwrap().unwrap();
    let today = app.today();
    let c = app.sign_in("employee").await;
    let mut seen = (false, false);
    for i in store::programme::initiatives(&app.db, app.tenant, p.id).await.unwrap() {
        if i.latest.is_none() || i.is_done() {
            continue;
        }
        let reported: Vec<String> = store::programme::reports(&app.db, app.tenant, i.id).await.unwrap().into_iter().map(|r| r.period).collect();
        let overdue = domain::programme::report::overdue_since_latest(p.cadence, year as i32, &reported, i.starts_on, today);
        let (_, page) = app.get(&c, &format!("/initiatives/{}", i.id)).await;
        let stale = page.contains("og kan være forældet: rapporten for");
        assert_eq!(stale, !overdue.is_empty(), "{}: {overdue:?}", i.title);
        if stale {
            seen.0 = true;
        } else {
            seen.1 = true;
        }
    }
    assert!(seen.0 && seen.1, "the demo has initiatives whose reports stopped, and ones that are current");
}
