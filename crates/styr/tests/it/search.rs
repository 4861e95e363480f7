//! Danish full-text search: inflected forms find each other, results
//! respect who may read them, and closed items never leak.

use reqwest::StatusCode;

use crate::harness::App;

#[tokio::test]
async fn danish_search_finds_inflections_and_respects_permissions() {
    let app = App::start().await;
    let sec = app.sign_in("secretariat").await;
    // The demo has "Fælles retningslinjer for rekruttering af ledere".
    for q in ["retningslinjer", "retningslinjerne", "RETNINGSLINJE"] {
        let (status, page) = app.get(&sec, &format!("/search?q={q}")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains("Fælles retningslinjer for rekruttering af ledere"), "{q}");
    }
    // Every word must occur.
    let (_, page) = app.get(&sec, "/search?q=retningslinjer+klimatilpasning").await;
    assert!(page.contains("Møder og beslutninger: 0 fundet."));
    // Minutes are searched too.
    let (_, page) = app.get(&sec, "/search?q=godkendt").await;
    assert!(page.contains("Beslutning") && page.contains("Indstillingen blev godkendt."));

    // A closed item is found by the forum's members, never by other readers.
    let director = app.sign_in("director").await;
    let (_, page) = app.get(&director, "/search?q=lederevaluering").await;
    assert!(page.contains("Lederevaluering: tidsplan og spørgeramme"));
    let leader = app.sign_in("unit_leader").await;
    let (_, page) = app.get(&leader, "/search?q=lederevaluering&tab=meetings").await;
    assert!(!page.contains("Lederevaluering: tidsplan") && page.contains("Møder og beslutninger: 0 fundet."), "{page}");
    let (_, page) = app.get(&leader, "/search?q=spørgeramme&tab=meetings").await;
    assert!(!page.contains("spørgeramme</a>"));

    // Employees find decisions communicated to them, not the forums' items.
    let employee = app.sign_in("employee").await;
    let (_, page) = app.get(&employee, "/search?q=indstillingen&tab=meetings").await;
    assert!(!page.contains("Dagsordenspunkt</span>"), "no agenda items from forums they cannot read");
    // Text that is not a word gives an empty result, not an error.
    let (status, _) = app.get(&employee, "/search?q=%22%29%28*%3A").await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn leaders_find_the_decisions_that_reach_their_units() {
    let app = App::start().await;
    let scope = app.scope_of("unit_leader").await;
    let unit = app.viewer_of("unit_leader").await.led_units()[0];
    // A decision reaching the unit, and one on a closed item of a forum the
    // leader does not sit in.
    let (mut open, mut closed) = (None, None);
    for (d, _, _) in store::meetings::decisions::awaiting(&app.db, app.tenant, &app.every().scope, &[unit]).await.unwrap() {
        if !d.closed {
            open.get_or_insert(d);
        } else if !scope.reads_closed(d.forum_id) {
            closed.get_or_insert(d);
        }
    }
    let d = open.expect("an open decision reaches the unit");
    let c = app.sign_in("unit_leader").await;
    let (status, page) = app.get(&c, &format!("/search?q={}&tab=meetings", crate::harness::query(&d.title))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(&format!("href=\"/decisions/{}\"", d.id)), "the decision reaching the unit is found");
    // A decision on a closed item stays with the forum's members, reach or not.
    let closed = closed.expect("the demo has a closed decision reaching the unit");
    let (status, page) = app.get(&c, &format!("/search?q={}&tab=meetings", crate::harness::query(&closed.title))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!page.contains(&format!("href=\"/decisions/{}\"", closed.id)));
}

#[tokio::test]
async fn many_hits_come_a_page_at_a_time_newest_first() {
    let app = App::start().await;
    let sec = app.sign_in("secretariat").await;
    // Nearly every agenda item of the demo carries a recommendation.
    let (_, first) = app.get(&sec, "/search?q=indstilling").await;
    assert!(first.contains("Viser 1–25."), "{first}");
    assert!(first.contains("page=2\">Næste</a>") && !first.contains(">Forrige</a>"));
    let (_, second) = app.get(&sec, "/search?q=indstilling&page=2").await;
    assert!(second.contains("Viser 26–") && second.contains("page=1\">Forrige</a>"), "{second}");
    let links = |page: &str| page.split("<li><span class=\"styr-badge\">").skip(1).map(|s| s.split("\">").next().unwrap().to_string()).collect::<Vec<_>>();
    let (a, b) = (links(&first), links(&second));
    assert_eq!(a.len(), 25);
    assert!(!b.is_empty() && b.iter().all(|l| !a.contains(l)), "the second page goes on where the first stopped");
    // A page past the end says so instead of failing; a nonsense page is the first.
    let (status, past) = app.get(&sec, "/search?q=indstilling&page=200").await;
    assert_eq!(status, StatusCode::OK);
    assert!(past.contains("Der er ikke flere resultater.") && past.contains(">Forrige</a>") && !past.contains(">Næste</a>"));
    let (status, _) = app.get(&sec, "/search?q=indstilling&page=-3").await;
    assert_eq!(status, StatusCode::OK);
}

/// A Danish compound begins with its first part: searching for the first
/// part finds the compound. A search that finds nothing says where to look.
#[tokio::test]
async fn the_first_part_of_a_compound_finds_it_and_no_results_point_onwards() {
    let app = App::start().await;
    let sec = app.sign_in("secretariat").await;
    let count = |page: &str| page.split("<li><span class=\"styr-badge\">").count() - 1;
    let (_, whole) = app.get(&sec, "/search?q=budgetopf%C3%B8lgningen&tab=meetings").await;
    let (_, part) = app.get(&sec, "/search?q=budget&tab=meetings").await;
    assert!(count(&whole) > 0, "the demo has a budget follow-up");
    assert!(count(&part) >= count(&whole), "\"budget\" finds at least what \"budgetopfølgningen\" finds");
    let (_, page) = app.get(&sec, "/search?q=rekrut&tab=meetings").await;
    assert!(page.contains("Fælles retningslinjer for rekruttering af ledere"));
    let (_, none) = app.get(&sec, "/search?q=klimatilpasning%20havne").await;
    assert!(none.contains("Møder og beslutninger: 0 fundet."));
    assert!(none.contains("href=\"/decisions?q=klimatilpasning%20havne\"") && none.contains("Prøv også"), "where to look next");
}

/// Parts inside and at the end of a compound find it on both databases
/// ("opfølgning" finds "Status på budgetopfølgningen"), including in
/// documents written before parts were indexed, once the worker has
/// rewritten them.
#[tokio::test]
async fn a_part_inside_a_compound_finds_it_once_the_index_is_current() {
    let app = App::start().await;
    let sec = app.sign_in("secretariat").await;
    let finds = |page: &str| page.contains("Status på budgetopfølgningen</a>");
    let (_, page) = app.get(&sec, "/search?q=opf%C3%B8lgning+status&tab=meetings").await;
    assert!(finds(&page), "{page}");
    let (_, page) = app.get(&sec, "/search?q=opf%C3%B8lgningen&tab=meetings").await;
    assert!(finds(&page));

    // Documents of the old scheme are rewritten in batches until none is left.
    sqlx_exec(&app, "UPDATE search_docs SET scheme = 1").await;
    let mut rounds = 0;
    while store::search::reindex_stale(&app.db, 5).await.unwrap() > 0 {
        rounds += 1;
    }
    assert!(rounds > 1, "more than one batch of five meetings");
    let stale = store::search::reindex_stale(&app.db, 5).await.unwrap();
    assert_eq!(stale, 0);
    let (_, page) = app.get(&sec, "/search?q=opf%C3%B8lgning+status&tab=meetings").await;
    assert!(finds(&page));
}

async fn sqlx_exec(app: &App, sql: &'static str) {
    match &app.db {
        store::Db::Sqlite(p) => {
            sqlx::query(sql).execute(p).await.unwrap();
        }
        store::Db::Pg(p) => {
            sqlx::query(sql).execute(p).await.unwrap();
        }
    }
}

fn tab_count(page: &str, label: &str) -> String {
    let at = page.find(&format!("<span>{label} (")).unwrap_or_else(|| panic!("tab {label} in {page}"));
    let rest = &page[at + label.len() + 8..];
    rest[..rest.find(')').unwrap()].to_string()
}

/// One search over every kind of thing, a tab each with its count, opening
/// on the first that found something.
#[tokio::test]
async fn one_search_has_a_tab_per_kind_with_counts() {
    let app = App::start().await;
    let leader = app.sign_in("unit_leader").await;

    // A unit: found by a word of its name, and the search opens on units.
    let (status, page) = app.get(&leader, "/search?q=dagtilbud").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("aria-current=\"page\"><span>Enheder ("), "the units tab is open: {page}");
    assert!(page.contains("Center for Dagtilbud</a>"));
    assert_ne!(tab_count(&page, "Enheder"), "0");
    for tab in ["Møder og beslutninger", "Personer", "Enheder", "Indsatser", "Statusrapporter", "Årshjul", "Værdigrundlag"] {
        tab_count(&page, tab);
    }

    // A person, by a part of their title or name.
    let someone = store::org::search_people(&app.db, app.tenant, "", 1, 0).await.unwrap().0.remove(0);
    let (_, page) = app.get(&leader, &format!("/search?q={}&tab=people", crate::harness::query(&someone.name))).await;
    assert!(page.contains(&format!("href=\"/people/{}\"", someone.id)), "{page}");

    // Initiatives, their status reports and the årshjul's dates.
    let (_, page) = app.get(&leader, "/search?q=klimatilpasning&tab=initiatives").await;
    assert!(page.contains("Klimatilpasning og grøn omstilling af kommunens drift</a>") && page.contains("Arbejdsprogram "));
    let (_, page) = app.get(&leader, "/search?q=n%C3%B8glepersoner&tab=reports").await;
    assert!(page.contains("Statusrapport</span>") && page.contains("#reports\">"), "{page}");
    let (_, page) = app.get(&leader, "/search?q=halv%C3%A5rsregnskab&tab=aarshjul").await;
    assert!(page.contains("Halvårsregnskab</a>"), "{page}");
    assert_ne!(tab_count(&page, "Årshjul"), "0");

    // The framework, found inside its words and linked to its place.
    let (_, page) = app.get(&leader, "/search?q=mangfoldighed&tab=framework").await;
    assert!(page.contains("href=\"/framework#"), "{page}");

    // A word no one wrote: every tab says 0, and the page says where to look.
    let (_, page) = app.get(&leader, "/search?q=xylofonkoncert").await;
    for tab in ["Møder og beslutninger", "Personer", "Enheder", "Indsatser", "Statusrapporter", "Årshjul", "Værdigrundlag"] {
        assert_eq!(tab_count(&page, tab), "0", "{tab}");
    }
    assert!(page.contains("Prøv også"));
}

/// The årshjul tab shows a forum's meetings only to those whose wheel holds
/// them, and the meetings tab counts only what the reader may open.
#[tokio::test]
async fn every_tab_is_in_the_readers_permissions() {
    let app = App::start().await;
    let sec = app.sign_in("secretariat").await;
    let employee = app.sign_in("employee").await;
    let (_, all) = app.get(&sec, "/search?q=koncernledelsesm%C3%B8de&tab=aarshjul").await;
    let (_, some) = app.get(&employee, "/search?q=koncernledelsesm%C3%B8de&tab=aarshjul").await;
    assert_ne!(tab_count(&all, "Årshjul"), "0");
    assert_eq!(tab_count(&some, "Årshjul"), "0", "an employee does not see the executive board's meetings on the wheel");
    let (_, all) = app.get(&sec, "/search?q=indstilling").await;
    let (_, some) = app.get(&employee, "/search?q=indstilling").await;
    let n = |page: &str| tab_count(page, "Møder og beslutninger").parse::<i64>().unwrap();
    assert!(n(&some) < n(&all), "an employee counts only the decisions that reach them");
}
