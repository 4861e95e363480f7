//! The `styr` binary's commands, run as a person would run them.

use std::process::{Command, Output};

use crate::harness::fresh_db_url;

fn styr(url: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_styr")).arg("--db").arg(url).args(args).env("STYR_LOG", "warn").output().unwrap()
}

fn styr_in(url: &str, tenant: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_styr")).arg("--db").arg(url).args(args).env("STYR_LOG", "warn").env("STYR_TENANT", tenant).output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).to_string()
}

#[tokio::test]
async fn demo_twice_gives_the_same_municipality() {
    let (db, dir, url) = fresh_db_url().await;
    let first = styr(&url, &["demo"]);
    assert!(first.status.success(), "{}", text(&first.stderr));
    let out = text(&first.stdout);
    for role in ["administrator", "secretariat", "hr", "director", "centre_chief", "unit_leader", "employee"] {
        assert!(out.lines().any(|l| l.starts_with(&format!("{role}\t")) && l.ends_with(styr::demo::DEMO_PASSWORD)), "{role} in {out}");
    }
    let tenant = store::tenant::by_slug(&db, "ishoj").await.unwrap().unwrap().id;
    let before = store::org::fingerprint(&db, tenant).await.unwrap();
    let programme = store::programme::fingerprint(&db, tenant).await.unwrap();
    assert!(before.1 >= 350, "about 400 people");
    assert!(programme.1 >= 8 && programme.3 > 0, "a work programme with initiatives and status reports");
    let second = styr(&url, &["demo"]);
    assert!(second.status.success());
    assert_eq!(store::org::fingerprint(&db, tenant).await.unwrap(), before, "no duplicates");
    assert_eq!(store::programme::fingerprint(&db, tenant).await.unwrap(), programme);
    assert_eq!(store::framework::versions(&db, tenant).await.unwrap().len(), 1);
    drop(dir);
}

#[tokio::test]
async fn import_on_the_command_line_reports_rows_in_the_chosen_language() {
    let (db, dir, url) = fresh_db_url().await;
    let files = std::env::temp_dir().join(format!("styr-cli-{}", store::new_secret()));
    std::fs::create_dir_all(&files).unwrap();
    let bad = files.join("bad.csv");
    std::fs::write(&bad, "enhed;navn;e-mail\nKommune > A;Anna;anna@k.example\n;Bo;bo@k.example\n").unwrap();
    let out = styr(&url, &["import", "org", bad.to_str().unwrap(), "--lang", "en"]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(err.contains("Row 3: The unit is missing."), "{err}");
    assert!(err.contains("Nothing was changed."));
    let out = styr(&url, &["import", "org", bad.to_str().unwrap()]);
    assert!(text(&out.stderr).contains("Række 3: Enheden mangler."));
    assert!(store::tenant::by_slug(&db, "ishoj").await.unwrap().is_none(), "nothing was written");

    let good = files.join("good.csv");
    std::fs::write(&good, "enhed;navn;e-mail;leder\nKommune > A;Anna;anna@k.example;ja\nKommune > A;Bo;bo@k.example;nej\n").unwrap();
    let out = styr(&url, &["import", "org", good.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("Importen er gennemført: 2 nye og 0 ændrede enheder, 2 nye og 0 ændrede personer, 2 stillinger."));
    let _ = std::fs::remove_dir_all(files);
    drop(dir);
}

#[tokio::test]
async fn accounts_tokens_and_backups() {
    let (db, dir, url) = fresh_db_url().await;
    assert!(styr(&url, &["demo"]).status.success());
    let out = styr(&url, &["user", "add", "ny@ishoj.example", "--password", "kort", "--roles", "hr"]);
    assert!(!out.status.success() && text(&out.stderr).contains("at least 10 characters"));
    let out = styr(&url, &["user", "add", "ny@ishoj.example", "--password", "et-langt-kodeord", "--roles", "hr,root"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let account = store::platform::accounts::by_email(&db, "ny@ishoj.example").await.unwrap().unwrap();
    assert_eq!(account.roles, "hr", "unknown roles are dropped");

    let out = styr(&url, &["user", "token", "ny@ishoj.example"]);
    assert!(out.status.success());
    let token = text(&out.stdout).trim().to_string();
    assert!(token.starts_with("styr_"));
    let found = store::platform::accounts::profile_for_token(&db, &token, store::platform::accounts::TokenKind::Api, store::now()).await.unwrap().unwrap();
    assert_eq!(found.0.account_id, account.id);
    let out = styr(&url, &["user", "token", "ingen@ishoj.example"]);
    assert!(!out.status.success());
    // A scope and a life; listed, and revoked.
    let out = styr(&url, &["user", "token", "ny@ishoj.example", "--label", "intranet", "--scope", "programme", "--days", "7"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let scoped = text(&out.stdout).trim().to_string();
    let (_, scope, _) =
        store::platform::accounts::profile_for_token(&db, &scoped, store::platform::accounts::TokenKind::Api, store::now()).await.unwrap().unwrap();
    assert_eq!(scope, "programme");
    assert!(
        store::platform::accounts::profile_for_token(&db, &scoped, store::platform::accounts::TokenKind::Api, store::now() + chrono::Duration::days(8))
            .await
            .unwrap()
            .is_none(),
        "expired after its days"
    );
    let out = styr(&url, &["user", "token", "ny@ishoj.example", "--scope", "everything"]);
    assert!(!out.status.success() && text(&out.stderr).contains("scope"), "{}", text(&out.stderr));
    let out = styr(&url, &["user", "tokens", "ny@ishoj.example"]);
    let listing = text(&out.stdout);
    assert!(listing.contains("intranet\tprogramme\texpires"), "{listing}");
    let id = listing.lines().find(|l| l.contains("intranet")).unwrap().split('\t').next().unwrap().to_string();
    assert!(styr(&url, &["user", "revoke", "ny@ishoj.example", &id]).status.success());
    assert!(
        store::platform::accounts::profile_for_token(&db, &scoped, store::platform::accounts::TokenKind::Api, store::now()).await.unwrap().is_none(),
        "revoked"
    );
    assert!(!styr(&url, &["user", "revoke", "ny@ishoj.example", &id]).status.success(), "once");

    // An e-mail that signs in to one municipality is not taken over from another.
    let before = store::platform::accounts::by_email(&db, "ny@ishoj.example").await.unwrap().unwrap();
    let out = styr_in(&url, "roskilde", &["user", "add", "ny@ishoj.example", "--password", "et-andet-kodeord", "--roles", "admin"]);
    assert!(!out.status.success() && text(&out.stderr).contains("another municipality"), "{}", text(&out.stderr));
    let after = store::platform::accounts::by_email(&db, "ny@ishoj.example").await.unwrap().unwrap();
    assert_eq!(
        (after.tenant_id, after.roles.as_str(), after.password_hash.as_deref()),
        (before.tenant_id, before.roles.as_str(), before.password_hash.as_deref())
    );

    let target = std::env::temp_dir().join(format!("styr-backup-{}", store::new_secret()));
    let out = styr(&url, &["backup", "--out", target.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let bytes = std::fs::read(&target).unwrap();
    if url.starts_with("sqlite") {
        // The copy is a database of its own with the same content.
        let copy = store::Db::connect(&format!("sqlite://{}", target.display())).await.unwrap();
        let t = store::tenant::by_slug(&copy, "ishoj").await.unwrap().unwrap().id;
        let t0 = store::tenant::by_slug(&db, "ishoj").await.unwrap().unwrap().id;
        assert_eq!(store::org::fingerprint(&copy, t).await.unwrap(), store::org::fingerprint(&db, t0).await.unwrap());
    } else {
        assert!(bytes.starts_with(b"PGDMP"), "a pg_dump archive");
    }
    // An existing file is never overwritten.
    let out = styr(&url, &["backup", "--out", target.to_str().unwrap()]);
    assert!(!out.status.success());

    // Restored into an empty database, the backup gives back every row.
    let (fresh, fresh_dir, fresh_url) = fresh_db_url().await;
    let out = styr(&fresh_url, &["restore", "--from", target.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with("restored "));
    let restored = store::Db::connect(&fresh_url).await.unwrap();
    assert_eq!(restored.checksums().await.unwrap(), db.checksums().await.unwrap(), "the same rows, table by table");
    restored.close().await;
    fresh.close().await;
    // A database that holds data is not overwritten unasked.
    let other = styr(&url, &["user", "add", "senere@ishoj.example", "--password", "et-langt-kodeord"]);
    assert!(other.status.success());
    let before = db.checksums().await.unwrap();
    let out = styr(&url, &["restore", "--from", target.to_str().unwrap()]);
    assert!(!out.status.success() && text(&out.stderr).contains("--force"), "{}", text(&out.stderr));
    assert_eq!(db.checksums().await.unwrap(), before, "nothing changed");
    db.close().await;
    let out = styr(&url, &["restore", "--from", target.to_str().unwrap(), "--force"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let db = store::Db::connect(&url).await.unwrap();
    assert!(store::platform::accounts::by_email(&db, "senere@ishoj.example").await.unwrap().is_none(), "back to the backup");
    // Something that is no backup is refused.
    let junk = std::env::temp_dir().join(format!("styr-junk-{}", store::new_secret()));
    std::fs::write(&junk, b"not a backup").unwrap();
    let out = styr(&url, &["restore", "--from", junk.to_str().unwrap(), "--force"]);
    assert!(!out.status.success() && text(&out.stderr).contains("not a"), "{}", text(&out.stderr));
    let _ = std::fs::remove_file(junk);
    let _ = std::fs::remove_file(target);
    drop(fresh_dir);
    drop(dir);
}
