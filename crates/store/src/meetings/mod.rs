//! The meetings context's tables: forums and meetings here, agendas in
//! `agenda`.

pub mod agenda;
pub mod decisions;
pub mod history;
pub mod minutes;
pub mod news;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use domain::meetings::chair::assign;
use domain::meetings::forum::Audience;

use crate::{Db, Result, platform::audit::Actor};

pub use domain::meetings::forum::Forum;
pub use domain::meetings::{Meeting, MeetingId, MeetingStatus};

#[derive(sqlx::FromRow)]
struct ForumRow {
    id: i64,
    name: String,
    purpose: String,
    membership: String,
    chair_rule: String,
    secretary_person_id: Option<i64>,
    cadence: String,
    duration_minutes: i64,
    place: String,
    parts: String,
    formal: bool,
    follow_up: bool,
    proposal_days: i64,
    publish_days: i64,
    readers: String,
    proposers: String,
    reports_to_forum_id: Option<i64>,
}

fn decode(e: serde_json::Error) -> sqlx::Error {
    sqlx::Error::Decode(Box::new(e))
}

impl TryFrom<ForumRow> for Forum {
    type Error = sqlx::Error;
    fn try_from(r: ForumRow) -> Result<Forum> {
        Ok(Forum {
            id: r.id,
            name: r.name,
            purpose: r.purpose,
            membership: serde_json::from_str(&r.membership).map_err(decode)?,
            chair: serde_json::from_str(&r.chair_rule).map_err(decode)?,
            secretary_person_id: r.secretary_person_id,
            cadence: serde_json::from_str(&r.cadence).map_err(decode)?,
            duration_minutes: r.duration_minutes,
            place: r.place,
            parts: serde_json::from_str(&r.parts).map_err(decode)?,
            formal: r.formal,
            follow_up: r.follow_up,
            proposal_days: r.proposal_days,
            publish_days: r.publish_days,
            readers: Audience::parse(&r.readers).unwrap_or(Audience::Members),
            proposers: Audience::parse(&r.proposers).unwrap_or(Audience::Members),
            reports_to_forum_id: r.reports_to_forum_id,
        })
    }
}

const FORUM_COLS: &str = "id, name, purpose, membership, chair_rule, secretary_person_id, cadence, duration_minutes, \
     place, parts, formal, follow_up, proposal_days, publish_days, readers, proposers, reports_to_forum_id";

pub async fn forums(db: &Db, tenant: i64) -> Result<Vec<Forum>> {
    let sql = format!("SELECT {FORUM_COLS} FROM forums WHERE tenant_id = $1 ORDER BY position, name");
    let rows: Vec<ForumRow> = on_pool!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(tenant).fetch_all(p).await)?;
    rows.into_iter().map(Forum::try_from).collect()
}

pub async fn forum(db: &Db, tenant: i64, id: i64) -> Result<Option<Forum>> {
    let sql = format!("SELECT {FORUM_COLS} FROM forums WHERE tenant_id = $1 AND id = $2");
    let row: Option<ForumRow> = on_pool!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(tenant).bind(id).fetch_optional(p).await)?;
    row.map(Forum::try_from).transpose()
}

fn json<T: serde::Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| sqlx::Error::Encode(Box::new(e)))
}

/// Creates the forum, or updates the one with the same name (its `id` is
/// not read); returns its id.
pub async fn save_forum(db: &Db, tenant: i64, f: &Forum, position: i64, actor: &Actor) -> Result<i64> {
    let (membership, chair, cadence, parts) = (json(&f.membership)?, json(&f.chair)?, json(&f.cadence)?, json(&f.parts)?);
    let at = crate::now();
    in_transaction!(db, tx => {
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO forums (tenant_id, name, purpose, membership, chair_rule, secretary_person_id, cadence, \
               duration_minutes, place, parts, formal, follow_up, proposal_days, publish_days, readers, proposers, \
               reports_to_forum_id, position, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $19) \
             ON CONFLICT (tenant_id, name) DO UPDATE SET purpose = excluded.purpose, membership = excluded.membership, \
               chair_rule = excluded.chair_rule, secretary_person_id = excluded.secretary_person_id, \
               cadence = excluded.cadence, duration_minutes = excluded.duration_minutes, place = excluded.place, \
               parts = excluded.parts, formal = excluded.formal, follow_up = excluded.follow_up, \
               proposal_days = excluded.proposal_days, publish_days = excluded.publish_days, \
               readers = excluded.readers, proposers = excluded.proposers, \
               reports_to_forum_id = excluded.reports_to_forum_id, position = excluded.position, \
               updated_at = excluded.updated_at \
             RETURNING id")
            .bind(tenant).bind(&f.name).bind(&f.purpose).bind(&membership).bind(&chair)
            .bind(f.secretary_person_id).bind(&cadence).bind(f.duration_minutes).bind(&f.place)
            .bind(&parts).bind(f.formal).bind(f.follow_up).bind(f.proposal_days).bind(f.publish_days)
            .bind(f.readers.as_str()).bind(f.proposers.as_str()).bind(f.reports_to_forum_id).bind(position).bind(at)
            .fetch_one(&mut *tx).await?;
        audit_in!(&mut *tx, Some(tenant), actor, "meetings.forum.save", &format!("forum:{id}"), &f.name)?;
        Ok::<_, sqlx::Error>(id)
    })
}

#[derive(sqlx::FromRow)]
struct MeetingRow {
    id: i64,
    forum_id: i64,
    series_date: Option<String>,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    place: String,
    #[sqlx(try_from = "String")]
    status: MeetingStatus,
    cancel_reason: String,
    chair_person_id: Option<i64>,
    version: i64,
    agenda_published_at: Option<DateTime<Utc>>,
}

impl TryFrom<MeetingRow> for Meeting {
    type Error = sqlx::Error;
    fn try_from(r: MeetingRow) -> Result<Meeting> {
        Ok(Meeting {
            id: MeetingId(r.id),
            forum_id: r.forum_id,
            series_date: r.series_date.as_deref().map(crate::day).transpose()?,
            starts_at: r.starts_at,
            ends_at: r.ends_at,
            place: r.place,
            status: r.status,
            cancel_reason: r.cancel_reason,
            chair_person_id: r.chair_person_id,
            version: r.version,
            agenda_published_at: r.agenda_published_at,
        })
    }
}

fn meetings(rows: Vec<MeetingRow>) -> Result<Vec<Meeting>> {
    rows.into_iter().map(Meeting::try_from).collect()
}

const MEETING_COLS: &str = "id, forum_id, series_date, starts_at, ends_at, place, status, cancel_reason, chair_person_id, version, agenda_published_at";

pub async fn meeting(db: &Db, tenant: i64, id: MeetingId) -> Result<Option<Meeting>> {
    let sql = format!("SELECT {MEETING_COLS} FROM meetings WHERE tenant_id = $1 AND id = $2");
    let row: Option<MeetingRow> = on_pool!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(tenant).bind(id.get()).fetch_optional(p).await)?;
    row.map(Meeting::try_from).transpose()
}

/// A forum's meetings starting in `from..to`, in time order.
pub async fn meetings_of_forum(db: &Db, tenant: i64, forum: i64, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<Meeting>> {
    let sql = format!("SELECT {MEETING_COLS} FROM meetings WHERE tenant_id = $1 AND forum_id = $2 AND starts_at >= $3 AND starts_at < $4 ORDER BY starts_at");
    meetings(on_pool!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(tenant).bind(forum).bind(from).bind(to).fetch_all(p).await)?)
}

/// Some meetings by id.
pub async fn meetings_by_id(db: &Db, tenant: i64, ids: &[MeetingId]) -> Result<std::collections::HashMap<MeetingId, Meeting>> {
    if ids.is_empty() {
        return Ok(Default::default());
    }
    let list = crate::id_list(&ids.iter().map(|m| m.get()).collect::<Vec<_>>());
    let sql = format!("SELECT {MEETING_COLS} FROM meetings WHERE tenant_id = $1 AND id IN ({list})");
    let rows = meetings(on_pool!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(tenant).fetch_all(p).await)?)?;
    Ok(rows.into_iter().map(|m| (m.id, m)).collect())
}

/// The planned meetings of some forums starting in `from..to`, in time order.
pub async fn meetings_of_forums(db: &Db, tenant: i64, forums: &[i64], from: DateTime<Utc>, to: DateTime<Utc>, limit: i64) -> Result<Vec<Meeting>> {
    if forums.is_empty() {
        return Ok(vec![]);
    }
    let sql = format!(
        "SELECT {MEETING_COLS} FROM meetings WHERE tenant_id = $1 AND forum_id IN ({}) AND status = 'planned' AND starts_at >= $2 AND starts_at < $3 \
         ORDER BY starts_at LIMIT {limit}",
        crate::id_list(forums)
    );
    meetings(on_pool!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(tenant).bind(from).bind(to).fetch_all(p).await)?)
}

/// The next meeting of each forum (not cancelled), by forum id.
pub async fn next_meetings(db: &Db, tenant: i64, after: DateTime<Utc>) -> Result<std::collections::HashMap<i64, Meeting>> {
    let sql = format!(
        "SELECT {MEETING_COLS} FROM meetings m WHERE tenant_id = $1 AND status = 'planned' AND starts_at >= $2 \
         AND starts_at = (SELECT MIN(starts_at) FROM meetings n WHERE n.tenant_id = m.tenant_id AND n.forum_id = m.forum_id AND n.status = 'planned' AND n.starts_at >= $2)"
    );
    let rows = meetings(on_pool!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(tenant).bind(after).fetch_all(p).await)?)?;
    Ok(rows.into_iter().map(|m| (m.forum_id, m)).collect())
}

/// Creates the forum's meetings for local dates in `from..=to` from its
/// cadence; dates already generated (even if since moved or cancelled) are
/// left alone. Returns how many were created.
/// `now` tells which meetings are held, for the chair rotation.
pub async fn generate(db: &Db, tenant: i64, forum: &Forum, from: NaiveDate, to: NaiveDate, actor: &Actor, now: DateTime<Utc>) -> Result<usize> {
    let occ = forum.cadence.occurrences(from, to);
    let at = crate::now();
    let length = Duration::minutes(forum.duration_minutes);
    let created = in_transaction!(db, tx => {
        let mut created = 0;
        for o in &occ {
            let r = sqlx::query(
                "INSERT INTO meetings (tenant_id, forum_id, series_date, starts_at, ends_at, place, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $7) ON CONFLICT (forum_id, series_date) DO NOTHING")
                .bind(tenant).bind(forum.id).bind(o.date.to_string()).bind(o.starts_at).bind(o.starts_at + length)
                .bind(&forum.place).bind(at).execute(&mut *tx).await?;
            created += r.rows_affected() as usize;
        }
        audit_in!(&mut *tx, Some(tenant), actor, "meetings.generate", &format!("forum:{}", forum.id), &format!("{from}..{to}: {created}"))?;
        Ok::<_, sqlx::Error>(created)
    })?;
    assign_chairs(db, tenant, forum, now).await?;
    Ok(created)
}

/// Adds a meeting by hand; returns its id.
#[allow(clippy::too_many_arguments)]
pub async fn add(
    db: &Db,
    tenant: i64,
    forum: &Forum,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    place: &str,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<MeetingId> {
    let at = crate::now();
    let id = in_transaction!(db, tx => {
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO meetings (tenant_id, forum_id, starts_at, ends_at, place, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id")
            .bind(tenant).bind(forum.id).bind(starts_at).bind(ends_at).bind(place).bind(at)
            .fetch_one(&mut *tx).await?;
        audit_in!(&mut *tx, Some(tenant), actor, "meetings.add", &format!("meeting:{id}"), &starts_at.to_rfc3339())?;
        Ok::<_, sqlx::Error>(id)
    })?;
    assign_chairs(db, tenant, forum, now).await?;
    Ok(MeetingId(id))
}

/// Moves a meeting, if nobody changed it since `version` was read.
/// Returns false on such a conflict.
#[allow(clippy::too_many_arguments)]
pub async fn reschedule(
    db: &Db,
    tenant: i64,
    forum: &Forum,
    id: MeetingId,
    version: i64,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    place: &str,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<bool> {
    let at = crate::now();
    let ok = in_transaction!(db, tx => {
        let r = sqlx::query(
            "UPDATE meetings SET starts_at = $1, ends_at = $2, place = $3, version = version + 1, updated_at = $4 \
             WHERE tenant_id = $5 AND id = $6 AND version = $7 AND status = 'planned'")
            .bind(starts_at).bind(ends_at).bind(place).bind(at).bind(tenant).bind(id.get()).bind(version)
            .execute(&mut *tx).await?;
        if r.rows_affected() == 1 {
            audit_in!(&mut *tx, Some(tenant), actor, "meetings.move", &format!("meeting:{id}"), &starts_at.to_rfc3339())?;
        }
        Ok::<_, sqlx::Error>(r.rows_affected() == 1)
    })?;
    if ok {
        assign_chairs(db, tenant, forum, now).await?;
    }
    Ok(ok)
}

/// Cancels a meeting, if nobody changed it since `version` was read and it
/// may still be cancelled (`MeetingStatus::reached_from`).
#[allow(clippy::too_many_arguments)]
pub async fn cancel(db: &Db, tenant: i64, forum: &Forum, id: MeetingId, version: i64, reason: &str, actor: &Actor, now: DateTime<Utc>) -> Result<bool> {
    let at = crate::now();
    let ok = in_transaction!(db, tx => {
        let r = sqlx::query(
            sqlx::AssertSqlSafe(format!(
                "UPDATE meetings SET status = $1, cancel_reason = $2, chair_person_id = NULL, version = version + 1, updated_at = $3 \
                 WHERE tenant_id = $4 AND id = $5 AND version = $6 AND {}",
                crate::words_in("status", MeetingStatus::Cancelled.reached_from()))))
            .bind(MeetingStatus::Cancelled.as_str()).bind(reason).bind(at).bind(tenant).bind(id.get()).bind(version)
            .execute(&mut *tx).await?;
        if r.rows_affected() == 1 {
            audit_in!(&mut *tx, Some(tenant), actor, "meetings.cancel", &format!("meeting:{id}"), reason)?;
        }
        Ok::<_, sqlx::Error>(r.rows_affected() == 1)
    })?;
    if ok {
        assign_chairs(db, tenant, forum, now).await?;
    }
    Ok(ok)
}

/// Gives the forum's meetings their chairs: held meetings keep theirs, and
/// the rotation continues from the last held one (domain::meetings::chair).
pub async fn assign_chairs(db: &Db, tenant: i64, forum: &Forum, now: DateTime<Utc>) -> Result<()> {
    let rows: Vec<(i64, DateTime<Utc>, Option<i64>)> = on_pool!(db, p => sqlx::query_as(
        "SELECT id, starts_at, chair_person_id FROM meetings WHERE tenant_id = $1 AND forum_id = $2 AND status = 'planned' ORDER BY starts_at")
        .bind(tenant).bind(forum.id).fetch_all(p).await)?;
    let input: Vec<(bool, Option<i64>)> = rows.iter().map(|(_, at, c)| (*at <= now, *c)).collect();
    let chairs = assign(&forum.chair, &input);
    in_transaction!(db, tx => {
        for ((id, _, current), chair) in rows.iter().zip(chairs) {
            if *current != chair {
                sqlx::query("UPDATE meetings SET chair_person_id = $1 WHERE id = $2")
                    .bind(chair).bind(id).execute(&mut *tx).await?;
            }
        }
        Ok::<_, sqlx::Error>(())
    })?;
    Ok(())
}
