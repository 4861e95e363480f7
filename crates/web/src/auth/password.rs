//! Argon2id password hashes. Hashing is slow on purpose, so it runs off the
//! async threads.

use argon2::password_hash::SaltString;
use argon2::password_hash::rand_core::OsRng;
use argon2::{Argon2, PasswordHash, PasswordHasher, PasswordVerifier};

/// Hashes a password (Argon2id, the crate's recommended parameters).
pub fn hash(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default().hash_password(password.as_bytes(), &salt).expect("argon2 hashes any password").to_string()
}

/// A hash of nothing in particular, verified against when the account does
/// not exist, so that an unknown e-mail takes as long as a wrong password.
fn decoy() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash("decoy password that no account has"))
}

/// Whether the password matches the stored hash (false when there is none).
pub async fn verify(password: String, stored: Option<String>) -> bool {
    tokio::task::spawn_blocking(move || {
        let has = stored.is_some();
        let h = stored.unwrap_or_else(|| decoy().to_string());
        let ok = PasswordHash::new(&h).map(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok()).unwrap_or(false);
        ok && has
    })
    .await
    .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn hashes_verify_and_differ() {
        let a = super::hash("hemmeligt");
        let b = super::hash("hemmeligt");
        assert!(a.starts_with("$argon2id$"));
        assert_ne!(a, b, "salted");
        assert!(super::verify("hemmeligt".into(), Some(a.clone())).await);
        assert!(!super::verify("forkert".into(), Some(a)).await);
        assert!(!super::verify("hemmeligt".into(), None).await);
    }
}
