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
