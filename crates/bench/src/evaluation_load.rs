//! The leader evaluation under load: a closed round with a leader rated by
//! 40 people (for the report's route), and an open round with thousands of
//! invitations, whose raters submit through the real server: GET the
//! questionnaire by the personal link, POST every answer. One run kills the
//! server with SIGKILL in the middle and then checks that every submission
//! it answered with a redirect (2xx/3xx) is in the database.

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use chrono::Duration as Days;
use domain::evaluation::anonymity::{Group, Minimums};
use domain::evaluation::questionnaire::{Answer, from_framework};
use domain::evaluation::round::{Release, Settings};
use store::Db;
use store::evaluation::{self as ev, Draft, NewSubject};
use store::platform::audit::Actor;
use tokio::sync::Mutex;

const REPORT_ROUND: &str = "Benchmark: rapport med 40 svar";
const OPEN_ROUND: &str = "Benchmark: åben runde";

fn settings(title: &str, opens: chrono::NaiveDate) -> Settings {
    Settings {
        title: title.into(),
        opens_on: opens,
        closes_on: opens + Days::days(400),
        minimums: Minimums::default(),
        peer_cap: 5,
        release: Release::AtClose,
        retention_months: 120,
    }
}

/// A closed round about one leader, answered by 40 raters (the manager, 30
/// employees, 8 peers and the leader); returns the report's id.
pub async fn seed_report(db: &Db, tenant: i64) -> Result<i64> {
    let actor = Actor::system("bench");
    let today = chrono::Utc::now().date_naive();
    let version = store::framework::version(db, tenant, None).await?.context("no framework")?;
    let items = from_framework(&store::framework::elements(db, tenant, version.id).await?);
    let round = ev::create_round(db, tenant, &settings(REPORT_ROUND, today - Days::days(30)), version.id, &items, &actor).await?;
    let people = store::org::search_people(db, tenant, "", 60, 0).await?.0;
    let leader = people[0].id;
    let mut raters = vec![(people[1].id, Group::Manager)];
    raters.extend(people[2..32].iter().map(|p| (p.id, Group::Employees)));
    raters.extend(people[32..40].iter().map(|p| (p.id, Group::Peers)));
    raters.push((leader, Group::Own));
    let unit = store::org::units(db, tenant).await?.first().context("no unit")?.id;
    let subject = NewSubject { person: leader, unit, manager: Some(people[1].id), name: people[0].name.clone(), unit_name: "Benchmark".into(), raters };
    ev::add_subjects(db, tenant, round, 1, &[subject], &actor).await?;
    let v = ev::round(db, tenant, round).await?.context("round")?.version;
    ev::open_round(db, tenant, round, v, today - Days::days(30), &actor).await?;
    let s = ev::subjects(db, tenant, round).await?.remove(0);
    let stored = ev::items(db, tenant, round).await?;
    for (k, inv) in ev::invitees(db, tenant, s.id).await?.into_iter().enumerate() {
        let token = store::new_secret();
        ev::add_link(db, tenant, inv.id, &token).await?;
        let a = ev::answering(db, &token).await?.context("link")?;
        let mut draft = Draft::default();
        for (n, i) in stored.iter().enumerate() {
            if i.item.wording(inv.grp).is_some() {
                let v = ((k + n) % 5 + 1) as u8;
                draft.answers.insert(i.id, if (k + n) % 17 == 0 { Answer::DontKnow } else { Answer::Scale(v) });
            }
        }
        if inv.grp == Group::Employees && k % 4 == 0 {
            draft.comments.insert(stored[0].item.statement_key.clone(), format!("Kommentar {k}. Godt samarbejde."));
        }
        ev::save_answers(db, &a, &draft, true, today - Days::days(20)).await?;
    }
    ev::close_round(db, tenant, round, today - Days::days(1), &actor).await?;
    Ok(s.id)
}

/// The report seeded by `seed_report`.
pub async fn report(db: &Db, tenant: i64) -> Result<i64> {
    let round = ev::rounds(db, tenant).await?.into_iter().find(|r| r.title == REPORT_ROUND).context("seed the report first")?;
    Ok(ev::subjects(db, tenant, round.id).await?.first().context("no subject")?.id)
}

/// An open round with at least `raters` invitations over the leaders, made
/// once; returns a fresh personal link for each of `count` invitations from
/// the `from`-th (a link is made as the mailer makes it).
pub async fn open_links(db: &Db, tenant: i64, raters: usize, from: usize, count: usize) -> Result<Vec<String>> {
    let actor = Actor::system("bench");
    let round = match ev::rounds(db, tenant).await?.into_iter().find(|r| r.title == OPEN_ROUND) {
        Some(r) => r.id,
        None => {
            let today = chrono::Utc::now().date_naive();
            let version = store::framework::version(db, tenant, None).await?.context("no framework")?;
            let items = from_framework(&store::framework::elements(db, tenant, version.id).await?);
            let id = ev::create_round(db, tenant, &settings(OPEN_ROUND, today - Days::days(1)), version.id, &items, &actor).await?;
            let units = store::org::units(db, tenant).await?;
            let org = domain::evaluation::raters::Org {
                units: units.iter().map(|u| (u.id, u.parent_id)).collect(),
                positions: store::org::positions(db, tenant).await?,
            };
            let leaders: Vec<i64> = org.positions.iter().filter(|p| p.2 == domain::org::PositionKind::Leader).map(|p| p.0).collect();
            let mut chosen = vec![];
            let mut count = 0;
            for p in domain::evaluation::raters::propose(&org, &leaders, 5) {
                if count >= raters {
                    break;
                }
                count += p.raters.len();
                chosen.push(NewSubject {
                    person: p.leader,
                    unit: p.unit,
                    manager: p.manager,
                    name: format!("Leder {}", p.leader),
                    unit_name: String::new(),
                    raters: p.raters,
                });
            }
            ev::add_subjects(db, tenant, id, 1, &chosen, &actor).await?;
            let v = ev::round(db, tenant, id).await?.context("round")?.version;
            ev::open_round(db, tenant, id, v, today - Days::days(1), &actor).await?;
            id
        }
    };
    let mut links = vec![];
    let mut k = 0;
    for s in ev::subjects(db, tenant, round).await? {
        for inv in ev::invitees(db, tenant, s.id).await? {
            if links.len() >= count {
                return Ok(links);
            }
            k += 1;
            if k <= from {
                continue;
            }
            let token = store::new_secret();
            ev::add_link(db, tenant, inv.id, &token).await?;
            links.push(token);
        }
    }
    if links.len() < count {
        bail!("only {} invitations in the open round", k);
    }
    Ok(links)
}

/// What a run of submissions measured.
pub struct Submitted {
    pub done: usize,
    pub wall: Duration,
    /// The POSTs' latencies as the client saw them, in ms.
    pub post_ms: Vec<f64>,
    /// The tokens whose answers the server confirmed (the browser's own,
    /// for which the mailed link was swapped).
    pub confirmed: Vec<String>,
    /// Requests that failed (the server killed, for example).
    pub failed: usize,
}

/// `clients` raters at a time open their link, read the questionnaire and
/// send every answer; until `links` are used up or `stop_after` passes.
pub async fn submit(base: &str, links: Vec<String>, clients: usize, stop_after: Option<Duration>, value: u8) -> Result<Submitted> {
    let queue = Arc::new(Mutex::new(links));
    let start = Instant::now();
    let mut tasks = vec![];
    for _ in 0..clients {
        let queue = queue.clone();
        let base = base.to_string();
        tasks.push(tokio::spawn(async move {
            let mut post_ms = vec![];
            let mut confirmed = vec![];
            let mut failed = 0;
            loop {
                if stop_after.is_some_and(|s| start.elapsed() > s) {
                    break;
                }
                let Some(token) = queue.lock().await.pop() else { break };
                match one(&base, &token, value).await {
                    Ok((ms, own)) => {
                        post_ms.push(ms);
                        confirmed.push(own);
                    }
                    Err(_) => failed += 1,
                }
            }
            (post_ms, confirmed, failed)
        }));
    }
    let mut out = Submitted { done: 0, wall: Duration::ZERO, post_ms: vec![], confirmed: vec![], failed: 0 };
    for t in tasks {
        let (p, c, f) = t.await?;
        out.post_ms.extend(p);
        out.confirmed.extend(c);
        out.failed += f;
    }
    out.done = out.confirmed.len();
    out.wall = start.elapsed();
    Ok(out)
}

/// One rater: the link's page and its button, the questionnaire, the
/// answers. Returns the POST's latency and the browser's own secret.
async fn one(base: &str, token: &str, value: u8) -> Result<(f64, String)> {
    let client = reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build()?;
    let page = client.get(format!("{base}/evaluation/answer?t={token}")).send().await?.text().await?;
    let nonce = page.split("name=\"nonce\" value=\"").nth(1).and_then(|s| s.split('"').next()).context("no button on the link's page")?.to_string();
    let r = client.post(format!("{base}/evaluation/answer/open")).form(&[("t", token), ("nonce", nonce.as_str())]).send().await?;
    if r.status() != reqwest::StatusCode::SEE_OTHER {
        bail!("the link answered {}", r.status());
    }
    let own = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|c| c.to_str().ok()?.strip_prefix("styr_answer=")?.split(';').next().map(str::to_string))
        .find(|t| !t.is_empty())
        .context("no cookie for the link")?;
    let page = client.get(format!("{base}/evaluation/answer")).send().await?.text().await?;
    // The questionnaire's own token, not the language switch's in the header.
    let form = page.find("action=\"/evaluation/answer\"").context("no questionnaire")?;
    let csrf = page[form..].split("name=\"csrf\" value=\"").nth(1).and_then(|s| s.split('"').next()).context("no csrf")?.to_string();
    let mut form: Vec<(String, String)> = vec![("csrf".into(), csrf), ("action".into(), "submit".into())];
    let mut seen = std::collections::HashSet::new();
    for part in page.split("name=\"item-").skip(1) {
        let id = part.split('"').next().unwrap_or("").to_string();
        if seen.insert(id.clone()) {
            form.push((format!("item-{id}"), value.to_string()));
        }
    }
    let t = Instant::now();
    let r = client.post(format!("{base}/evaluation/answer")).form(&form).send().await?;
    let ms = t.elapsed().as_secs_f64() * 1000.0;
    if r.status() != reqwest::StatusCode::SEE_OTHER || r.headers().get("location").and_then(|l| l.to_str().ok()) != Some("/evaluation/answer/sent") {
        bail!("the answers were not taken: {}", r.status());
    }
    Ok((ms, own))
}

/// How many of these links' invitations the database has as answered with
/// `value` everywhere: a submission confirmed is there, with what was sent.
pub async fn answered(db: &Db, links: &[String], value: u8) -> Result<usize> {
    let mut n = 0;
    for l in links {
        let Some(a) = ev::answering(db, l).await? else { continue };
        let Some(key) = &a.draft_key else { continue };
        let d = ev::draft(db, key).await?;
        if a.completed && d.submitted && !d.answers.is_empty() && d.answers.values().all(|x| x.code() == value) {
            n += 1;
        }
    }
    Ok(n)
}

/// A value that the first of these links' drafts does not hold, so a run
/// shows its own answers arriving even on invitations answered before.
pub async fn fresh_value(db: &Db, links: &[String]) -> Result<u8> {
    let Some(l) = links.first() else { return Ok(4) };
    let Some(key) = ev::answering(db, l).await?.and_then(|a| a.draft_key) else { return Ok(4) };
    let d = ev::draft(db, &key).await?;
    let old = d.answers.values().next().map(|a| a.code()).unwrap_or(0);
    Ok(if old == 0 || old == 5 { 1 } else { old + 1 })
}

/// The open round's items, for answers posted straight away.
pub async fn open_items(db: &Db, tenant: i64) -> Result<Vec<i64>> {
    let round = ev::rounds(db, tenant).await?.into_iter().find(|r| r.title == OPEN_ROUND).context("no open round")?;
    Ok(ev::items(db, tenant, round.id).await?.into_iter().map(|i| i.id).collect())
}

/// The answers alone: each rater's browser already holds the link and the
/// form (its token is made from the link), so only the POST is measured,
/// `clients` at a time over one pool of connections. Returns (confirmed, wall time, POST ms).
pub async fn post_only(base: &str, links: Vec<String>, items: &[i64], clients: usize, value: u8) -> Result<(Vec<String>, Duration, Vec<f64>)> {
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).pool_max_idle_per_host(128).build()?;
    let queue = Arc::new(Mutex::new(links));
    let start = Instant::now();
    let mut tasks = vec![];
    for _ in 0..clients {
        let (client, queue, base) = (client.clone(), queue.clone(), base.to_string());
        let items = items.to_vec();
        tasks.push(tokio::spawn(async move {
            let mut ms = vec![];
            let mut ok = vec![];
            loop {
                let Some(token) = queue.lock().await.pop() else { break };
                let mut form: Vec<(String, String)> =
                    vec![("csrf".into(), store::hash_secret(&format!("answer-csrf:{token}"))), ("action".into(), "submit".into())];
                form.extend(items.iter().map(|i| (format!("item-{i}"), value.to_string())));
                let t = Instant::now();
                let r = client.post(format!("{base}/evaluation/answer")).header("cookie", format!("styr_answer={token}")).form(&form).send().await;
                if let Ok(r) = r
                    && r.status() == reqwest::StatusCode::SEE_OTHER
                {
                    ms.push(t.elapsed().as_secs_f64() * 1000.0);
                    ok.push(token);
                }
            }
            (ok, ms)
        }));
    }
    let mut confirmed = vec![];
    let mut post = vec![];
    for t in tasks {
        let (ok, ms) = t.await?;
        confirmed.extend(ok);
        post.extend(ms);
    }
    Ok((confirmed, start.elapsed(), post))
}
