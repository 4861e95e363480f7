//! The database handle: one enum over the two pools, and a macro that runs the
//! same query text on whichever is active. Queries use `$1` placeholders and
//! `ON CONFLICT … excluded`, which both databases accept.

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};

#[derive(Clone, Debug)]
pub enum Db {
    Sqlite(SqlitePool),
    Pg(PgPool),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Runs `$body` with `$pool` bound to the active pool. The body is compiled
/// once per backend, so generic sqlx calls type-check against both.
macro_rules! on_pool {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            $crate::db::Db::Sqlite($pool) => $body,
            $crate::db::Db::Pg($pool) => $body,
        }
    };
}

/// Runs `$body` inside one transaction on the active pool, with `$tx` bound
/// to the transaction's connection; commits when the body returns `Ok`.
macro_rules! in_transaction {
    ($db:expr, $tx:ident => $body:expr) => {
        match $db {
            $crate::db::Db::Sqlite(pool) => {
                // One writer at a time in this process: SQLite takes one anyway,
                // and a writer that waits here does not sleep in SQLite's busy handler.
                let _gate = $crate::db::SQLITE_WRITES.lock().await;
                let mut txn = pool.begin().await?;
                let $tx = &mut *txn;
                let out = $body;
                txn.commit().await?;
                out
            }
            $crate::db::Db::Pg(pool) => {
                let mut txn = pool.begin().await?;
                let $tx = &mut *txn;
                let out = $body;
                txn.commit().await?;
                out
            }
        }
    };
}

/// The writers to SQLite in this process take turns here (`in_transaction!`,
/// the audit log): waiting on a lock costs nothing, where SQLite's busy
/// handler sleeps a millisecond and more between tries.
pub static SQLITE_WRITES: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

impl Db {
    /// Connects to `sqlite://PATH` (created when missing) or `postgres://…`,
    /// with the pool sized to the machine.
    pub async fn connect(url: &str) -> anyhow::Result<Db> {
        Db::connect_with(url, 0).await
    }

    /// Connects with `pool` connections, or when 0: eight for SQLite, whose
    /// connections are threads in this process, and twice the cores for
    /// PostgreSQL, whose connections are processes that compete with styr
    /// for the same cores when the database runs on the same machine; more
    /// only add switching between them.
    pub async fn connect_with(url: &str, pool: u32) -> anyhow::Result<Db> {
        let cores = std::thread::available_parallelism().map(|n| n.get() as u32).unwrap_or(2);
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let pool = PgPoolOptions::new()
                .max_connections(if pool > 0 { pool } else { (2 * cores).max(4) })
                .acquire_timeout(Duration::from_secs(10))
                .connect(url)
                .await?;
            Ok(Db::Pg(pool))
        } else if url.starts_with("sqlite:") {
            let opts = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10))
                // Every table is keyed by tenant first; without statistics SQLite's
                // planner takes (tenant_id, …) indexes over primary keys and scans a
                // whole tenant. This gathers them where missing (SQLite 3.46+).
                .pragma("optimize", "0x10002")
                // Reads go through the OS page cache, shared by every connection,
                // instead of each connection's own small cache.
                .pragma("mmap_size", "1073741824");
            let pool = SqlitePoolOptions::new().max_connections(if pool > 0 { pool } else { 8 }).connect_with(opts).await?;
            Ok(Db::Sqlite(pool))
        } else {
            anyhow::bail!("unknown database URL {url:?}: use sqlite://PATH or postgres://…")
        }
    }

    pub fn backend(&self) -> Backend {
        match self {
            Db::Sqlite(_) => Backend::Sqlite,
            Db::Pg(_) => Backend::Postgres,
        }
    }

    /// Brings the schema up to date; safe to run at every start.
    pub async fn migrate(&self) -> anyhow::Result<()> {
        match self {
            Db::Sqlite(p) => sqlx::migrate!("./migrations/sqlite").run(p).await?,
            Db::Pg(p) => sqlx::migrate!("./migrations/postgres").run(p).await?,
        }
        Ok(())
    }

    /// Refreshes the planner's statistics; run after bulk loads and now and
    /// then by the server. PostgreSQL's autovacuum does it too, later.
    pub async fn optimize(&self) -> anyhow::Result<()> {
        match self {
            Db::Sqlite(p) => sqlx::query("PRAGMA optimize").execute(p).await.map(|_| ())?,
            Db::Pg(p) => sqlx::query("ANALYZE").execute(p).await.map(|_| ())?,
        };
        Ok(())
    }

    /// After a bulk load: on PostgreSQL, vacuums now what autovacuum would
    /// otherwise work through within the next minute (SQLite needs nothing).
    pub async fn settle(&self) -> anyhow::Result<()> {
        if let Db::Pg(p) = self {
            sqlx::query("VACUUM (ANALYZE)").execute(p).await?;
        }
        Ok(())
    }

    /// Whether the database answers (for /healthz).
    pub async fn ping(&self) -> bool {
        on_pool!(self, p => sqlx::query("SELECT 1").execute(p).await.is_ok())
    }

    /// (connections in the pool, of which idle), for /metrics.
    pub fn pool_use(&self) -> (u32, usize) {
        on_pool!(self, p => (p.size(), p.num_idle()))
    }

    /// Whether any municipality is stored: a database `styr restore` must
    /// not overwrite unasked.
    pub async fn holds_data(&self) -> anyhow::Result<bool> {
        let (n,): (i64,) = on_pool!(self, p => sqlx::query_as("SELECT COUNT(*) FROM tenants").fetch_one(p).await)?;
        Ok(n > 0)
    }

    /// Writes a consistent copy of a SQLite database while it is in use
    /// (`VACUUM INTO` reads one snapshot). PostgreSQL is backed up with
    /// pg_dump, which the binary runs; see `styr backup`.
    pub async fn backup_sqlite(&self, out: &str) -> anyhow::Result<()> {
        match self {
            Db::Sqlite(p) => {
                sqlx::query("VACUUM INTO $1").bind(out).execute(p).await?;
                Ok(())
            }
            Db::Pg(_) => anyhow::bail!("not a SQLite database"),
        }
    }

    /// The table and column names of the schema, for the test that keeps the
    /// two migrations equivalent. The search index's own parts (FTS5's tables,
    /// PostgreSQL's tsvector column) differ by design and are left out.
    pub async fn schema_columns(&self) -> anyhow::Result<Vec<(String, String)>> {
        let mut cols: Vec<(String, String)> = match self {
            Db::Sqlite(p) => {
                sqlx::query_as(
                    "SELECT m.name, c.name FROM sqlite_master m, pragma_table_info(m.name) c \
                     WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '_sqlx%' AND m.name NOT LIKE 'search_fts%'",
                )
                .fetch_all(p)
                .await?
            }
            Db::Pg(p) => {
                sqlx::query_as(
                    "SELECT table_name::text, column_name::text FROM information_schema.columns \
                     WHERE table_schema = current_schema() AND table_name NOT LIKE '_sqlx%' AND column_name <> 'tsv'",
                )
                .fetch_all(p)
                .await?
            }
        };
        cols.sort();
        Ok(cols)
    }

    /// Every table with its row count and a checksum of its rows (SHA-256
    /// of the rows as text, in order): to show that something changed
    /// nothing, or that a restore gave back what was backed up. The text
    /// of a row differs between the two databases; compare within one.
    pub async fn checksums(&self) -> anyhow::Result<Vec<(String, i64, String)>> {
        let mut out = vec![];
        for (table, cols) in self.tables().await? {
            let (n, digest) = self.digest(&table, &cols, "TRUE", 0).await?;
            out.push((table, n, digest));
        }
        Ok(out)
    }

    /// Every table's rows as text, as someone reading the raw database sees
    /// them: (table, columns, rows). The tests of the leader evaluation's
    /// anonymity read the whole database this way.
    pub async fn dump(&self) -> anyhow::Result<Vec<(String, Vec<String>, Vec<String>)>> {
        let mut out = vec![];
        for (table, cols) in self.tables().await? {
            let rows: Vec<(String,)> = match self {
                Db::Sqlite(p) => {
                    let row = cols.iter().map(|c| format!("quote(x.\"{c}\")")).collect::<Vec<_>>().join(" || ',' || ");
                    sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {row} FROM \"{table}\" AS x"))).fetch_all(p).await?
                }
                Db::Pg(p) => sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT CAST(x AS TEXT) FROM \"{table}\" AS x"))).fetch_all(p).await?,
            };
            out.push((table, cols, rows.into_iter().map(|r| r.0).collect()));
        }
        Ok(out)
    }

    /// One table's row count and checksum over every column, for the rows
    /// that `filter` (an SQL condition on the row `x`, with the tenant as
    /// `$1`) keeps. Tests compare it before and after a refused write.
    pub async fn table_checksum(&self, table: &str, filter: &str, tenant: i64) -> anyhow::Result<(i64, String)> {
        let tables = self.tables().await?;
        let Some((_, cols)) = tables.iter().find(|(t, _)| t == table) else { anyhow::bail!("no table {table}") };
        self.digest(table, cols, filter, tenant).await
    }

    async fn tables(&self) -> anyhow::Result<Vec<(String, Vec<String>)>> {
        let mut tables: Vec<(String, Vec<String>)> = vec![];
        for (t, c) in self.schema_columns().await? {
            match tables.last_mut() {
                Some((last, cols)) if *last == t => cols.push(c),
                _ => tables.push((t, vec![c])),
            }
        }
        Ok(tables)
    }

    async fn digest(&self, table: &str, cols: &[String], filter: &str, tenant: i64) -> anyhow::Result<(i64, String)> {
        use sha2::{Digest, Sha256};
        // Table and column names come from the schema itself; the filter is
        // a constant written in the tests.
        let (n, text): (i64, Option<String>) = match self {
            Db::Sqlite(p) => {
                let row = cols.iter().map(|c| format!("quote(x.\"{c}\")")).collect::<Vec<_>>().join(" || ',' || ");
                let sql = format!("SELECT COUNT(*), group_concat(r, '|') FROM (SELECT {row} AS r FROM \"{table}\" AS x WHERE {filter} AND $1 = $1 ORDER BY r)");
                sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(tenant).fetch_one(p).await?
            }
            Db::Pg(p) => {
                let sql = format!(
                    "SELECT COUNT(*), string_agg(CAST(x AS TEXT), '|' ORDER BY CAST(x AS TEXT)) FROM \"{table}\" AS x WHERE {filter} AND $1::BIGINT = $1::BIGINT"
                );
                sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(tenant).fetch_one(p).await?
            }
        };
        Ok((n, hex::encode(Sha256::digest(text.unwrap_or_default().as_bytes()))))
    }

    pub async fn close(&self) {
        on_pool!(self, p => p.close().await)
    }
}
