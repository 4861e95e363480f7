//! The organisation (units, their leaders, head counts) as one read-only
//! copy per tenant in memory. Most pages need the whole tree, and reading
//! hundreds of rows on every request was the largest cost of the org and
//! decision pages. The copy is replaced when the tenant's `org_version`,
//! which every import moves on and which is read with the session, differs:
//! several app servers stay correct without talking to each other.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use store::org::Unit;
use store::Db;

pub struct OrgSnapshot {
    pub version: i64,
    pub units: Vec<Unit>,
    /// Unit id → its leaders (person id, name).
    pub leaders: HashMap<i64, Vec<(i64, String)>>,
    pub head_counts: HashMap<i64, i64>,
}

#[derive(Default)]
pub struct Cache {
    tenants: Mutex<HashMap<i64, Arc<OrgSnapshot>>>,
}

impl Cache {
    /// The tenant's organisation at `version`, loaded when the copy held is
    /// of another version. Two requests may load it at once; both copies
    /// are equal, and the last one is kept.
    pub async fn get(&self, db: &Db, tenant: i64, version: i64) -> Result<Arc<OrgSnapshot>, store::Error> {
        if let Some(s) = self.tenants.lock().unwrap_or_else(|e| e.into_inner()).get(&tenant).filter(|s| s.version == version) {
            return Ok(s.clone());
        }
        let snapshot = Arc::new(OrgSnapshot {
            version,
            units: store::org::units(db, tenant).await?,
            leaders: store::org::leaders(db, tenant).await?,
            head_counts: store::org::head_counts(db, tenant).await?,
        });
        self.tenants.lock().unwrap_or_else(|e| e.into_inner()).insert(tenant, snapshot.clone());
        Ok(snapshot)
    }
}
