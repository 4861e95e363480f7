//! Tenants: every row in styr belongs to one municipality.

use crate::{Db, Result, now};

// The versions that the copies kept in memory are checked against
// (reference_version, register_version, programme_version) are moved by
// triggers in the database (migration 0018), in the transaction of every
// change to a table they are made from. No store function names them.

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Tenant {
    pub id: i64,
    pub slug: String,
    pub name: String,
}

/// Returns the tenant with this slug, creating it when it does not exist.
pub async fn ensure(db: &Db, slug: &str, name: &str) -> Result<Tenant> {
    on_pool!(db, p => {
        sqlx::query(
            "INSERT INTO tenants (slug, name, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT (slug) DO UPDATE SET name = excluded.name",
        )
        .bind(slug).bind(name).bind(now())
        .execute(p).await?;
        sqlx::query_as::<_, Tenant>("SELECT id, slug, name FROM tenants WHERE slug = $1")
            .bind(slug).fetch_one(p).await
    })
}

/// (reference, register, programme) versions of a tenant, for work done
/// outside a request (mail, reminders).
pub async fn versions(db: &Db, id: i64) -> Result<(i64, i64, i64)> {
    on_pool!(db, p => sqlx::query_as("SELECT reference_version, register_version, programme_version FROM tenants WHERE id = $1")
        .bind(id).fetch_one(p).await)
}

/// The version of the policies, their goals, indicators and figures.
pub async fn policy_version(db: &Db, id: i64) -> Result<i64> {
    let (v,): (i64,) = on_pool!(db, p => sqlx::query_as("SELECT policy_version FROM tenants WHERE id = $1").bind(id).fetch_one(p).await)?;
    Ok(v)
}

pub async fn get(db: &Db, id: i64) -> Result<Option<Tenant>> {
    on_pool!(db, p => sqlx::query_as::<_, Tenant>("SELECT id, slug, name FROM tenants WHERE id = $1")
        .bind(id).fetch_optional(p).await)
}

pub async fn by_slug(db: &Db, slug: &str) -> Result<Option<Tenant>> {
    on_pool!(db, p => sqlx::query_as::<_, Tenant>("SELECT id, slug, name FROM tenants WHERE slug = $1")
        .bind(slug).fetch_optional(p).await)
}

pub async fn all(db: &Db) -> Result<Vec<Tenant>> {
    on_pool!(db, p => sqlx::query_as::<_, Tenant>("SELECT id, slug, name FROM tenants ORDER BY id").fetch_all(p).await)
}
