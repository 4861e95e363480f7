//! The leader evaluation's tables. Identity and answers are kept apart (see
//! migrations/*/0023_evaluation.sql): no column joins an answer to a person.
//! While a round is open, a draft is found by a hash of the round's draft
//! secret and the invitation, both in the database, so someone reading the
//! database directly could join them until the round closes (docs/PRIVACY.md
//! says so); closing drops the drafts, the secret, the links and who
//! answered. A link's token is never stored. Nothing here writes an answer
//! to the audit log.

use std::collections::HashMap;

use chrono::NaiveDate;
use domain::evaluation::anonymity::{Group, Keep, Minimums, settle};
use domain::evaluation::questionnaire::{Answer, Item, Part};
use domain::evaluation::report::{Figure, Kept, Settled};
use domain::evaluation::round::{Release, RoundState, Settings};

use crate::platform::audit::Actor;
use crate::{Db, Result, day, hash_secret, new_secret, now};

/// A round as its pages show it.
#[derive(Clone, Debug)]
pub struct Round {
    pub id: i64,
    pub title: String,
    pub framework_version_id: i64,
    pub state: RoundState,
    pub opens_on: NaiveDate,
    pub closes_on: NaiveDate,
    pub minimums: Minimums,
    pub peer_cap: u32,
    pub release: Release,
    pub retention_months: u32,
    pub closed_on: Option<NaiveDate>,
    /// The day HR opened it, which may be after the day it was planned to open.
    pub opened_on: Option<NaiveDate>,
    pub version: i64,
    pub created_by: String,
}

#[derive(sqlx::FromRow)]
struct RoundRow {
    // Named so that a row can carry a subject's `id` beside its round's.
    #[sqlx(rename = "round_id")]
    id: i64,
    title: String,
    framework_version_id: i64,
    state: String,
    opens_on: String,
    closes_on: String,
    min_employees: i64,
    min_peers: i64,
    peer_cap: i64,
    release: String,
    retention_months: i64,
    closed_on: Option<String>,
    opened_on: Option<String>,
    version: i64,
    created_by: String,
}

impl RoundRow {
    fn into_round(self) -> Result<Round> {
        let minimums = Minimums::new(self.min_employees as u32, self.min_peers as u32).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
        Ok(Round {
            id: self.id,
            title: self.title,
            framework_version_id: self.framework_version_id,
            state: crate::word(self.state)?,
            opens_on: day(&self.opens_on)?,
            closes_on: day(&self.closes_on)?,
            minimums,
            peer_cap: self.peer_cap as u32,
            release: crate::word(self.release)?,
            retention_months: self.retention_months as u32,
            closed_on: self.closed_on.as_deref().map(day).transpose()?,
            opened_on: self.opened_on.as_deref().map(day).transpose()?,
            version: self.version,
            created_by: self.created_by,
        })
    }
}

const ROUND_COLS: &str = "id AS round_id, title, framework_version_id, state, opens_on, closes_on, min_employees, min_peers, peer_cap, release, retention_months, closed_on, opened_on, version, created_by";

/// Every round of the tenant, the newest first.
pub async fn rounds(db: &Db, tenant: i64) -> Result<Vec<Round>> {
    let sql = format!("SELECT {ROUND_COLS} FROM evaluation_rounds WHERE tenant_id = $1 ORDER BY opens_on DESC, id DESC");
    let rows = on_pool!(db, p => sqlx::query_as::<_, RoundRow>(sqlx::AssertSqlSafe(sql)).bind(tenant).fetch_all(p).await)?;
    rows.into_iter().map(RoundRow::into_round).collect()
}

pub async fn round(db: &Db, tenant: i64, id: i64) -> Result<Option<Round>> {
    let sql = format!("SELECT {ROUND_COLS} FROM evaluation_rounds WHERE tenant_id = $1 AND id = $2");
    let row = on_pool!(db, p => sqlx::query_as::<_, RoundRow>(sqlx::AssertSqlSafe(sql)).bind(tenant).bind(id).fetch_optional(p).await)?;
    row.map(RoundRow::into_round).transpose()
}

/// Creates a draft round with its questionnaire.
pub async fn create_round(db: &Db, tenant: i64, s: &Settings, framework_version_id: i64, items: &[Item], actor: &Actor) -> Result<i64> {
    let at = now();
    in_transaction!(db, tx => {
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO evaluation_rounds (tenant_id, title, framework_version_id, opens_on, closes_on, min_employees, min_peers, peer_cap, \
             release, retention_months, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id")
            .bind(tenant).bind(&s.title).bind(framework_version_id).bind(s.opens_on.to_string()).bind(s.closes_on.to_string())
            .bind(s.minimums.employees() as i64).bind(s.minimums.peers() as i64).bind(s.peer_cap as i64).bind(s.release.as_str())
            .bind(s.retention_months as i64).bind(&actor.label).bind(at).fetch_one(&mut *tx).await?;
        for (i, item) in items.iter().enumerate() {
            sqlx::query("INSERT INTO evaluation_items (tenant_id, round_id, position, part, statement_key, statement_title, element_key, about_leader, about_self) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
                .bind(tenant).bind(id).bind(i as i64).bind(item.part.as_str()).bind(&item.statement_key).bind(&item.statement_title)
                .bind(&item.element_key).bind(&item.about_leader).bind(&item.about_self).execute(&mut *tx).await?;
        }
        audit_in!(&mut *tx, Some(tenant), actor, "evaluation.round.create", &format!("round:{id}"), &s.title)?;
        Ok::<_, sqlx::Error>(id)
    })
}

/// Changes a draft round's settings; false when it is no longer a draft or
/// someone changed it since `version`.
pub async fn update_settings(db: &Db, tenant: i64, id: i64, version: i64, s: &Settings, actor: &Actor) -> Result<bool> {
    in_transaction!(db, tx => {
        let r = sqlx::query(
            "UPDATE evaluation_rounds SET title = $1, opens_on = $2, closes_on = $3, min_employees = $4, min_peers = $5, peer_cap = $6, release = $7, \
             retention_months = $8, version = version + 1, updated_at = $9 WHERE tenant_id = $10 AND id = $11 AND version = $12 AND state = 'draft'")
            .bind(&s.title).bind(s.opens_on.to_string()).bind(s.closes_on.to_string()).bind(s.minimums.employees() as i64)
            .bind(s.minimums.peers() as i64).bind(s.peer_cap as i64).bind(s.release.as_str()).bind(s.retention_months as i64)
            .bind(now()).bind(tenant).bind(id).bind(version).execute(&mut *tx).await?;
        if r.rows_affected() == 1 {
            audit_in!(&mut *tx, Some(tenant), actor, "evaluation.round.update", &format!("round:{id}"), &s.title)?;
        }
        Ok::<_, sqlx::Error>(r.rows_affected() == 1)
    })
}

/// A questionnaire item with its id.
#[derive(Clone, Debug)]
pub struct StoredItem {
    pub id: i64,
    pub item: Item,
}

#[derive(sqlx::FromRow)]
struct ItemRow {
    id: i64,
    part: String,
    statement_key: String,
    statement_title: String,
    element_key: String,
    about_leader: String,
    about_self: String,
}

pub async fn items(db: &Db, tenant: i64, round: i64) -> Result<Vec<StoredItem>> {
    let rows = on_pool!(db, p => sqlx::query_as::<_, ItemRow>(
        "SELECT id, part, statement_key, statement_title, element_key, about_leader, about_self FROM evaluation_items \
         WHERE tenant_id = $1 AND round_id = $2 ORDER BY position, id")
        .bind(tenant).bind(round).fetch_all(p).await)?;
    rows.into_iter()
        .map(|r| {
            let part: Part = crate::word(r.part)?;
            Ok(StoredItem {
                id: r.id,
                item: Item {
                    part,
                    statement_key: r.statement_key,
                    statement_title: r.statement_title,
                    element_key: r.element_key,
                    about_leader: r.about_leader,
                    about_self: r.about_self,
                },
            })
        })
        .collect()
}

/// What HR does to a draft round's questionnaire.
pub enum ItemChange<'a> {
    Reword {
        item: i64,
        about_leader: &'a str,
        about_self: &'a str,
    },
    Remove {
        item: i64,
    },
    /// A new item at the end of a statement.
    Add {
        statement_key: &'a str,
        about_leader: &'a str,
        about_self: &'a str,
    },
}

/// Changes a draft round's questionnaire; false when the round is no longer
/// a draft or has changed since `version`, or the item is not the round's.
pub async fn change_item(db: &Db, tenant: i64, round: i64, version: i64, change: ItemChange<'_>, actor: &Actor) -> Result<bool> {
    in_transaction!(db, tx => {
        let bumped = sqlx::query("UPDATE evaluation_rounds SET version = version + 1, updated_at = $1 WHERE tenant_id = $2 AND id = $3 AND version = $4 AND state = 'draft'")
            .bind(now()).bind(tenant).bind(round).bind(version).execute(&mut *tx).await?.rows_affected() == 1;
        if !bumped {
            return Ok(false);
        }
        let (done, detail) = match change {
            ItemChange::Reword { item, about_leader, about_self } => {
                let r = sqlx::query("UPDATE evaluation_items SET about_leader = $1, about_self = $2 WHERE tenant_id = $3 AND round_id = $4 AND id = $5")
                    .bind(about_leader).bind(about_self).bind(tenant).bind(round).bind(item).execute(&mut *tx).await?;
                (r.rows_affected() == 1, format!("reword {item}"))
            }
            ItemChange::Remove { item } => {
                let r = sqlx::query("DELETE FROM evaluation_items WHERE tenant_id = $1 AND round_id = $2 AND id = $3")
                    .bind(tenant).bind(round).bind(item).execute(&mut *tx).await?;
                (r.rows_affected() == 1, format!("remove {item}"))
            }
            ItemChange::Add { statement_key, about_leader, about_self } => {
                let last: Option<(i64, String, String)> = sqlx::query_as(
                    "SELECT position, part, statement_title FROM evaluation_items WHERE tenant_id = $1 AND round_id = $2 AND statement_key = $3 \
                     ORDER BY position DESC LIMIT 1")
                    .bind(tenant).bind(round).bind(statement_key).fetch_optional(&mut *tx).await?;
                match last {
                    None => (false, String::new()),
                    Some((position, part, title)) => {
                        // Room after the statement's last item.
                        sqlx::query("UPDATE evaluation_items SET position = position + 1 WHERE tenant_id = $1 AND round_id = $2 AND position > $3")
                            .bind(tenant).bind(round).bind(position).execute(&mut *tx).await?;
                        sqlx::query("INSERT INTO evaluation_items (tenant_id, round_id, position, part, statement_key, statement_title, about_leader, about_self) \
                                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
                            .bind(tenant).bind(round).bind(position + 1).bind(part).bind(statement_key).bind(title)
                            .bind(about_leader).bind(about_self).execute(&mut *tx).await?;
                        (true, format!("add to {statement_key}"))
                    }
                }
            }
        };
        if !done {
            // Nothing changed: the version goes back as it was.
            sqlx::query("UPDATE evaluation_rounds SET version = version - 1 WHERE tenant_id = $1 AND id = $2").bind(tenant).bind(round).execute(&mut *tx).await?;
            return Ok(false);
        }
        audit_in!(&mut *tx, Some(tenant), actor, "evaluation.round.items", &format!("round:{round}"), &detail)?;
        Ok::<_, sqlx::Error>(true)
    })
}

/// A leader a round evaluates.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Subject {
    pub id: i64,
    pub round_id: i64,
    pub person_id: Option<i64>,
    pub unit_id: Option<i64>,
    pub manager_id: Option<i64>,
    pub name: String,
    pub unit_name: String,
    pub validated: bool,
    pub released: bool,
    /// JSON, see `progress` and `settled`.
    pub progress: String,
    pub progress_on: Option<String>,
    pub settled: String,
}

impl Subject {
    /// How each group stood when the round closed.
    pub fn settled(&self) -> Vec<Settled> {
        serde_json::from_str(&self.settled).unwrap_or_default()
    }
}

const SUBJECT_COLS: &str = "id, round_id, person_id, unit_id, manager_id, name, unit_name, validated, released, progress, progress_on, settled";

pub async fn subjects(db: &Db, tenant: i64, round: i64) -> Result<Vec<Subject>> {
    let sql = format!("SELECT {SUBJECT_COLS} FROM evaluation_subjects WHERE tenant_id = $1 AND round_id = $2 ORDER BY unit_name, name");
    on_pool!(db, p => sqlx::query_as::<_, Subject>(sqlx::AssertSqlSafe(sql)).bind(tenant).bind(round).fetch_all(p).await)
}

#[derive(sqlx::FromRow)]
struct SubjectRoundRow {
    #[sqlx(flatten)]
    subject: Subject,
    #[sqlx(flatten)]
    round: RoundRow,
}

/// Leaders with their rounds, in one statement, narrowed by `filter` over
/// `s` (the subject) with the tenant as `$1` and `arg` as `$2`.
async fn subjects_with_rounds(db: &Db, filter: &str, tenant: i64, arg: i64) -> Result<Vec<(Subject, Round)>> {
    static SELECT: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        let subject = SUBJECT_COLS.split(", ").map(|c| format!("s.{c}"));
        // The round's id is the subject's `round_id`, so the round's own is left out.
        let round = ROUND_COLS.split(", ").filter(|c| !c.ends_with(" AS round_id")).map(|c| format!("r.{c}"));
        format!(
            "SELECT {} FROM evaluation_subjects s JOIN evaluation_rounds r ON r.tenant_id = s.tenant_id AND r.id = s.round_id",
            subject.chain(round).collect::<Vec<_>>().join(", ")
        )
    });
    let sql = format!("{} WHERE {filter}", SELECT.as_str());
    let rows: Vec<SubjectRoundRow> = on_pool!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(tenant).bind(arg).fetch_all(p).await)?;
    rows.into_iter().map(|r| Ok((r.subject, r.round.into_round()?))).collect()
}

/// A leader in a round, with the round: every reading of a report asks both.
pub async fn subject_in_round(db: &Db, tenant: i64, id: i64) -> Result<Option<(Subject, Round)>> {
    Ok(subjects_with_rounds(db, "s.tenant_id = $1 AND s.id = $2", tenant, id).await?.pop())
}

/// The reports about a person, or whose manager they are, across rounds, with their rounds.
pub async fn subjects_of(db: &Db, tenant: i64, person: i64) -> Result<Vec<(Subject, Round)>> {
    subjects_with_rounds(db, "s.tenant_id = $1 AND (s.person_id = $2 OR s.manager_id = $2) ORDER BY s.id DESC", tenant, person).await
}

/// A leader to add, with who is asked.
pub struct NewSubject {
    pub person: i64,
    pub unit: i64,
    pub manager: Option<i64>,
    pub name: String,
    pub unit_name: String,
    pub raters: Vec<(i64, Group)>,
}

/// Adds leaders to a draft round (a leader already in it is left as is);
/// returns how many were added.
pub async fn add_subjects(db: &Db, tenant: i64, round: i64, version: i64, subjects: &[NewSubject], actor: &Actor) -> Result<Option<usize>> {
    in_transaction!(db, tx => {
        let bumped = sqlx::query("UPDATE evaluation_rounds SET version = version + 1, updated_at = $1 WHERE tenant_id = $2 AND id = $3 AND version = $4 AND state = 'draft'")
            .bind(now()).bind(tenant).bind(round).bind(version).execute(&mut *tx).await?.rows_affected() == 1;
        if !bumped {
            return Ok(None);
        }
        let mut added = 0;
        for s in subjects {
            let id: Option<(i64,)> = sqlx::query_as(
                "INSERT INTO evaluation_subjects (tenant_id, round_id, person_id, unit_id, manager_id, name, unit_name) VALUES ($1, $2, $3, $4, $5, $6, $7) \
                 ON CONFLICT (round_id, person_id) DO NOTHING RETURNING id")
                .bind(tenant).bind(round).bind(s.person).bind(s.unit).bind(s.manager).bind(&s.name).bind(&s.unit_name).fetch_optional(&mut *tx).await?;
            let Some((id,)) = id else { continue };
            added += 1;
            for (person, g) in &s.raters {
                sqlx::query("INSERT INTO evaluation_invitations (tenant_id, round_id, subject_id, person_id, grp) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING")
                    .bind(tenant).bind(round).bind(id).bind(person).bind(g.as_str()).execute(&mut *tx).await?;
            }
        }
        audit_in!(&mut *tx, Some(tenant), actor, "evaluation.round.leaders", &format!("round:{round}"), &format!("+{added}"))?;
        Ok::<_, sqlx::Error>(Some(added))
    })
}

/// A person asked about a leader, as HR and the leader see the list before the round opens.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Invitee {
    pub id: i64,
    pub person_id: i64,
    pub name: String,
    pub email: String,
    #[sqlx(try_from = "String")]
    pub grp: Group,
}

pub async fn invitees(db: &Db, tenant: i64, subject: i64) -> Result<Vec<Invitee>> {
    on_pool!(db, p => sqlx::query_as::<_, Invitee>(
        "SELECT i.id, i.person_id, pe.name, pe.email, i.grp FROM evaluation_invitations i JOIN people pe ON pe.id = i.person_id \
         WHERE i.tenant_id = $1 AND i.subject_id = $2 ORDER BY CASE i.grp WHEN 'manager' THEN 0 WHEN 'employees' THEN 1 WHEN 'peers' THEN 2 ELSE 3 END, pe.name")
        .bind(tenant).bind(subject).fetch_all(p).await)
}

/// What HR or the leader does to the list of who is asked, before the round opens.
pub enum RaterChange {
    Add {
        person: i64,
        group: Group,
    },
    Remove {
        invitation: i64,
    },
    /// The leader says the list is right.
    Validate,
    /// The leader is taken out of the round.
    Drop,
}

/// Changes a subject's list; false when the round is no longer a draft.
pub async fn change_raters(db: &Db, tenant: i64, subject: i64, change: RaterChange, actor: &Actor) -> Result<bool> {
    in_transaction!(db, tx => {
        let open: Option<(i64,)> = sqlx::query_as(
            "SELECT s.round_id FROM evaluation_subjects s JOIN evaluation_rounds r ON r.id = s.round_id \
             WHERE s.tenant_id = $1 AND s.id = $2 AND r.state = 'draft'")
            .bind(tenant).bind(subject).fetch_optional(&mut *tx).await?;
        let Some((round,)) = open else { return Ok(false) };
        let (done, detail) = match change {
            RaterChange::Add { person, group } => {
                let r = sqlx::query("INSERT INTO evaluation_invitations (tenant_id, round_id, subject_id, person_id, grp) \
                                     SELECT $1, $2, $3, id, $5 FROM people WHERE tenant_id = $1 AND id = $4 ON CONFLICT DO NOTHING")
                    .bind(tenant).bind(round).bind(subject).bind(person).bind(group.as_str()).execute(&mut *tx).await?;
                (r.rows_affected() == 1, format!("add {group}"))
            }
            RaterChange::Remove { invitation } => {
                let r = sqlx::query("DELETE FROM evaluation_invitations WHERE tenant_id = $1 AND subject_id = $2 AND id = $3 AND grp <> 'own'")
                    .bind(tenant).bind(subject).bind(invitation).execute(&mut *tx).await?;
                (r.rows_affected() == 1, "remove".to_string())
            }
            RaterChange::Validate => {
                let r = sqlx::query("UPDATE evaluation_subjects SET validated = TRUE WHERE tenant_id = $1 AND id = $2")
                    .bind(tenant).bind(subject).execute(&mut *tx).await?;
                (r.rows_affected() == 1, "validated".to_string())
            }
            RaterChange::Drop => {
                let r = sqlx::query("DELETE FROM evaluation_subjects WHERE tenant_id = $1 AND id = $2").bind(tenant).bind(subject).execute(&mut *tx).await?;
                (r.rows_affected() == 1, "dropped".to_string())
            }
        };
        if done {
            sqlx::query("UPDATE evaluation_rounds SET version = version + 1, updated_at = $1 WHERE id = $2").bind(now()).bind(round).execute(&mut *tx).await?;
            // A list changed after the leader approved it is theirs to approve again.
            if detail != "validated" && detail != "dropped" {
                sqlx::query("UPDATE evaluation_subjects SET validated = FALSE WHERE id = $1").bind(subject).execute(&mut *tx).await?;
            }
            audit_in!(&mut *tx, Some(tenant), actor, "evaluation.raters", &format!("subject:{subject}"), &detail)?;
        }
        Ok::<_, sqlx::Error>(done)
    })
}

/// A person's invitations in a round, for one mail.
#[derive(Clone, Debug)]
pub struct Invited {
    pub person_id: i64,
    pub email: String,
    pub lang: Option<String>,
    /// (invitation, leader's name, group)
    pub about: Vec<(i64, String, Group)>,
}

#[derive(sqlx::FromRow)]
struct InvitedRow {
    id: i64,
    person_id: i64,
    email: String,
    lang: Option<String>,
    name: String,
    grp: String,
}

fn gather(rows: Vec<InvitedRow>) -> Result<Vec<Invited>> {
    let mut out: Vec<Invited> = vec![];
    for r in rows {
        let g: Group = crate::word(r.grp)?;
        match out.last_mut() {
            Some(last) if last.person_id == r.person_id => last.about.push((r.id, r.name, g)),
            _ => out.push(Invited { person_id: r.person_id, email: r.email, lang: r.lang, about: vec![(r.id, r.name, g)] }),
        }
    }
    Ok(out)
}

const INVITED_SQL: &str = "SELECT i.id, i.person_id, pe.email, a.lang, s.name, i.grp FROM evaluation_invitations i \
     JOIN people pe ON pe.id = i.person_id JOIN evaluation_subjects s ON s.id = i.subject_id \
     LEFT JOIN accounts a ON a.person_id = pe.id AND a.tenant_id = i.tenant_id AND NOT a.disabled";

/// Opens a draft round: from now on it takes answers, under a new draft
/// secret. Returns who to invite, a mail per person; none when the round
/// was not a draft at `version`.
pub async fn open_round(db: &Db, tenant: i64, id: i64, version: i64, today: NaiveDate, actor: &Actor) -> Result<Option<Vec<Invited>>> {
    in_transaction!(db, tx => {
        let r = sqlx::query("UPDATE evaluation_rounds SET state = 'open', draft_salt = $1, opened_on = $6, version = version + 1, updated_at = $2 \
                             WHERE tenant_id = $3 AND id = $4 AND version = $5 AND state = 'draft'")
            .bind(new_secret()).bind(now()).bind(tenant).bind(id).bind(version).bind(today.to_string()).execute(&mut *tx).await?;
        if r.rows_affected() != 1 {
            return Ok(None);
        }
        let sql = format!("{INVITED_SQL} WHERE i.tenant_id = $1 AND i.round_id = $2 ORDER BY i.person_id, s.name");
        let rows: Vec<InvitedRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(tenant).bind(id).fetch_all(&mut *tx).await?;
        audit_in!(&mut *tx, Some(tenant), actor, "evaluation.round.open", &format!("round:{id}"), &rows.len().to_string())?;
        Ok::<_, sqlx::Error>(Some(gather(rows)?))
    })
}

/// Those who have not answered in an open round and are due their `n`-th
/// reminder (n = 1 or 2), marked as reminded in the same step so that a
/// second worker does not remind them again. Only the reminder job asks this.
pub async fn take_due_reminders(db: &Db, tenant: i64, round: i64, n: i64) -> Result<Vec<Invited>> {
    in_transaction!(db, tx => {
        // Marked first: a second worker's update waits for this one and then finds nothing due.
        let taken: Vec<(i64,)> = sqlx::query_as(
            "UPDATE evaluation_invitations SET reminders = $1 WHERE tenant_id = $2 AND round_id = $3 AND completed = FALSE AND reminders = $1 - 1 RETURNING id")
            .bind(n).bind(tenant).bind(round).fetch_all(&mut *tx).await?;
        let ids: Vec<i64> = taken.into_iter().map(|r| r.0).collect();
        let sql = format!("{INVITED_SQL} WHERE i.tenant_id = $1 AND i.id IN ({}) ORDER BY i.person_id, s.name", crate::id_list(&ids));
        let rows: Vec<InvitedRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(tenant).fetch_all(&mut *tx).await?;
        Ok::<_, sqlx::Error>(gather(rows)?)
    })
}

/// Every round in a state, of every tenant, for the worker: (tenant, round).
pub async fn rounds_in_state(db: &Db, state: RoundState) -> Result<Vec<(i64, Round)>> {
    let sql = format!("SELECT tenant_id, {ROUND_COLS} FROM evaluation_rounds WHERE state = $1");
    let rows: Vec<(i64, RoundRow)> = on_pool!(db, p => {
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(state.as_str()).fetch_all(p).await?;
        rows.into_iter().map(|r| {
            use sqlx::Row;
            let t: i64 = r.try_get("tenant_id")?;
            Ok::<_, sqlx::Error>((t, sqlx::FromRow::from_row(&r)?))
        }).collect::<Result<Vec<_>>>()
    })?;
    rows.into_iter().map(|(t, r)| Ok((t, r.into_round()?))).collect()
}

/// A person's invitations in every round: (round title, round state, leader, group).
pub async fn invitations_of(db: &Db, tenant: i64, person: i64) -> Result<Vec<(String, String, String, String)>> {
    on_pool!(db, p => sqlx::query_as(
        "SELECT r.title, r.state, s.name, i.grp FROM evaluation_invitations i JOIN evaluation_subjects s ON s.id = i.subject_id \
         JOIN evaluation_rounds r ON r.id = i.round_id WHERE i.tenant_id = $1 AND i.person_id = $2 ORDER BY r.id, s.name")
        .bind(tenant).bind(person).fetch_all(p).await)
}

/// The invitations still to be reminded, by how many reminders they have had.
pub async fn reminders_sent(db: &Db, tenant: i64, round: i64) -> Result<Vec<(i64, i64)>> {
    on_pool!(db, p => sqlx::query_as(
        "SELECT reminders, COUNT(*) FROM evaluation_invitations WHERE tenant_id = $1 AND round_id = $2 AND completed = FALSE GROUP BY reminders")
        .bind(tenant).bind(round).fetch_all(p).await)
}

/// Stores a personal link's hash for an invitation (the mail holds the token).
pub async fn add_link(db: &Db, tenant: i64, invitation: i64, token: &str) -> Result<()> {
    on_pool!(db, p => sqlx::query("INSERT INTO evaluation_links (token_hash, tenant_id, invitation_id) VALUES ($1, $2, $3)")
        .bind(hash_secret(token)).bind(tenant).bind(invitation).execute(p).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Uses up a mailed link: its row goes, and a new secret for the same
/// invitation is made, which only the browser's cookie will hold. None when
/// the link is unknown or used already.
pub async fn swap_link(db: &Db, token: &str) -> Result<Option<String>> {
    let fresh = crate::new_secret();
    in_transaction!(db, tx => {
        let used: Option<(i64, i64)> = sqlx::query_as("DELETE FROM evaluation_links WHERE token_hash = $1 RETURNING tenant_id, invitation_id")
            .bind(hash_secret(token)).fetch_optional(&mut *tx).await?;
        let Some((tenant, invitation)) = used else { return Ok(None) };
        sqlx::query("INSERT INTO evaluation_links (token_hash, tenant_id, invitation_id) VALUES ($1, $2, $3)")
            .bind(hash_secret(&fresh)).bind(tenant).bind(invitation).execute(&mut *tx).await?;
        Ok::<_, sqlx::Error>(Some(fresh))
    })
}

/// A signed-in person's invitations in rounds that take answers.
pub async fn open_invitations_of(db: &Db, tenant: i64, person: i64) -> Result<Vec<(i64, String, Group, bool, String)>> {
    let rows: Vec<(i64, String, String, Option<bool>, String)> = on_pool!(db, p => sqlx::query_as(
        "SELECT i.id, s.name, i.grp, i.completed, r.title FROM evaluation_invitations i JOIN evaluation_subjects s ON s.id = i.subject_id \
         JOIN evaluation_rounds r ON r.id = i.round_id WHERE i.tenant_id = $1 AND i.person_id = $2 AND r.state = 'open' ORDER BY r.id, s.name")
        .bind(tenant).bind(person).fetch_all(p).await)?;
    rows.into_iter().map(|(id, name, g, done, title)| Ok((id, name, crate::word(g)?, done.unwrap_or(false), title))).collect()
}

/// Whether an invitation is this person's (for the signed-in way in).
pub async fn invitation_of(db: &Db, tenant: i64, invitation: i64, person: i64) -> Result<bool> {
    let n: Option<(i64,)> = on_pool!(db, p => sqlx::query_as("SELECT id FROM evaluation_invitations WHERE tenant_id = $1 AND id = $2 AND person_id = $3")
        .bind(tenant).bind(invitation).bind(person).fetch_optional(p).await)?;
    Ok(n.is_some())
}

/// What a personal link opens: one invitation's questionnaire.
#[derive(Clone, Debug)]
pub struct Answering {
    pub tenant: i64,
    pub invitation: i64,
    pub round: Round,
    pub subject_id: i64,
    pub leader: String,
    pub group: Group,
    pub completed: bool,
    /// The key the invitation's draft is kept under; none once closed.
    pub draft_key: Option<String>,
}

#[derive(sqlx::FromRow)]
struct LinkRow {
    tenant_id: i64,
    invitation_id: i64,
    subject_id: i64,
    name: String,
    grp: String,
    completed: Option<bool>,
    draft_salt: Option<String>,
    #[sqlx(flatten)]
    round: RoundRow,
}

/// The invitation a personal link's token opens, with its round, in one
/// statement: every answer a rater saves asks it.
pub async fn answering(db: &Db, token: &str) -> Result<Option<Answering>> {
    // Made once: every answer saved asks it.
    static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        let round_cols = ROUND_COLS.split(", ").map(|c| format!("r.{c}")).collect::<Vec<_>>().join(", ");
        format!(
            "SELECT l.tenant_id, i.id AS invitation_id, i.subject_id, s.name, i.grp, i.completed, r.draft_salt, {round_cols} FROM evaluation_links l \
             JOIN evaluation_invitations i ON i.id = l.invitation_id JOIN evaluation_subjects s ON s.id = i.subject_id \
             JOIN evaluation_rounds r ON r.id = i.round_id WHERE l.token_hash = $1"
        )
    });
    let row: Option<LinkRow> = on_pool!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(SQL.as_str())).bind(hash_secret(token)).fetch_optional(p).await)?;
    let Some(r) = row else { return Ok(None) };
    Ok(Some(Answering {
        tenant: r.tenant_id,
        invitation: r.invitation_id,
        round: r.round.into_round()?,
        subject_id: r.subject_id,
        leader: r.name,
        group: crate::word(r.grp)?,
        completed: r.completed.unwrap_or(false),
        draft_key: r.draft_salt.map(|s| draft_key(&s, r.invitation_id)),
    }))
}

/// The hash a draft is kept under: of the round's secret and the invitation.
fn draft_key(salt: &str, invitation: i64) -> String {
    hash_secret(&format!("{salt}:{invitation}"))
}

/// A draft's answers (item id → answer) and comments (statement key → text).
#[derive(Clone, Debug, Default)]
pub struct Draft {
    pub answers: HashMap<i64, Answer>,
    pub comments: HashMap<String, String>,
    pub submitted: bool,
}

pub async fn draft(db: &Db, key: &str) -> Result<Draft> {
    let row: Option<(String, String, bool)> = on_pool!(db, p => sqlx::query_as("SELECT answers, comments, submitted FROM evaluation_drafts WHERE key_hash = $1")
        .bind(key).fetch_optional(p).await)?;
    Ok(match row {
        None => Draft::default(),
        Some((a, c, submitted)) => Draft { answers: decode_answers(&a), comments: serde_json::from_str(&c).unwrap_or_default(), submitted },
    })
}

fn encode_answers(a: &HashMap<i64, Answer>) -> String {
    let m: std::collections::BTreeMap<String, u8> = a.iter().map(|(k, v)| (k.to_string(), v.code())).collect();
    serde_json::to_string(&m).unwrap_or_else(|_| "{}".into())
}

fn decode_answers(s: &str) -> HashMap<i64, Answer> {
    let m: HashMap<String, u8> = serde_json::from_str(s).unwrap_or_default();
    m.into_iter().filter_map(|(k, v)| Some((k.parse().ok()?, Answer::from_code(v)?))).collect()
}

/// Saves a rater's answers, and with `submit` counts them as given. Refused
/// (false) unless the round takes answers on `today`: a late answer changes
/// nothing. On PostgreSQL the round's row is share-locked, so a round that
/// is closing waits for answers being saved and is not raced by them.
pub async fn save_answers(db: &Db, a: &Answering, draft: &Draft, submit: bool, today: NaiveDate) -> Result<bool> {
    let Some(key) = &a.draft_key else { return Ok(false) };
    let answers = encode_answers(&draft.answers);
    let comments = serde_json::to_string(&draft.comments).unwrap_or_else(|_| "{}".into());
    let guard = "UPDATE evaluation_invitations SET completed = CASE WHEN $1 THEN TRUE ELSE completed END \
                 WHERE id = $2 AND completed IS NOT NULL AND round_id IN (SELECT id FROM evaluation_rounds WHERE state = 'open' AND closes_on >= $3)";
    let upsert = "INSERT INTO evaluation_drafts (key_hash, tenant_id, round_id, subject_id, grp, answers, comments, submitted) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
                  ON CONFLICT (key_hash) DO UPDATE SET answers = excluded.answers, comments = excluded.comments, \
                  submitted = evaluation_drafts.submitted OR excluded.submitted";
    let today = today.to_string();
    in_transaction!(db, tx => {
        if matches!(db, Db::Pg(_)) {
            let open: Option<(i64,)> = sqlx::query_as("SELECT id FROM evaluation_rounds WHERE id = $1 AND state = 'open' FOR SHARE")
                .bind(a.round.id).fetch_optional(&mut *tx).await?;
            if open.is_none() {
                return Ok(false);
            }
        }
        // The write comes first, so that on SQLite this transaction holds the write lock from its start.
        let r = sqlx::query(guard).bind(submit).bind(a.invitation).bind(&today).execute(&mut *tx).await?;
        if r.rows_affected() != 1 {
            return Ok(false);
        }
        sqlx::query(upsert).bind(key).bind(a.tenant).bind(a.round.id).bind(a.subject_id).bind(a.group.as_str())
            .bind(&answers).bind(&comments).bind(submit).execute(&mut *tx).await?;
        Ok::<_, sqlx::Error>(true)
    })
}

/// Answers per group about each leader of a round: (subject, group, asked, answered).
pub async fn counts(db: &Db, tenant: i64, round: i64) -> Result<Vec<(i64, Group, i64, i64)>> {
    let rows: Vec<(i64, String, i64, i64)> = on_pool!(db, p => sqlx::query_as(
        "SELECT subject_id, grp, COUNT(*), SUM(CASE WHEN completed THEN 1 ELSE 0 END) FROM evaluation_invitations \
         WHERE tenant_id = $1 AND round_id = $2 GROUP BY subject_id, grp")
        .bind(tenant).bind(round).fetch_all(p).await)?;
    rows.into_iter().map(|(s, g, n, a)| Ok((s, crate::word(g)?, n, a))).collect()
}

/// Writes the day's progress counts (JSON per subject) unless written today.
pub async fn store_progress(db: &Db, tenant: i64, round: i64, today: NaiveDate, per_subject: &[(i64, String)]) -> Result<()> {
    let today = today.to_string();
    in_transaction!(db, tx => {
        for (subject, json) in per_subject {
            sqlx::query("UPDATE evaluation_subjects SET progress = $1, progress_on = $2 WHERE tenant_id = $3 AND round_id = $4 AND id = $5 \
                         AND (progress_on IS NULL OR progress_on < $2)")
                .bind(json).bind(&today).bind(tenant).bind(round).bind(subject).execute(&mut *tx).await?;
        }
        Ok::<_, sqlx::Error>(())
    })
}

/// Closes an open round. In one step: the submitted drafts become the
/// round's kept answers, each leader's groups settled by the anonymity
/// rules (a group too small to ever be shown is not kept), written in a
/// shuffled order under random keys; comments are kept where at least five
/// anonymous raters answered; then the drafts, the draft secret, the links
/// and who answered are dropped. False when the round was not open.
pub async fn close_round(db: &Db, tenant: i64, id: i64, today: NaiveDate, actor: &Actor) -> Result<bool> {
    use rand::seq::SliceRandom;
    in_transaction!(db, tx => {
        let r = sqlx::query("UPDATE evaluation_rounds SET state = 'closed', draft_salt = NULL, closed_on = $1, version = version + 1, updated_at = $2 \
                             WHERE tenant_id = $3 AND id = $4 AND state = 'open'")
            .bind(today.to_string()).bind(now()).bind(tenant).bind(id).execute(&mut *tx).await?;
        if r.rows_affected() != 1 {
            return Ok(false);
        }
        let (min_e, min_p, release): (i64, i64, String) = sqlx::query_as("SELECT min_employees, min_peers, release FROM evaluation_rounds WHERE id = $1")
            .bind(id).fetch_one(&mut *tx).await?;
        let minimums = Minimums::new(min_e as u32, min_p as u32).unwrap_or_default();
        let mut drafts: Vec<(i64, String, String, String)> = sqlx::query_as(
            "SELECT subject_id, grp, answers, comments FROM evaluation_drafts WHERE round_id = $1 AND submitted")
            .bind(id).fetch_all(&mut *tx).await?;
        let invited: Vec<(i64, String, i64)> = sqlx::query_as(
            "SELECT subject_id, grp, COUNT(*) FROM evaluation_invitations WHERE round_id = $1 GROUP BY subject_id, grp")
            .bind(id).fetch_all(&mut *tx).await?;
        let subjects: Vec<(i64,)> = sqlx::query_as("SELECT id FROM evaluation_subjects WHERE round_id = $1").bind(id).fetch_all(&mut *tx).await?;
        drafts.shuffle(&mut rand::rng());
        let mut comments_kept: Vec<(i64, String, String)> = vec![];
        // Each leader's anonymous raters in their own shown total, for the organisation's rule across reports.
        let mut shown_totals: u32 = 0;
        for (subject,) in subjects {
            let asked = |g: Group| invited.iter().find(|(s, x, _)| *s == subject && x == g.as_str()).map(|x| x.2 as u32).unwrap_or(0);
            let answered = |g: Group| drafts.iter().filter(|(s, x, _, _)| *s == subject && x == g.as_str()).count() as u32;
            let counts: Vec<(Group, u32)> = Group::DIRECTIONS.iter().map(|g| (*g, answered(*g))).collect();
            let decided = settle(&counts, &minimums);
            let kept_as = |g: Group| -> Option<Group> {
                match decided.iter().find(|d| d.0 == g).map(|d| d.1) {
                    Some(Keep::Labelled) => Some(g),
                    Some(Keep::AsOthers) => Some(Group::Others),
                    Some(Keep::InTotalOnly) => Some(Group::Rest),
                    _ => None,
                }
            };
            let anonymous_kept: u32 = counts.iter().filter(|(g, _)| g.anonymous() && kept_as(*g).is_some()).map(|(_, n)| n).sum();
            if anonymous_kept >= minimums.employees().max(minimums.peers()) {
                shown_totals += anonymous_kept;
            }
            for (s, g, answers, comments) in drafts.iter().filter(|d| d.0 == subject) {
                let g: Group = crate::word(g.clone())?;
                let Some(as_group) = kept_as(g) else { continue };
                sqlx::query("INSERT INTO evaluation_responses (id, tenant_id, round_id, subject_id, grp, answers) VALUES ($1, $2, $3, $4, $5, $6)")
                    .bind(&new_secret()[..32]).bind(tenant).bind(id).bind(s).bind(as_group.as_str()).bind(answers).execute(&mut *tx).await?;
                if g.anonymous() && domain::evaluation::anonymity::comments_kept(anonymous_kept, &minimums) {
                    let comments: HashMap<String, String> = serde_json::from_str(comments).unwrap_or_default();
                    comments_kept.extend(comments.into_iter().filter(|(_, b)| !b.trim().is_empty()).map(|(st, b)| (*s, st, b)));
                }
            }
            let settled: Vec<Settled> = decided.iter().map(|(g, k)| Settled { group: *g, invited: asked(*g), answered: answered(*g), keep: (*k).into() }).collect();
            sqlx::query("UPDATE evaluation_subjects SET settled = $1, released = $2 WHERE id = $3")
                .bind(serde_json::to_string(&settled).unwrap_or_else(|_| "[]".into())).bind(release == Release::AtClose.as_str()).bind(subject)
                .execute(&mut *tx).await?;
        }
        // Comments in an order of their own, after every answer, so that neither order tells which went with which.
        comments_kept.shuffle(&mut rand::rng());
        for (s, statement, body) in comments_kept {
            sqlx::query("INSERT INTO evaluation_comments (id, tenant_id, round_id, subject_id, statement_key, body) VALUES ($1, $2, $3, $4, $5, $6)")
                .bind(&new_secret()[..32]).bind(tenant).bind(id).bind(s).bind(statement).bind(body).execute(&mut *tx).await?;
        }
        // The organisation's averages per statement, from every kept anonymous answer.
        let items: Vec<(i64, String, String, String)> = sqlx::query_as(
            "SELECT id, part, statement_key, statement_title FROM evaluation_items WHERE round_id = $1 ORDER BY position, id")
            .bind(id).fetch_all(&mut *tx).await?;
        let questionnaire: Vec<Item> = items
            .iter()
            .map(|(_, part, key, title)| Item {
                part: Part::parse(part).unwrap_or(Part::Statement),
                statement_key: key.clone(),
                statement_title: title.clone(),
                element_key: String::new(),
                about_leader: String::new(),
                about_self: String::new(),
            })
            .collect();
        let kept_rows: Vec<(i64, String, String)> = sqlx::query_as("SELECT subject_id, grp, answers FROM evaluation_responses WHERE round_id = $1")
            .bind(id).fetch_all(&mut *tx).await?;
        let as_kept = |g: &str, a: &str| -> Option<Kept> {
            let group = Group::parse(g)?;
            let answers = decode_answers(a);
            Some(Kept { group, answers: items.iter().map(|i| answers.get(&i.0).copied()).collect() })
        };
        let pooled: Vec<Kept> = kept_rows.iter().filter_map(|(_, g, a)| as_kept(g, a)).filter(|k| k.group.anonymous()).collect();
        // What each leader's own report shows of each item, so the organisation's figure cannot be subtracted down to a few.
        let mut subjects_kept: HashMap<i64, Vec<Kept>> = HashMap::new();
        for (s, g, a) in &kept_rows {
            if let Some(k) = as_kept(g, a) {
                subjects_kept.entry(*s).or_default().push(k);
            }
        }
        let mut shown = vec![0u32; questionnaire.len()];
        for kept in subjects_kept.values() {
            let own = domain::evaluation::report::build(&questionnaire, kept, &[], &[], &minimums);
            for (i, n) in domain::evaluation::overview::shown_items(&own).into_iter().enumerate() {
                shown[i] += n;
            }
        }
        let refs: Vec<&Kept> = pooled.iter().collect();
        let figures = domain::evaluation::overview::figures(&questionnaire, &refs, minimums.employees().max(minimums.peers()), &shown);
        let keys = domain::evaluation::overview::statements(&questionnaire);
        // Beside the leaders' own totals, the rest must be none or at least three raters (the rule across reports).
        let residual = pooled.len() as u32 - shown_totals.min(pooled.len() as u32);
        let safe = domain::evaluation::overview::differs_enough(pooled.len() as u32, pooled.len() as u32 - residual);
        let organisation: Vec<(String, Figure)> = keys
            .into_iter()
            .map(|(k, _)| k)
            .zip(figures)
            .map(|(k, f)| (k, if safe { f } else { Figure::Suppressed { reason: domain::evaluation::report::Hidden::WouldReveal } }))
            .collect();
        sqlx::query("UPDATE evaluation_rounds SET organisation = $1, organisation_raters = $2 WHERE id = $3")
            .bind(serde_json::to_string(&organisation).unwrap_or_else(|_| "[]".into())).bind(pooled.len() as i64).bind(id).execute(&mut *tx).await?;
        sqlx::query("DELETE FROM evaluation_drafts WHERE round_id = $1").bind(id).execute(&mut *tx).await?;
        sqlx::query("DELETE FROM evaluation_links WHERE invitation_id IN (SELECT id FROM evaluation_invitations WHERE round_id = $1)").bind(id).execute(&mut *tx).await?;
        sqlx::query("UPDATE evaluation_invitations SET completed = NULL WHERE round_id = $1").bind(id).execute(&mut *tx).await?;
        // Evaluation mail held (no mail server) or given up would still say who was reminded.
        sqlx::query("DELETE FROM jobs WHERE tenant_id = $1 AND kind = 'evaluation.email' AND status IN ('held', 'failed')").bind(tenant).execute(&mut *tx).await?;
        audit_in!(&mut *tx, Some(tenant), actor, "evaluation.round.close", &format!("round:{id}"), "")?;
        Ok::<_, sqlx::Error>(true)
    })
}

/// Releases a leader's report to the leader and the manager.
pub async fn release(db: &Db, tenant: i64, subject: i64, actor: &Actor) -> Result<bool> {
    in_transaction!(db, tx => {
        let r = sqlx::query("UPDATE evaluation_subjects SET released = TRUE WHERE tenant_id = $1 AND id = $2 AND NOT released \
                             AND round_id IN (SELECT id FROM evaluation_rounds WHERE state = 'closed')")
            .bind(tenant).bind(subject).execute(&mut *tx).await?;
        if r.rows_affected() == 1 {
            audit_in!(&mut *tx, Some(tenant), actor, "evaluation.report.release", &format!("subject:{subject}"), "")?;
        }
        Ok::<_, sqlx::Error>(r.rows_affected() == 1)
    })
}

/// A closed round's kept answers about a leader: (group, item id → answer).
pub async fn kept(db: &Db, tenant: i64, subject: i64) -> Result<Vec<(Group, HashMap<i64, Answer>)>> {
    let rows: Vec<(String, String)> = on_pool!(db, p => sqlx::query_as(
        "SELECT grp, answers FROM evaluation_responses WHERE tenant_id = $1 AND subject_id = $2 ORDER BY id")
        .bind(tenant).bind(subject).fetch_all(p).await)?;
    rows.into_iter().map(|(g, a)| Ok((crate::word(g)?, decode_answers(&a)))).collect()
}

/// A closed round's averages for the whole organisation per statement, and how many raters they pool.
pub async fn organisation(db: &Db, tenant: i64, round: i64) -> Result<(Vec<(String, Figure)>, u32)> {
    let row: Option<(String, i64)> = on_pool!(db, p => sqlx::query_as("SELECT organisation, organisation_raters FROM evaluation_rounds WHERE tenant_id = $1 AND id = $2")
        .bind(tenant).bind(round).fetch_optional(p).await)?;
    Ok(row.map(|(j, n)| (serde_json::from_str(&j).unwrap_or_default(), n as u32)).unwrap_or_default())
}

/// The same leader's report in the latest round closed before this one opened.
pub async fn previous(db: &Db, tenant: i64, person: i64, before: NaiveDate) -> Result<Option<Subject>> {
    let sql = format!(
        "SELECT {} FROM evaluation_subjects s JOIN evaluation_rounds r ON r.id = s.round_id \
         WHERE s.tenant_id = $1 AND s.person_id = $2 AND r.state = 'closed' AND r.closed_on < $3 ORDER BY r.closed_on DESC LIMIT 1",
        SUBJECT_COLS.split(", ").map(|c| format!("s.{c}")).collect::<Vec<_>>().join(", ")
    );
    on_pool!(db, p => sqlx::query_as::<_, Subject>(sqlx::AssertSqlSafe(sql)).bind(tenant).bind(person).bind(before.to_string()).fetch_optional(p).await)
}

/// A closed round's pooled comments about a leader, in their random order: (statement, text).
pub async fn comments(db: &Db, tenant: i64, subject: i64) -> Result<Vec<(String, String)>> {
    on_pool!(db, p => sqlx::query_as("SELECT statement_key, body FROM evaluation_comments WHERE tenant_id = $1 AND subject_id = $2 ORDER BY id")
        .bind(tenant).bind(subject).fetch_all(p).await)
}

/// Deletes a round with everything in it: its questionnaire, its leaders,
/// who was asked, and every answer, comment and report. Used when a round's
/// time to be kept is over.
pub async fn delete_round(db: &Db, tenant: i64, id: i64, actor: &Actor) -> Result<bool> {
    in_transaction!(db, tx => {
        let r = sqlx::query("DELETE FROM evaluation_rounds WHERE tenant_id = $1 AND id = $2").bind(tenant).bind(id).execute(&mut *tx).await?;
        if r.rows_affected() == 1 {
            audit_in!(&mut *tx, Some(tenant), actor, "evaluation.round.delete", &format!("round:{id}"), "")?;
        }
        Ok::<_, sqlx::Error>(r.rows_affected() == 1)
    })
}

/// A leader's dialogue and development plan.
#[derive(Clone, Debug, Default)]
pub struct PlanRow {
    pub subject_id: i64,
    pub talk_on: Option<NaiveDate>,
    pub team_on: Option<NaiveDate>,
    pub shared: Vec<String>,
    pub focus: Vec<i64>,
    pub actions: String,
    pub support: String,
    pub follow_up_on: Option<NaiveDate>,
    pub version: i64,
    pub updated_by: String,
}

#[derive(sqlx::FromRow)]
struct PlanSql {
    subject_id: i64,
    talk_on: Option<String>,
    team_on: Option<String>,
    shared: String,
    focus: String,
    actions: String,
    support: String,
    follow_up_on: Option<String>,
    version: i64,
    updated_by: String,
}

impl PlanSql {
    fn into_plan(self) -> Result<PlanRow> {
        Ok(PlanRow {
            subject_id: self.subject_id,
            talk_on: self.talk_on.as_deref().map(day).transpose()?,
            team_on: self.team_on.as_deref().map(day).transpose()?,
            shared: serde_json::from_str(&self.shared).unwrap_or_default(),
            focus: serde_json::from_str(&self.focus).unwrap_or_default(),
            actions: self.actions,
            support: self.support,
            follow_up_on: self.follow_up_on.as_deref().map(day).transpose()?,
            version: self.version,
            updated_by: self.updated_by,
        })
    }
}

const PLAN_COLS: &str = "subject_id, talk_on, team_on, shared, focus, actions, support, follow_up_on, version, updated_by";

/// The plan of a report; none before anyone wrote in it.
pub async fn plan(db: &Db, tenant: i64, subject: i64) -> Result<Option<PlanRow>> {
    let sql = format!("SELECT {PLAN_COLS} FROM evaluation_plans WHERE tenant_id = $1 AND subject_id = $2");
    let row = on_pool!(db, p => sqlx::query_as::<_, PlanSql>(sqlx::AssertSqlSafe(sql)).bind(tenant).bind(subject).fetch_optional(p).await)?;
    row.map(PlanSql::into_plan).transpose()
}

/// The plans of these reports.
pub async fn plans_of(db: &Db, tenant: i64, subjects: &[i64]) -> Result<Vec<PlanRow>> {
    let sql = format!("SELECT {PLAN_COLS} FROM evaluation_plans WHERE tenant_id = $1 AND subject_id IN ({})", crate::id_list(subjects));
    let rows = on_pool!(db, p => sqlx::query_as::<_, PlanSql>(sqlx::AssertSqlSafe(sql)).bind(tenant).fetch_all(p).await)?;
    rows.into_iter().map(PlanSql::into_plan).collect()
}

/// What a save changes of a plan.
pub enum PlanChange<'a> {
    Dialogue { talk_on: Option<NaiveDate>, team_on: Option<NaiveDate>, shared: &'a [String] },
    Plan { focus: &'a [i64], actions: &'a str, support: &'a str, follow_up_on: NaiveDate },
}

/// Saves a part of a report's plan (made at the first save); false when
/// someone saved it since `version` (0 for a plan not yet made).
pub async fn save_plan(db: &Db, tenant: i64, subject: i64, version: i64, changes: &[PlanChange<'_>], actor: &Actor) -> Result<bool> {
    let at = now();
    in_transaction!(db, tx => {
        sqlx::query("INSERT INTO evaluation_plans (subject_id, tenant_id, version, updated_at) SELECT id, tenant_id, 0, $1 FROM evaluation_subjects \
                     WHERE tenant_id = $2 AND id = $3 ON CONFLICT (subject_id) DO NOTHING")
            .bind(at).bind(tenant).bind(subject).execute(&mut *tx).await?;
        // Each change moves the version by one: the second expects the first's.
        for (version, change) in (version..).zip(changes) {
            let r = match change {
                PlanChange::Dialogue { talk_on, team_on, shared } => sqlx::query(
                    "UPDATE evaluation_plans SET talk_on = $1, team_on = $2, shared = $3, version = version + 1, updated_by = $4, updated_at = $5 \
                     WHERE tenant_id = $6 AND subject_id = $7 AND version = $8")
                    .bind(talk_on.map(|d| d.to_string())).bind(team_on.map(|d| d.to_string())).bind(serde_json::to_string(shared).unwrap_or_default())
                    .bind(&actor.label).bind(at).bind(tenant).bind(subject).bind(version).execute(&mut *tx).await?,
                PlanChange::Plan { focus, actions, support, follow_up_on } => sqlx::query(
                    "UPDATE evaluation_plans SET focus = $1, actions = $2, support = $3, follow_up_on = $4, version = version + 1, updated_by = $5, updated_at = $6 \
                     WHERE tenant_id = $7 AND subject_id = $8 AND version = $9")
                    .bind(serde_json::to_string(focus).unwrap_or_default()).bind(*actions).bind(*support).bind(follow_up_on.to_string())
                    .bind(&actor.label).bind(at).bind(tenant).bind(subject).bind(version).execute(&mut *tx).await?,
            };
            if r.rows_affected() != 1 {
                // Rolled back, every change with the plan made for this save.
                return Ok(false);
            }
            let what = if matches!(change, PlanChange::Dialogue { .. }) { "dialogue" } else { "plan" };
            audit_in!(&mut *tx, Some(tenant), actor, "evaluation.plan.save", &format!("plan:{subject}"), what)?;
        }
        Ok::<_, sqlx::Error>(true)
    })
}

/// A check-in on a plan.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct CheckIn {
    pub on_date: String,
    pub note: String,
    pub written_by: String,
}

pub async fn check_ins(db: &Db, tenant: i64, subject: i64) -> Result<Vec<CheckIn>> {
    on_pool!(db, p => sqlx::query_as::<_, CheckIn>(
        "SELECT on_date, note, written_by FROM evaluation_checkins WHERE tenant_id = $1 AND subject_id = $2 ORDER BY on_date DESC, id DESC")
        .bind(tenant).bind(subject).fetch_all(p).await)
}

/// Writes a check-in on a plan that exists; false when it does not.
pub async fn add_check_in(db: &Db, tenant: i64, subject: i64, on: NaiveDate, note: &str, actor: &Actor) -> Result<bool> {
    in_transaction!(db, tx => {
        let r = sqlx::query("INSERT INTO evaluation_checkins (tenant_id, subject_id, on_date, note, written_by, created_at) \
                             SELECT tenant_id, subject_id, $1, $2, $3, $4 FROM evaluation_plans WHERE tenant_id = $5 AND subject_id = $6")
            .bind(on.to_string()).bind(note).bind(&actor.label).bind(now()).bind(tenant).bind(subject).execute(&mut *tx).await?;
        if r.rows_affected() == 1 {
            audit_in!(&mut *tx, Some(tenant), actor, "evaluation.plan.checkin", &format!("plan:{subject}"), "")?;
        }
        Ok::<_, sqlx::Error>(r.rows_affected() == 1)
    })
}

/// A plan whose follow-up is due, for the reminder.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct DueCheckIn {
    pub tenant_id: i64,
    pub subject_id: i64,
    pub person_id: Option<i64>,
    pub manager_id: Option<i64>,
    pub name: String,
    pub follow_up_on: String,
}

/// Plans whose follow-up date has come without a check-in since and without
/// a reminder for that date, marked as reminded in the same step.
pub async fn take_due_check_ins(db: &Db, today: NaiveDate) -> Result<Vec<DueCheckIn>> {
    let today = today.to_string();
    in_transaction!(db, tx => {
        // Marked first, as the reminders are, so two workers do not both remind.
        let taken: Vec<(i64,)> = sqlx::query_as(
            "UPDATE evaluation_plans SET reminded_for = follow_up_on \
             WHERE follow_up_on IS NOT NULL AND follow_up_on <= $1 AND (reminded_for IS NULL OR reminded_for <> follow_up_on) \
             AND NOT EXISTS (SELECT 1 FROM evaluation_checkins c WHERE c.subject_id = evaluation_plans.subject_id AND c.on_date >= evaluation_plans.follow_up_on) \
             RETURNING subject_id")
            .bind(&today).fetch_all(&mut *tx).await?;
        let ids: Vec<i64> = taken.into_iter().map(|r| r.0).collect();
        let sql = format!(
            "SELECT p.tenant_id, p.subject_id, s.person_id, s.manager_id, s.name, p.follow_up_on FROM evaluation_plans p \
             JOIN evaluation_subjects s ON s.id = p.subject_id WHERE p.subject_id IN ({})",
            crate::id_list(&ids)
        );
        let rows: Vec<DueCheckIn> = sqlx::query_as(sqlx::AssertSqlSafe(sql)).fetch_all(&mut *tx).await?;
        Ok::<_, sqlx::Error>(rows)
    })
}

/// How many check-ins each of these plans has.
pub async fn check_in_counts(db: &Db, tenant: i64, subjects: &[i64]) -> Result<HashMap<i64, i64>> {
    let sql = format!(
        "SELECT subject_id, COUNT(*) FROM evaluation_checkins WHERE tenant_id = $1 AND subject_id IN ({}) GROUP BY subject_id",
        crate::id_list(subjects)
    );
    let rows: Vec<(i64, i64)> = on_pool!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(tenant).fetch_all(p).await)?;
    Ok(rows.into_iter().collect())
}
