//! Loading meetings that were held before styr: agenda, approved minutes,
//! decisions with their implementation and follow-up actions, written in
//! bulk. The benchmark fills ten years with it; an archive import would too.
//! Nothing here is audited one row at a time: one audit entry per load.

use chrono::{DateTime, NaiveDate, Utc};
use domain::meetings::MeetingId;
use domain::meetings::agenda::ItemKind;
use domain::meetings::decision::{ActionStatus, Communicate, Implementation, reach};

use crate::{Db, Result, platform::audit::Actor};

/// A held meeting's agenda item with its minute and what followed.
pub struct HeldItem {
    pub kind: ItemKind,
    pub title: String,
    pub recommendation: String,
    pub background: String,
    pub minutes: i64,
    pub closed: bool,
    pub proposer: Option<i64>,
    pub perspective_key: Option<String>,
    pub value_key: Option<String>,
    pub minute: String,
    pub communicate: Communicate,
    /// For a decision: the units it concerns (empty: the whole organisation).
    pub decision: Option<Vec<i64>>,
    /// The status each reached unit has reported, taken in turn.
    pub reports: Vec<Implementation>,
    pub actions: Vec<HeldAction>,
}

pub struct HeldAction {
    pub what: String,
    pub owner: Option<i64>,
    pub due: NaiveDate,
    pub done: bool,
}

pub struct HeldMeeting {
    pub meeting_id: MeetingId,
    pub forum_id: i64,
    pub starts_at: DateTime<Utc>,
    pub attendees: Vec<i64>,
    pub items: Vec<HeldItem>,
}

/// Writes the meetings' agendas (published), approved minutes, decisions,
/// implementation reports and actions in one transaction, then indexes them
/// for search.
pub async fn load(db: &Db, tenant: i64, meetings: &[HeldMeeting], actor: &Actor) -> Result<()> {
    let tree: Vec<(i64, Option<i64>)> = on_pool!(db, p => sqlx::query_as("SELECT id, parent_id FROM units WHERE tenant_id = $1")
        .bind(tenant).fetch_all(p).await)?;
    let roots: Vec<i64> = tree.iter().filter(|(_, p)| p.is_none()).map(|(id, _)| *id).collect();
    in_transaction!(db, tx => {
        for m in meetings {
            sqlx::query("UPDATE meetings SET agenda_published_at = $1, status = 'planned' WHERE tenant_id = $2 AND id = $3")
                .bind(m.starts_at - chrono::Duration::days(3)).bind(tenant).bind(m.meeting_id.get()).execute(&mut *tx).await?;
            let attendees = serde_json::to_string(&m.attendees).unwrap_or_else(|_| "[]".into());
            sqlx::query("INSERT INTO minutes (meeting_id, tenant_id, attendees, approved_at, approved_by, approved_how, updated_at) VALUES ($1, $2, $3, $4, $5, 'at_meeting', $4)")
                .bind(m.meeting_id.get()).bind(tenant).bind(&attendees).bind(m.starts_at + chrono::Duration::days(14)).bind(&actor.label)
                .execute(&mut *tx).await?;
            for (position, i) in m.items.iter().enumerate() {
                let (item,): (i64,) = sqlx::query_as(
                    "INSERT INTO agenda_items (tenant_id, forum_id, meeting_id, status, position, kind, title, recommendation, background, minutes, \
                       closed, proposer_person_id, presenter_person_id, perspective_key, value_key, created_at, updated_at) \
                     VALUES ($1, $2, $3, 'placed', $4, $5, $6, $7, $8, $9, $10, $11, $11, $12, $13, $14, $14) RETURNING id")
                    .bind(tenant).bind(m.forum_id).bind(m.meeting_id.get()).bind(position as i64 + 1).bind(i.kind.as_str()).bind(&i.title)
                    .bind(&i.recommendation).bind(&i.background).bind(i.minutes).bind(i.closed).bind(i.proposer)
                    .bind(&i.perspective_key).bind(&i.value_key).bind(m.starts_at - chrono::Duration::days(10))
                    .fetch_one(&mut *tx).await?;
                let concerns = match &i.decision {
                    Some(units) if units.is_empty() => "[\"all\"]".to_string(),
                    Some(units) => serde_json::to_string(&units.iter().map(|u| u.to_string()).collect::<Vec<_>>()).unwrap_or_default(),
                    None => "[]".to_string(),
                };
                sqlx::query("INSERT INTO minute_entries (item_id, tenant_id, meeting_id, text, communicate, concerns) VALUES ($1, $2, $3, $4, $5, $6)")
                    .bind(item).bind(tenant).bind(m.meeting_id.get()).bind(&i.minute).bind(i.communicate.as_str()).bind(&concerns)
                    .execute(&mut *tx).await?;
                let mut decision = None;
                if let Some(concerned) = &i.decision {
                    let whole = concerned.is_empty();
                    let units = if whole { roots.clone() } else { concerned.clone() };
                    let search = format!("{} {} {}", i.title, i.minute, i.recommendation).to_lowercase();
                    let (id,): (i64,) = sqlx::query_as(
                        "INSERT INTO decisions (tenant_id, forum_id, meeting_id, item_id, title, text, decided_at, communicate, whole_organisation, \
                           perspective_key, value_key, search, created_at, updated_at, closed, recommendation) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $7, $7, $13, $14) RETURNING id")
                        .bind(tenant).bind(m.forum_id).bind(m.meeting_id.get()).bind(item).bind(&i.title).bind(&i.minute).bind(m.starts_at)
                        .bind(i.communicate.as_str()).bind(whole).bind(&i.perspective_key).bind(&i.value_key).bind(&search)
                        .bind(i.closed).bind(&i.recommendation)
                        .fetch_one(&mut *tx).await?;
                    // Many rows per decision: one statement each, with only integers and fixed words inlined.
                    let named = units.iter().map(|u| format!("({id}, {u})")).collect::<Vec<_>>().join(", ");
                    sqlx::query(sqlx::AssertSqlSafe(format!("INSERT INTO decision_units (decision_id, unit_id) VALUES {named}"))).execute(&mut *tx).await?;
                    let reached = reach(&units, &tree);
                    for chunk in reached.chunks(200) {
                        let rows = chunk.iter().enumerate().map(|(k, u)| {
                            let status = if i.reports.is_empty() { Implementation::Pending } else { i.reports[k % i.reports.len()] };
                            format!("({id}, {u}, {tenant}, '{status}')")
                        }).collect::<Vec<_>>().join(", ");
                        sqlx::query(sqlx::AssertSqlSafe(format!("INSERT INTO implementations (decision_id, unit_id, tenant_id, status, updated_at, decided_at) SELECT v.*, $1, $2 FROM (VALUES {rows}) AS v")))
                            .bind(m.starts_at + chrono::Duration::days(30)).bind(m.starts_at).execute(&mut *tx).await?;
                    }
                    sqlx::query(super::decisions::RECOUNT).bind(id).execute(&mut *tx).await?;
                    decision = Some(id);
                }
                for a in &i.actions {
                    sqlx::query(
                        "INSERT INTO actions (tenant_id, forum_id, decision_id, what, owner_person_id, due_date, status, done_at, created_at, updated_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)")
                        .bind(tenant).bind(m.forum_id).bind(decision).bind(&a.what).bind(a.owner).bind(a.due.to_string())
                        .bind(if a.done { ActionStatus::Done } else { ActionStatus::Open }.as_str()).bind(a.done.then_some(m.starts_at + chrono::Duration::days(30)))
                        .bind(m.starts_at).execute(&mut *tx).await?;
                }
            }
        }
        audit_in!(&mut *tx, Some(tenant), actor, "meetings.history.load", "", &format!("{} meetings", meetings.len()))?;
        Ok::<_, sqlx::Error>(())
    })?;
    for m in meetings {
        crate::search::reindex_meeting(db, tenant, m.meeting_id).await?;
    }
    Ok(())
}
