//! The service layer: what the web pages, the JSON API, the background worker
//! and the command line share. Each context's functions load what was asked
//! for, authorise it with the context's policy (`domain::<context>::policy`),
//! hide what the reader may not see, and audit a refusal. Neither the pages
//! nor the API decide who may read what on their own; they render what comes
//! back from here.

pub mod clock;
pub mod counts;
pub mod evaluation;
pub mod framework;
pub mod me;
pub mod meetings;
pub mod org;
pub mod platform;
pub mod policy;
pub mod programme;
pub mod search;

use std::sync::Arc;

use chrono::{DateTime, Utc};
use domain::access::Viewer;
use store::Db;
use tokio::sync::OnceCell;

pub use clock::Clock;
pub use platform::principal::{Access, Principal};

/// What every request shares: the database and what is kept in memory per
/// tenant (each copy checked against the database's versions on every
/// request, so app servers keep no state of their own).
#[derive(Clone)]
pub struct Services {
    pub db: Db,
    pub reference: Arc<store::reference::Cache>,
    pub programme: Arc<store::programme_cache::Cache>,
    pub counts: Arc<counts::Counts>,
    pub clock: Clock,
    /// Password hashing at once, at most: each takes about 19 MiB.
    pub hashing: Arc<tokio::sync::Semaphore>,
    /// When this process last wrote each API token's use to the database.
    pub touched: Arc<platform::principal::Touched>,
    /// Audited readings, written to the log in groups.
    pub readings: Arc<store::platform::audit::Readings>,
    /// The evaluation's questionnaires and reports in memory.
    pub evaluation: Arc<evaluation::Cache>,
    /// The policies' documents and the pages made from their figures.
    pub policy: Arc<policy::Cache>,
}

/// How many passwords are hashed at the same moment; more wait their turn.
pub const CONCURRENT_HASHES: usize = 4;

impl Services {
    pub fn new(db: Db, clock: Clock) -> Services {
        Services {
            db,
            reference: Arc::default(),
            programme: Arc::default(),
            counts: Arc::default(),
            clock,
            hashing: Arc::new(tokio::sync::Semaphore::new(CONCURRENT_HASHES)),
            touched: Arc::default(),
            readings: Arc::default(),
            evaluation: Arc::default(),
            policy: Arc::default(),
        }
    }

    /// A request by `who`, about `here` (the path, for the audit log).
    pub fn req<'a>(&'a self, who: &'a Principal, here: &'a str) -> Req<'a> {
        Req { svc: self, who, here, reference: OnceCell::new() }
    }
}

/// Why a service call gave no answer.
#[derive(Debug)]
pub enum Error {
    /// No such thing in the caller's tenant.
    NotFound,
    /// The policy refused; the refusal is in the audit log.
    Forbidden,
    Store(store::Error),
}

impl From<store::Error> for Error {
    fn from(e: store::Error) -> Self {
        Error::Store(e)
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::NotFound => write!(f, "not found"),
            Error::Forbidden => write!(f, "forbidden"),
            Error::Store(e) => write!(f, "database: {e}"),
        }
    }
}

impl std::error::Error for Error {}

pub type Result<T> = std::result::Result<T, Error>;

/// One request: who asks, about what, with the tenant's reference data read
/// once when first needed.
pub struct Req<'a> {
    pub svc: &'a Services,
    pub who: &'a Principal,
    /// The path asked for, written with a refusal.
    pub here: &'a str,
    reference: OnceCell<Arc<store::reference::Reference>>,
}

impl Req<'_> {
    pub fn db(&self) -> &Db {
        &self.svc.db
    }

    pub fn tenant(&self) -> i64 {
        self.who.tenant_id
    }

    pub fn viewer(&self) -> &Viewer {
        &self.who.viewer
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.svc.clock.now()
    }

    /// The tenant's organisation, forums and framework, from memory when current.
    pub async fn reference(&self) -> Result<Arc<store::reference::Reference>> {
        let r = self.reference.get_or_try_init(|| self.svc.reference.get(&self.svc.db, self.who.tenant_id, self.who.reference_version)).await?;
        Ok(r.clone())
    }

    /// The tenant's work programme and årshjul, from memory when current.
    pub async fn programme(&self) -> Result<Arc<store::programme_cache::Snapshot>> {
        Ok(self.svc.programme.get(&self.svc.db, self.who.tenant_id, (self.who.programme_version, self.who.reference_version)).await?)
    }

    /// The refusal of `what`, written to the audit log.
    pub async fn deny(&self, what: &str) -> Error {
        let actor = self.who.actor();
        if let Err(e) = store::platform::audit::record(&self.svc.db, Some(self.who.tenant_id), &actor, "access.denied", what, self.here).await {
            tracing::error!("could not write a refusal to the audit log: {e}");
        }
        Error::Forbidden
    }

    /// `Ok` when `allowed`; otherwise the audited refusal of `what`.
    pub async fn allow(&self, allowed: bool, what: impl FnOnce() -> String) -> Result<()> {
        if allowed { Ok(()) } else { Err(self.deny(&what()).await) }
    }

    /// The audit log's name for the caller.
    pub fn actor(&self) -> store::platform::audit::Actor {
        self.who.actor()
    }
}
