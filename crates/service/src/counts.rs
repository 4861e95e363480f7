//! How many rows a long list holds, kept per filter. Counting every
//! matching decision or action on every page of the register and the
//! follow-up list was most of their cost. A count is good while the
//! tenant's `register_version` (moved on by every change to decisions,
//! their implementation and actions, and read with the session) and its
//! `reference_version` (an import can remove units) stand. The rows
//! themselves are always read from the database.

use std::collections::HashMap;
use std::future::Future;
use std::sync::Mutex;

/// Filters kept per tenant before the oldest are forgotten all at once.
const MAX_KEYS: usize = 4096;

/// A page read from a list: how many rows it got, of how many asked for,
/// from where.
#[derive(Clone, Copy, Debug)]
pub struct Page {
    pub rows: usize,
    pub limit: i64,
    pub offset: i64,
}

#[derive(Default)]
pub struct Counts {
    tenants: Mutex<HashMap<i64, Kept>>,
}

#[derive(Default)]
struct Kept {
    versions: (i64, i64),
    counts: HashMap<String, i64>,
}

impl Counts {
    /// The number of rows a list filtered by `key` holds. A first page that
    /// is not full holds them all; otherwise the count kept at these
    /// versions, or `count` run and kept.
    pub async fn total<F>(&self, tenant: i64, versions: (i64, i64), key: String, page: Page, count: F) -> Result<i64, store::Error>
    where
        F: Future<Output = Result<i64, store::Error>>,
    {
        if page.offset == 0 && (page.rows as i64) < page.limit {
            return Ok(page.rows as i64);
        }
        if let Some(n) = self.kept(tenant, versions, &key) {
            return Ok(n);
        }
        let n = count.await?;
        let mut tenants = self.tenants.lock().unwrap_or_else(|e| e.into_inner());
        let kept = tenants.entry(tenant).or_default();
        // Counts from an older version are of no use; from a newer one (a
        // request that read the session after a change), neither to us.
        if kept.versions != versions || kept.counts.len() >= MAX_KEYS {
            kept.versions = versions;
            kept.counts.clear();
        }
        kept.counts.insert(key, n);
        Ok(n)
    }

    fn kept(&self, tenant: i64, versions: (i64, i64), key: &str) -> Option<i64> {
        let tenants = self.tenants.lock().unwrap_or_else(|e| e.into_inner());
        tenants.get(&tenant).filter(|k| k.versions == versions).and_then(|k| k.counts.get(key).copied())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn counted(c: &Counts, versions: (i64, i64), key: &str, shown: usize, offset: i64, n: i64) -> i64 {
        c.total(1, versions, key.into(), Page { rows: shown, limit: 50, offset }, async move { Ok(n) }).await.unwrap()
    }

    #[tokio::test]
    async fn a_short_first_page_is_its_own_count() {
        let c = Counts::default();
        assert_eq!(counted(&c, (0, 0), "a", 7, 0, 999).await, 7);
    }

    #[tokio::test]
    async fn counts_are_kept_until_a_version_moves() {
        let c = Counts::default();
        assert_eq!(counted(&c, (1, 1), "a", 50, 0, 120).await, 120);
        assert_eq!(counted(&c, (1, 1), "a", 50, 50, 999).await, 120, "kept");
        assert_eq!(counted(&c, (1, 1), "b", 50, 0, 80).await, 80, "another filter counts on its own");
        assert_eq!(counted(&c, (2, 1), "a", 50, 0, 121).await, 121, "a change to the register");
        assert_eq!(counted(&c, (2, 2), "a", 50, 0, 122).await, 122, "a change to the organisation");
    }
}
