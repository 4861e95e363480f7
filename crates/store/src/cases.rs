//! Case handling's tables: the register of published deadlines and the cases
//! imported from the case system.

use chrono::NaiveDate;
use domain::policy::cases::{Case, CaseType};

use crate::{Db, Result, now, platform::audit::Actor};

/// A case type as stored, with the unit answering for it.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredType {
    pub id: i64,
    pub owner_unit_id: Option<i64>,
    pub def: CaseType,
    /// The review day the last reminder was sent for.
    pub reminded_for: Option<NaiveDate>,
}

#[derive(sqlx::FromRow)]
struct TypeRow {
    id: i64,
    key: String,
    area: String,
    title: String,
    days: i64,
    counted_from: String,
    owner_unit_id: Option<i64>,
    reviewed_on: String,
    review_months: i64,
    indicator_key: String,
    reminded_for: String,
}

/// The register, in its order. `owners` gives each type's unit by key.
pub async fn save_register(db: &Db, tenant: i64, intro: &str, types: &[CaseType], owners: &[(String, Option<i64>)], actor: &Actor) -> Result<()> {
    in_transaction!(db, tx => {
        sqlx::query("INSERT INTO case_registers (tenant_id, intro) VALUES ($1, $2) ON CONFLICT (tenant_id) DO UPDATE SET intro = excluded.intro")
            .bind(tenant).bind(intro).execute(&mut *tx).await?;
        // A deadline left out of the register is withdrawn from it, and from /frister.
        let keys: Vec<&str> = types.iter().map(|t| t.key.as_str()).collect();
        let existing: Vec<(i64, String)> = sqlx::query_as("SELECT id, key FROM case_types WHERE tenant_id = $1").bind(tenant).fetch_all(&mut *tx).await?;
        for (id, key) in existing.iter().filter(|(_, k)| !keys.contains(&k.as_str())) {
            sqlx::query("DELETE FROM case_types WHERE tenant_id = $1 AND id = $2 AND key = $3").bind(tenant).bind(id).bind(key).execute(&mut *tx).await?;
        }
        for (position, t) in types.iter().enumerate() {
            let owner = owners.iter().find(|o| o.0 == t.key).and_then(|o| o.1);
            sqlx::query(
                "INSERT INTO case_types (tenant_id, key, position, area, title, days, counted_from, owner_unit_id, reviewed_on, review_months, indicator_key) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
                 ON CONFLICT (tenant_id, key) DO UPDATE SET position = excluded.position, area = excluded.area, title = excluded.title, days = excluded.days, \
                   counted_from = excluded.counted_from, owner_unit_id = excluded.owner_unit_id, reviewed_on = excluded.reviewed_on, \
                   review_months = excluded.review_months, indicator_key = excluded.indicator_key")
                .bind(tenant).bind(&t.key).bind(position as i64).bind(&t.area).bind(&t.title).bind(t.days as i64).bind(&t.counted_from)
                .bind(owner).bind(t.reviewed_on.to_string()).bind(t.review_months as i64).bind(&t.indicator).execute(&mut *tx).await?;
        }
        audit_in!(&mut *tx, Some(tenant), actor, "cases.register.save", "cases", &format!("{} case types", types.len()))?;
        Ok::<_, sqlx::Error>(())
    })
}

/// The register's words before its list ("" before one is loaded).
pub async fn intro(db: &Db, tenant: i64) -> Result<String> {
    let row: Option<(String,)> =
        on_pool!(db, p => sqlx::query_as("SELECT intro FROM case_registers WHERE tenant_id = $1").bind(tenant).fetch_optional(p).await)?;
    Ok(row.map(|r| r.0).unwrap_or_default())
}

pub async fn types(db: &Db, tenant: i64) -> Result<Vec<StoredType>> {
    let rows: Vec<TypeRow> = on_pool!(db, p => sqlx::query_as::<_, TypeRow>(
        "SELECT id, key, area, title, days, counted_from, owner_unit_id, reviewed_on, review_months, indicator_key, reminded_for \
         FROM case_types WHERE tenant_id = $1 ORDER BY position, id")
        .bind(tenant).fetch_all(p).await)?;
    rows.into_iter()
        .map(|r| {
            Ok(StoredType {
                id: r.id,
                owner_unit_id: r.owner_unit_id,
                reminded_for: if r.reminded_for.is_empty() { None } else { Some(crate::day(&r.reminded_for)?) },
                def: CaseType {
                    key: r.key,
                    area: r.area,
                    title: r.title,
                    days: r.days as u32,
                    counted_from: r.counted_from,
                    owner: String::new(),
                    reviewed_on: crate::day(&r.reviewed_on)?,
                    review_months: r.review_months as u32,
                    indicator: r.indicator_key,
                },
            })
        })
        .collect()
}

/// Claims the reminder to review a type for the review due on `due`: true
/// for the one caller that claims it, false when it was claimed before.
pub async fn mark_reminded(db: &Db, tenant: i64, id: i64, due: NaiveDate) -> Result<bool> {
    on_pool!(db, p => sqlx::query("UPDATE case_types SET reminded_for = $1 WHERE tenant_id = $2 AND id = $3 AND reminded_for <> $1")
        .bind(due.to_string()).bind(tenant).bind(id).execute(p).await.map(|r| r.rows_affected() == 1))
}

/// Stores imported cases, each replacing the case with its number, in one transaction.
pub async fn save_cases(db: &Db, tenant: i64, cases: &[Case], actor: &Actor) -> Result<usize> {
    let at = now();
    in_transaction!(db, tx => {
        for c in cases {
            let waits: Vec<(String, String)> = c.waits.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
            sqlx::query(
                "INSERT INTO cases (tenant_id, number, case_type, received_on, complete_on, decided_on, waits, imported_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
                 ON CONFLICT (tenant_id, number) DO UPDATE SET case_type = excluded.case_type, received_on = excluded.received_on, \
                   complete_on = excluded.complete_on, decided_on = excluded.decided_on, waits = excluded.waits, imported_at = excluded.imported_at")
                .bind(tenant).bind(&c.number).bind(&c.case_type).bind(c.received_on.to_string()).bind(c.complete_on.map(|d| d.to_string()))
                .bind(c.decided_on.map(|d| d.to_string())).bind(serde_json::to_string(&waits).unwrap_or_else(|_| "[]".into())).bind(at)
                .execute(&mut *tx).await?;
        }
        audit_in!(&mut *tx, Some(tenant), actor, "cases.import", "cases", &format!("{} cases", cases.len()))?;
        Ok::<_, sqlx::Error>(cases.len())
    })
}

/// Cases decided from `from` to `to` (both included), and those still open.
pub async fn cases(db: &Db, tenant: i64, from: NaiveDate, to: NaiveDate) -> Result<Vec<Case>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        number: String,
        case_type: String,
        received_on: String,
        complete_on: Option<String>,
        decided_on: Option<String>,
        waits: String,
    }
    let rows: Vec<Row> = on_pool!(db, p => sqlx::query_as::<_, Row>(
        "SELECT number, case_type, received_on, complete_on, decided_on, waits FROM cases \
         WHERE tenant_id = $1 AND (decided_on IS NULL OR (decided_on >= $2 AND decided_on <= $3)) ORDER BY decided_on, number")
        .bind(tenant).bind(from.to_string()).bind(to.to_string()).fetch_all(p).await)?;
    rows.into_iter()
        .map(|r| {
            let waits: Vec<(String, String)> = serde_json::from_str(&r.waits).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
            Ok(Case {
                number: r.number,
                case_type: r.case_type,
                received_on: crate::day(&r.received_on)?,
                complete_on: r.complete_on.as_deref().map(crate::day).transpose()?,
                decided_on: r.decided_on.as_deref().map(crate::day).transpose()?,
                waits: waits.iter().map(|(a, b)| Ok((crate::day(a)?, crate::day(b)?))).collect::<Result<Vec<_>>>()?,
            })
        })
        .collect()
}
