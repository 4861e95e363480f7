//! The org context's tables: units, people, positions.

use std::collections::HashMap;

use domain::org::import::{ImportPlan, path_key};
use domain::org::{PositionKind, UnitKind};

use crate::{Db, Result, now, platform::audit};

#[derive(Clone, Debug, sqlx::FromRow, serde::Serialize)]
pub struct Unit {
    pub id: i64,
    pub parent_id: Option<i64>,
    #[sqlx(try_from = "String")]
    pub kind: UnitKind,
    pub name: String,
    pub path: String,
    pub position: i64,
}

#[derive(Clone, Debug, sqlx::FromRow, serde::Serialize)]
pub struct Person {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub title: String,
}

/// A person in a unit, with how they sit there.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Member {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub title: String,
    #[sqlx(try_from = "String")]
    pub kind: PositionKind,
}

/// A unit a person sits in, with how.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Placement {
    pub unit_id: i64,
    pub unit_name: String,
    #[sqlx(try_from = "String")]
    pub unit_kind: UnitKind,
    #[sqlx(try_from = "String")]
    pub kind: PositionKind,
}

const UNIT_COLS: &str = "id, parent_id, kind, name, path, position";

/// Every unit of the tenant, in tree order within each parent.
pub async fn units(db: &Db, tenant: i64) -> Result<Vec<Unit>> {
    let sql = format!("SELECT {UNIT_COLS} FROM units WHERE tenant_id = $1 ORDER BY position, name");
    on_pool!(db, p => sqlx::query_as::<_, Unit>(sqlx::AssertSqlSafe(sql)).bind(tenant).fetch_all(p).await)
}

pub async fn unit(db: &Db, tenant: i64, id: i64) -> Result<Option<Unit>> {
    let sql = format!("SELECT {UNIT_COLS} FROM units WHERE tenant_id = $1 AND id = $2");
    on_pool!(db, p => sqlx::query_as::<_, Unit>(sqlx::AssertSqlSafe(sql)).bind(tenant).bind(id).fetch_optional(p).await)
}

pub async fn children(db: &Db, tenant: i64, id: i64) -> Result<Vec<Unit>> {
    let sql = format!("SELECT {UNIT_COLS} FROM units WHERE tenant_id = $1 AND parent_id = $2 ORDER BY position, name");
    on_pool!(db, p => sqlx::query_as::<_, Unit>(sqlx::AssertSqlSafe(sql)).bind(tenant).bind(id).fetch_all(p).await)
}

/// The unit and its ancestors, nearest first, ending at the root.
pub async fn chain(db: &Db, tenant: i64, id: i64) -> Result<Vec<Unit>> {
    let sql = "WITH RECURSIVE chain(id, parent_id, kind, name, path, position, depth) AS ( \
           SELECT id, parent_id, kind, name, path, position, 0 FROM units WHERE tenant_id = $1 AND id = $2 \
           UNION ALL \
           SELECT u.id, u.parent_id, u.kind, u.name, u.path, u.position, c.depth + 1 \
           FROM units u JOIN chain c ON u.id = c.parent_id WHERE u.tenant_id = $1) \
         SELECT id, parent_id, kind, name, path, position FROM chain ORDER BY depth";
    on_pool!(db, p => sqlx::query_as::<_, Unit>(sql).bind(tenant).bind(id).fetch_all(p).await)
}

/// People in a unit, leaders first.
pub async fn members(db: &Db, tenant: i64, unit: i64) -> Result<Vec<Member>> {
    let sql = "SELECT pe.id, pe.name, pe.email, pe.title, po.kind FROM positions po \
               JOIN people pe ON pe.id = po.person_id \
               WHERE po.tenant_id = $1 AND po.unit_id = $2 \
               ORDER BY CASE po.kind WHEN 'leader' THEN 0 ELSE 1 END, pe.name";
    on_pool!(db, p => sqlx::query_as::<_, Member>(sql).bind(tenant).bind(unit).fetch_all(p).await)
}

/// Leaders of every unit, as unit id → leader names (for the tree).
pub async fn leaders(db: &Db, tenant: i64) -> Result<HashMap<i64, Vec<(i64, String)>>> {
    let rows: Vec<(i64, i64, String)> = on_pool!(db, p => sqlx::query_as(
        "SELECT po.unit_id, pe.id, pe.name FROM positions po JOIN people pe ON pe.id = po.person_id \
         WHERE po.tenant_id = $1 AND po.kind = 'leader' ORDER BY pe.name")
        .bind(tenant).fetch_all(p).await)?;
    let mut out: HashMap<i64, Vec<(i64, String)>> = HashMap::new();
    for (unit, id, name) in rows {
        out.entry(unit).or_default().push((id, name));
    }
    Ok(out)
}

/// How many people sit in each unit (directly).
pub async fn head_counts(db: &Db, tenant: i64) -> Result<HashMap<i64, i64>> {
    let rows: Vec<(i64, i64)> = on_pool!(db, p => sqlx::query_as(
        "SELECT unit_id, COUNT(*) FROM positions WHERE tenant_id = $1 GROUP BY unit_id")
        .bind(tenant).fetch_all(p).await)?;
    Ok(rows.into_iter().collect())
}

pub async fn person(db: &Db, tenant: i64, id: i64) -> Result<Option<Person>> {
    on_pool!(db, p => sqlx::query_as::<_, Person>(
        "SELECT id, name, email, title FROM people WHERE tenant_id = $1 AND id = $2")
        .bind(tenant).bind(id).fetch_optional(p).await)
}

/// A person by e-mail, as people type it (case does not matter).
pub async fn person_by_email(db: &Db, tenant: i64, email: &str) -> Result<Option<Person>> {
    on_pool!(db, p => sqlx::query_as::<_, Person>(
        "SELECT id, name, email, title FROM people WHERE tenant_id = $1 AND LOWER(email) = LOWER($2)")
        .bind(tenant).bind(email.trim()).fetch_optional(p).await)
}

pub async fn placements(db: &Db, tenant: i64, person: i64) -> Result<Vec<Placement>> {
    on_pool!(db, p => sqlx::query_as::<_, Placement>(
        "SELECT u.id AS unit_id, u.name AS unit_name, u.kind AS unit_kind, po.kind FROM positions po \
         JOIN units u ON u.id = po.unit_id WHERE po.tenant_id = $1 AND po.person_id = $2 \
         ORDER BY CASE po.kind WHEN 'leader' THEN 0 ELSE 1 END, u.name")
        .bind(tenant).bind(person).fetch_all(p).await)
}

/// The units a person leads.
pub async fn led_units(db: &Db, tenant: i64, person: i64) -> Result<Vec<i64>> {
    let rows: Vec<(i64,)> = on_pool!(db, p => sqlx::query_as(
        "SELECT unit_id FROM positions WHERE tenant_id = $1 AND person_id = $2 AND kind = 'leader'")
        .bind(tenant).bind(person).fetch_all(p).await)?;
    Ok(rows.into_iter().map(|r| r.0).collect())
}

/// Everyone, by name then id, with the text they are found by (see `search_people`).
pub async fn directory(db: &Db, tenant: i64) -> Result<Vec<(Person, String)>> {
    let rows: Vec<Found> = on_pool!(db, p => sqlx::query_as::<_, Found>(
        "SELECT id, name, email, title, search FROM people WHERE tenant_id = $1 ORDER BY name, id")
        .bind(tenant).fetch_all(p).await)?;
    Ok(rows.into_iter().map(|r| (r.person, r.search)).collect())
}

#[derive(sqlx::FromRow)]
struct Found {
    #[sqlx(flatten)]
    person: Person,
    search: String,
}

/// Names of people by id, for pages that show who chairs or sits in something.
pub async fn names(db: &Db, tenant: i64, ids: &[i64]) -> Result<HashMap<i64, String>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let list = crate::id_list(ids);
    let sql = format!("SELECT id, name FROM people WHERE tenant_id = $1 AND id IN ({list})");
    let rows: Vec<(i64, String)> = on_pool!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(tenant).fetch_all(p).await)?;
    Ok(rows.into_iter().collect())
}

/// The kinds of the units a person leads.
pub async fn led_kinds(db: &Db, tenant: i64, person: i64) -> Result<Vec<String>> {
    let rows: Vec<(String,)> = on_pool!(db, p => sqlx::query_as(
        "SELECT DISTINCT u.kind FROM positions po JOIN units u ON u.id = po.unit_id \
         WHERE po.tenant_id = $1 AND po.person_id = $2 AND po.kind = 'leader'")
        .bind(tenant).bind(person).fetch_all(p).await)?;
    Ok(rows.into_iter().map(|r| r.0).collect())
}

/// People who lead a unit of one of these kinds (for forum membership).
pub async fn leaders_of_kinds(db: &Db, tenant: i64, kinds: &[&str]) -> Result<Vec<(i64, String)>> {
    let mut out: Vec<(i64, String)> = vec![];
    for k in kinds {
        let rows: Vec<(i64, String)> = on_pool!(db, p => sqlx::query_as(
            "SELECT DISTINCT pe.id, pe.name FROM positions po JOIN units u ON u.id = po.unit_id \
             JOIN people pe ON pe.id = po.person_id WHERE po.tenant_id = $1 AND po.kind = 'leader' AND u.kind = $2")
            .bind(tenant).bind(*k).fetch_all(p).await)?;
        for r in rows {
            if !out.iter().any(|o| o.0 == r.0) {
                out.push(r);
            }
        }
    }
    out.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(out)
}

/// The text people are found by: lower-cased in Rust, because the two
/// databases lower-case non-ASCII letters (æ, ø, å) differently.
fn search_text(name: &str, email: &str, title: &str) -> String {
    format!("{name} {email} {title}").to_lowercase()
}

/// A page of people whose name, e-mail or title contains `query`, and how
/// many match in all.
pub async fn search_people(db: &Db, tenant: i64, query: &str, limit: i64, offset: i64) -> Result<(Vec<Person>, i64)> {
    let pattern = format!("%{}%", query.trim().to_lowercase().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
    on_pool!(db, p => {
        let rows = sqlx::query_as::<_, Person>(
            "SELECT id, name, email, title FROM people WHERE tenant_id = $1 AND search LIKE $2 ESCAPE '\\' \
             ORDER BY name, id LIMIT $3 OFFSET $4")
            .bind(tenant).bind(&pattern).bind(limit).bind(offset).fetch_all(p).await?;
        let (total,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM people WHERE tenant_id = $1 AND search LIKE $2 ESCAPE '\\'")
            .bind(tenant).bind(&pattern).fetch_one(p).await?;
        Ok((rows, total))
    })
}

#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportSummary {
    pub units_created: usize,
    pub units_updated: usize,
    pub people_created: usize,
    pub people_updated: usize,
    pub positions: usize,
}

/// What an import is compared with before it is written: every unit's path
/// and kind, and everyone's e-mail, name and title, by name.
pub async fn import_baseline(db: &Db, tenant: i64) -> Result<(Vec<(String, UnitKind)>, Vec<(String, String, String)>)> {
    let units: Vec<(String, String)> = on_pool!(db, p => sqlx::query_as("SELECT path, kind FROM units WHERE tenant_id = $1").bind(tenant).fetch_all(p).await)?;
    let people: Vec<(String, String, String)> =
        on_pool!(db, p => sqlx::query_as("SELECT email, name, title FROM people WHERE tenant_id = $1 ORDER BY name, id").bind(tenant).fetch_all(p).await)?;
    Ok((units.into_iter().filter_map(|(path, kind)| Some((path, UnitKind::parse(&kind)?))).collect(), people))
}

/// Writes a validated import in one transaction: units are matched by path,
/// people by e-mail, and each imported person's positions are replaced by the
/// file's. People and units not in the file are left as they are.
pub async fn apply_import(db: &Db, tenant: i64, plan: &ImportPlan, actor: &audit::Actor) -> Result<ImportSummary> {
    let at = now();
    in_transaction!(db, tx => {
        let mut summary = ImportSummary::default();
        let existing: Vec<(i64, String, String, Option<i64>)> = sqlx::query_as(
            "SELECT id, path, kind, parent_id FROM units WHERE tenant_id = $1")
            .bind(tenant).fetch_all(&mut *tx).await?;
        let mut ids: HashMap<String, i64> = existing.iter().map(|(id, path, _, _)| (path.clone(), *id)).collect();
        let kinds: HashMap<String, String> = existing.iter().map(|(_, path, k, _)| (path.clone(), k.clone())).collect();
        let mut next_position: HashMap<Option<i64>, i64> = HashMap::new();
        for (i, u) in plan.units.iter().enumerate() {
            let key = path_key(&u.path);
            let parent = if u.path.len() > 1 { ids.get(&path_key(&u.path[..u.path.len() - 1])).copied() } else { None };
            match ids.get(&key) {
                Some(&id) => {
                    if kinds.get(&key).map(String::as_str) != Some(u.kind.as_str()) {
                        sqlx::query("UPDATE units SET kind = $1, updated_at = $2 WHERE id = $3")
                            .bind(u.kind.as_str()).bind(at).bind(id).execute(&mut *tx).await?;
                        summary.units_updated += 1;
                    }
                }
                None => {
                    let pos = next_position.entry(parent).or_insert(i as i64);
                    let (id,): (i64,) = sqlx::query_as(
                        "INSERT INTO units (tenant_id, parent_id, kind, name, path, position, created_at, updated_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id")
                        .bind(tenant).bind(parent).bind(u.kind.as_str()).bind(u.path.last().map(String::as_str).unwrap_or_default())
                        .bind(&key).bind(*pos).bind(at).fetch_one(&mut *tx).await?;
                    *pos += 1;
                    ids.insert(key, id);
                    summary.units_created += 1;
                }
            }
        }
        for person in &plan.people {
            let found: Option<(i64, String, String)> = sqlx::query_as(
                "SELECT id, name, title FROM people WHERE tenant_id = $1 AND email = $2")
                .bind(tenant).bind(&person.email).fetch_optional(&mut *tx).await?;
            let search = search_text(&person.name, &person.email, &person.title);
            let id = match found {
                Some((id, name, title)) => {
                    if name != person.name || title != person.title {
                        sqlx::query("UPDATE people SET name = $1, title = $2, search = $3, updated_at = $4 WHERE id = $5")
                            .bind(&person.name).bind(&person.title).bind(&search).bind(at).bind(id)
                            .execute(&mut *tx).await?;
                        summary.people_updated += 1;
                    }
                    sqlx::query("DELETE FROM positions WHERE person_id = $1").bind(id).execute(&mut *tx).await?;
                    id
                }
                None => {
                    let (id,): (i64,) = sqlx::query_as(
                        "INSERT INTO people (tenant_id, name, email, title, search, created_at, updated_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id")
                        .bind(tenant).bind(&person.name).bind(&person.email).bind(&person.title)
                        .bind(&search).bind(at).fetch_one(&mut *tx).await?;
                    summary.people_created += 1;
                    id
                }
            };
            for (path, kind) in &person.positions {
                let unit = ids[&path_key(path)];
                sqlx::query("INSERT INTO positions (tenant_id, person_id, unit_id, kind) VALUES ($1, $2, $3, $4)")
                    .bind(tenant).bind(id).bind(unit).bind(kind.as_str()).execute(&mut *tx).await?;
                summary.positions += 1;
            }
        }
        let detail = format!(
            "units +{} ~{}, people +{} ~{}, positions {}",
            summary.units_created, summary.units_updated, summary.people_created,
            summary.people_updated, summary.positions
        );
        audit_in!(&mut *tx, Some(tenant), actor, "org.import", "org", &detail)?;
        Ok::<_, sqlx::Error>(summary)
    })
}

/// The org tables' row counts and a digest of what people see in them
/// (names, titles, e-mails, parents, positions and leader flags), for tests
/// that assert nothing changed. Timestamps are left out, so running the demo
/// twice compares equal.
pub async fn fingerprint(db: &Db, tenant: i64) -> Result<(i64, i64, i64, String)> {
    on_pool!(db, p => {
        let units: Vec<(i64, Option<i64>, String, String, String, i64)> =
            sqlx::query_as("SELECT id, parent_id, kind, name, path, position FROM units WHERE tenant_id = $1 ORDER BY id")
                .bind(tenant).fetch_all(p).await?;
        let people: Vec<(i64, String, String, String)> = sqlx::query_as("SELECT id, name, email, title FROM people WHERE tenant_id = $1 ORDER BY id")
            .bind(tenant).fetch_all(p).await?;
        let positions: Vec<(i64, i64, String)> =
            sqlx::query_as("SELECT person_id, unit_id, kind FROM positions WHERE tenant_id = $1 ORDER BY person_id, unit_id, kind")
                .bind(tenant).fetch_all(p).await?;
        let digest = crate::hash_secret(&format!("{units:?}{people:?}{positions:?}"));
        Ok((units.len() as i64, people.len() as i64, positions.len() as i64, digest))
    })
}

/// Every position of the tenant: (person, unit, how they sit there).
pub async fn positions(db: &Db, tenant: i64) -> Result<Vec<(i64, i64, PositionKind)>> {
    let rows: Vec<(i64, i64, String)> = on_pool!(db, p => sqlx::query_as(
        "SELECT person_id, unit_id, kind FROM positions WHERE tenant_id = $1 ORDER BY person_id, unit_id")
        .bind(tenant).fetch_all(p).await)?;
    rows.into_iter().map(|(p, u, k)| Ok((p, u, crate::word(k)?))).collect()
}
