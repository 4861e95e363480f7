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
}

impl Default for Config {
    fn default() -> Self {
        Config {
            db: "sqlite://styr.db".into(),
            addr: "127.0.0.1:8080".into(),
            secure_cookies: false,
            max_upload_mb: 10,
            tenant: crate::demo::TENANT_SLUG.into(),
        }
    }
}

impl Config {
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
        if let Ok(t) = std::env::var("STYR_TENANT") {
            cfg.tenant = t;
        }
        Ok(cfg)
    }

    /// The display name of a tenant created from the command line.
    pub fn tenant_name(&self) -> String {
        if self.tenant == crate::demo::TENANT_SLUG { "Ishøj Kommune".into() } else { self.tenant.clone() }
    }
}
