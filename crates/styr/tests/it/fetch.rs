//! Fetching indicators from the statistics' APIs (issue 15): a real HTTP
//! server on loopback answers as Statistikbank and Jobindsats do, with the
//! responses recorded in tests/fixtures, so no network is needed. A broken or
//! changed answer, a missing or wrong token: a clear error, nothing changed.
//! And the worker's schedule runs the fetch through the job queue.

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;

use crate::harness::App;

const RAS200: &str = include_str!("../fixtures/statbank-ras200.csv");
const RAS200_BROKEN: &str = include_str!("../fixtures/statbank-ras200-broken.csv");
const Y30R21: &str = include_str!("../fixtures/jobindsats-y30r21.json");
const Y30R21_CHANGED: &str = include_str!("../fixtures/jobindsats-y30r21-changed.json");

/// The two sources on loopback; `broken` makes them answer as they do when something is wrong.
async fn sources(broken: Arc<Mutex<bool>>, asked: Arc<Mutex<Vec<String>>>) -> service::policy::fetch::Sources {
    let (b1, b2, a1) = (broken.clone(), broken, asked);
    let app = Router::new()
        .route(
            "/statbank/data",
            post(move |body: String| {
                let (broken, asked) = (b1.clone(), a1.clone());
                async move {
                    asked.lock().unwrap().push(body);
                    if *broken.lock().unwrap() { (StatusCode::BAD_REQUEST, RAS200_BROKEN) } else { (StatusCode::OK, RAS200) }
                }
            }),
        )
        .route(
            "/jobindsats/data/y30r21/json",
            post(move |headers: HeaderMap| {
                let broken = b2.clone();
                async move {
                    if headers.get("authorization").and_then(|v| v.to_str().ok()) != Some("hemmelig-noegle") {
                        return (StatusCode::UNAUTHORIZED, "{\"message\":\"Invalid token\"}");
                    }
                    if *broken.lock().unwrap() { (StatusCode::OK, Y30R21_CHANGED) } else { (StatusCode::OK, Y30R21) }
                }
            }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    service::policy::fetch::Sources {
        statbank: format!("http://{addr}/statbank"),
        jobindsats: format!("http://{addr}/jobindsats"),
        jobindsats_token: "hemmelig-noegle".into(),
    }
}

async fn indicator(app: &App, key: &str) -> store::policy::Indicator {
    store::policy::indicators(&app.db, app.tenant).await.unwrap().into_iter().find(|i| i.def.key == key).unwrap()
}

#[tokio::test]
async fn figures_are_fetched_from_both_apis_and_a_bad_answer_changes_nothing() {
    let app = App::start().await;
    let broken = Arc::new(Mutex::new(false));
    let asked = Arc::new(Mutex::new(vec![]));
    let sources = sources(broken.clone(), asked.clone()).await;
    let actor = store::platform::audit::Actor::system("test");
    let ras = indicator(&app, "beskaeftigelsesfrekvens").await;
    // Statistikbank: asked for the table, every area of the comparison, one age and sex, every year.
    let n = service::policy::fetch::fetch(&app.db, app.tenant, &ras, &sources, &actor).await.unwrap();
    assert!(n > 0);
    let body: serde_json::Value = serde_json::from_str(&asked.lock().unwrap()[0]).unwrap();
    assert_eq!(body["table"], "RAS200");
    assert_eq!(body["format"], "CSV");
    assert_eq!(body["variables"][0]["values"].as_array().unwrap().len(), 10);
    assert!(body["variables"].as_array().unwrap().iter().any(|v| v["code"] == "KØN" && v["values"][0] == "TOT"));
    let values = store::policy::values(&app.db, app.tenant, ras.id, &["183".into()]).await.unwrap();
    let v2015 = values.iter().find(|v| v.period == "2015").unwrap();
    assert_eq!((v2015.value, v2015.source.as_str()), (Some(66.0), "statistikbank API"));
    // Jobindsats: with the token, the benchmark's actual and expected values.
    let y30 = indicator(&app, "a-dagpenge-forventet").await;
    service::policy::fetch::fetch(&app.db, app.tenant, &y30, &sources, &actor).await.unwrap();
    let values = store::policy::values(&app.db, app.tenant, y30.id, &["183".into()]).await.unwrap();
    assert!(values.iter().any(|v| v.source == "jobindsats API" && v.value == Some(566.0) && v.expected == Some(461.0)), "{values:?}");
    // No token, a wrong one, an error from Statistikbank, a changed table: each says why, and nothing changes.
    let rows = app.rows().await;
    let none = service::policy::fetch::Sources { jobindsats_token: String::new(), ..sources.clone() };
    let e = service::policy::fetch::fetch(&app.db, app.tenant, &y30, &none, &actor).await.unwrap_err();
    assert!(e.to_string().contains("no Jobindsats token is configured"), "{e}");
    let wrong = service::policy::fetch::Sources { jobindsats_token: "forkert".into(), ..sources.clone() };
    let e = service::policy::fetch::fetch(&app.db, app.tenant, &y30, &wrong, &actor).await.unwrap_err();
    assert!(e.to_string().contains("answered 401"), "{e}");
    *broken.lock().unwrap() = true;
    let e = service::policy::fetch::fetch(&app.db, app.tenant, &ras, &sources, &actor).await.unwrap_err();
    assert!(e.to_string().contains("answered 400") && e.to_string().contains("Der skal vælges værdier for variabel: KØN"), "{e}");
    let e = service::policy::fetch::fetch(&app.db, app.tenant, &y30, &sources, &actor).await.unwrap_err();
    assert!(e.to_string().contains("is not the indicator's table"), "{e}");
    assert_eq!(app.rows().await, rows);
    // An indicator styr works out itself has no API to ask.
    let computed = indicator(&app, "jobordrer-besat").await;
    assert!(service::policy::fetch::fetch(&app.db, app.tenant, &computed, &sources, &actor).await.is_err());
}

#[tokio::test]
async fn the_worker_queues_a_fetch_on_a_release_day_and_the_job_queue_runs_it() {
    let app = App::start().await;
    let sources = sources(Arc::new(Mutex::new(false)), Arc::new(Mutex::new(vec![]))).await;
    let ras = indicator(&app, "beskaeftigelsesfrekvens").await;
    let before = store::policy::values(&app.db, app.tenant, ras.id, &["183".into()]).await.unwrap();
    assert!(before.iter().all(|v| v.source != "statistikbank API"));
    // Not a release day: nothing queued. RAS200's day (26 November): queued once, however often the worker looks.
    let plain = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    assert_eq!(service::policy::fetch::schedule(&app.db, plain).await.unwrap(), 0);
    let release = chrono::NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    assert_eq!(service::policy::fetch::schedule(&app.db, release).await.unwrap(), 1);
    assert_eq!(service::policy::fetch::schedule(&app.db, release).await.unwrap(), 0);
    let db = app.db.clone();
    let s = sources.clone();
    let run = move |tenant: Option<i64>, payload: String| {
        let (db, s) = (db.clone(), s.clone());
        Box::pin(async move { service::policy::fetch::run_job(&db, tenant.unwrap_or_default(), &payload, &s).await })
            as std::pin::Pin<Box<dyn std::future::Future<Output = anyhow::Result<()>> + Send>>
    };
    jobs::run_due_with(&app.db, None, &[(service::policy::fetch::JOB, &run)]).await.unwrap();
    let after = store::policy::values(&app.db, app.tenant, ras.id, &["183".into()]).await.unwrap();
    assert!(after.iter().any(|v| v.source == "statistikbank API" && v.period == "2015"));
    let (done, _) = store::platform::jobs::listed(&app.db, app.tenant, service::policy::fetch::JOB, Some("done"), 10, 0).await.unwrap();
    assert_eq!(done.len(), 1);
}

/// A source on loopback that answers by hand: a redirect (to itself, where
/// each visit is counted) or an endless answer without a length.
async fn unruly(visits: Arc<Mutex<usize>>) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let visits = visits.clone();
            tokio::spawn(async move {
                let mut head = vec![0u8; 8192];
                let n = socket.read(&mut head).await.unwrap_or(0);
                let request = String::from_utf8_lossy(&head[..n]).to_string();
                if request.starts_with("POST /redirect/") {
                    let answer = format!("HTTP/1.1 302 Found\r\nLocation: http://{addr}/elsewhere/data\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                    let _ = socket.write_all(answer.as_bytes()).await;
                } else if request.starts_with("POST /endless/") {
                    let _ = socket.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: text/csv\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n").await;
                    let piece = vec![b'x'; 1 << 20];
                    // Far past the cap; the client is to stop reading long before.
                    for _ in 0..200 {
                        if socket.write_all(format!("{:x}\r\n", piece.len()).as_bytes()).await.is_err()
                            || socket.write_all(&piece).await.is_err()
                            || socket.write_all(b"\r\n").await.is_err()
                        {
                            return;
                        }
                    }
                    let _ = socket.write_all(b"0\r\n\r\n").await;
                } else {
                    *visits.lock().unwrap() += 1;
                    let _ = socket.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").await;
                }
            });
        }
    });
    format!("http://{addr}")
}

#[tokio::test]
async fn a_redirect_is_not_followed_and_an_endless_answer_is_cut_off() {
    let app = App::start().await;
    let visits = Arc::new(Mutex::new(0));
    let base = unruly(visits.clone()).await;
    let actor = store::platform::audit::Actor::system("test");
    let ras = indicator(&app, "beskaeftigelsesfrekvens").await;
    let before = store::policy::values(&app.db, app.tenant, ras.id, &["183".into()]).await.unwrap();
    let to = |path: &str| service::policy::fetch::Sources { statbank: format!("{base}/{path}"), jobindsats: String::new(), jobindsats_token: String::new() };
    let e = service::policy::fetch::fetch(&app.db, app.tenant, &ras, &to("redirect"), &actor).await.unwrap_err();
    assert!(matches!(e, service::policy::fetch::FetchError::Status(302, _)), "{e}");
    assert_eq!(*visits.lock().unwrap(), 0, "only the configured address is asked");
    let e = service::policy::fetch::fetch(&app.db, app.tenant, &ras, &to("endless"), &actor).await.unwrap_err();
    assert!(e.to_string().contains("larger than 64 MB"), "{e}");
    assert_eq!(store::policy::values(&app.db, app.tenant, ras.id, &["183".into()]).await.unwrap(), before, "nothing changed");
}
