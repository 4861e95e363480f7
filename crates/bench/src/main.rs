//! styr's benchmark. `styr-bench seed` fills a database with a municipality
//! at a chosen scale; `styr-bench run` starts the real `styr` binary on it,
//! signs in, and drives each route on loopback at 1, 8 and 32 concurrent
//! clients, reporting p50, p99 and throughput per route and the server's peak
//! memory. scripts/bench runs both on SQLite and PostgreSQL.

mod evaluation_load;
mod history;
mod programme_load;

use std::process::Stdio;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};
use tokio::io::{AsyncBufReadExt, BufReader};

#[derive(Parser)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Fill a database with the demo municipality at a scale.
    Seed {
        #[arg(long)]
        db: String,
        /// About how many employees.
        #[arg(long, default_value_t = 2500)]
        employees: usize,
        /// Years of held meetings before the demo's half year.
        #[arg(long, default_value_t = 10)]
        years: i64,
    },
    /// Measure a seeded database.
    Run {
        #[arg(long)]
        db: String,
        /// The styr binary to start (a release build).
        #[arg(long)]
        styr: String,
        /// Seconds per route and concurrency.
        #[arg(long, default_value_t = 5)]
        seconds: u64,
        /// Concurrent clients, comma-separated.
        #[arg(long, default_value = "1,8,32")]
        clients: String,
        /// A label for the report (e.g. sqlite or postgres).
        #[arg(long, default_value = "")]
        label: String,
        /// Only routes whose name contains this.
        #[arg(long, default_value = "")]
        only: String,
    },
    /// Raters submitting a leader evaluation through the real server: how
    /// long N raters take, answers a second, and a SIGKILL in the middle.
    Evaluation {
        #[arg(long)]
        db: String,
        #[arg(long)]
        styr: String,
        #[arg(long, default_value_t = 2500)]
        raters: usize,
        #[arg(long, default_value_t = 32)]
        clients: usize,
        #[arg(long, default_value = "")]
        label: String,
    },
}

#[tokio::main]
async fn main() -> Result<()> {
    match Cli::parse().command {
        Command::Seed { db, employees, years } => seed(&db, employees, years).await,
        Command::Run { db, styr, seconds, clients, label, only } => {
            let clients: Vec<usize> = clients.split(',').map(|c| c.trim().parse()).collect::<Result<_, _>>()?;
            run(&db, &styr, Duration::from_secs(seconds), &clients, &label, &only).await
        }
        Command::Evaluation { db, styr, raters, clients, label } => evaluation(&db, &styr, raters, clients, &label).await,
    }
}

async fn seed(url: &str, employees: usize, years: i64) -> Result<()> {
    let db = store::Db::connect(url).await?;
    db.migrate().await?;
    // One copy of the demo's operating units holds about 400 people.
    let copies = employees.div_ceil(400).max(1);
    let started = Instant::now();
    styr::demo::build_at_scale(&db, copies).await?;
    let tenant = store::tenant::by_slug(&db, styr::demo::TENANT_SLUG).await?.context("no tenant")?;
    let (units, people, positions, _) = store::org::fingerprint(&db, tenant.id).await?;
    println!("seeded {units} units, {people} people, {positions} positions in {:.1} s", started.elapsed().as_secs_f64());
    if years > 0 {
        let started = Instant::now();
        let h = history::seed(&db, tenant.id, years).await?;
        println!(
            "seeded {years} years of meetings: {} meetings, {} items, {} decisions, {} actions in {:.1} s",
            h.meetings,
            h.items,
            h.decisions,
            h.actions,
            started.elapsed().as_secs_f64()
        );
    }
    let started = Instant::now();
    let p = programme_load::seed(&db, tenant.id).await?;
    println!(
        "seeded the work programme: {} initiatives, {} status reports, {} dates on this year's årshjul in {:.1} s",
        p.initiatives,
        p.reports,
        p.entries,
        started.elapsed().as_secs_f64()
    );
    let started = Instant::now();
    evaluation_load::seed_report(&db, tenant.id).await?;
    println!("seeded a closed leader evaluation round with a report of 40 raters in {:.1} s", started.elapsed().as_secs_f64());
    db.optimize().await?;
    // After a bulk load PostgreSQL's autovacuum wakes within a minute and
    // spends seconds on the new rows, in the middle of the measurement. A
    // server in use has had that done long ago; do it now.
    db.settle().await?;
    Ok(())
}

struct Route {
    name: &'static str,
    path: String,
    bearer: bool,
}

/// Starts the real server on the database and waits until it listens: (child, pid, base URL).
async fn serve(styr: &str, url: &str) -> Result<(tokio::process::Child, u32, String)> {
    // Port 0: the system picks a free one and styr says which.
    let mut child = tokio::process::Command::new(styr)
        .args(["--db", url, "serve", "--addr", "127.0.0.1:0"])
        .env("STYR_LOG", "warn")
        .stdout(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .with_context(|| format!("could not start {styr}"))?;
    let pid = child.id().context("no pid")?;
    let mut lines = BufReader::new(child.stdout.take().context("no stdout")?).lines();
    loop {
        match lines.next_line().await? {
            Some(l) if l.contains("running at") => {
                let base = l.split("running at ").nth(1).unwrap_or("").trim().trim_end_matches('/').to_string();
                return Ok((child, pid, base));
            }
            Some(_) => continue,
            None => bail!("styr exited before it listened"),
        }
    }
}

/// Raters submitting through the real server; then a SIGKILL in the middle of another batch.
async fn evaluation(url: &str, styr: &str, raters: usize, clients: usize, label: &str) -> Result<()> {
    let db = store::Db::connect(url).await?;
    let tenant = store::tenant::by_slug(&db, styr::demo::TENANT_SLUG).await?.context("seed the database first")?.id;
    let links = evaluation_load::open_links(&db, tenant, 2 * raters, 0, raters).await?;
    let value = evaluation_load::fresh_value(&db, &links).await?;
    let (mut child, _, base) = serve(styr, url).await?;
    let s = evaluation_load::submit(&base, links, clients, None, value).await?;
    let mut post = s.post_ms.clone();
    post.sort_by(f64::total_cmp);
    let pct = |v: &[f64], p: f64| v.get(((v.len() as f64 * p) as usize).min(v.len().saturating_sub(1))).copied().unwrap_or(0.0);
    println!("\n### {label}: leader evaluation, {raters} raters, {clients} at a time\n");
    println!("| what | result |\n|---|---:|");
    println!("| raters who sent every answer | {} of {raters} ({} failed) |", s.done, s.failed);
    println!("| all of them, wall time | {:.1} s |", s.wall.as_secs_f64());
    println!("| submissions a second (link, questionnaire and answers) | {:.0} |", s.done as f64 / s.wall.as_secs_f64());
    println!("| the answers' POST, client p50 / p99 | {:.1} / {:.1} ms |", pct(&post, 0.5), pct(&post, 0.99));
    let stored = evaluation_load::answered(&db, &s.confirmed, value).await?;
    println!("| confirmed answers found in the database | {stored} of {} |", s.done);
    // The answers alone, on the same raters: what the database takes a second.
    let items = evaluation_load::open_items(&db, tenant).await?;
    let links = evaluation_load::open_links(&db, tenant, 2 * raters, 0, raters).await?;
    let value = evaluation_load::fresh_value(&db, &links).await?;
    let (confirmed, wall, mut post) = evaluation_load::post_only(&base, links, &items, clients, value).await?;
    post.sort_by(f64::total_cmp);
    let stored = evaluation_load::answered(&db, &confirmed, value).await?;
    println!(
        "| answers alone (POST), a second | {:.0} ({} in {:.2} s, p50 / p99 {:.1} / {:.1} ms; {stored} found) |",
        confirmed.len() as f64 / wall.as_secs_f64(),
        confirmed.len(),
        wall.as_secs_f64(),
        pct(&post, 0.5),
        pct(&post, 0.99)
    );
    child.kill().await.ok();
    // The next batch, killed with SIGKILL while answers are in flight.
    let links = evaluation_load::open_links(&db, tenant, 2 * raters, raters, raters / 2).await?;
    let value = evaluation_load::fresh_value(&db, &links).await?;
    let (child, pid, base) = serve(styr, url).await?;
    let killer = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(600)).await;
        let _ = std::process::Command::new("kill").args(["-9", &pid.to_string()]).status();
        child
    });
    let s = evaluation_load::submit(&base, links, clients, Some(Duration::from_secs(4)), value).await?;
    drop(killer.await?);
    let stored = evaluation_load::answered(&db, &s.confirmed, value).await?;
    println!("| SIGKILL after 0.6 s, mid-batch: confirmed before the kill, found after it | {} confirmed, {stored} found |", s.done);
    if stored != s.done {
        bail!("{} confirmed submissions are missing after the kill", s.done - stored);
    }
    Ok(())
}

async fn run(url: &str, styr: &str, seconds: Duration, clients: &[usize], label: &str, only: &str) -> Result<()> {
    let db = store::Db::connect(url).await?;
    let tenant = store::tenant::by_slug(&db, styr::demo::TENANT_SLUG).await?.context("seed the database first")?;
    let units = store::org::units(&db, tenant.id).await?;
    let centre = units.iter().find(|u| u.kind == domain::org::UnitKind::Centre).context("no centre")?.id;
    let operating = units.iter().filter(|u| u.kind == domain::org::UnitKind::OperatingUnit).nth(10).context("no unit")?.id;
    let person = store::org::search_people(&db, tenant.id, "centerchef", 1, 0).await?.0.remove(0).id;
    let group = store::meetings::forums(&db, tenant.id).await?.into_iter().find(|f| f.name == "Koncernledelsesmøde").context("no forum")?;
    let now = chrono::Utc::now();
    let year = chrono::Datelike::year(&now.with_timezone(&chrono_tz::Europe::Copenhagen));
    let meetings = store::meetings::meetings_of_forum(&db, tenant.id, group.id, now - chrono::Duration::days(200), now).await?;
    let held = meetings.iter().rev().nth(2).context("no held meeting")?.id;
    // The same two decisions every run: one that reaches a few units, and
    // one to the whole organisation, whose page lists every unit.
    let decisions = store::meetings::decisions::of_meeting(&db, tenant.id, held).await?;
    let decision = decisions.values().filter(|d| !d.whole_organisation).min_by_key(|d| (d.units_reached, d.id)).context("no decision")?.id;
    // Found as the secretariat would, who reads every decision.
    let secretariat = domain::access::Viewer::new(None, vec![domain::access::Role::Secretariat], []);
    let every = store::meetings::decisions::Filter { scope: domain::meetings::policy::DecisionScope::of(&secretariat, &[], &[]), ..Default::default() };
    let whole = store::meetings::decisions::search(&db, tenant.id, &every, 500, 0)
        .await?
        .into_iter()
        .find(|d| d.whole_organisation)
        .context("no decision to the whole organisation")?
        .id;
    let (_, accounts) = styr::demo::org_grid()?;
    let admin = accounts.iter().find(|a| a.role == "administrator").context("no admin")?;
    let account = store::platform::accounts::by_email(&db, &admin.email).await?.context("no admin account")?;
    let expires = chrono::Utc::now() + chrono::Duration::days(1);
    let token = store::platform::accounts::create_token(&db, &account, store::platform::accounts::TokenKind::Api, "bench", "all", Some(expires)).await?;
    let hr = accounts.iter().find(|a| a.role == "hr").context("no HR account")?;
    let hr_account = store::platform::accounts::by_email(&db, &hr.email).await?.context("no HR account")?;
    let hr_token = store::platform::accounts::create_token(&db, &hr_account, store::platform::accounts::TokenKind::Api, "bench", "all", Some(expires)).await?;
    let report = evaluation_load::report(&db, tenant.id).await?;
    // Issue 15's pages: the policy, its goal with three indicators, and the
    // indicator with the most figures (ten years of quarters for nine areas).
    let policy = store::policy::policies(&db, tenant.id).await?.first().context("no policy")?.id;
    let goals = store::policy::goals(&db, tenant.id, policy).await?;
    let goal = goals.iter().find(|g| g.key == "varig-beskaeftigelse").context("no goal")?.id;
    let indicators = store::policy::indicators(&db, tenant.id).await?;
    let chart = indicators.iter().find(|i| i.def.key == "a-dagpenge-forventet").context("no indicator")?.id;
    db.close().await;

    // The real server, as it is run in production.
    let (mut child, pid, base) = serve(styr, url).await?;
    let client = reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).pool_max_idle_per_host(64).build()?;
    sign_in(&client, &base, &admin.email).await?;
    let hr_client = reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).pool_max_idle_per_host(64).build()?;
    sign_in(&hr_client, &base, &hr.email).await?;

    let routes = vec![
        Route { name: "start page", path: "/".into(), bearer: false },
        Route { name: "start page: api tasks", path: "/api/v1/me/tasks".into(), bearer: true },
        Route { name: "org tree", path: "/org".into(), bearer: false },
        Route { name: "org chart", path: "/org/chart".into(), bearer: false },
        Route { name: "centre", path: format!("/units/{centre}"), bearer: false },
        Route { name: "operating unit", path: format!("/units/{operating}"), bearer: false },
        Route { name: "person", path: format!("/people/{person}"), bearer: false },
        Route { name: "people search", path: "/people?q=hansen".into(), bearer: false },
        Route { name: "framework", path: "/framework".into(), bearer: false },
        Route { name: "api units", path: "/api/v1/units".into(), bearer: true },
        Route { name: "forums", path: "/forums".into(), bearer: false },
        Route { name: "meeting with agenda and minutes", path: format!("/meetings/{held}"), bearer: false },
        Route { name: "decision register", path: "/decisions".into(), bearer: false },
        Route { name: "decision register, filtered", path: format!("/decisions?forum={}&q=indstillingen", group.id), bearer: false },
        Route { name: "decision register, by unit and status", path: format!("/decisions?unit={centre}&status=in_progress"), bearer: false },
        Route { name: "decision", path: format!("/decisions/{decision}"), bearer: false },
        Route { name: "decision to the whole organisation", path: format!("/decisions/{whole}"), bearer: false },
        Route { name: "follow-up list", path: "/actions".into(), bearer: false },
        Route { name: "search", path: "/search?q=beslutninger".into(), bearer: false },
        Route { name: "minutes PDF", path: format!("/meetings/{held}/minutes.pdf"), bearer: false },
        Route { name: "programme: årshjul", path: format!("/aarshjul/{year}"), bearer: false },
        Route { name: "programme: årshjul SVG", path: format!("/aarshjul/{year}.svg"), bearer: false },
        Route { name: "programme: the programme", path: format!("/programmes/{year}"), bearer: false },
        Route { name: "programme: portfolio", path: format!("/programmes/{year}/portfolio"), bearer: false },
        Route { name: "programme: portfolio timeline", path: format!("/programmes/{year}/portfolio?view=timeline"), bearer: false },
        Route { name: "programme: api calendar", path: "/api/v1/calendar".into(), bearer: true },
        Route { name: "policy: overview with a mark per goal", path: format!("/policies/{policy}"), bearer: false },
        Route { name: "policy: goal with three indicators", path: format!("/goals/{goal}"), bearer: false },
        Route { name: "policy: indicator chart, ten years of quarters, ten areas", path: format!("/indicators/{chart}"), bearer: false },
        Route { name: "policy: api indicator values", path: format!("/api/v1/indicators/{chart}/values"), bearer: true },
        Route { name: "evaluation: report of 40 raters (HR)", path: format!("/evaluation/reports/{report}"), bearer: false },
        Route { name: "evaluation: api report of 40 raters (HR)", path: format!("/api/v1/evaluation/reports/{report}"), bearer: true },
    ];
    println!(
        "\n### {label} ({} units, {} clients × {} s per route)\n",
        units.len(),
        clients.iter().map(|c| c.to_string()).collect::<Vec<_>>().join("/"),
        seconds.as_secs()
    );
    println!("| route | clients | requests | server p50 ms | server p99 ms | client p50 ms | client p99 ms | req/s |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
    for r in routes.iter().filter(|r| r.name.contains(only)) {
        for &c in clients {
            // The evaluation's report is HR's to read.
            let (who, key) = if r.name.starts_with("evaluation") { (&hr_client, &hr_token) } else { (&client, &token) };
            let (mut lat, total) = drive(who, &base, r, key, c, seconds).await?;
            let mut client_ms: Vec<f64> = lat.iter().map(|l| l.0).collect();
            client_ms.sort_by(f64::total_cmp);
            lat.sort_by(|a, b| a.1.total_cmp(&b.1));
            let server_ms: Vec<f64> = lat.iter().map(|l| l.1).collect();
            let pct = |v: &[f64], p: f64| v[((v.len() as f64 * p) as usize).min(v.len() - 1)];
            println!(
                "| {} `{}` | {c} | {} | {:.2} | {:.2} | {:.2} | {:.2} | {:.0} |",
                r.name,
                r.path,
                lat.len(),
                pct(&server_ms, 0.50),
                pct(&server_ms, 0.99),
                pct(&client_ms, 0.50),
                pct(&client_ms, 0.99),
                lat.len() as f64 / total.as_secs_f64()
            );
        }
    }
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| status.lines().find_map(|l| l.strip_prefix(name)).map(|v| v.trim().to_string()).unwrap_or_else(|| "unknown".into());
    // On SQLite the database file is mapped into memory, and the pages read
    // count as resident file memory; what styr itself holds is the anonymous part.
    println!(
        "\nserver peak memory (VmHWM): {}; at the end, of it anonymous (RssAnon): {}, mapped files (RssFile): {}",
        field("VmHWM:"),
        field("RssAnon:"),
        field("RssFile:")
    );
    child.kill().await.ok();
    Ok(())
}

async fn sign_in(client: &reqwest::Client, base: &str, email: &str) -> Result<()> {
    let page = client.get(format!("{base}/login")).send().await?.text().await?;
    // The sign-in form's token, not the language switch's in the header.
    let form = page.find("action=\"/login\"").context("no sign-in form")?;
    let marker = "name=\"csrf\" value=\"";
    let start = form + page[form..].find(marker).context("no csrf field")? + marker.len();
    let csrf = page[start..].split('"').next().unwrap_or("");
    let res =
        client.post(format!("{base}/login")).form(&[("email", email), ("password", styr::demo::DEMO_PASSWORD), ("csrf", csrf), ("next", "/")]).send().await?;
    if res.status() != reqwest::StatusCode::SEE_OTHER {
        bail!("sign-in failed: {}", res.status());
    }
    Ok(())
}

/// `clients` tasks request the route back to back for `seconds`; returns
/// every request's latency as the client saw it and as the server reported
/// it (Server-Timing), in milliseconds, and the time it all took.
async fn drive(client: &reqwest::Client, base: &str, r: &Route, token: &str, clients: usize, seconds: Duration) -> Result<(Vec<(f64, f64)>, Duration)> {
    let url = format!("{base}{}", r.path);
    let start = Instant::now();
    let deadline = start + seconds;
    let mut tasks = vec![];
    for _ in 0..clients {
        let client = client.clone();
        let url = url.clone();
        let bearer = r.bearer.then(|| token.to_string());
        tasks.push(tokio::spawn(async move {
            let mut lat = vec![];
            while Instant::now() < deadline {
                let t = Instant::now();
                let mut req = client.get(&url);
                if let Some(b) = &bearer {
                    req = req.bearer_auth(b);
                }
                let res = req.send().await?;
                if !res.status().is_success() {
                    bail!("{url} answered {}", res.status());
                }
                let server = res
                    .headers()
                    .get("server-timing")
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.split("dur=").nth(1))
                    .and_then(|v| v.parse::<f64>().ok())
                    .context("no Server-Timing header")?;
                res.bytes().await?;
                lat.push((t.elapsed().as_secs_f64() * 1000.0, server));
            }
            Ok::<_, anyhow::Error>(lat)
        }));
    }
    let mut all = vec![];
    for t in tasks {
        all.extend(t.await??);
    }
    Ok((all, start.elapsed()))
}
