//! Configuration: command-line options and STYR_* environment variables win
//! over the optional TOML file, which wins over the defaults. The defaults
//! work with no file at all.

use std::path::Path;

use anyhow::{Context, Result};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// sqlite://PATH or postgres://…
    pub db: String,
    /// Where `serve` listens.
    pub addr: String,
    /// Mark cookies Secure (behind TLS).
    pub secure_cookies: bool,
    /// Largest upload, in MB.
    pub max_upload_mb: usize,
    /// The tenant that command-line imports and accounts belong to.
    pub tenant: String,
    /// The address people reach styr at, for links in e-mail.
    pub base_url: String,
    /// The mail server ([smtp] host, port, tls = none|starttls|tls, user, password, from).
    pub smtp: jobs::SmtpConfig,
    /// How often the worker looks for due jobs, in milliseconds.
    pub job_poll_ms: u64,
    /// A folder for attachments' contents; empty keeps them in the database.
    pub attachments_dir: String,
    /// Database connections; 0 sizes the pool to the machine (see `store::Db::connect_with`).
    pub db_pool: u32,
    /// Reverse proxies (addresses or ranges such as 10.0.0.0/8) whose
    /// X-Forwarded-For and X-Forwarded-Proto are believed; none by default.
    pub trusted_proxies: Vec<String>,
    /// A bearer token that may read /metrics.
    pub metrics_token: String,
    /// Addresses or ranges that may read /metrics without a token; loopback when empty.
    pub metrics_from: Vec<String>,
    /// Danmarks Statistik's Statistikbank API, for `styr indicators fetch`.
    pub statbank_url: String,
    /// STAR's Jobindsats API, and the municipality's token for it.
    pub jobindsats_url: String,
    pub jobindsats_token: String,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            db: "sqlite://styr.db".into(),
            addr: "127.0.0.1:8080".into(),
            secure_cookies: false,
            max_upload_mb: 10,
            tenant: crate::demo::TENANT_SLUG.into(),
            base_url: "http://127.0.0.1:8080".into(),
            smtp: jobs::SmtpConfig::default(),
            job_poll_ms: 2000,
            attachments_dir: String::new(),
            db_pool: 0,
            trusted_proxies: vec![],
            metrics_token: String::new(),
            metrics_from: vec![],
            statbank_url: service::policy::fetch::Sources::default().statbank,
            jobindsats_url: service::policy::fetch::Sources::default().jobindsats,
            jobindsats_token: String::new(),
        }
    }
}

impl Config {
    /// Where the statistics' APIs are, for fetching indicators' figures.
    pub fn sources(&self) -> service::policy::fetch::Sources {
        service::policy::fetch::Sources {
            statbank: self.statbank_url.clone(),
            jobindsats: self.jobindsats_url.clone(),
            jobindsats_token: self.jobindsats_token.clone(),
        }
    }

    pub fn load(file: Option<&Path>, db: Option<String>) -> Result<Config> {
        let mut cfg = match file {
            Some(p) => {
                let text = std::fs::read_to_string(p).with_context(|| format!("could not read {}", p.display()))?;
                toml::from_str(&text).with_context(|| format!("{} is not a valid configuration", p.display()))?
            }
            None => Config::default(),
        };
        if let Some(db) = db {
            cfg.db = db;
        }
        let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        if let Some(t) = env("STYR_TENANT") {
            cfg.tenant = t;
        }
        if let Some(v) = env("STYR_ATTACHMENTS_DIR") {
            cfg.attachments_dir = v;
        }
        if let Some(v) = env("STYR_DB_POOL") {
            cfg.db_pool = v.parse().context("STYR_DB_POOL must be a number")?;
        }
        if let Some(v) = env("STYR_BASE_URL") {
            cfg.base_url = v.trim_end_matches('/').to_string();
        }
        if let Some(v) = env("STYR_SMTP_HOST") {
            cfg.smtp.host = v;
        }
        if let Some(v) = env("STYR_SMTP_PORT") {
            cfg.smtp.port = v.parse().context("STYR_SMTP_PORT must be a port number")?;
        }
        if let Some(v) = env("STYR_SMTP_TLS") {
            cfg.smtp.tls = v;
        }
        if let Some(v) = env("STYR_SMTP_USER") {
            cfg.smtp.user = v;
        }
        if let Some(v) = env("STYR_SMTP_PASSWORD") {
            cfg.smtp.password = v;
        }
        if let Some(v) = env("STYR_SMTP_FROM") {
            cfg.smtp.from = v;
        }
        if let Some(v) = env("STYR_TRUSTED_PROXIES") {
            cfg.trusted_proxies = v.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
        }
        if let Some(v) = env("STYR_METRICS_TOKEN") {
            cfg.metrics_token = v;
        }
        if let Some(v) = env("STYR_JOBINDSATS_TOKEN") {
            cfg.jobindsats_token = v;
        }
        if let Some(v) = env("STYR_STATBANK_URL") {
            cfg.statbank_url = v;
        }
        if let Some(v) = env("STYR_JOBINDSATS_URL") {
            cfg.jobindsats_url = v;
        }
        if let Some(v) = env("STYR_METRICS_FROM") {
            cfg.metrics_from = v.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
        }
        if let Some(v) = env("STYR_JOB_POLL_MS") {
            cfg.job_poll_ms = v.parse().context("STYR_JOB_POLL_MS must be a number")?;
        }
        Ok(cfg)
    }

    /// The address ranges of `list`, or what is wrong with one.
    pub fn ranges(list: &[String]) -> Result<Vec<domain::platform::net::Cidr>> {
        list.iter().map(|s| s.parse().map_err(|e: String| anyhow::anyhow!(e))).collect()
    }

    /// The display name of a tenant created from the command line.
    pub fn tenant_name(&self) -> String {
        if self.tenant == crate::demo::TENANT_SLUG { "Ishøj Kommune".into() } else { self.tenant.clone() }
    }
}
