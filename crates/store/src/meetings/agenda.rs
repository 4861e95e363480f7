//! Agenda items and their attachments.

use chrono::{DateTime, Utc};
use domain::meetings::agenda::{ItemKind, ItemStatus, Proposal};
use domain::meetings::{ItemId, MeetingId};

use crate::{Db, Result, now, platform::audit::Actor};

pub use domain::meetings::agenda::Item;

#[derive(sqlx::FromRow)]
struct ItemRow {
    id: i64,
    forum_id: i64,
    meeting_id: i64,
    #[sqlx(try_from = "String")]
    status: ItemStatus,
    position: i64,
    part: Option<i64>,
    #[sqlx(try_from = "String")]
    kind: ItemKind,
    title: String,
    recommendation: String,
    background: String,
    minutes: i64,
    closed: bool,
    proposer_person_id: Option<i64>,
    presenter_person_id: Option<i64>,
    perspective_key: Option<String>,
    value_key: Option<String>,
    status_reason: String,
    deferred_to_item_id: Option<i64>,
    changed_after_publish: bool,
    version: i64,
    created_at: DateTime<Utc>,
}

impl From<ItemRow> for Item {
    fn from(r: ItemRow) -> Item {
        Item {
            id: ItemId(r.id),
            forum_id: r.forum_id,
            meeting_id: MeetingId(r.meeting_id),
            status: r.status,
            position: r.position,
            part: r.part,
            kind: r.kind,
            title: r.title,
            recommendation: r.recommendation,
            background: r.background,
            minutes: r.minutes,
            closed: r.closed,
            proposer_person_id: r.proposer_person_id,
            presenter_person_id: r.presenter_person_id,
            perspective_key: r.perspective_key,
            value_key: r.value_key,
            status_reason: r.status_reason,
            deferred_to_item_id: r.deferred_to_item_id.map(ItemId),
            changed_after_publish: r.changed_after_publish,
            version: r.version,
            created_at: r.created_at,
        }
    }
}

fn items(rows: Vec<ItemRow>) -> Vec<Item> {
    rows.into_iter().map(Item::from).collect()
}

const ITEM_COLS: &str = "id, forum_id, meeting_id, status, position, part, kind, title, recommendation, background, minutes, closed, \
     proposer_person_id, presenter_person_id, perspective_key, value_key, status_reason, deferred_to_item_id, \
     changed_after_publish, version, created_at";

/// A file to attach.
pub struct NewAttachment {
    pub file_name: String,
    pub content_type: String,
    pub data: Vec<u8>,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct AttachmentMeta {
    pub id: i64,
    #[sqlx(try_from = "i64")]
    pub item_id: ItemId,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
}

/// Who proposed and presents, and what the item is tagged with.
pub struct ProposalMeta {
    pub proposer: Option<i64>,
    pub presenter: Option<i64>,
    pub perspective_key: Option<String>,
    pub value_key: Option<String>,
}

/// Where attachments' contents are kept: in the database (the default: one
/// file or one database to back up) or as files in a folder, for
/// installations that keep large documents apart.
#[derive(Clone, Debug, Default)]
pub enum FileStore {
    #[default]
    Database,
    Folder(std::path::PathBuf),
}

impl FileStore {
    /// Writes the contents to the folder, if there is one; returns the name
    /// to store (empty when the database keeps the contents).
    fn put(&self, tenant: i64, data: &[u8]) -> std::io::Result<String> {
        let FileStore::Folder(dir) = self else { return Ok(String::new()) };
        let name = format!("{tenant}/{}", crate::new_secret());
        let path = dir.join(&name);
        std::fs::create_dir_all(dir.join(tenant.to_string()))?;
        // Written under a temporary name first, so a half-written file is never served.
        let tmp = path.with_extension("part");
        std::fs::write(&tmp, data)?;
        std::fs::rename(&tmp, &path)?;
        Ok(name)
    }

    fn get(&self, stored_at: &str) -> std::io::Result<Vec<u8>> {
        match self {
            FileStore::Folder(dir) => std::fs::read(dir.join(stored_at)),
            FileStore::Database => Err(std::io::Error::new(std::io::ErrorKind::NotFound, "attachment kept in a folder, but no folder is configured")),
        }
    }
}

/// Stores a proposal for a meeting, with its attachments; returns its id.
#[allow(clippy::too_many_arguments)]
pub async fn propose(
    db: &Db,
    files_at: &FileStore,
    tenant: i64,
    forum: i64,
    meeting: MeetingId,
    p: &Proposal,
    meta: &ProposalMeta,
    files: &[NewAttachment],
    actor: &Actor,
) -> Result<ItemId> {
    let at = now();
    let mut stored = vec![];
    for f in files {
        stored.push(files_at.put(tenant, &f.data).map_err(sqlx::Error::Io)?);
    }
    in_transaction!(db, tx => {
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO agenda_items (tenant_id, forum_id, meeting_id, status, kind, title, recommendation, background, minutes, \
               closed, proposer_person_id, presenter_person_id, perspective_key, value_key, created_at, updated_at) \
             VALUES ($1, $2, $3, $15, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) RETURNING id")
            .bind(tenant).bind(forum).bind(meeting.get()).bind(p.kind.as_str()).bind(&p.title).bind(&p.recommendation)
            .bind(&p.background).bind(p.minutes).bind(p.closed).bind(meta.proposer).bind(meta.presenter)
            .bind(&meta.perspective_key).bind(&meta.value_key).bind(at).bind(ItemStatus::Proposed.as_str())
            .fetch_one(&mut *tx).await?;
        for (f, stored_at) in files.iter().zip(&stored) {
            let data: &[u8] = if stored_at.is_empty() { &f.data } else { &[] };
            sqlx::query("INSERT INTO attachments (tenant_id, item_id, file_name, content_type, size, data, stored_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
                .bind(tenant).bind(id).bind(&f.file_name).bind(&f.content_type).bind(f.data.len() as i64).bind(data).bind(stored_at).bind(at)
                .execute(&mut *tx).await?;
        }
        audit_in!(&mut *tx, Some(tenant), actor, "meetings.propose", &format!("item:{id}"), &p.title)?;
        Ok::<_, sqlx::Error>(ItemId(id))
    })
}

pub async fn item(db: &Db, tenant: i64, id: ItemId) -> Result<Option<Item>> {
    let sql = format!("SELECT {ITEM_COLS} FROM agenda_items WHERE tenant_id = $1 AND id = $2");
    let row: Option<ItemRow> = on_pool!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(tenant).bind(id.get()).fetch_optional(p).await)?;
    Ok(row.map(Item::from))
}

/// A meeting's items: the agenda in order, then the rest by when proposed.
pub async fn items_of_meeting(db: &Db, tenant: i64, meeting: MeetingId) -> Result<Vec<Item>> {
    let sql = format!(
        "SELECT {ITEM_COLS} FROM agenda_items WHERE tenant_id = $1 AND meeting_id = $2 \
         ORDER BY CASE status WHEN 'placed' THEN 0 ELSE 1 END, COALESCE(part, -1), position, created_at, id"
    );
    Ok(items(on_pool!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(tenant).bind(meeting.get()).fetch_all(p).await)?))
}

/// Proposals not yet placed, declined or deferred, for meetings still to
/// come: the secretariat's queue, oldest first.
pub async fn waiting_proposals(db: &Db, tenant: i64, after: DateTime<Utc>) -> Result<Vec<Item>> {
    let sql = format!(
        "SELECT {ITEM_COLS} FROM agenda_items WHERE tenant_id = $1 AND status = $3 \
         AND meeting_id IN (SELECT id FROM meetings WHERE tenant_id = $1 AND status = 'planned' AND starts_at >= $2) ORDER BY created_at, id"
    );
    Ok(items(on_pool!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(tenant).bind(after).bind(ItemStatus::Proposed.as_str()).fetch_all(p).await)?))
}

/// Everything a person has proposed, newest first.
pub async fn proposed_by(db: &Db, tenant: i64, person: i64) -> Result<Vec<Item>> {
    let sql = format!("SELECT {ITEM_COLS} FROM agenda_items WHERE tenant_id = $1 AND proposer_person_id = $2 ORDER BY created_at DESC, id DESC");
    Ok(items(on_pool!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(tenant).bind(person).fetch_all(p).await)?))
}

pub async fn attachments_of_meeting(db: &Db, tenant: i64, meeting: MeetingId) -> Result<Vec<AttachmentMeta>> {
    on_pool!(db, p => sqlx::query_as::<_, AttachmentMeta>(
        "SELECT a.id, a.item_id, a.file_name, a.content_type, a.size FROM attachments a JOIN agenda_items i ON i.id = a.item_id \
         WHERE a.tenant_id = $1 AND i.meeting_id = $2 ORDER BY a.id")
        .bind(tenant).bind(meeting.get()).fetch_all(p).await)
}

/// An attachment's description and bytes.
pub async fn attachment(db: &Db, files_at: &FileStore, tenant: i64, id: i64) -> Result<Option<(AttachmentMeta, Vec<u8>)>> {
    let meta: Option<AttachmentMeta> = on_pool!(db, p => sqlx::query_as(
        "SELECT id, item_id, file_name, content_type, size FROM attachments WHERE tenant_id = $1 AND id = $2")
        .bind(tenant).bind(id).fetch_optional(p).await)?;
    let Some(meta) = meta else { return Ok(None) };
    let (data, stored_at): (Vec<u8>, String) = on_pool!(db, p => sqlx::query_as("SELECT data, stored_at FROM attachments WHERE id = $1")
        .bind(id).fetch_one(p).await)?;
    if stored_at.is_empty() {
        return Ok(Some((meta, data)));
    }
    Ok(Some((meta, files_at.get(&stored_at).map_err(sqlx::Error::Io)?)))
}

/// Puts a proposal on its meeting's agenda, last, in a part. After the
/// agenda is published the item is marked as a later change.
pub async fn place(db: &Db, tenant: i64, id: ItemId, version: i64, part: Option<i64>, actor: &Actor) -> Result<bool> {
    let at = now();
    let placed = ItemStatus::Placed;
    let ok = in_transaction!(db, tx => {
        let (max,): (Option<i64>,) = sqlx::query_as(
            "SELECT MAX(position) FROM agenda_items WHERE meeting_id = (SELECT meeting_id FROM agenda_items WHERE id = $1) AND status = $2")
            .bind(id.get()).bind(placed.as_str()).fetch_one(&mut *tx).await?;
        let r = sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE agenda_items SET status = $7, part = $1, position = $2, status_reason = '', version = version + 1, updated_at = $3, \
               changed_after_publish = (SELECT agenda_published_at IS NOT NULL FROM meetings WHERE meetings.id = agenda_items.meeting_id) \
             WHERE tenant_id = $4 AND id = $5 AND version = $6 AND {}", crate::words_in("status", placed.reached_from()))))
            .bind(part).bind(max.unwrap_or(0) + 1).bind(at).bind(tenant).bind(id.get()).bind(version).bind(placed.as_str())
            .execute(&mut *tx).await?;
        if r.rows_affected() == 1 {
            audit_in!(&mut *tx, Some(tenant), actor, "meetings.item.place", &format!("item:{id}"), "")?;
        }
        Ok::<_, sqlx::Error>(r.rows_affected() == 1)
    })?;
    reindex_item_meeting(db, tenant, id).await?;
    Ok(ok)
}

/// Rebuilds the search documents of the meeting an item belongs to.
async fn reindex_item_meeting(db: &Db, tenant: i64, item_id: ItemId) -> Result<()> {
    if let Some(i) = item(db, tenant, item_id).await? {
        crate::search::reindex_meeting(db, tenant, i.meeting_id).await?;
    }
    Ok(())
}

/// The update that declines or defers an item, from the statuses it may
/// leave (`ItemStatus::reached_from`). Binds: reason, time, tenant, id,
/// version, the new status.
fn leave_sql(to: ItemStatus) -> String {
    format!(
        "UPDATE agenda_items SET status = $6, status_reason = $1, version = version + 1, updated_at = $2, \
           changed_after_publish = (status = 'placed' AND (SELECT agenda_published_at IS NOT NULL FROM meetings WHERE meetings.id = agenda_items.meeting_id)) \
         WHERE tenant_id = $3 AND id = $4 AND version = $5 AND {}",
        crate::words_in("status", to.reached_from())
    )
}

/// Declines a proposal, or takes an item off the agenda, with a reason.
pub async fn decline(db: &Db, tenant: i64, id: ItemId, version: i64, reason: &str, actor: &Actor) -> Result<bool> {
    let at = now();
    let ok = in_transaction!(db, tx => {
        let r = sqlx::query(sqlx::AssertSqlSafe(leave_sql(ItemStatus::Declined)))
            .bind(reason).bind(at).bind(tenant).bind(id.get()).bind(version).bind(ItemStatus::Declined.as_str())
            .execute(&mut *tx).await?;
        if r.rows_affected() == 1 {
            audit_in!(&mut *tx, Some(tenant), actor, "meetings.item.decline", &format!("item:{id}"), reason)?;
        }
        Ok::<_, sqlx::Error>(r.rows_affected() == 1)
    })?;
    reindex_item_meeting(db, tenant, id).await?;
    Ok(ok)
}

/// Defers an item to a later meeting of the same forum: the item is marked
/// deferred, and a copy (with its attachments) is proposed for the later
/// meeting. Returns the new item's id, or `None` on a version conflict.
pub async fn defer(db: &Db, tenant: i64, id: ItemId, version: i64, to_meeting: MeetingId, reason: &str, actor: &Actor) -> Result<Option<ItemId>> {
    let at = now();
    let new_id = in_transaction!(db, tx => {
        let r = sqlx::query(sqlx::AssertSqlSafe(leave_sql(ItemStatus::Deferred)))
            .bind(reason).bind(at).bind(tenant).bind(id.get()).bind(version).bind(ItemStatus::Deferred.as_str())
            .execute(&mut *tx).await?;
        if r.rows_affected() != 1 {
            return Ok(None);
        }
        let (new_id,): (i64,) = sqlx::query_as(
            "INSERT INTO agenda_items (tenant_id, forum_id, meeting_id, status, kind, title, recommendation, background, minutes, closed, \
               proposer_person_id, presenter_person_id, perspective_key, value_key, created_at, updated_at) \
             SELECT tenant_id, forum_id, $1, $4, kind, title, recommendation, background, minutes, closed, \
               proposer_person_id, presenter_person_id, perspective_key, value_key, $2, $2 FROM agenda_items WHERE id = $3 RETURNING id")
            .bind(to_meeting.get()).bind(at).bind(id.get()).bind(ItemStatus::Proposed.as_str()).fetch_one(&mut *tx).await?;
        sqlx::query(
            "INSERT INTO attachments (tenant_id, item_id, file_name, content_type, size, data, stored_at, created_at) \
             SELECT tenant_id, $1, file_name, content_type, size, data, stored_at, $2 FROM attachments WHERE item_id = $3")
            .bind(new_id).bind(at).bind(id.get()).execute(&mut *tx).await?;
        sqlx::query("UPDATE agenda_items SET deferred_to_item_id = $1 WHERE id = $2").bind(new_id).bind(id.get()).execute(&mut *tx).await?;
        audit_in!(&mut *tx, Some(tenant), actor, "meetings.item.defer", &format!("item:{id}"), &format!("to item:{new_id}: {reason}"))?;
        Ok::<_, sqlx::Error>(Some(ItemId(new_id)))
    })?;
    reindex_item_meeting(db, tenant, id).await?;
    Ok(new_id)
}

/// Sets the order of a meeting's agenda.
pub async fn reorder(db: &Db, tenant: i64, meeting: MeetingId, ids: &[ItemId], actor: &Actor) -> Result<()> {
    let at = now();
    in_transaction!(db, tx => {
        for (i, id) in ids.iter().enumerate() {
            sqlx::query("UPDATE agenda_items SET position = $1, updated_at = $2 WHERE tenant_id = $3 AND meeting_id = $4 AND id = $5")
                .bind(i as i64 + 1).bind(at).bind(tenant).bind(meeting.get()).bind(id.get()).execute(&mut *tx).await?;
        }
        audit_in!(&mut *tx, Some(tenant), actor, "meetings.agenda.reorder", &format!("meeting:{meeting}"), "")?;
        Ok::<_, sqlx::Error>(())
    })
}

/// Publishes a meeting's agenda at `at` (now, except when the demo records
/// the past); false when it already was.
pub async fn publish(db: &Db, tenant: i64, meeting: MeetingId, at: DateTime<Utc>, actor: &Actor) -> Result<bool> {
    in_transaction!(db, tx => {
        let r = sqlx::query("UPDATE meetings SET agenda_published_at = $1, updated_at = $1 WHERE tenant_id = $2 AND id = $3 AND agenda_published_at IS NULL AND status = 'planned'")
            .bind(at).bind(tenant).bind(meeting.get()).execute(&mut *tx).await?;
        if r.rows_affected() == 1 {
            audit_in!(&mut *tx, Some(tenant), actor, "meetings.agenda.publish", &format!("meeting:{meeting}"), "")?;
        }
        Ok::<_, sqlx::Error>(r.rows_affected() == 1)
    })
}

/// Changes a proposal's or an agenda item's text; false on a version
/// conflict or when it is no longer proposed or placed. On a published
/// agenda a placed item is marked changed, and the reason goes to the audit
/// log with the change.
pub async fn edit(db: &Db, tenant: i64, id: ItemId, version: i64, p: &Proposal, reason: &str, actor: &Actor) -> Result<bool> {
    let at = now();
    let ok = in_transaction!(db, tx => {
        let r = sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE agenda_items SET title = $1, kind = $2, recommendation = $3, background = $4, minutes = $5, closed = $6, \
               version = version + 1, updated_at = $7, \
               changed_after_publish = changed_after_publish OR (status = 'placed' AND (SELECT agenda_published_at IS NOT NULL FROM meetings WHERE meetings.id = agenda_items.meeting_id)) \
             WHERE tenant_id = $8 AND id = $9 AND version = $10 AND {}",
            crate::words_in("status", &[ItemStatus::Proposed, ItemStatus::Placed]))))
            .bind(&p.title).bind(p.kind.as_str()).bind(&p.recommendation).bind(&p.background).bind(p.minutes).bind(p.closed).bind(at)
            .bind(tenant).bind(id.get()).bind(version)
            .execute(&mut *tx).await?;
        if r.rows_affected() == 1 {
            audit_in!(&mut *tx, Some(tenant), actor, "meetings.item.edit", &format!("item:{id}"), reason)?;
        }
        Ok::<_, sqlx::Error>(r.rows_affected() == 1)
    })?;
    if ok {
        reindex_item_meeting(db, tenant, id).await?;
    }
    Ok(ok)
}

/// Marks a published agenda as sent again: the items changed since it went
/// out are returned as they were and lose their mark, in one transaction,
/// so two secretaries sending at once send the changes once. Empty when
/// nothing had changed (or the agenda is not out).
pub async fn resend(db: &Db, tenant: i64, meeting: MeetingId, actor: &Actor) -> Result<Vec<Item>> {
    let at = now();
    // One statement takes the marks and returns what carried them, so two
    // secretaries sending at once send each change once.
    let sql = format!(
        "UPDATE agenda_items SET changed_after_publish = FALSE, updated_at = $1 WHERE tenant_id = $2 AND meeting_id = $3 AND changed_after_publish \
         AND meeting_id IN (SELECT id FROM meetings WHERE status = 'planned' AND agenda_published_at IS NOT NULL) RETURNING {ITEM_COLS}"
    );
    let changed = in_transaction!(db, tx => {
        let mut rows: Vec<ItemRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(at).bind(tenant).bind(meeting.get()).fetch_all(&mut *tx).await?;
        rows.sort_by_key(|r| (r.position, r.id));
        if !rows.is_empty() {
            audit_in!(&mut *tx, Some(tenant), actor, "meetings.agenda.resend", &format!("meeting:{meeting}"), &format!("{} items", rows.len()))?;
        }
        Ok::<_, sqlx::Error>(rows)
    });
    Ok(items(changed?))
}

/// Counts of a tenant's agenda rows and a checksum over every column of
/// items and attachments, for tests that assert nothing changed.
pub async fn fingerprint(db: &Db, tenant: i64) -> anyhow::Result<(i64, i64, String)> {
    let (n, items) = db.table_checksum("agenda_items", "x.tenant_id = $1", tenant).await?;
    let (a, files) = db.table_checksum("attachments", "x.tenant_id = $1", tenant).await?;
    Ok((n, a, format!("{items}{files}")))
}
