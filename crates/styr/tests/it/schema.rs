//! The two migrations must describe the same tables and columns.

#[tokio::test]
async fn sqlite_and_postgres_schemas_match() {
    if std::env::var("STYR_TEST_BACKEND").as_deref() != Ok("postgres") {
        // Needs both databases; the PostgreSQL run of the suite performs it.
        return;
    }
    let (pg, _) = crate::harness::fresh_db().await;
    let dir = std::env::temp_dir().join(format!("styr-schema-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let sqlite = store::Db::connect(&format!("sqlite://{}/s.db", dir.display())).await.unwrap();
    sqlite.migrate().await.unwrap();
    let a = sqlite.schema_columns().await.unwrap();
    let b = pg.schema_columns().await.unwrap();
    assert!(a.len() > 40);
    assert_eq!(a, b);
    // Running the migrations again is harmless.
    pg.migrate().await.unwrap();
    sqlite.migrate().await.unwrap();
    let _ = std::fs::remove_dir_all(dir);
}
