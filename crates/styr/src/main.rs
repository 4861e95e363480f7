//! The `styr` binary: the server and the commands that manage it.

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};
use store::Db;
use styr::config::Config;
use styr::demo;

// glibc's allocator spends much of a loaded server's time consolidating
// freed chunks across threads; mimalloc keeps per-thread heaps (measured in
// docs/BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "styr", version, about = "Management system for a Danish municipality: organisation, framework, meetings, programme.")]
struct Cli {
    /// A TOML configuration file (keys: db, addr, secure_cookies, max_upload_mb, tenant).
    #[arg(long, global = true, env = "STYR_CONFIG")]
    config: Option<PathBuf>,
    /// The database: sqlite://PATH (created when missing) or postgres://USER:PASS@HOST/DB.
    #[arg(long, global = true, env = "STYR_DB")]
    db: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web server (migrations run first).
    Serve {
        /// Address to listen on.
        #[arg(long, env = "STYR_ADDR")]
        addr: Option<String>,
        /// Build the demo municipality first and print its accounts.
        #[arg(long)]
        demo: bool,
        /// Mark cookies Secure; set this when styr is served behind TLS.
        #[arg(long, env = "STYR_SECURE_COOKIES")]
        secure_cookies: bool,
    },
    /// Bring the database schema up to date.
    Migrate,
    /// Build the demo municipality and print its accounts (role, e-mail, password).
    Demo,
    /// Import data from a file.
    Import {
        #[command(subcommand)]
        what: ImportWhat,
    },
    /// Indicators' figures from the statistics' APIs.
    Indicators {
        #[command(subcommand)]
        what: IndicatorsWhat,
    },
    /// Manage accounts.
    User {
        #[command(subcommand)]
        what: UserWhat,
    },
    /// Write a consistent copy of the database while the server runs.
    Backup {
        /// The file to write (SQLite: a database file; PostgreSQL: a pg_dump custom-format archive).
        #[arg(long)]
        out: PathBuf,
    },
    /// Put a backup back, with the server stopped. A database that holds
    /// data is overwritten only when asked to with --force.
    Restore {
        /// A file `styr backup` wrote.
        #[arg(long)]
        from: PathBuf,
        /// Overwrite a database that holds data.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Subcommand)]
enum ImportWhat {
    /// The organisation from CSV or XLSX: one row per position (see docs/IMPORT.md).
    Org {
        file: PathBuf,
        /// The language of the messages: da or en.
        #[arg(long, default_value = "da")]
        lang: String,
    },
    /// A new version of the framework from a TOML file (see docs/FRAMEWORK.md).
    Framework { file: PathBuf },
    /// A new version of a policy from a TOML file (see docs/POLICY.md).
    Policy { file: PathBuf },
    /// The register of published case-processing deadlines from a TOML file (see docs/POLICY.md).
    Frister { file: PathBuf },
    /// ESCO from the folder of its CSV download in Danish (occupations_da.csv, skills_da.csv,
    /// occupationSkillRelations_da.csv, greenSkillsCollection_da.csv), for the skills gap.
    Esco { folder: PathBuf },
}

#[derive(Subcommand)]
enum IndicatorsWhat {
    /// Fetch the figures of every indicator from Statistikbank or Jobindsats now (the worker
    /// also does it on each indicator's release days). Jobindsats needs STYR_JOBINDSATS_TOKEN.
    Fetch {
        /// Only this indicator (its key, e.g. beskaeftigelsesfrekvens).
        #[arg(long)]
        key: Option<String>,
    },
}

#[derive(Subcommand)]
enum UserWhat {
    /// Create or update an account, linked to the person with the same e-mail if there is one.
    Add {
        email: String,
        /// The password; read from STYR_PASSWORD when not given.
        #[arg(long, env = "STYR_PASSWORD")]
        password: String,
        /// System roles, comma-separated: admin, secretariat, hr, business.
        #[arg(long, default_value = "")]
        roles: String,
    },
    /// Print a new API token for an account: it reads what the account may
    /// read, in the parts of the API its scope names, until it expires.
    Token {
        email: String,
        /// What the token is for, as it is listed.
        #[arg(long, default_value = "cli")]
        label: String,
        /// The parts of the API it may read: all, or some of org, framework, meetings, programme (comma-separated).
        #[arg(long, default_value = "all")]
        scope: String,
        /// Days until it expires (1–366).
        #[arg(long, default_value_t = domain::platform::tokens::DEFAULT_DAYS)]
        days: i64,
    },
    /// List an account's tokens (API tokens and calendar feeds).
    Tokens { email: String },
    /// Revoke one of an account's tokens by its number (see `styr user tokens`).
    Revoke { email: String, id: i64 },
}

#[tokio::main]
async fn main() -> Result<()> {
    tracing_subscriber::fmt().with_env_filter(tracing_subscriber::EnvFilter::try_from_env("STYR_LOG").unwrap_or_else(|_| "info,sqlx=warn".into())).init();
    let cli = Cli::parse();
    let cfg = Config::load(cli.config.as_deref(), cli.db)?;
    let db = Db::connect_with(&cfg.db, cfg.db_pool).await.with_context(|| format!("could not open the database {}", cfg.db))?;
    db.migrate().await?;
    match cli.command {
        Command::Migrate => println!("migrated"),
        Command::Demo => print_accounts(&demo::build(&db).await?),
        Command::Serve { addr, demo: with_demo, secure_cookies } => {
            if with_demo {
                let accounts = demo::build(&db).await?;
                print_accounts(&accounts);
            }
            let addr = addr.unwrap_or(cfg.addr.clone());
            let mailer = styr::worker::mailer(&cfg.smtp)?;
            let svc = service::Services::new(db.clone(), service::Clock::System);
            tokio::spawn(styr::worker::run(svc.clone(), mailer, cfg.base_url.clone(), std::time::Duration::from_millis(cfg.job_poll_ms), cfg.sources()));
            let files = if cfg.attachments_dir.is_empty() {
                store::meetings::agenda::FileStore::Database
            } else {
                let dir = std::path::PathBuf::from(&cfg.attachments_dir);
                std::fs::create_dir_all(&dir).with_context(|| format!("could not create the attachments folder {}", dir.display()))?;
                store::meetings::agenda::FileStore::Folder(dir)
            };
            let web = web::WebConfig {
                secure_cookies: cfg.secure_cookies || secure_cookies,
                max_upload: cfg.max_upload_mb * 1024 * 1024,
                base_url: cfg.base_url.clone(),
                files,
                trusted_proxies: Config::ranges(&cfg.trusted_proxies).context("trusted_proxies")?,
                metrics_token: Some(cfg.metrics_token.clone()).filter(|t| !t.is_empty()),
                metrics_from: Config::ranges(&cfg.metrics_from).context("metrics_from")?,
                mail_server: Some(cfg.smtp.host.clone()).filter(|h| !h.is_empty()),
            };
            // The årshjul's rings, before the first request, so that no page writes on a GET.
            for t in store::tenant::all(&db).await? {
                service::programme::ensure_categories(&db, t.id).await?;
            }
            serve(svc, &addr, web).await?;
        }
        Command::Import { what: ImportWhat::Org { file, lang } } => import_org(&db, &cfg, &file, &lang).await?,
        Command::Import { what: ImportWhat::Framework { file } } => {
            let text = std::fs::read_to_string(&file)?;
            let doc = domain::framework::FrameworkDoc::parse(&text).map_err(|e| anyhow::anyhow!("{e}"))?;
            let tenant = ensure_tenant(&db, &cfg).await?;
            let (v, new) = store::framework::load(&db, tenant.id, &doc, &text, &store::platform::audit::Actor::system("styr import")).await?;
            println!("{}", if new { format!("framework version {v} loaded") } else { format!("unchanged: version {v} is in force") });
        }
        Command::Import { what: ImportWhat::Policy { file } } => {
            let text = std::fs::read_to_string(&file).with_context(|| format!("could not read {}", file.display()))?;
            let doc = domain::policy::PolicyDoc::parse(&text).map_err(|e| anyhow::anyhow!("{e}; nothing was changed"))?;
            let tenant = ensure_tenant(&db, &cfg).await?;
            let units = store::org::units(&db, tenant.id).await?;
            let forums = store::meetings::forums(&db, tenant.id).await?;
            let owners =
                service::policy::owners(&doc, |n| units.iter().find(|u| u.name == n).map(|u| u.id), |n| forums.iter().find(|f| f.name == n).map(|f| f.id))
                    .map_err(|e| anyhow::anyhow!("{e}; nothing was changed"))?;
            if let Some((key, other)) = service::policy::taken_indicator(&db, tenant.id, &doc).await? {
                bail!("{}; nothing was changed", service::policy::LoadError::TakenIndicator(key, other));
            }
            let (_, v, new) = store::policy::load(&db, tenant.id, &doc, &text, &owners, &store::platform::audit::Actor::system("styr import")).await?;
            println!("{}", if new { format!("policy {} version {v} loaded", doc.key) } else { format!("unchanged: version {v} is in force") });
        }
        Command::Import { what: ImportWhat::Frister { file } } => {
            let text = std::fs::read_to_string(&file).with_context(|| format!("could not read {}", file.display()))?;
            let tenant = ensure_tenant(&db, &cfg).await?;
            let n = service::policy::cases::load_register(&db, tenant.id, &text, &store::platform::audit::Actor::system("styr import"))
                .await
                .map_err(|e| anyhow::anyhow!("{e}; nothing was changed"))?;
            println!("the register of deadlines is loaded: {n} case types");
        }
        Command::Import { what: ImportWhat::Esco { folder } } => {
            let read = |name: &str| -> Result<Vec<Vec<String>>> {
                let path = folder.join(name);
                let bytes = std::fs::read(&path).with_context(|| format!("could not read {}", path.display()))?;
                export::read_csv(&bytes).map_err(|e| anyhow::anyhow!("{}: {e:?}", path.display()))
            };
            let files = ["occupations_da.csv", "skills_da.csv", "occupationSkillRelations_da.csv", "greenSkillsCollection_da.csv"].map(read);
            let [o, s, r, g] = files;
            let esco = domain::policy::skills::read_esco(&o?, &s?, &r?, &g?).map_err(|e| anyhow::anyhow!("{e}; nothing was changed"))?;
            let tenant = ensure_tenant(&db, &cfg).await?;
            store::skills::save_esco(&db, tenant.id, &esco, &store::platform::audit::Actor::system("styr import")).await?;
            println!("ESCO loaded: {} occupations, {} skills, {} relations", esco.occupations.len(), esco.skills.len(), esco.relations.len());
        }
        Command::Indicators { what: IndicatorsWhat::Fetch { key } } => {
            let tenant = ensure_tenant(&db, &cfg).await?;
            let actor = store::platform::audit::Actor::system("styr indicators fetch");
            let mut failed = 0;
            for i in store::policy::indicators(&db, tenant.id).await? {
                if key.as_ref().is_some_and(|k| *k != i.def.key) || domain::policy::fetch::call(&i.def).is_err() {
                    continue;
                }
                match service::policy::fetch::fetch(&db, tenant.id, &i, &cfg.sources(), &actor).await {
                    Ok(n) => println!("{}: {n} figures", i.def.key),
                    Err(e) => {
                        failed += 1;
                        eprintln!("{}: {e}; nothing was changed", i.def.key);
                    }
                }
            }
            if failed > 0 {
                bail!("{failed} indicators could not be fetched");
            }
        }
        Command::User { what: UserWhat::Add { email, password, roles } } => {
            let email = domain::text::normalize_email(&email);
            if !domain::text::is_plausible_email(&email) {
                bail!("{email:?} is not an e-mail address");
            }
            if password.chars().count() < 10 {
                bail!("the password must have at least 10 characters");
            }
            let tenant = ensure_tenant(&db, &cfg).await?;
            let person = store::org::search_people(&db, tenant.id, &email, 1, 0).await?.0.into_iter().find(|p| p.email == email);
            let roles = domain::access::Role::format_list(&domain::access::Role::parse_list(&roles));
            let hash = service::platform::password::hash(&password).map_err(|e| anyhow::anyhow!("{e}"))?;
            match store::platform::accounts::upsert(&db, tenant.id, person.map(|p| p.id), &email, &hash, &roles).await? {
                store::platform::accounts::Upserted::Saved(_) => {}
                store::platform::accounts::Upserted::OtherTenant => {
                    bail!("{email} signs in to another municipality than {}; nothing was changed", cfg.tenant)
                }
            }
            store::platform::audit::record(&db, Some(tenant.id), &store::platform::audit::Actor::system("styr user add"), "account.upsert", &email, &roles)
                .await?;
            println!("account {email} saved");
        }
        Command::User { what: UserWhat::Token { email, label, scope, days } } => {
            let account = account_of(&db, &email).await?;
            let areas: Vec<String> = scope
                .split(',')
                .flat_map(|a| {
                    if a.trim() == "all" { domain::platform::ApiArea::ALL.iter().map(|a| a.as_str().to_string()).collect() } else { vec![a.trim().to_string()] }
                })
                .collect();
            let t = domain::platform::tokens::check_api_token(&label, &areas, &days.to_string()).map_err(|errs| {
                anyhow::anyhow!(
                    "{}",
                    errs.iter().map(|e| format!("{}: {}", e.field, i18n::Tr::new(i18n::Lang::En).t(e.message_id))).collect::<Vec<_>>().join("; ")
                )
            })?;
            let svc = service::Services::new(db.clone(), service::Clock::System);
            let token = service::platform::tokens::create_api_token(&svc, &account, &t, &store::platform::audit::Actor::system("styr user token")).await?;
            println!("{token}");
        }
        Command::User { what: UserWhat::Tokens { email } } => {
            let account = account_of(&db, &email).await?;
            for t in store::platform::accounts::tokens_of(&db, account.tenant_id, account.id).await? {
                let state = match (t.revoked_at, t.expires_at) {
                    (Some(at), _) => format!("revoked {}", at.format("%Y-%m-%d")),
                    (None, Some(e)) if e <= chrono::Utc::now() => format!("expired {}", e.format("%Y-%m-%d")),
                    (None, Some(e)) => format!("expires {}", e.format("%Y-%m-%d")),
                    (None, None) => "no expiry".into(),
                };
                println!(
                    "{}\t{}\t{}\t{}\t{}",
                    t.id,
                    t.kind,
                    t.label,
                    if t.kind == store::platform::accounts::TokenKind::Feed { "calendar feeds" } else { &t.scope },
                    state
                );
            }
        }
        Command::User { what: UserWhat::Revoke { email, id } } => {
            let account = account_of(&db, &email).await?;
            if !store::platform::accounts::revoke_token(&db, account.tenant_id, account.id, id).await? {
                bail!("{email} has no live token {id}");
            }
            store::platform::audit::record(
                &db,
                Some(account.tenant_id),
                &store::platform::audit::Actor::system("styr user revoke"),
                "account.token.revoke",
                &email,
                &id.to_string(),
            )
            .await?;
            println!("token {id} of {email} revoked");
        }
        Command::Backup { out } => backup(&db, &cfg.db, &out).await?,
        Command::Restore { from, force } => restore(db.clone(), &cfg, &from, force).await?,
    }
    db.close().await;
    Ok(())
}

fn print_accounts(accounts: &[demo::DemoAccount]) {
    for a in accounts {
        println!("{}\t{}\t{}", a.role, a.email, demo::DEMO_PASSWORD);
    }
}

/// The account with this e-mail, or a clear refusal.
async fn account_of(db: &Db, email: &str) -> Result<store::platform::accounts::Account> {
    let email = domain::text::normalize_email(email);
    store::platform::accounts::by_email(db, &email).await?.ok_or_else(|| anyhow::anyhow!("no account with the e-mail {email}"))
}

async fn serve(svc: service::Services, addr: &str, web: web::WebConfig) -> Result<()> {
    let db = svc.db.clone();
    let state = web::AppState::new(svc.clone(), web);
    let app = web::router(state);
    let listener = tokio::net::TcpListener::bind(addr).await.with_context(|| format!("could not listen on {addr}"))?;
    let local = listener.local_addr()?;
    println!("styr is running at http://{local}/");
    // Expired sessions are swept and the planner's statistics refreshed now
    // and then; any app server may do it.
    let sweeper = db.clone();
    tokio::spawn(async move {
        loop {
            let _ = store::platform::sessions::purge_expired(&sweeper, svc.clock.now()).await;
            let _ = service::platform::signin::purge_throttle(&svc).await;
            if let Err(e) = sweeper.optimize().await {
                tracing::warn!("optimize: {e}");
            }
            tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
        }
    });
    axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}

async fn import_org(db: &Db, cfg: &Config, file: &std::path::Path, lang: &str) -> Result<()> {
    let tr = i18n::Tr::new(i18n::Lang::parse(lang).unwrap_or_default());
    let bytes = std::fs::read(file).with_context(|| format!("could not read {}", file.display()))?;
    let name = file.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    let grid = match export::read_grid(&name, &bytes) {
        Ok(g) => g,
        Err(e) => bail!("{}", tr.t(e.message_id())),
    };
    let plan = match domain::org::import::plan(&grid) {
        Ok(p) => p,
        Err(e) => {
            let (msg, rows) = service::org::import_messages(tr, &e);
            eprintln!("{msg}");
            for r in rows {
                eprintln!("{}", tr.args("cli-import-row", [("row", r.row.to_string()), ("message", r.message)]));
            }
            bail!("{}", tr.t("import-nothing-changed"));
        }
    };
    let tenant = ensure_tenant(db, cfg).await?;
    let s = store::org::apply_import(db, tenant.id, &plan, &store::platform::audit::Actor::system("styr import")).await?;
    println!(
        "{}",
        tr.args(
            "cli-import-ok",
            [
                ("units_created", s.units_created.to_string()),
                ("units_updated", s.units_updated.to_string()),
                ("people_created", s.people_created.to_string()),
                ("people_updated", s.people_updated.to_string()),
                ("positions", s.positions.to_string()),
            ]
        )
    );
    Ok(())
}

/// Puts a backup back: for SQLite the file replaces the database file (the
/// server must be stopped), for PostgreSQL pg_restore recreates every table.
/// Then the schema is brought up to date, in case the backup is older.
async fn restore(db: Db, cfg: &Config, from: &std::path::Path, force: bool) -> Result<()> {
    let bytes = std::fs::read(from).with_context(|| format!("could not read {}", from.display()))?;
    if !force && db.holds_data().await? {
        bail!("the database holds data; give --force to overwrite it with {}", from.display());
    }
    match db.backend() {
        store::Backend::Sqlite => {
            if !bytes.starts_with(b"SQLite format 3\0") {
                bail!("{} is not a SQLite backup", from.display());
            }
            db.close().await;
            let path = cfg.db.trim_start_matches("sqlite://").trim_start_matches("sqlite:");
            let path = path.split('?').next().unwrap_or(path);
            // The write-ahead log belongs to the database being replaced.
            for side in ["-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{path}{side}"));
            }
            let tmp = format!("{path}.restoring");
            std::fs::write(&tmp, &bytes).with_context(|| format!("could not write {tmp}"))?;
            std::fs::rename(&tmp, path).with_context(|| format!("could not replace {path}"))?;
        }
        store::Backend::Postgres => {
            if !bytes.starts_with(b"PGDMP") {
                bail!("{} is not a PostgreSQL backup (pg_dump --format=custom)", from.display());
            }
            db.close().await;
            let status = std::process::Command::new("pg_restore")
                .args(["--clean", "--if-exists", "--no-owner", "--exit-on-error", "--single-transaction", "--dbname"])
                .arg(&cfg.db)
                .arg(from)
                .status()
                .context("pg_restore is needed to restore PostgreSQL (apt-get install postgresql-client)")?;
            if !status.success() {
                bail!("pg_restore failed; the database is as it was");
            }
        }
    }
    let restored = Db::connect_with(&cfg.db, 1).await?;
    restored.migrate().await?;
    let tables = restored.checksums().await?;
    restored.close().await;
    println!("restored {} tables, {} rows, from {}", tables.len(), tables.iter().map(|t| t.1).sum::<i64>(), from.display());
    Ok(())
}

async fn backup(db: &Db, url: &str, out: &std::path::Path) -> Result<()> {
    if out.exists() {
        bail!("{} exists already; choose a new file", out.display());
    }
    match db.backend() {
        store::Backend::Sqlite => db.backup_sqlite(&out.to_string_lossy()).await?,
        store::Backend::Postgres => {
            // pg_dump takes one consistent snapshot while the server runs.
            let status = std::process::Command::new("pg_dump")
                .args(["--format=custom", "--file"])
                .arg(out)
                .arg(url)
                .status()
                .context("pg_dump is needed to back up PostgreSQL (apt-get install postgresql-client)")?;
            if !status.success() {
                bail!("pg_dump failed");
            }
        }
    }
    println!("backup written to {}", out.display());
    Ok(())
}

/// The configured municipality, made with its årshjul's rings the first
/// time, so that a server already running has nothing to create on a page.
async fn ensure_tenant(db: &Db, cfg: &Config) -> Result<store::tenant::Tenant> {
    let tenant = store::tenant::ensure(db, &cfg.tenant, &cfg.tenant_name()).await?;
    service::programme::ensure_categories(db, tenant.id).await?;
    Ok(tenant)
}
