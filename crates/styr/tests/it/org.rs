//! The org pages and their permissions, per role.

use reqwest::StatusCode;

use crate::harness::{App, first_link};

#[tokio::test]
async fn everyone_sees_the_organisation() {
    let app = App::start().await;
    for role in ["employee", "unit_leader", "administrator"] {
        let c = app.sign_in(role).await;
        let (status, tree) = app.get(&c, "/org").await;
        assert_eq!(status, StatusCode::OK);
        assert!(tree.contains("Center for Dagtilbud") && tree.contains("Direktionen"), "{role}");
        let (status, chart) = app.get(&c, "/org/chart").await;
        assert_eq!(status, StatusCode::OK);
        assert!(chart.contains("Direktørområdet for Børn, Unge og Kultur"));
        let unit = first_link(&tree, "/units/");
        let (status, _) = app.get(&c, &unit).await;
        assert_eq!(status, StatusCode::OK);
        let person = first_link(&tree, "/people/");
        let (status, page) = app.get(&c, &person).await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains("Stillinger"));
    }
}

#[tokio::test]
async fn people_search_finds_danish_letters_and_pages() {
    let app = App::start().await;
    let c = app.sign_in("employee").await;
    let (_, all) = app.get(&c, "/people").await;
    assert!(all.contains("Side 1 af"), "a long list is paged");
    let (_, page2) = app.get(&c, "/people?page=2").await;
    assert!(page2.contains("Side 2 af"));
    // Upper-case Ø finds lower-case ø on both databases.
    let (_, found) = app.get(&c, "/people?q=S%C3%98RENSEN").await;
    assert!(found.contains("Sørensen"));
    let (_, none) = app.get(&c, "/people?q=%25%25zzz").await;
    assert!(none.contains("0 personer fundet"));
    // The count is the same on every page, also past the last.
    let (first, total) = store::org::search_people(&app.db, app.tenant, "centerchef", 5, 0).await.unwrap();
    assert_eq!((first.len(), total), (5, 9));
    let (last, total) = store::org::search_people(&app.db, app.tenant, "centerchef", 5, 5).await.unwrap();
    assert_eq!((last.len(), total), (4, 9));
    let (beyond, total) = store::org::search_people(&app.db, app.tenant, "centerchef", 5, 20).await.unwrap();
    assert_eq!((beyond.len(), total), (0, 9));
    // The pages search the copy in memory; it finds what the database finds, in the same order.
    let reference = store::reference::Cache::default().get(&app.db, app.tenant, 0).await.unwrap();
    for q in ["centerchef", "SØRENSEN", "", "%%zzz", "_", "hansen"] {
        for (limit, offset) in [(5, 0), (5, 5), (50, 20), (500, 0)] {
            let (rows, total) = store::org::search_people(&app.db, app.tenant, q, limit, offset).await.unwrap();
            let (kept, kept_total) = reference.search_people(q, limit, offset);
            assert_eq!(kept_total, total, "{q:?}");
            assert_eq!(kept.iter().map(|p| p.id).collect::<Vec<_>>(), rows.iter().map(|p| p.id).collect::<Vec<_>>(), "{q:?} {offset}");
        }
    }
}

async fn unit_id(app: &App, name: &str) -> i64 {
    store::org::units(&app.db, app.tenant).await.unwrap().into_iter().find(|u| u.name == name).unwrap().id
}

#[tokio::test]
async fn staff_lists_follow_the_tree() {
    let app = App::start().await;
    // The unit leader leads the first Børnehus in the demo.
    let leader_email = app.email("unit_leader").await;
    let person = store::org::search_people(&app.db, app.tenant, &leader_email, 1, 0).await.unwrap().0.remove(0);
    let led = store::org::led_units(&app.db, app.tenant, person.id).await.unwrap()[0];
    let sibling = unit_id(&app, "Dagplejen").await;
    let centre = unit_id(&app, "Center for Dagtilbud").await;
    let other_centre = unit_id(&app, "Center for Skole").await;

    let leader = app.sign_in("unit_leader").await;
    let (status, csv) = app.get(&leader, &format!("/units/{led}/staff.csv")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(csv.starts_with("\u{feff}\"Enhed\"") || csv.starts_with("\u{feff}Enhed"), "{}", &csv[..40]);
    assert!(csv.contains(&leader_email));
    let (_, page) = app.get(&leader, &format!("/units/{led}")).await;
    assert!(page.contains("Hent medarbejderliste"));
    for up_or_sideways in [sibling, centre] {
        let (status, _) = app.get(&leader, &format!("/units/{up_or_sideways}/staff.csv")).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (_, page) = app.get(&leader, &format!("/units/{up_or_sideways}")).await;
        assert!(!page.contains("Hent medarbejderliste"));
    }

    let chief = app.sign_in("centre_chief").await; // the first centre chief: Center for Politik og Organisation
    let (status, _) = app.get(&chief, &format!("/units/{other_centre}/staff.csv")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let employee = app.sign_in("employee").await;
    let (status, _) = app.get(&employee, &format!("/units/{led}/staff.csv")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    for role in ["administrator", "hr"] {
        let c = app.sign_in(role).await;
        let (status, csv) = app.get(&c, &format!("/units/{centre}/staff.csv")).await;
        assert_eq!(status, StatusCode::OK, "{role}");
        assert!(csv.contains("Dagplejen"), "the centre's list holds its units");
    }
    let denied = app.audit_actions().await.iter().filter(|a| *a == "access.denied").count();
    assert_eq!(denied, 4, "every refusal is in the audit log");
}

#[tokio::test]
async fn another_tenants_ids_are_not_found() {
    let app = App::start().await;
    let other = store::tenant::ensure(&app.db, "other", "Anden Kommune").await.unwrap();
    let grid: Vec<Vec<String>> = vec![
        vec!["enhed".into(), "navn".into(), "e-mail".into(), "leder".into()],
        vec!["Anden Kommune > Rådhuset".into(), "Hemmelig Person".into(), "h@anden.example".into(), "ja".into()],
    ];
    let plan = domain::org::import::plan(&grid).unwrap();
    store::org::apply_import(&app.db, other.id, &plan, &store::platform::audit::Actor::system("test")).await.unwrap();
    let foreign_unit = store::org::units(&app.db, other.id).await.unwrap()[1].id;
    let foreign_person = store::org::search_people(&app.db, other.id, "", 1, 0).await.unwrap().0[0].id;

    let c = app.sign_in("administrator").await;
    for path in [format!("/units/{foreign_unit}"), format!("/people/{foreign_person}"), format!("/units/{foreign_unit}/staff.csv")] {
        let (status, body) = app.get(&c, &path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(!body.contains("Hemmelig"));
    }
    let (_, tree) = app.get(&c, "/org").await;
    assert!(!tree.contains("Anden Kommune"));
    let (_, people) = app.get(&c, "/people?q=hemmelig").await;
    assert!(!people.contains("Hemmelig"));
}
