//! News of decisions held for people who read it daily or weekly: written
//! when minutes are approved, taken when their digest goes out.

use chrono::{DateTime, Utc};
use domain::meetings::DecisionId;

use crate::{Db, Result, now};

/// Holds decisions for each person's next digest: (person, decisions).
pub async fn hold(db: &Db, tenant: i64, news: &[(i64, Vec<DecisionId>)]) -> Result<usize> {
    let at = now();
    let mut n = 0;
    in_transaction!(db, tx => {
        for (person, decisions) in news {
            for d in decisions {
                sqlx::query("INSERT INTO news_pending (tenant_id, person_id, decision_id, added_at) VALUES ($1, $2, $3, $4) ON CONFLICT (person_id, decision_id) DO NOTHING")
                    .bind(tenant).bind(*person).bind(d.get()).bind(at).execute(&mut *tx).await?;
                n += 1;
            }
        }
        Ok::<_, sqlx::Error>(n)
    })
}

/// The news held before `before` for these people, by person, oldest first.
pub async fn held(db: &Db, tenant: i64, before: DateTime<Utc>) -> Result<Vec<(i64, DecisionId)>> {
    let rows: Vec<(i64, i64)> = on_pool!(db, p => sqlx::query_as(
        "SELECT person_id, decision_id FROM news_pending WHERE tenant_id = $1 AND added_at < $2 ORDER BY person_id, decision_id")
        .bind(tenant).bind(before).fetch_all(p).await)?;
    Ok(rows.into_iter().map(|(p, d)| (p, DecisionId(d))).collect())
}

/// Lets go of a person's news held before `before`, once it is mailed.
pub async fn release(db: &Db, tenant: i64, person: i64, before: DateTime<Utc>) -> Result<()> {
    on_pool!(db, p => sqlx::query("DELETE FROM news_pending WHERE tenant_id = $1 AND person_id = $2 AND added_at < $3")
        .bind(tenant).bind(person).bind(before).execute(p).await.map(|_| ()))
}
