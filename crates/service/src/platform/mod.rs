//! The platform: who is asking (`principal`), signing in with throttling
//! (`signin`), passwords, and personal tokens.

pub mod password;
pub mod principal;
pub mod signin;
pub mod tokens;
