//! Tenants: every row in styr belongs to one municipality.

use crate::{Db, Result, now};

/// Run in the transaction of every change to the organisation, the forums
/// or the framework: app servers reload their copy of them when it moves.
pub(crate) const BUMP_REFERENCE: &str = "UPDATE tenants SET reference_version = reference_version + 1 WHERE id = $1";

/// Run in the transaction of every change to decisions, their
/// implementation or follow-up actions: counts kept per filter are dropped
/// when it moves.
pub(crate) const BUMP_REGISTER: &str = "UPDATE tenants SET register_version = register_version + 1 WHERE id = $1";

/// Run in the transaction of every change to the work programme, the
/// årshjul or the meetings' dates: app servers reload their copy of the
/// programme and the wheel when it moves.
pub(crate) const BUMP_PROGRAMME: &str = "UPDATE tenants SET programme_version = programme_version + 1 WHERE id = $1";

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
