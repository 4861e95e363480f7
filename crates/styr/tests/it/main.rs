//! Integration tests: the real server on a free port, spoken to over HTTP,
//! on a real SQLite file or a real PostgreSQL database. The backend is chosen
//! by STYR_TEST_BACKEND (sqlite or postgres); scripts/test runs both.

// This whole crate is tests, helpers included: a panic is how a test fails.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod harness;

mod aarshjul;
mod agenda;
mod api;
mod audit;
mod auth;
mod businesses;
mod calendar;
mod cases;
mod cli;
mod decisions;
mod evaluation;
mod fetch;
mod framework;
mod import;
mod mail;
mod matrix;
mod meetings;
mod org;
mod policies;
mod policy;
mod programme;
mod reliability;
mod schema;
mod search;
mod security;
mod versions;
mod week;
