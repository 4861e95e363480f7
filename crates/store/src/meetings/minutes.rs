//! Minutes: who attended, what was decided or discussed per item; approved
//! and then frozen, with corrections kept as revisions. Approving the
//! minutes creates the meeting's decisions and sends them to the units they
//! concern.

use chrono::{DateTime, Utc};
use domain::meetings::decision::{Approval, Communicate, PlannedAction, reach};
use domain::meetings::{ItemId, MeetingId};
use serde::{Deserialize, Serialize};

use crate::{Db, Result, now, platform::audit::Actor};

#[derive(Clone, Debug)]
pub struct Minutes {
    pub meeting_id: MeetingId,
    pub attendees: Vec<i64>,
    /// The forum's members when the minutes were last saved (empty for
    /// minutes written before styr kept them).
    pub members: Vec<i64>,
    pub approved_at: Option<DateTime<Utc>>,
    pub approved_by: String,
    /// How they were approved, once they are.
    pub approved_how: Option<Approval>,
    pub revision: i64,
    pub version: i64,
}

impl Minutes {
    pub fn is_approved(&self) -> bool {
        self.approved_at.is_some()
    }
}

#[derive(sqlx::FromRow)]
struct MinutesRow {
    meeting_id: i64,
    attendees: String,
    members: String,
    approved_at: Option<DateTime<Utc>>,
    approved_by: String,
    approved_how: String,
    revision: i64,
    version: i64,
}

/// One item's minute: the decision or the gist, and for decisions whom it
/// concerns ("all", or unit ids) and who must be told.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, sqlx::FromRow)]
pub struct Entry {
    #[sqlx(try_from = "i64")]
    pub item_id: ItemId,
    pub text: String,
    #[sqlx(try_from = "String")]
    pub communicate: Communicate,
    pub concerns: String,
    /// Follow-up tasks written in place, as JSON (`PlannedAction`s).
    pub actions: String,
}

impl Entry {
    /// The follow-up tasks written for the item; a damaged list reads as none.
    pub fn planned(&self) -> Vec<PlannedAction> {
        serde_json::from_str(&self.actions).unwrap_or_default()
    }

    /// The concerned units, or `None` for the whole organisation.
    pub fn concerned_units(&self) -> Option<Vec<i64>> {
        let list: Vec<String> = serde_json::from_str(&self.concerns).unwrap_or_default();
        if list.iter().any(|c| c == "all") { None } else { Some(list.iter().filter_map(|c| c.parse().ok()).collect()) }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Saved,
    /// Someone else saved in between.
    Conflict,
    /// Approved minutes change only by correction.
    Frozen,
    /// Corrections are for approved minutes only.
    NotApproved,
}

pub async fn get(db: &Db, tenant: i64, meeting: MeetingId) -> Result<Option<Minutes>> {
    let row: Option<MinutesRow> = on_pool!(db, p => sqlx::query_as(
        "SELECT meeting_id, attendees, members, approved_at, approved_by, approved_how, revision, version FROM minutes WHERE tenant_id = $1 AND meeting_id = $2")
        .bind(tenant).bind(meeting.get()).fetch_optional(p).await)?;
    Ok(row.as_ref().map(from_row))
}

/// The minutes with their entries, in one round trip: what the meeting page
/// and the API show.
pub async fn with_entries(db: &Db, tenant: i64, meeting: MeetingId) -> Result<Option<(Minutes, Vec<Entry>)>> {
    #[derive(sqlx::FromRow)]
    struct Joined {
        #[sqlx(flatten)]
        minutes: MinutesRow,
        item_id: Option<i64>,
        text: Option<String>,
        communicate: Option<String>,
        concerns: Option<String>,
        actions: Option<String>,
    }
    let rows: Vec<Joined> = on_pool!(db, p => sqlx::query_as(
        "SELECT m.meeting_id, m.attendees, m.members, m.approved_at, m.approved_by, m.approved_how, m.revision, m.version, \
         e.item_id, e.text, e.communicate, e.concerns, e.actions \
         FROM minutes m LEFT JOIN minute_entries e ON e.tenant_id = m.tenant_id AND e.meeting_id = m.meeting_id \
         WHERE m.tenant_id = $1 AND m.meeting_id = $2")
        .bind(tenant).bind(meeting.get()).fetch_all(p).await)?;
    let mut rows = rows.into_iter().peekable();
    let Some(first) = rows.peek() else { return Ok(None) };
    let minutes = from_row(&first.minutes);
    let entries = rows
        .filter_map(|r| {
            Some(Entry {
                item_id: ItemId(r.item_id?),
                text: r.text.unwrap_or_default(),
                communicate: r.communicate.as_deref().and_then(Communicate::parse).unwrap_or(Communicate::None),
                concerns: r.concerns.unwrap_or_default(),
                actions: r.actions.unwrap_or_else(|| "[]".into()),
            })
        })
        .collect();
    Ok(Some((minutes, entries)))
}

fn from_row(r: &MinutesRow) -> Minutes {
    Minutes {
        meeting_id: MeetingId(r.meeting_id),
        attendees: serde_json::from_str(&r.attendees).unwrap_or_default(),
        members: serde_json::from_str(&r.members).unwrap_or_default(),
        approved_at: r.approved_at,
        approved_by: r.approved_by.clone(),
        // Empty while a draft; a word not the domain's reads as not said.
        approved_how: Approval::parse(&r.approved_how),
        revision: r.revision,
        version: r.version,
    }
}

pub async fn entries(db: &Db, tenant: i64, meeting: MeetingId) -> Result<Vec<Entry>> {
    on_pool!(db, p => sqlx::query_as::<_, Entry>(
        "SELECT item_id, text, communicate, concerns, actions FROM minute_entries WHERE tenant_id = $1 AND meeting_id = $2")
        .bind(tenant).bind(meeting.get()).fetch_all(p).await)
}

/// Saves the draft, if it is still a draft and nobody saved since `version`
/// was read (0 when there were no minutes yet).
/// Saves draft minutes: who attended, of which members, and each item's entry.
#[allow(clippy::too_many_arguments)]
pub async fn save_draft(
    db: &Db,
    tenant: i64,
    meeting: MeetingId,
    version: i64,
    attendees: &[i64],
    members: &[i64],
    entries: &[Entry],
    actor: &Actor,
) -> Result<Outcome> {
    let at = now();
    let people = serde_json::to_string(attendees).unwrap_or_else(|_| "[]".into());
    let members = serde_json::to_string(members).unwrap_or_else(|_| "[]".into());
    let outcome = in_transaction!(db, tx => {
        let current: Option<(i64, Option<DateTime<Utc>>)> = sqlx::query_as(
            "SELECT version, approved_at FROM minutes WHERE tenant_id = $1 AND meeting_id = $2")
            .bind(tenant).bind(meeting.get()).fetch_optional(&mut *tx).await?;
        match current {
            Some((_, Some(_))) => return Ok(Outcome::Frozen),
            Some((v, None)) if v != version => return Ok(Outcome::Conflict),
            None if version != 0 => return Ok(Outcome::Conflict),
            Some(_) => {
                sqlx::query("UPDATE minutes SET attendees = $1, members = $4, version = version + 1, updated_at = $2 WHERE meeting_id = $3")
                    .bind(&people).bind(at).bind(meeting.get()).bind(&members).execute(&mut *tx).await?;
            }
            None => {
                sqlx::query("INSERT INTO minutes (meeting_id, tenant_id, attendees, members, updated_at) VALUES ($1, $2, $3, $5, $4)")
                    .bind(meeting.get()).bind(tenant).bind(&people).bind(at).bind(&members).execute(&mut *tx).await?;
            }
        }
        for e in entries {
            sqlx::query(
                "INSERT INTO minute_entries (item_id, tenant_id, meeting_id, text, communicate, concerns, actions) VALUES ($1, $2, $3, $4, $5, $6, $7) \
                 ON CONFLICT (item_id) DO UPDATE SET text = excluded.text, communicate = excluded.communicate, concerns = excluded.concerns, actions = excluded.actions")
                .bind(e.item_id.get()).bind(tenant).bind(meeting.get()).bind(&e.text).bind(e.communicate.as_str()).bind(&e.concerns).bind(&e.actions)
                .execute(&mut *tx).await?;
        }
        audit_in!(&mut *tx, Some(tenant), actor, "meetings.minutes.save", &format!("meeting:{meeting}"), "")?;
        Ok::<_, sqlx::Error>(Outcome::Saved)
    })?;
    if outcome == Outcome::Saved {
        crate::search::reindex_meeting(db, tenant, meeting).await?;
    }
    Ok(outcome)
}

/// What approval needs to know about each decision item.
pub struct DecisionSource {
    pub item_id: ItemId,
    pub forum_id: i64,
    pub title: String,
    pub recommendation: String,
    pub perspective_key: Option<String>,
    pub value_key: Option<String>,
    /// A closed item: its decision stays with the forum.
    pub closed: bool,
}

/// The meetings whose minutes are written but not yet approved, oldest first.
pub async fn awaiting_approval(db: &Db, tenant: i64) -> Result<Vec<MeetingId>> {
    let rows: Vec<(i64,)> = on_pool!(db, p => sqlx::query_as(
        "SELECT n.meeting_id FROM minutes n JOIN meetings m ON m.id = n.meeting_id WHERE n.tenant_id = $1 AND n.approved_at IS NULL ORDER BY m.starts_at")
        .bind(tenant).fetch_all(p).await)?;
    Ok(rows.into_iter().map(|r| MeetingId(r.0)).collect())
}

/// Approves the minutes and creates a decision for every item for decision
/// with a minute, reaching its concerned units and every unit below them.
#[allow(clippy::too_many_arguments)]
pub async fn approve(
    db: &Db,
    tenant: i64,
    meeting: MeetingId,
    version: i64,
    how: Approval,
    decided_at: DateTime<Utc>,
    items: &[DecisionSource],
    actor: &Actor,
) -> Result<Outcome> {
    let at = now();
    let tree: Vec<(i64, Option<i64>)> = on_pool!(db, p => sqlx::query_as("SELECT id, parent_id FROM units WHERE tenant_id = $1")
        .bind(tenant).fetch_all(p).await)?;
    let roots: Vec<i64> = tree.iter().filter(|(_, p)| p.is_none()).map(|(id, _)| *id).collect();
    let all_entries = entries(db, tenant, meeting).await?;
    let outcome = in_transaction!(db, tx => {
        let r = sqlx::query(
            "UPDATE minutes SET approved_at = $1, approved_by = $2, approved_how = $3, version = version + 1, updated_at = $1 \
             WHERE tenant_id = $4 AND meeting_id = $5 AND version = $6 AND approved_at IS NULL")
            .bind(at).bind(&actor.label).bind(how.as_str()).bind(tenant).bind(meeting.get()).bind(version).execute(&mut *tx).await?;
        if r.rows_affected() != 1 {
            return Ok(Outcome::Conflict);
        }
        for src in items {
            let Some(e) = all_entries.iter().find(|e| e.item_id == src.item_id && !e.text.trim().is_empty()) else { continue };
            let concerned = e.concerned_units();
            let whole = concerned.is_none();
            let units: Vec<i64> = concerned.unwrap_or_else(|| roots.clone()).into_iter().filter(|u| tree.iter().any(|t| t.0 == *u)).collect();
            let search = format!("{} {} {}", src.title, e.text, src.recommendation).to_lowercase();
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO decisions (tenant_id, forum_id, meeting_id, item_id, title, text, decided_at, communicate, whole_organisation, \
                   perspective_key, value_key, search, created_at, updated_at, closed, recommendation) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13, $14, $15) RETURNING id")
                .bind(tenant).bind(src.forum_id).bind(meeting.get()).bind(src.item_id.get()).bind(&src.title).bind(&e.text).bind(decided_at)
                .bind(e.communicate.as_str()).bind(whole).bind(&src.perspective_key).bind(&src.value_key).bind(&search).bind(at).bind(src.closed)
                .bind(&src.recommendation)
                .fetch_one(&mut *tx).await?;
            for u in &units {
                sqlx::query("INSERT INTO decision_units (decision_id, unit_id) VALUES ($1, $2)").bind(id).bind(u).execute(&mut *tx).await?;
            }
            for u in reach(&units, &tree) {
                sqlx::query("INSERT INTO implementations (decision_id, unit_id, tenant_id, updated_at, decided_at) VALUES ($1, $2, $3, $4, $5)")
                    .bind(id).bind(u).bind(tenant).bind(at).bind(decided_at).execute(&mut *tx).await?;
            }
            sqlx::query(super::decisions::RECOUNT).bind(id).execute(&mut *tx).await?;
            // The follow-up tasks written in the minutes become the decision's actions.
            for a in e.planned() {
                let (action,): (i64,) = sqlx::query_as(
                    "INSERT INTO actions (tenant_id, forum_id, decision_id, what, owner_person_id, unit_id, due_date, created_at, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, NULL, $6, $7, $7) RETURNING id")
                    .bind(tenant).bind(src.forum_id).bind(id).bind(&a.what).bind(a.owner).bind(a.due.to_string()).bind(at)
                    .fetch_one(&mut *tx).await?;
                audit_in!(&mut *tx, Some(tenant), actor, "meetings.action.add", &format!("action:{action}"), &a.what)?;
            }
        }
        audit_in!(&mut *tx, Some(tenant), actor, "meetings.minutes.approve", &format!("meeting:{meeting}"), "")?;
        Ok::<_, sqlx::Error>(Outcome::Saved)
    })?;
    if outcome == Outcome::Saved {
        crate::search::reindex_meeting(db, tenant, meeting).await?;
    }
    Ok(outcome)
}

#[derive(Serialize)]
struct Snapshot<'a> {
    attendees: &'a [i64],
    entries: &'a [Entry],
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Revision {
    pub revision: i64,
    pub reason: String,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
}

/// Corrects approved minutes: the texts as they were are kept as a
/// revision with the reason, and the decisions' texts follow the correction.
pub async fn correct(db: &Db, tenant: i64, meeting: MeetingId, version: i64, texts: &[(ItemId, String)], reason: &str, actor: &Actor) -> Result<Outcome> {
    let Some(m) = get(db, tenant, meeting).await? else { return Ok(Outcome::NotApproved) };
    if !m.is_approved() {
        return Ok(Outcome::NotApproved);
    }
    let before = entries(db, tenant, meeting).await?;
    let snapshot = serde_json::to_string(&Snapshot { attendees: &m.attendees, entries: &before }).unwrap_or_default();
    let at = now();
    let outcome = in_transaction!(db, tx => {
        let r = sqlx::query("UPDATE minutes SET revision = revision + 1, version = version + 1, updated_at = $1 WHERE tenant_id = $2 AND meeting_id = $3 AND version = $4")
            .bind(at).bind(tenant).bind(meeting.get()).bind(version).execute(&mut *tx).await?;
        if r.rows_affected() != 1 {
            return Ok(Outcome::Conflict);
        }
        sqlx::query("INSERT INTO minutes_revisions (tenant_id, meeting_id, revision, snapshot, reason, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)")
            .bind(tenant).bind(meeting.get()).bind(m.revision + 1).bind(&snapshot).bind(reason).bind(at).bind(&actor.label)
            .execute(&mut *tx).await?;
        // Only this meeting's entries are corrected, and its decisions with them;
        // an item of another meeting named in the form changes nothing.
        for (item, text) in texts.iter().filter(|(item, _)| before.iter().any(|e| e.item_id == *item)) {
            sqlx::query("UPDATE minute_entries SET text = $1 WHERE tenant_id = $2 AND meeting_id = $3 AND item_id = $4")
                .bind(text).bind(tenant).bind(meeting.get()).bind(item.get()).execute(&mut *tx).await?;
            let title: Option<(String,)> = sqlx::query_as("SELECT title FROM decisions WHERE tenant_id = $1 AND meeting_id = $2 AND item_id = $3")
                .bind(tenant).bind(meeting.get()).bind(item.get()).fetch_optional(&mut *tx).await?;
            if let Some((title,)) = title {
                // Lower-cased in Rust, as the two databases differ on æ, ø and å.
                let search = format!("{title} {text}").to_lowercase();
                sqlx::query("UPDATE decisions SET text = $1, search = $2, updated_at = $3 WHERE tenant_id = $4 AND meeting_id = $5 AND item_id = $6")
                    .bind(text).bind(&search).bind(at).bind(tenant).bind(meeting.get()).bind(item.get()).execute(&mut *tx).await?;
            }
        }
        audit_in!(&mut *tx, Some(tenant), actor, "meetings.minutes.correct", &format!("meeting:{meeting}"), reason)?;
        Ok::<_, sqlx::Error>(Outcome::Saved)
    })?;
    if outcome == Outcome::Saved {
        crate::search::reindex_meeting(db, tenant, meeting).await?;
    }
    Ok(outcome)
}

pub async fn revisions(db: &Db, tenant: i64, meeting: MeetingId) -> Result<Vec<Revision>> {
    on_pool!(db, p => sqlx::query_as::<_, Revision>(
        "SELECT revision, reason, created_at, created_by FROM minutes_revisions WHERE tenant_id = $1 AND meeting_id = $2 ORDER BY revision")
        .bind(tenant).bind(meeting.get()).fetch_all(p).await)
}
