//! The framework context's tables: versions of the document and their
//! elements. A version is never changed; loading a changed document adds one.

use chrono::{DateTime, Utc};
use domain::framework::{Element, ElementKind, FrameworkDoc};

use crate::{Db, Result, now, platform::audit::Actor};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Version {
    pub id: i64,
    pub version: i64,
    pub title: String,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
}

#[derive(sqlx::FromRow)]
struct ElementRow {
    key: String,
    kind: String,
    parent_key: Option<String>,
    position: i64,
    title: String,
    summary: String,
    body: String,
}

/// Stores the document as a new version unless it equals the current one.
/// Returns the version number in force afterwards and whether it is new.
pub async fn load(db: &Db, tenant: i64, doc: &FrameworkDoc, source: &str, actor: &Actor) -> Result<(i64, bool)> {
    let elements = doc.elements().map_err(|e| sqlx::Error::Protocol(e.to_string()))?;
    let at = now();
    in_transaction!(db, tx => {
        let latest: Option<(i64, String)> = sqlx::query_as(
            "SELECT version, source FROM framework_versions WHERE tenant_id = $1 ORDER BY version DESC LIMIT 1")
            .bind(tenant).fetch_optional(&mut *tx).await?;
        if let Some((v, s)) = &latest
            && s == source
        {
            return Ok((*v, false));
        }
        let version = latest.map(|(v, _)| v + 1).unwrap_or(1);
        let (vid,): (i64,) = sqlx::query_as(
            "INSERT INTO framework_versions (tenant_id, version, title, source, created_at, created_by) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id")
            .bind(tenant).bind(version).bind(&doc.title).bind(source).bind(at).bind(&actor.label)
            .fetch_one(&mut *tx).await?;
        for e in &elements {
            sqlx::query(
                "INSERT INTO framework_elements (tenant_id, version_id, key, kind, parent_key, position, title, summary, body) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
                .bind(tenant).bind(vid).bind(&e.key).bind(e.kind.as_str()).bind(&e.parent_key)
                .bind(e.position as i64).bind(&e.title).bind(&e.summary).bind(&e.body)
                .execute(&mut *tx).await?;
        }
        let detail = format!("version {version}: {} ({} elements)", doc.title, elements.len());
        audit_in!(&mut *tx, Some(tenant), actor, "framework.load", "framework", &detail)?;
        Ok::<_, sqlx::Error>((version, true))
    })
}

pub async fn versions(db: &Db, tenant: i64) -> Result<Vec<Version>> {
    on_pool!(db, p => sqlx::query_as::<_, Version>(
        "SELECT id, version, title, created_at, created_by FROM framework_versions \
         WHERE tenant_id = $1 ORDER BY version DESC")
        .bind(tenant).fetch_all(p).await)
}

/// A version by number, or the newest when `number` is `None`.
pub async fn version(db: &Db, tenant: i64, number: Option<i64>) -> Result<Option<Version>> {
    on_pool!(db, p => sqlx::query_as::<_, Version>(
        "SELECT id, version, title, created_at, created_by FROM framework_versions \
         WHERE tenant_id = $1 AND ($2 IS NULL OR version = $2) ORDER BY version DESC LIMIT 1")
        .bind(tenant).bind(number).fetch_optional(p).await)
}

/// The source text of a version, for download.
pub async fn source(db: &Db, tenant: i64, version_id: i64) -> Result<Option<String>> {
    let row: Option<(String,)> = on_pool!(db, p => sqlx::query_as(
        "SELECT source FROM framework_versions WHERE tenant_id = $1 AND id = $2")
        .bind(tenant).bind(version_id).fetch_optional(p).await)?;
    Ok(row.map(|r| r.0))
}

/// A version's elements in document order.
pub async fn elements(db: &Db, tenant: i64, version_id: i64) -> Result<Vec<Element>> {
    let rows: Vec<ElementRow> = on_pool!(db, p => sqlx::query_as::<_, ElementRow>(
        "SELECT key, kind, parent_key, position, title, summary, body FROM framework_elements \
         WHERE tenant_id = $1 AND version_id = $2 ORDER BY id")
        .bind(tenant).bind(version_id).fetch_all(p).await)?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(Element {
                kind: ElementKind::parse(&r.kind)?,
                key: r.key,
                parent_key: r.parent_key,
                position: r.position as i32,
                title: r.title,
                summary: r.summary,
                body: r.body,
            })
        })
        .collect())
}
