//! The skills gap's tables: ESCO as last loaded, and vacancies by occupation.

use chrono::{DateTime, Utc};
use domain::policy::skills::{Esco, Occupation, Skill, Vacancies};

use crate::{Db, Result, now, platform::audit::Actor};

/// Rows inserted per statement: ESCO's relations are about 125,000.
const CHUNK: usize = 400;

/// `INSERT INTO table (columns) VALUES ($1, …), (…)` for `rows` rows.
fn insert_sql(table: &str, columns: &[&str], rows: usize) -> String {
    let n = columns.len();
    let values: Vec<String> = (0..rows).map(|r| format!("({})", (1..=n).map(|c| format!("${}", r * n + c)).collect::<Vec<_>>().join(", "))).collect();
    format!("INSERT INTO {table} ({}) VALUES {}", columns.join(", "), values.join(", "))
}

/// Replaces the tenant's ESCO with `esco`, in one transaction.
pub async fn save_esco(db: &Db, tenant: i64, esco: &Esco, actor: &Actor) -> Result<()> {
    let at = now();
    let detail = format!("{} occupations, {} skills, {} relations", esco.occupations.len(), esco.skills.len(), esco.relations.len());
    in_transaction!(db, tx => {
        for table in ["esco_relations", "esco_skills", "esco_occupations"] {
            sqlx::query(sqlx::AssertSqlSafe(format!("DELETE FROM {table} WHERE tenant_id = $1"))).bind(tenant).execute(&mut *tx).await?;
        }
        for chunk in esco.occupations.chunks(CHUNK) {
            let sql = insert_sql("esco_occupations", &["tenant_id", "uri", "label", "alt_labels", "isco"], chunk.len());
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for o in chunk {
                q = q.bind(tenant).bind(&o.uri).bind(&o.label).bind(o.alt_labels.join("\n")).bind(&o.isco);
            }
            q.execute(&mut *tx).await?;
        }
        for chunk in esco.skills.chunks(CHUNK) {
            let sql = insert_sql("esco_skills", &["tenant_id", "uri", "label", "kind", "green"], chunk.len());
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for s in chunk {
                q = q.bind(tenant).bind(&s.uri).bind(&s.label).bind(&s.kind).bind(s.green);
            }
            q.execute(&mut *tx).await?;
        }
        for chunk in esco.relations.chunks(CHUNK) {
            // ESCO lists a pair once; a file that lists it twice keeps the first.
            let sql = format!("{} ON CONFLICT DO NOTHING", insert_sql("esco_relations", &["tenant_id", "occupation_uri", "skill_uri", "essential"], chunk.len()));
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for (o, s, essential) in chunk {
                q = q.bind(tenant).bind(o).bind(s).bind(*essential);
            }
            q.execute(&mut *tx).await?;
        }
        sqlx::query("INSERT INTO skills_sources (tenant_id, source, loaded_at, detail) VALUES ($1, 'esco', $2, $3) \
                     ON CONFLICT (tenant_id, source) DO UPDATE SET loaded_at = excluded.loaded_at, detail = excluded.detail")
            .bind(tenant).bind(at).bind(&detail).execute(&mut *tx).await?;
        audit_in!(&mut *tx, Some(tenant), actor, "skills.esco.load", "esco", &detail)?;
        Ok::<_, sqlx::Error>(())
    })
}

/// (uri, label, alt labels, ISCO), (uri, label, kind, green), (occupation, skill, essential).
type EscoRows = (Vec<(String, String, String, String)>, Vec<(String, String, String, bool)>, Vec<(String, String, bool)>);

/// The tenant's ESCO as last loaded.
pub async fn esco(db: &Db, tenant: i64) -> Result<Esco> {
    let (occupations, skills, relations): EscoRows = on_pool!(db, p => {
        let o = sqlx::query_as("SELECT uri, label, alt_labels, isco FROM esco_occupations WHERE tenant_id = $1 ORDER BY uri").bind(tenant).fetch_all(p).await?;
        let s = sqlx::query_as("SELECT uri, label, kind, green FROM esco_skills WHERE tenant_id = $1 ORDER BY uri").bind(tenant).fetch_all(p).await?;
        let r = sqlx::query_as("SELECT occupation_uri, skill_uri, essential FROM esco_relations WHERE tenant_id = $1 ORDER BY occupation_uri, skill_uri")
            .bind(tenant).fetch_all(p).await?;
        Ok::<_, sqlx::Error>((o, s, r))
    })?;
    Ok(Esco {
        occupations: occupations
            .into_iter()
            .map(|(uri, label, alt, isco)| Occupation { uri, label, alt_labels: alt.lines().map(String::from).collect(), isco })
            .collect(),
        skills: skills.into_iter().map(|(uri, label, kind, green)| Skill { uri, label, kind, green }).collect(),
        relations,
    })
}

/// Stores vacancies by occupation, each replacing the one of its period and occupation.
pub async fn save_vacancies(db: &Db, tenant: i64, vacancies: &[Vacancies], actor: &Actor) -> Result<()> {
    let at = now();
    in_transaction!(db, tx => {
        for v in vacancies {
            sqlx::query("INSERT INTO occupation_vacancies (tenant_id, period, occupation, count) VALUES ($1, $2, $3, $4) \
                         ON CONFLICT (tenant_id, period, occupation) DO UPDATE SET count = excluded.count")
                .bind(tenant).bind(&v.period).bind(&v.occupation).bind(v.count).execute(&mut *tx).await?;
        }
        let detail = format!("{} figures", vacancies.len());
        sqlx::query("INSERT INTO skills_sources (tenant_id, source, loaded_at, detail) VALUES ($1, 'demand', $2, $3) \
                     ON CONFLICT (tenant_id, source) DO UPDATE SET loaded_at = excluded.loaded_at, detail = excluded.detail")
            .bind(tenant).bind(at).bind(&detail).execute(&mut *tx).await?;
        audit_in!(&mut *tx, Some(tenant), actor, "skills.demand.load", "Y25i07", &detail)?;
        Ok::<_, sqlx::Error>(())
    })
}

pub async fn vacancies(db: &Db, tenant: i64) -> Result<Vec<Vacancies>> {
    let rows: Vec<(String, String, f64)> = on_pool!(db, p => sqlx::query_as(
        "SELECT period, occupation, count FROM occupation_vacancies WHERE tenant_id = $1 ORDER BY period, occupation")
        .bind(tenant).fetch_all(p).await)?;
    Ok(rows.into_iter().map(|(period, occupation, count)| Vacancies { period, occupation, count }).collect())
}

/// When each source ("esco", "demand") was last loaded, and what it held.
pub async fn sources(db: &Db, tenant: i64) -> Result<Vec<(String, DateTime<Utc>, String)>> {
    on_pool!(db, p => sqlx::query_as("SELECT source, loaded_at, detail FROM skills_sources WHERE tenant_id = $1 ORDER BY source")
        .bind(tenant).fetch_all(p).await)
}
