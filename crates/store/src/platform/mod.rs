//! The platform's tables: accounts, sessions, API tokens, login throttling and
//! the audit log.

#[macro_use]
pub mod audit;
pub mod accounts;
pub mod jobs;
pub mod sessions;
