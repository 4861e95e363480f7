//! The pure rules of styr: entities and decisions that need no I/O.
//!
//! One module per bounded context (see docs/ARCHITECTURE.md). Nothing here
//! knows about HTTP, SQL or HTML, so every rule can be tested by the thousand.

#[macro_use]
pub mod words;

pub mod access;
pub mod evaluation;
pub mod framework;
pub mod meetings;
pub mod org;
pub mod platform;
pub mod policy;
pub mod programme;
pub mod search;
pub mod text;
pub mod throttle;
pub mod time;
