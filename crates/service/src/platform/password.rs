//! Argon2id password hashes. Hashing is slow on purpose and takes about
//! 19 MiB of memory, so it runs off the async threads, and only a few at a
//! time (`Services::hashing`): a burst of sign-ins waits its turn instead of
//! taking the server's memory.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{Error, SaltString};
use argon2::{Argon2, PasswordHash, PasswordHasher, PasswordVerifier};

use std::sync::atomic::{AtomicUsize, Ordering};

use crate::Services;

/// Hashes being checked now, and the most at once since the server started (for /metrics).
static IN_FLIGHT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

/// (being checked now, the most at once).
pub fn hashing_load() -> (usize, usize) {
    (IN_FLIGHT.load(Ordering::Relaxed), PEAK.load(Ordering::Relaxed))
}

/// Hashes a password (Argon2id, the crate's recommended parameters).
pub fn hash(password: &str) -> Result<String, Error> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(Argon2::default().hash_password(password.as_bytes(), &salt)?.to_string())
}

/// A hash of nothing in particular, verified against when the account does
/// not exist, so that an unknown e-mail takes as long as a wrong password.
fn decoy() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash("decoy password that no account has").unwrap_or_default())
}

fn check(password: &str, stored: Option<&str>) -> bool {
    let has = stored.is_some();
    let h = stored.unwrap_or_else(|| decoy());
    let ok = PasswordHash::new(h).map(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok()).unwrap_or(false);
    ok && has
}

/// Whether the password matches the stored hash (false when there is none).
pub async fn verify(svc: &Services, password: String, stored: Option<String>) -> bool {
    let Ok(_turn) = svc.hashing.acquire().await else { return false };
    tokio::task::spawn_blocking(move || {
        let now = IN_FLIGHT.fetch_add(1, Ordering::Relaxed) + 1;
        PEAK.fetch_max(now, Ordering::Relaxed);
        let ok = check(&password, stored.as_deref());
        IN_FLIGHT.fetch_sub(1, Ordering::Relaxed);
        ok
    })
    .await
    .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_differ() {
        let a = hash("hemmeligt").unwrap();
        let b = hash("hemmeligt").unwrap();
        assert!(a.starts_with("$argon2id$"));
        assert_ne!(a, b, "salted");
        assert!(check("hemmeligt", Some(&a)));
        assert!(!check("forkert", Some(&a)));
        assert!(!check("hemmeligt", None));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn only_a_few_hashes_are_checked_at_once() {
        let db = store::Db::connect("sqlite::memory:").await.unwrap();
        let svc = Services::new(db, crate::Clock::System);
        let stored = hash("hemmeligt").unwrap();
        let mut tries = tokio::task::JoinSet::new();
        for _ in 0..3 * crate::CONCURRENT_HASHES {
            let (svc, stored) = (svc.clone(), stored.clone());
            tries.spawn(async move { verify(&svc, "forkert".into(), Some(stored)).await });
        }
        while let Some(ok) = tries.join_next().await {
            assert!(!ok.unwrap());
        }
        let (now, peak) = hashing_load();
        assert_eq!(now, 0);
        assert!((1..=crate::CONCURRENT_HASHES).contains(&peak), "at most {} at once, saw {peak}", crate::CONCURRENT_HASHES);
    }
}
