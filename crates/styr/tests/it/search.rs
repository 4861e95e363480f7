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
    assert!(page.contains("0 resultater"));
    // Minutes are searched too.
    let (_, page) = app.get(&sec, "/search?q=godkendt").await;
    assert!(page.contains("Beslutning") && page.contains("Indstillingen blev godkendt."));

    // A closed item is found by the forum's members, never by other readers.
    let director = app.sign_in("director").await;
    let (_, page) = app.get(&director, "/search?q=lederevaluering").await;
    assert!(page.contains("Lederevaluering: tidsplan og spørgeramme"));
    let leader = app.sign_in("unit_leader").await;
    let (_, page) = app.get(&leader, "/search?q=lederevaluering").await;
    assert!(!page.contains("Lederevaluering") && page.contains("0 resultater"));
    let (_, page) = app.get(&leader, "/search?q=spørgeramme").await;
    assert!(!page.contains("spørgeramme</a>"));

    // Employees find decisions communicated to them, not the forums' items.
    let employee = app.sign_in("employee").await;
    let (_, page) = app.get(&employee, "/search?q=indstillingen").await;
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
    let (status, page) = app.get(&c, &format!("/search?q={}", crate::harness::query(&d.title))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(&format!("href=\"/decisions/{}\"", d.id)), "the decision reaching the unit is found");
    // A decision on a closed item stays with the forum's members, reach or not.
    let closed = closed.expect("the demo has a closed decision reaching the unit");
    let (status, page) = app.get(&c, &format!("/search?q={}", crate::harness::query(&closed.title))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!page.contains(&format!("href=\"/decisions/{}\"", closed.id)));
}

#[tokio::test]
async fn many_hits_come_a_page_at_a_time_newest_first() {
    let app = App::start().await;
    let sec = app.sign_in("secretariat").await;
    // Nearly every agenda item of the demo carries a recommendation.
    let (_, first) = app.get(&sec, "/search?q=indstilling").await;
    assert!(first.contains("Resultat 1–25, de nyeste først."), "{first}");
    assert!(first.contains("page=2\">Næste</a>") && !first.contains(">Forrige</a>"));
    let (_, second) = app.get(&sec, "/search?q=indstilling&page=2").await;
    assert!(second.contains("Resultat 26–") && second.contains("page=1\">Forrige</a>"), "{second}");
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
    let (_, whole) = app.get(&sec, "/search?q=budgetopf%C3%B8lgningen").await;
    let (_, part) = app.get(&sec, "/search?q=budget").await;
    assert!(count(&whole) > 0, "the demo has a budget follow-up");
    assert!(count(&part) >= count(&whole), "\"budget\" finds at least what \"budgetopfølgningen\" finds");
    let (_, page) = app.get(&sec, "/search?q=rekrut").await;
    assert!(page.contains("Fælles retningslinjer for rekruttering af ledere"));
    let (_, none) = app.get(&sec, "/search?q=klimatilpasning%20havne").await;
    assert!(none.contains("0 resultater"));
    assert!(
        none.contains("href=\"/people?q=klimatilpasning%20havne\"") && none.contains("href=\"/decisions?q=klimatilpasning%20havne\""),
        "where to look next"
    );
}
