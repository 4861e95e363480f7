//! The platform's rules: what an API token may reach, which addresses a
//! request came from behind proxies, and which paths styr sends a person
//! back to.

pub mod audit;
pub mod net;
pub mod notifications;
pub mod redirect;
pub mod tokens;

pub use tokens::ApiArea;
