//! Full-text search over agenda items, minutes and decisions, in Danish.
//! Documents are rebuilt per meeting whenever its agenda, minutes or
//! decisions change; the query differs per database (FTS5 or tsvector), the
//! stems are the same.

use chrono::{DateTime, Utc};
use domain::meetings::MeetingId;
use domain::meetings::decision::Communicate;
use domain::meetings::policy::DecisionScope;
use domain::search::{HitKind, index_text, query_terms};

use crate::meetings::decisions::{open_condition, scope_condition};
use crate::{Backend, Db, Result, id_list};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Hit {
    #[sqlx(try_from = "String")]
    pub kind: HitKind,
    pub ref_id: i64,
    pub forum_id: i64,
    #[sqlx(try_from = "i64")]
    pub meeting_id: MeetingId,
    pub title: String,
    pub snippet: String,
    pub at: DateTime<Utc>,
}

fn snippet(s: &str) -> String {
    let t: String = s.chars().take(240).collect();
    if t.len() < s.len() { format!("{t}…") } else { t }
}

/// How documents are written today: 2 added the parts of compounds.
/// Documents of an older scheme are rewritten by `reindex_stale`.
pub const SCHEME: i64 = 2;

/// Sort keys are a start time in seconds shifted by this many bits, plus a
/// counter: room for a million documents of meetings starting in one second.
const SLOT_BITS: u32 = 20;

/// Rebuilds the search documents of one meeting.
pub async fn reindex_meeting(db: &Db, tenant: i64, meeting: MeetingId) -> Result<()> {
    let Some(m) = crate::meetings::meeting(db, tenant, meeting).await? else { return Ok(()) };
    let items = crate::meetings::agenda::items_of_meeting(db, tenant, meeting).await?;
    // Minutes are found once approved; a draft is the secretariat's and the members' work in progress.
    let approved = crate::meetings::minutes::get(db, tenant, meeting).await?.is_some_and(|m| m.is_approved());
    let entries = if approved { crate::meetings::minutes::entries(db, tenant, meeting).await? } else { vec![] };
    let decisions = crate::meetings::decisions::of_meeting(db, tenant, meeting).await?;
    // (kind, ref, closed, communicate, title, body)
    let mut docs: Vec<(HitKind, i64, bool, &str, String, String)> = vec![];
    let none = Communicate::None.as_str();
    for i in items.iter().filter(|i| i.is_placed()) {
        docs.push((HitKind::Item, i.id.get(), i.closed, none, i.title.clone(), format!("{}\n{}", i.recommendation, i.background)));
        if let Some(e) = entries.iter().find(|e| e.item_id == i.id && !e.text.trim().is_empty()) {
            docs.push((HitKind::Minute, i.id.get(), i.closed, none, i.title.clone(), e.text.clone()));
        }
        if let Some(d) = decisions.get(&i.id) {
            docs.push((HitKind::Decision, d.id.get(), d.closed, d.communicate.as_str(), d.title.clone(), d.text.clone()));
        }
    }
    in_transaction!(db, tx => {
        sqlx::query("DELETE FROM search_docs WHERE tenant_id = $1 AND meeting_id = $2").bind(tenant).bind(meeting.get()).execute(&mut *tx).await?;
        // Sort keys order documents by their meeting's start; meetings that
        // start in the same second take the next free keys.
        let base = m.starts_at.timestamp() << SLOT_BITS;
        let (top,): (Option<i64>,) = sqlx::query_as("SELECT MAX(sort_key) FROM search_docs WHERE sort_key >= $1 AND sort_key < $2")
            .bind(base).bind(base + (1 << SLOT_BITS)).fetch_one(&mut *tx).await?;
        for (key, (kind, r, closed, communicate, title, body)) in (top.map_or(base, |t| t + 1)..).zip(docs.iter()) {
            let stems = index_text(&format!("{title} {body}"));
            sqlx::query(
                "INSERT INTO search_docs (tenant_id, kind, ref_id, forum_id, meeting_id, closed, communicate, title, snippet, at, stems, sort_key, scheme) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)")
                .bind(tenant).bind(kind.as_str()).bind(*r).bind(m.forum_id).bind(meeting.get()).bind(*closed).bind(*communicate)
                .bind(title).bind(snippet(body.trim())).bind(m.starts_at).bind(&stems).bind(key).bind(SCHEME)
                .execute(&mut *tx).await?;
        }
        Ok::<_, sqlx::Error>(())
    })
}

/// Rewrites the documents of up to `meetings` meetings written under an
/// older scheme, and says how many meetings it rewrote: the worker calls it
/// until it says none.
pub async fn reindex_stale(db: &Db, meetings: i64) -> Result<usize> {
    let stale: Vec<(i64, i64)> = on_pool!(db, p => sqlx::query_as(
        "SELECT DISTINCT tenant_id, meeting_id FROM search_docs WHERE scheme < $1 LIMIT $2")
        .bind(SCHEME).bind(meetings).fetch_all(p).await)?;
    for (tenant, meeting) in &stale {
        reindex_meeting(db, *tenant, MeetingId(*meeting)).await?;
    }
    Ok(stale.len())
}

/// The newest hits for all of the query's words, within what the reader's
/// scope allows (the same condition as the decision register's), `limit` of
/// them after skipping `offset`.
///
/// A word also finds the compounds it begins ("budget" finds
/// "budgetopfølgningen"), but only when the words as they stand find less
/// than a page: matching every word as a prefix costs two to three times as
/// much on SQLite (docs/BENCHMARKS.md), and a common word needs no help.
pub async fn search(db: &Db, tenant: i64, query: &str, scope: &DecisionScope, limit: i64, offset: i64) -> Result<Vec<Hit>> {
    let terms = query_terms(query);
    if terms.is_empty() {
        return Ok(vec![]);
    }
    // Every page of a search decides the same way, by its first page.
    let first = run(db, tenant, &terms, false, scope, limit, 0).await?;
    if first.len() as i64 >= limit {
        return if offset == 0 { Ok(first) } else { run(db, tenant, &terms, false, scope, limit, offset).await };
    }
    run(db, tenant, &terms, true, scope, limit, offset).await
}

/// How many hits a search has, counted up to `cap`, deciding between the
/// words as they stand and prefixes as `search` does for a page of `page`.
pub async fn count(db: &Db, tenant: i64, query: &str, scope: &DecisionScope, page: i64, cap: i64) -> Result<i64> {
    let terms = query_terms(query);
    if terms.is_empty() {
        return Ok(0);
    }
    let exact = count_run(db, tenant, &terms, false, scope, cap).await?;
    if exact >= page { Ok(exact) } else { count_run(db, tenant, &terms, true, scope, cap).await }
}

async fn count_run(db: &Db, tenant: i64, terms: &[String], prefix: bool, scope: &DecisionScope, cap: i64) -> Result<i64> {
    let (from, arg) = matching(db, terms, prefix, scope);
    let sql = format!("SELECT COUNT(*) FROM (SELECT 1 {from} LIMIT {cap}) hits");
    let (n,): (i64,) = on_pool!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(arg).bind(tenant).fetch_one(p).await)?;
    Ok(n)
}

/// One search: the words as they stand, or each as a prefix.
async fn run(db: &Db, tenant: i64, terms: &[String], prefix: bool, scope: &DecisionScope, limit: i64, offset: i64) -> Result<Vec<Hit>> {
    let (from, arg) = matching(db, terms, prefix, scope);
    let order = match db.backend() {
        Backend::Sqlite => "f.rowid",
        Backend::Postgres => "d.sort_key",
    };
    let sql = format!("SELECT d.kind, d.ref_id, d.forum_id, d.meeting_id, d.title, d.snippet, d.at {from} ORDER BY {order} DESC LIMIT {limit} OFFSET {offset}");
    on_pool!(db, p => sqlx::query_as::<_, Hit>(sqlx::AssertSqlSafe(sql)).bind(arg).bind(tenant).fetch_all(p).await)
}

/// The FROM and WHERE of a search ($1 the match, $2 the tenant) and the match's text.
fn matching(db: &Db, terms: &[String], prefix: bool, scope: &DecisionScope) -> (String, String) {
    // Items and minutes: the forums one reads, closed ones only for the forum's
    // members. Decisions: as the register shows them.
    let items = if scope.every() {
        "1 = 1".to_string()
    } else {
        format!("d.forum_id IN ({}) AND {}", id_list(scope.forums()), open_condition(scope, "d.forum_id", "d.closed"))
    };
    let decisions = scope_condition(scope, "d.forum_id", "d.closed", "d.communicate", "d.ref_id");
    let decision = HitKind::Decision.as_str();
    let visible = format!("((d.kind <> '{decision}' AND {items}) OR (d.kind = '{decision}' AND {decisions}))");
    match db.backend() {
        Backend::Sqlite => {
            // Stems hold letters and digits only, so quoting each is safe.
            let star = if prefix { "*" } else { "" };
            let m = terms.iter().map(|t| format!("\"{t}\"{star}")).collect::<Vec<_>>().join(" ");
            (format!("FROM search_fts f JOIN search_docs d ON d.sort_key = f.rowid WHERE search_fts MATCH $1 AND d.tenant_id = $2 AND {visible}"), m)
        }
        Backend::Postgres => {
            let star = if prefix { ":*" } else { "" };
            let q = terms.iter().map(|t| format!("{t}{star}")).collect::<Vec<_>>().join(" & ");
            (format!("FROM search_docs d WHERE d.tsv @@ to_tsquery('simple', $1) AND d.tenant_id = $2 AND {visible}"), q)
        }
    }
}
