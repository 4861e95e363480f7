//! Storage for styr: one set of queries over SQLite or PostgreSQL.
//!
//! Only this crate knows which database is in use. Each bounded context has a
//! module that owns its tables; other crates call plain async functions with
//! ids and get plain row structs back.

#[macro_use]
mod db;
#[macro_use]
pub mod platform;
pub mod framework;
pub mod meetings;
pub mod org;
pub mod programme;
pub mod reference;
pub mod search;
pub mod skills;
pub mod tenant;
// After `platform`, whose audit macro it uses.
pub mod aarshjul;
pub mod business;
pub mod cases;
pub mod evaluation;
pub mod policy;
pub mod programme_cache;

pub use db::{Backend, Db};

pub type Error = sqlx::Error;
pub type Result<T> = std::result::Result<T, Error>;

/// Ids as a comma-separated SQL list ("0" for none, which matches nothing).
/// Only integers are ever inlined into query text this way.
pub(crate) fn id_list(ids: &[i64]) -> String {
    if ids.is_empty() { "0".to_string() } else { ids.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(",") }
}

/// An ISO date from a TEXT column (both databases keep dates as text, so
/// that they compare and index the same way).
pub(crate) fn day(s: &str) -> Result<chrono::NaiveDate> {
    s.parse().map_err(|e: chrono::ParseError| sqlx::Error::Decode(Box::new(e)))
}

/// A word column read outside a row struct (which uses `#[sqlx(try_from)]`).
pub(crate) fn word<W: TryFrom<String, Error = domain::words::UnknownWord>>(s: String) -> Result<W> {
    W::try_from(s).map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

/// `column IN ('a', 'b')` for fixed words from the domain (a status's
/// `reached_from`); "FALSE" for none. Only the domain's words are inlined.
pub(crate) fn words_in<W: std::fmt::Display>(column: &str, words: &[W]) -> String {
    if words.is_empty() {
        return "FALSE".into();
    }
    format!("{column} IN ({})", words.iter().map(|w| format!("'{w}'")).collect::<Vec<_>>().join(", "))
}

/// The current time, truncated to microseconds so that a value written and
/// read back compares equal on both databases.
pub fn now() -> chrono::DateTime<chrono::Utc> {
    let t = chrono::Utc::now();
    chrono::DateTime::from_timestamp_micros(t.timestamp_micros()).unwrap_or(t)
}

/// The hex SHA-256 of a secret: what is stored for session and API tokens, so
/// a copy of the database does not hold usable credentials.
pub fn hash_secret(secret: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// A random secret of 32 bytes, hex encoded.
pub fn new_secret() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}
