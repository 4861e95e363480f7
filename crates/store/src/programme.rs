//! The programme context's tables: work programmes per year, initiatives with
//! their units, dependencies, milestones and status reports, and the links
//! between decisions and initiatives.

use chrono::{DateTime, NaiveDate, Utc};
use domain::meetings::DecisionId;
use domain::programme::ProgrammeStatus;
use domain::programme::initiative::CheckedInitiative as Checked;
use domain::programme::report::{Cadence, Status, Trend};

use crate::{Db, Result, now, platform::audit::Actor};

pub use domain::programme::Programme;
pub use domain::programme::initiative::Initiative;

#[derive(sqlx::FromRow)]
struct ProgrammeRow {
    id: i64,
    year: i64,
    title: String,
    #[sqlx(try_from = "String")]
    status: ProgrammeStatus,
    #[sqlx(try_from = "String")]
    cadence: Cadence,
    approved_decision_id: Option<i64>,
    version: i64,
}

impl From<ProgrammeRow> for Programme {
    fn from(r: ProgrammeRow) -> Programme {
        Programme {
            id: r.id,
            year: r.year,
            title: r.title,
            status: r.status,
            cadence: r.cadence,
            approved_decision_id: r.approved_decision_id.map(DecisionId),
            version: r.version,
        }
    }
}

const PROGRAMME_COLS: &str = "id, year, title, status, cadence, approved_decision_id, version";

pub async fn programmes(db: &Db, tenant: i64) -> Result<Vec<Programme>> {
    let sql = format!("SELECT {PROGRAMME_COLS} FROM programmes WHERE tenant_id = $1 ORDER BY year DESC");
    let rows: Vec<ProgrammeRow> = on_pool!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(tenant).fetch_all(p).await)?;
    Ok(rows.into_iter().map(Programme::from).collect())
}

pub async fn programme(db: &Db, tenant: i64, year: i64) -> Result<Option<Programme>> {
    let sql = format!("SELECT {PROGRAMME_COLS} FROM programmes WHERE tenant_id = $1 AND year = $2");
    let row: Option<ProgrammeRow> = on_pool!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(tenant).bind(year).fetch_optional(p).await)?;
    Ok(row.map(Programme::from))
}

/// How many initiatives each programme holds: (programme, initiatives).
pub async fn initiative_counts(db: &Db, tenant: i64) -> Result<Vec<(i64, i64)>> {
    on_pool!(db, p => sqlx::query_as("SELECT programme_id, COUNT(*) FROM initiatives WHERE tenant_id = $1 GROUP BY programme_id")
        .bind(tenant).fetch_all(p).await)
}

/// Creates a draft programme for a year; `None` when the year has one.
pub async fn create(db: &Db, tenant: i64, year: i64, title: &str, cadence: Cadence, actor: &Actor) -> Result<Option<i64>> {
    let at = now();
    in_transaction!(db, tx => {
        let id: Option<(i64,)> = sqlx::query_as(
            "INSERT INTO programmes (tenant_id, year, title, cadence, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5) \
             ON CONFLICT (tenant_id, year) DO NOTHING RETURNING id")
            .bind(tenant).bind(year).bind(title).bind(cadence.as_str()).bind(at).fetch_optional(&mut *tx).await?;
        if let Some((id,)) = id {
            audit_in!(&mut *tx, Some(tenant), actor, "programme.create", &format!("programme:{id}"), &year.to_string())?;
        }
        Ok::<_, sqlx::Error>(id.map(|r| r.0))
    })
}

/// Moves a programme to a status (approved with the decision that approved
/// it); false when someone changed it since `version`, or when its status
/// may not become `to` (`ProgrammeStatus::reached_from`).
pub async fn set_status(db: &Db, tenant: i64, id: i64, version: i64, to: ProgrammeStatus, decision: Option<DecisionId>, actor: &Actor) -> Result<bool> {
    let at = now();
    let sql = format!(
        "UPDATE programmes SET status = $1, approved_decision_id = COALESCE($2, approved_decision_id), version = version + 1, updated_at = $3 \
         WHERE tenant_id = $4 AND id = $5 AND version = $6 AND {}",
        crate::words_in("status", to.reached_from())
    );
    in_transaction!(db, tx => {
        let r = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(to.as_str()).bind(decision.map(DecisionId::get)).bind(at).bind(tenant).bind(id).bind(version).execute(&mut *tx).await?;
        if r.rows_affected() == 1 {
            audit_in!(&mut *tx, Some(tenant), actor, "programme.status", &format!("programme:{id}"), to.as_str())?;
        }
        Ok::<_, sqlx::Error>(r.rows_affected() == 1)
    })
}

#[derive(sqlx::FromRow)]
struct InitiativeRow {
    id: i64,
    programme_id: i64,
    carried_from_id: Option<i64>,
    title: String,
    purpose: String,
    description: String,
    owner_person_id: Option<i64>,
    /// JSON lists of framework keys.
    perspective_keys: String,
    value_keys: String,
    starts_on: String,
    ends_on: String,
    budget: Option<i64>,
    risks: String,
    /// The newest report's status and period ("" before the first).
    latest_status: String,
    latest_period: String,
    /// better, same, worse or unknown, from its reports (kept by `save_report`).
    trend: String,
    version: i64,
}

impl TryFrom<InitiativeRow> for Initiative {
    type Error = sqlx::Error;
    fn try_from(r: InitiativeRow) -> Result<Initiative> {
        let latest = match r.latest_status.as_str() {
            "" => None,
            s => Some((Status::parse(s).ok_or_else(|| sqlx::Error::Decode(format!("status {s:?}").into()))?, r.latest_period)),
        };
        Ok(Initiative {
            id: r.id,
            programme_id: r.programme_id,
            carried_from_id: r.carried_from_id,
            title: r.title,
            purpose: r.purpose,
            description: r.description,
            owner_person_id: r.owner_person_id,
            perspectives: serde_json::from_str(&r.perspective_keys).map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
            values: serde_json::from_str(&r.value_keys).map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
            starts_on: crate::day(&r.starts_on)?,
            ends_on: crate::day(&r.ends_on)?,
            budget: r.budget,
            risks: r.risks,
            latest,
            trend: Trend::parse(&r.trend),
            version: r.version,
        })
    }
}

fn initiatives_of(rows: Vec<InitiativeRow>) -> Result<Vec<Initiative>> {
    rows.into_iter().map(Initiative::try_from).collect()
}

const INITIATIVE_COLS: &str = "id, programme_id, carried_from_id, title, purpose, description, owner_person_id, perspective_keys, value_keys, \
     starts_on, ends_on, budget, risks, latest_status, latest_period, trend, version";

pub async fn initiatives(db: &Db, tenant: i64, programme: i64) -> Result<Vec<Initiative>> {
    let sql = format!("SELECT {INITIATIVE_COLS} FROM initiatives WHERE tenant_id = $1 AND programme_id = $2 ORDER BY title, id");
    initiatives_of(on_pool!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(tenant).bind(programme).fetch_all(p).await)?)
}

pub async fn initiative(db: &Db, tenant: i64, id: i64) -> Result<Option<Initiative>> {
    let sql = format!("SELECT {INITIATIVE_COLS} FROM initiatives WHERE tenant_id = $1 AND id = $2");
    let row: Option<InitiativeRow> = on_pool!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(tenant).bind(id).fetch_optional(p).await)?;
    row.map(Initiative::try_from).transpose()
}

/// The goals an initiative serves, by id.
pub async fn goals_of(db: &Db, tenant: i64, initiative: i64) -> Result<Vec<i64>> {
    let rows: Vec<(i64,)> = on_pool!(db, p => sqlx::query_as(
        "SELECT ig.goal_id FROM initiative_goals ig JOIN initiatives i ON i.id = ig.initiative_id WHERE i.tenant_id = $1 AND ig.initiative_id = $2 ORDER BY ig.goal_id")
        .bind(tenant).bind(initiative).fetch_all(p).await)?;
    Ok(rows.into_iter().map(|r| r.0).collect())
}

/// The initiatives that serve a goal, newest programme first.
pub async fn serving(db: &Db, tenant: i64, goal: i64) -> Result<Vec<Initiative>> {
    let cols = INITIATIVE_COLS.split(", ").map(|c| format!("i.{}", c.trim())).collect::<Vec<_>>().join(", ");
    let sql = format!(
        "SELECT {cols} FROM initiatives i JOIN initiative_goals ig ON ig.initiative_id = i.id JOIN programmes p ON p.id = i.programme_id \
         WHERE i.tenant_id = $1 AND ig.goal_id = $2 ORDER BY p.year DESC, i.title, i.id"
    );
    initiatives_of(on_pool!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(tenant).bind(goal).fetch_all(p).await)?)
}

/// What an initiative is tied to besides its checked fields.
pub struct Ties<'a> {
    pub units: &'a [i64],
    /// The policy goals it serves.
    pub goals: &'a [i64],
    pub perspectives: &'a [String],
    pub values: &'a [String],
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Saved {
    Saved(i64),
    /// Someone else saved it in between.
    Conflict,
}

/// Creates an initiative (`existing` None) or updates the one with this
/// (id, version) if nobody saved it since; its units are replaced by
/// `ties.units`.
pub async fn save_initiative(db: &Db, tenant: i64, programme: i64, existing: Option<(i64, i64)>, i: &Checked, ties: &Ties<'_>, actor: &Actor) -> Result<Saved> {
    let at = now();
    let perspectives = serde_json::to_string(ties.perspectives).unwrap_or_else(|_| "[]".into());
    let values = serde_json::to_string(ties.values).unwrap_or_else(|_| "[]".into());
    in_transaction!(db, tx => {
        let id = match existing {
            None => {
                let (id,): (i64,) = sqlx::query_as(
                    "INSERT INTO initiatives (tenant_id, programme_id, title, purpose, description, owner_person_id, perspective_keys, value_keys, \
                       starts_on, ends_on, budget, risks, created_at, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) RETURNING id")
                    .bind(tenant).bind(programme).bind(&i.title).bind(&i.purpose).bind(&i.description).bind(i.owner).bind(&perspectives)
                    .bind(&values).bind(i.starts_on.to_string()).bind(i.ends_on.to_string()).bind(i.budget).bind(&i.risks).bind(at)
                    .fetch_one(&mut *tx).await?;
                id
            }
            Some((id, version)) => {
                let r = sqlx::query(
                    "UPDATE initiatives SET title = $1, purpose = $2, description = $3, owner_person_id = $4, perspective_keys = $5, value_keys = $6, \
                       starts_on = $7, ends_on = $8, budget = $9, risks = $10, version = version + 1, updated_at = $11 \
                     WHERE tenant_id = $12 AND id = $13 AND version = $14")
                    .bind(&i.title).bind(&i.purpose).bind(&i.description).bind(i.owner).bind(&perspectives).bind(&values)
                    .bind(i.starts_on.to_string()).bind(i.ends_on.to_string()).bind(i.budget).bind(&i.risks).bind(at)
                    .bind(tenant).bind(id).bind(version).execute(&mut *tx).await?;
                if r.rows_affected() != 1 {
                    return Ok(Saved::Conflict);
                }
                sqlx::query("DELETE FROM initiative_units WHERE initiative_id = $1").bind(id).execute(&mut *tx).await?;
                id
            }
        };
        if existing.is_some() {
            sqlx::query("DELETE FROM initiative_goals WHERE initiative_id = $1").bind(id).execute(&mut *tx).await?;
        }
        for g in ties.goals {
            sqlx::query("INSERT INTO initiative_goals (initiative_id, goal_id) SELECT $1, id FROM policy_goals WHERE tenant_id = $2 AND id = $3 ON CONFLICT DO NOTHING")
                .bind(id).bind(tenant).bind(g).execute(&mut *tx).await?;
        }
        for u in ties.units {
            // A unit named twice (a crafted form) is taken once.
            sqlx::query("INSERT INTO initiative_units (initiative_id, unit_id) SELECT $1, id FROM units WHERE tenant_id = $2 AND id = $3 ON CONFLICT DO NOTHING")
                .bind(id).bind(tenant).bind(u).execute(&mut *tx).await?;
        }
        audit_in!(&mut *tx, Some(tenant), actor, "programme.initiative.save", &format!("initiative:{id}"), &i.title)?;
        Ok::<_, sqlx::Error>(Saved::Saved(id))
    })
}

/// Carries the unfinished initiatives of the programme of `year` into the
/// next year's programme (a draft is made when there is none): each with its
/// units, perspectives and values, its open milestones that fall inside its
/// new span, and the dependencies among those carried. Initiatives carried
/// before are skipped, so carrying twice changes nothing. `None` when next
/// year's programme is closed; otherwise how many were carried.
pub async fn roll_over(db: &Db, tenant: i64, year: i64, title: &str, actor: &Actor) -> Result<Option<usize>> {
    use domain::programme::initiative::{carried_span, carries};
    let Some(from) = programme(db, tenant, year).await? else { return Ok(Some(0)) };
    let at = now();
    in_transaction!(db, tx => {
        let next: Option<(i64, String)> = sqlx::query_as("SELECT id, status FROM programmes WHERE tenant_id = $1 AND year = $2")
            .bind(tenant).bind(year + 1).fetch_optional(&mut *tx).await?;
        let to = match next {
            Some((_, status)) if status == ProgrammeStatus::Closed.as_str() => return Ok(None),
            Some((id, _)) => id,
            None => {
                let (id,): (i64,) = sqlx::query_as(
                    "INSERT INTO programmes (tenant_id, year, title, cadence, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5) RETURNING id")
                    .bind(tenant).bind(year + 1).bind(title).bind(from.cadence.as_str()).bind(at).fetch_one(&mut *tx).await?;
                id
            }
        };
        let sql = format!("SELECT {INITIATIVE_COLS} FROM initiatives WHERE tenant_id = $1 AND programme_id = $2 ORDER BY id");
        let old: Vec<InitiativeRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(tenant).bind(from.id).fetch_all(&mut *tx).await?;
        let old = initiatives_of(old)?;
        let carried_before: Vec<(i64,)> = sqlx::query_as("SELECT carried_from_id FROM initiatives WHERE programme_id = $1 AND carried_from_id IS NOT NULL")
            .bind(to).fetch_all(&mut *tx).await?;
        let mut new_ids: Vec<(i64, i64)> = vec![];
        for i in old.iter().filter(|i| carries(i.status()) && !carried_before.iter().any(|c| c.0 == i.id)) {
            let (start, end) = carried_span(i.starts_on, i.ends_on, (year + 1) as i32);
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO initiatives (tenant_id, programme_id, carried_from_id, title, purpose, description, owner_person_id, perspective_keys, value_keys, \
                   starts_on, ends_on, budget, risks, created_at, updated_at) \
                 SELECT tenant_id, $1, id, title, purpose, description, owner_person_id, perspective_keys, value_keys, $2, $3, budget, risks, $4, $4 \
                 FROM initiatives WHERE id = $5 RETURNING id")
                .bind(to).bind(start.to_string()).bind(end.to_string()).bind(at).bind(i.id).fetch_one(&mut *tx).await?;
            sqlx::query("INSERT INTO initiative_units (initiative_id, unit_id) SELECT $1, unit_id FROM initiative_units WHERE initiative_id = $2")
                .bind(id).bind(i.id).execute(&mut *tx).await?;
            sqlx::query("INSERT INTO initiative_goals (initiative_id, goal_id) SELECT $1, goal_id FROM initiative_goals WHERE initiative_id = $2")
                .bind(id).bind(i.id).execute(&mut *tx).await?;
            sqlx::query(
                "INSERT INTO milestones (tenant_id, initiative_id, title, due_on, created_at) \
                 SELECT tenant_id, $1, title, due_on, $2 FROM milestones WHERE initiative_id = $3 AND done_on IS NULL AND due_on >= $4 AND due_on <= $5")
                .bind(id).bind(at).bind(i.id).bind(start.to_string()).bind(end.to_string()).execute(&mut *tx).await?;
            new_ids.push((i.id, id));
        }
        for (old_id, new_id) in &new_ids {
            let deps: Vec<(i64,)> = sqlx::query_as("SELECT depends_on_id FROM initiative_dependencies WHERE initiative_id = $1").bind(old_id).fetch_all(&mut *tx).await?;
            for (on,) in deps {
                if let Some((_, new_on)) = new_ids.iter().find(|(o, _)| *o == on) {
                    sqlx::query("INSERT INTO initiative_dependencies (initiative_id, depends_on_id) VALUES ($1, $2)").bind(new_id).bind(new_on).execute(&mut *tx).await?;
                }
            }
        }
        audit_in!(&mut *tx, Some(tenant), actor, "programme.roll_over", &format!("programme:{}", from.id), &format!("{} to {}", new_ids.len(), year + 1))?;
        Ok::<_, sqlx::Error>(Some(new_ids.len()))
    })
}

/// The units taking part, by name.
pub async fn units_of(db: &Db, tenant: i64, initiative: i64) -> Result<Vec<(i64, String)>> {
    on_pool!(db, p => sqlx::query_as(
        "SELECT u.id, u.name FROM initiative_units iu JOIN units u ON u.id = iu.unit_id WHERE u.tenant_id = $1 AND iu.initiative_id = $2 ORDER BY u.name")
        .bind(tenant).bind(initiative).fetch_all(p).await)
}

/// (initiative, unit) for every initiative of a programme.
pub async fn units_of_programme(db: &Db, tenant: i64, programme: i64) -> Result<Vec<(i64, i64)>> {
    on_pool!(db, p => sqlx::query_as(
        "SELECT iu.initiative_id, iu.unit_id FROM initiative_units iu JOIN initiatives i ON i.id = iu.initiative_id \
         WHERE i.tenant_id = $1 AND i.programme_id = $2")
        .bind(tenant).bind(programme).fetch_all(p).await)
}

/// (initiative, depends on) within a programme.
pub async fn dependencies(db: &Db, tenant: i64, programme: i64) -> Result<Vec<(i64, i64)>> {
    on_pool!(db, p => sqlx::query_as(
        "SELECT d.initiative_id, d.depends_on_id FROM initiative_dependencies d JOIN initiatives i ON i.id = d.initiative_id \
         WHERE i.tenant_id = $1 AND i.programme_id = $2")
        .bind(tenant).bind(programme).fetch_all(p).await)
}

/// Records that `initiative` depends on `on`. The caller has checked that
/// no circle results (domain::programme::initiative::would_cycle).
pub async fn add_dependency(db: &Db, tenant: i64, initiative: i64, on: i64, actor: &Actor) -> Result<()> {
    in_transaction!(db, tx => {
        sqlx::query("INSERT INTO initiative_dependencies (initiative_id, depends_on_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(initiative).bind(on).execute(&mut *tx).await?;
        audit_in!(&mut *tx, Some(tenant), actor, "programme.dependency.add", &format!("initiative:{initiative}"), &on.to_string())?;
        Ok::<_, sqlx::Error>(())
    })
}

#[derive(Clone, Debug)]
pub struct Milestone {
    pub id: i64,
    pub initiative_id: i64,
    pub title: String,
    pub due_on: NaiveDate,
    pub done_on: Option<NaiveDate>,
}

#[derive(sqlx::FromRow)]
struct MilestoneRow {
    id: i64,
    initiative_id: i64,
    title: String,
    due_on: String,
    done_on: Option<String>,
}

fn milestones_of(rows: Vec<MilestoneRow>) -> Result<Vec<Milestone>> {
    rows.into_iter()
        .map(|r| {
            Ok(Milestone {
                id: r.id,
                initiative_id: r.initiative_id,
                title: r.title,
                due_on: crate::day(&r.due_on)?,
                done_on: r.done_on.as_deref().map(crate::day).transpose()?,
            })
        })
        .collect()
}

pub async fn milestones(db: &Db, tenant: i64, initiative: i64) -> Result<Vec<Milestone>> {
    milestones_of(on_pool!(db, p => sqlx::query_as(
        "SELECT id, initiative_id, title, due_on, done_on FROM milestones WHERE tenant_id = $1 AND initiative_id = $2 ORDER BY due_on, id")
        .bind(tenant).bind(initiative).fetch_all(p).await)?)
}

/// Every milestone of a programme's initiatives, by date.
pub async fn milestones_of_programme(db: &Db, tenant: i64, programme: i64) -> Result<Vec<Milestone>> {
    milestones_of(on_pool!(db, p => sqlx::query_as(
        "SELECT m.id, m.initiative_id, m.title, m.due_on, m.done_on FROM milestones m JOIN initiatives i ON i.id = m.initiative_id \
         WHERE i.tenant_id = $1 AND i.programme_id = $2 ORDER BY m.due_on, m.id")
        .bind(tenant).bind(programme).fetch_all(p).await)?)
}

pub async fn add_milestone(db: &Db, tenant: i64, initiative: i64, title: &str, due: NaiveDate, actor: &Actor) -> Result<i64> {
    let at = now();
    in_transaction!(db, tx => {
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO milestones (tenant_id, initiative_id, title, due_on, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id")
            .bind(tenant).bind(initiative).bind(title).bind(due.to_string()).bind(at).fetch_one(&mut *tx).await?;
        audit_in!(&mut *tx, Some(tenant), actor, "programme.milestone.add", &format!("initiative:{initiative}"), title)?;
        Ok::<_, sqlx::Error>(id)
    })
}

/// The initiative a milestone belongs to.
pub async fn milestone_initiative(db: &Db, tenant: i64, id: i64) -> Result<Option<i64>> {
    let row: Option<(i64,)> = on_pool!(db, p => sqlx::query_as("SELECT initiative_id FROM milestones WHERE tenant_id = $1 AND id = $2")
        .bind(tenant).bind(id).fetch_optional(p).await)?;
    Ok(row.map(|r| r.0))
}

pub async fn set_milestone_done(db: &Db, tenant: i64, id: i64, done: Option<NaiveDate>, actor: &Actor) -> Result<bool> {
    in_transaction!(db, tx => {
        let r = sqlx::query("UPDATE milestones SET done_on = $1 WHERE tenant_id = $2 AND id = $3")
            .bind(done.map(|d| d.to_string())).bind(tenant).bind(id).execute(&mut *tx).await?;
        audit_in!(&mut *tx, Some(tenant), actor, "programme.milestone.done", &format!("milestone:{id}"), &format!("{done:?}"))?;
        Ok::<_, sqlx::Error>(r.rows_affected() == 1)
    })
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Report {
    pub id: i64,
    pub initiative_id: i64,
    pub period: String,
    #[sqlx(try_from = "String")]
    pub status: Status,
    pub progress: i64,
    pub happened: String,
    pub next_steps: String,
    pub needs: String,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

/// An initiative's reports, oldest period first.
pub async fn reports(db: &Db, tenant: i64, initiative: i64) -> Result<Vec<Report>> {
    on_pool!(db, p => sqlx::query_as::<_, Report>(
        "SELECT id, initiative_id, period, status, progress, happened, next_steps, needs, created_by, created_at \
         FROM status_reports WHERE tenant_id = $1 AND initiative_id = $2 ORDER BY period")
        .bind(tenant).bind(initiative).fetch_all(p).await)
}

/// Every status report of a programme's initiatives, by initiative and
/// period: the follow-up report's PDF and spreadsheet read them in one query.
pub async fn reports_of_programme(db: &Db, tenant: i64, programme: i64) -> Result<Vec<Report>> {
    on_pool!(db, p => sqlx::query_as::<_, Report>(
        "SELECT r.id, r.initiative_id, r.period, r.status, r.progress, r.happened, r.next_steps, r.needs, r.created_by, r.created_at \
         FROM status_reports r JOIN initiatives i ON i.id = r.initiative_id \
         WHERE r.tenant_id = $1 AND i.tenant_id = $1 AND i.programme_id = $2 ORDER BY r.initiative_id, r.period")
        .bind(tenant).bind(programme).fetch_all(p).await)
}

/// (initiative, period, status) of every report in a programme, oldest first:
/// enough for trends and for spotting missing reports.
pub async fn report_statuses(db: &Db, tenant: i64, programme: i64) -> Result<Vec<(i64, String, Status)>> {
    let rows: Vec<(i64, String, String)> = on_pool!(db, p => sqlx::query_as(
        "SELECT r.initiative_id, r.period, r.status FROM status_reports r JOIN initiatives i ON i.id = r.initiative_id \
         WHERE i.tenant_id = $1 AND i.programme_id = $2 ORDER BY r.initiative_id, r.period")
        .bind(tenant).bind(programme).fetch_all(p).await)?;
    rows.into_iter().map(|(i, period, s)| Ok((i, period, crate::word::<Status>(s)?))).collect()
}

/// The initiatives of a programme a person owns.
pub async fn initiatives_owned(db: &Db, tenant: i64, programme: i64, owner: i64) -> Result<Vec<Initiative>> {
    let sql = format!("SELECT {INITIATIVE_COLS} FROM initiatives WHERE tenant_id = $1 AND programme_id = $2 AND owner_person_id = $3 ORDER BY title, id");
    initiatives_of(on_pool!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(tenant).bind(programme).bind(owner).fetch_all(p).await)?)
}

/// The periods some initiatives have reported for, by initiative.
pub async fn periods_reported(db: &Db, tenant: i64, initiatives: &[i64]) -> Result<std::collections::HashMap<i64, Vec<String>>> {
    let mut out: std::collections::HashMap<i64, Vec<String>> = Default::default();
    if initiatives.is_empty() {
        return Ok(out);
    }
    let sql = format!(
        "SELECT r.initiative_id, r.period FROM status_reports r JOIN initiatives i ON i.id = r.initiative_id \
         WHERE i.tenant_id = $1 AND r.initiative_id IN ({}) ORDER BY r.period",
        crate::id_list(initiatives)
    );
    let rows: Vec<(i64, String)> = on_pool!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(tenant).fetch_all(p).await)?;
    for (i, period) in rows {
        out.entry(i).or_default().push(period);
    }
    Ok(out)
}

/// The periods of `year` each initiative of a programme has reported for,
/// as (initiative, periods joined by commas): one row per initiative, for
/// spotting missing reports without reading every report.
pub async fn reported_periods(db: &Db, tenant: i64, programme: i64, year: i64) -> Result<Vec<(i64, String)>> {
    let joined = match db.backend() {
        crate::Backend::Sqlite => "group_concat(r.period, ',')",
        crate::Backend::Postgres => "string_agg(r.period, ',')",
    };
    let sql = format!(
        "SELECT r.initiative_id, {joined} FROM status_reports r JOIN initiatives i ON i.id = r.initiative_id \
         WHERE i.tenant_id = $1 AND i.programme_id = $2 AND r.period LIKE $3 GROUP BY r.initiative_id"
    );
    on_pool!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(tenant).bind(programme).bind(format!("{year}-%")).fetch_all(p).await)
}

/// What a status report says.
pub struct NewReport<'a> {
    pub period: &'a str,
    pub status: Status,
    pub progress: i64,
    pub happened: &'a str,
    pub next_steps: &'a str,
    pub needs: &'a str,
}

/// Writes the report for a period (a second one for the same period
/// replaces it) and, when it is the newest, the initiative's latest status.
pub async fn save_report(db: &Db, tenant: i64, initiative: i64, r: &NewReport<'_>, actor: &Actor) -> Result<()> {
    let at = now();
    in_transaction!(db, tx => {
        sqlx::query(
            "INSERT INTO status_reports (tenant_id, initiative_id, period, status, progress, happened, next_steps, needs, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
             ON CONFLICT (initiative_id, period) DO UPDATE SET status = excluded.status, progress = excluded.progress, \
               happened = excluded.happened, next_steps = excluded.next_steps, needs = excluded.needs, \
               created_by = excluded.created_by, created_at = excluded.created_at")
            .bind(tenant).bind(initiative).bind(r.period).bind(r.status.as_str()).bind(r.progress).bind(r.happened)
            .bind(r.next_steps).bind(r.needs).bind(&actor.label).bind(at).execute(&mut *tx).await?;
        sqlx::query("UPDATE initiatives SET latest_status = $1, latest_period = $2, updated_at = $3 WHERE tenant_id = $4 AND id = $5 AND latest_period <= $2")
            .bind(r.status.as_str()).bind(r.period).bind(at).bind(tenant).bind(initiative).execute(&mut *tx).await?;
        // The trend from all the initiative's reports, kept with it.
        let all: Vec<(String,)> = sqlx::query_as("SELECT status FROM status_reports WHERE initiative_id = $1 ORDER BY period")
            .bind(initiative).fetch_all(&mut *tx).await?;
        let statuses: Vec<Status> = all.iter().filter_map(|(s,)| Status::parse(s)).collect();
        sqlx::query("UPDATE initiatives SET trend = $1 WHERE id = $2")
            .bind(domain::programme::report::trend(&statuses).as_str()).bind(initiative).execute(&mut *tx).await?;
        audit_in!(&mut *tx, Some(tenant), actor, "programme.report", &format!("initiative:{initiative}"), &format!("{} {}", r.period, r.status.as_str()))?;
        Ok::<_, sqlx::Error>(())
    })
}

/// Notes that an owner was reminded of a period's report; false when the
/// reminder was sent before, so each goes out once.
pub async fn mark_report_reminder(db: &Db, initiative: i64, period: &str, kind: &str) -> Result<bool> {
    on_pool!(db, p => {
        let r = sqlx::query("INSERT INTO report_reminders_sent (initiative_id, period, kind, sent_at) VALUES ($1, $2, $3, $4) ON CONFLICT (initiative_id, period, kind) DO NOTHING")
            .bind(initiative).bind(period).bind(kind).bind(now()).execute(p).await?;
        Ok(r.rows_affected() == 1)
    })
}

/// Links a decision to the initiative it moved.
pub async fn link_decision(db: &Db, tenant: i64, decision: DecisionId, initiative: i64, actor: &Actor) -> Result<()> {
    in_transaction!(db, tx => {
        sqlx::query("INSERT INTO decision_initiatives (decision_id, initiative_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(decision.get()).bind(initiative).execute(&mut *tx).await?;
        audit_in!(&mut *tx, Some(tenant), actor, "programme.decision.link", &format!("initiative:{initiative}"), &decision.to_string())?;
        Ok::<_, sqlx::Error>(())
    })
}

/// Removes the link between a decision and an initiative.
pub async fn unlink_decision(db: &Db, tenant: i64, decision: DecisionId, initiative: i64, actor: &Actor) -> Result<bool> {
    in_transaction!(db, tx => {
        let r = sqlx::query(
            "DELETE FROM decision_initiatives WHERE decision_id = $1 AND initiative_id = $2 \
             AND initiative_id IN (SELECT id FROM initiatives WHERE tenant_id = $3)")
            .bind(decision.get()).bind(initiative).bind(tenant).execute(&mut *tx).await?;
        if r.rows_affected() == 1 {
            audit_in!(&mut *tx, Some(tenant), actor, "programme.decision.unlink", &format!("initiative:{initiative}"), &decision.to_string())?;
        }
        Ok::<_, sqlx::Error>(r.rows_affected() == 1)
    })
}

/// The decisions about an initiative: (id, title, decided at), newest first.
pub async fn decisions_of(db: &Db, tenant: i64, initiative: i64) -> Result<Vec<(DecisionId, String, DateTime<Utc>)>> {
    let rows: Vec<(i64, String, DateTime<Utc>)> = on_pool!(db, p => sqlx::query_as(
        "SELECT d.id, d.title, d.decided_at FROM decision_initiatives di JOIN decisions d ON d.id = di.decision_id \
         WHERE d.tenant_id = $1 AND di.initiative_id = $2 ORDER BY d.decided_at DESC")
        .bind(tenant).bind(initiative).fetch_all(p).await)?;
    Ok(rows.into_iter().map(|(id, title, at)| (DecisionId(id), title, at)).collect())
}

/// Every decision's links to the initiatives it moved: (decision,
/// initiative, title), by title.
pub async fn decision_links(db: &Db, tenant: i64) -> Result<Vec<(i64, i64, String)>> {
    on_pool!(db, p => sqlx::query_as(
        "SELECT di.decision_id, i.id, i.title FROM decision_initiatives di JOIN initiatives i ON i.id = di.initiative_id \
         WHERE i.tenant_id = $1 ORDER BY i.title, i.id")
        .bind(tenant).fetch_all(p).await)
}

/// Counts rows of the programme tables, with a checksum over every column
/// of them, for tests that assert nothing changed.
pub async fn fingerprint(db: &Db, tenant: i64) -> anyhow::Result<(i64, i64, i64, i64, String)> {
    let mut counts = [0; 4];
    let mut digest = String::new();
    for (i, table) in ["programmes", "initiatives", "milestones", "status_reports"].into_iter().enumerate() {
        let (n, d) = db.table_checksum(table, "x.tenant_id = $1", tenant).await?;
        counts[i] = n;
        digest.push_str(&d);
    }
    Ok((counts[0], counts[1], counts[2], counts[3], digest))
}
