//! The årshjul's tables: categories (rings), entries typed in, the
//! governance cycle's rules and their exceptions. Meetings and programme
//! milestones are read from their own contexts when a wheel is drawn.

use chrono::NaiveDate;

use crate::{now, platform::audit::Actor, Db, Result};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Category {
    pub id: i64,
    pub key: String,
    pub name: String,
    pub colour: String,
    pub icon: String,
    /// Lower is more important: drawn further out.
    pub rank: i64,
}

/// The tenant's categories, the most important first.
pub async fn categories(db: &Db, tenant: i64) -> Result<Vec<Category>> {
    on_pool!(db, p => sqlx::query_as::<_, Category>(
        "SELECT id, key, name, colour, icon, rank FROM calendar_categories WHERE tenant_id = $1 ORDER BY rank, id")
        .bind(tenant).fetch_all(p).await)
}

/// Makes sure the tenant has these categories (key, name, colour, icon,
/// rank); existing ones are left as people have changed them.
pub async fn ensure_categories(db: &Db, tenant: i64, defaults: &[(&str, &str, &str, &str, i64)]) -> Result<()> {
    in_transaction!(db, tx => {
        for (key, name, colour, icon, rank) in defaults {
            sqlx::query(
                "INSERT INTO calendar_categories (tenant_id, key, name, colour, icon, rank) VALUES ($1, $2, $3, $4, $5, $6) \
                 ON CONFLICT (tenant_id, key) DO NOTHING")
                .bind(tenant).bind(key).bind(name).bind(colour).bind(icon).bind(rank).execute(&mut *tx).await?;
        }
        Ok::<_, sqlx::Error>(())
    })
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Entry {
    pub id: i64,
    pub category_id: i64,
    pub title: String,
    pub starts_on: String,
    pub ends_on: String,
    /// span, deadline or meeting
    pub glyph: String,
    /// planned, done, tentative or at_risk
    pub state: String,
    pub link: String,
    pub unit_id: Option<i64>,
    pub note: String,
}

impl Entry {
    pub fn starts(&self) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(&self.starts_on, "%Y-%m-%d").ok()
    }
    pub fn ends(&self) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(&self.ends_on, "%Y-%m-%d").ok()
    }
}

/// Entries that touch the days from `from` to `to` (inclusive).
pub async fn entries(db: &Db, tenant: i64, from: NaiveDate, to: NaiveDate) -> Result<Vec<Entry>> {
    on_pool!(db, p => sqlx::query_as::<_, Entry>(
        "SELECT id, category_id, title, starts_on, ends_on, glyph, state, link, unit_id, note FROM calendar_entries \
         WHERE tenant_id = $1 AND starts_on <= $2 AND ends_on >= $3 ORDER BY starts_on, id")
        .bind(tenant).bind(to.to_string()).bind(from.to_string()).fetch_all(p).await)
}

pub async fn entry(db: &Db, tenant: i64, id: i64) -> Result<Option<Entry>> {
    on_pool!(db, p => sqlx::query_as::<_, Entry>(
        "SELECT id, category_id, title, starts_on, ends_on, glyph, state, link, unit_id, note FROM calendar_entries WHERE tenant_id = $1 AND id = $2")
        .bind(tenant).bind(id).fetch_optional(p).await)
}

/// What a new entry says; checked by the caller.
pub struct NewEntry<'a> {
    pub category_id: i64,
    pub title: &'a str,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub glyph: &'a str,
    pub state: &'a str,
    pub link: &'a str,
    pub unit_id: Option<i64>,
    pub note: &'a str,
}

/// Adds an entry; `None` when the category is not the tenant's.
pub async fn add_entry(db: &Db, tenant: i64, e: &NewEntry<'_>, actor: &Actor) -> Result<Option<i64>> {
    let at = now();
    in_transaction!(db, tx => {
        let id: Option<(i64,)> = sqlx::query_as(
            "INSERT INTO calendar_entries (tenant_id, category_id, title, starts_on, ends_on, glyph, state, link, unit_id, note, created_at) \
             SELECT $1, id, $2, $3, $4, $5, $6, $7, $8, $9, $10 FROM calendar_categories WHERE tenant_id = $1 AND id = $11 RETURNING id")
            .bind(tenant).bind(e.title).bind(e.starts_on.to_string()).bind(e.ends_on.to_string()).bind(e.glyph).bind(e.state)
            .bind(e.link).bind(e.unit_id).bind(e.note).bind(at).bind(e.category_id).fetch_optional(&mut *tx).await?;
        if let Some((id,)) = id {
            audit_in!(&mut *tx, Some(tenant), actor, "aarshjul.entry.add", &format!("entry:{id}"), e.title)?;
        }
        Ok::<_, sqlx::Error>(id.map(|r| r.0))
    })
}

pub async fn delete_entry(db: &Db, tenant: i64, id: i64, actor: &Actor) -> Result<bool> {
    in_transaction!(db, tx => {
        let r = sqlx::query("DELETE FROM calendar_entries WHERE tenant_id = $1 AND id = $2").bind(tenant).bind(id).execute(&mut *tx).await?;
        if r.rows_affected() == 1 {
            audit_in!(&mut *tx, Some(tenant), actor, "aarshjul.entry.delete", &format!("entry:{id}"), "")?;
        }
        Ok::<_, sqlx::Error>(r.rows_affected() == 1)
    })
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct RuleRow {
    pub id: i64,
    pub category_id: i64,
    pub title: String,
    /// A `domain::programme::cycle::Rule` as JSON.
    pub rule: String,
    /// deadline, meeting or span
    pub glyph: String,
}

impl RuleRow {
    pub fn parsed(&self) -> Option<domain::programme::cycle::Rule> {
        serde_json::from_str(&self.rule).ok()
    }
}

pub async fn rules(db: &Db, tenant: i64) -> Result<Vec<RuleRow>> {
    on_pool!(db, p => sqlx::query_as::<_, RuleRow>(
        "SELECT id, category_id, title, rule, glyph FROM calendar_rules WHERE tenant_id = $1 ORDER BY id")
        .bind(tenant).fetch_all(p).await)
}

/// Adds a rule; `None` when the category is not the tenant's.
pub async fn add_rule(db: &Db, tenant: i64, category: i64, title: &str, rule: &domain::programme::cycle::Rule, glyph: &str, actor: &Actor) -> Result<Option<i64>> {
    let at = now();
    let json = serde_json::to_string(rule).unwrap_or_default();
    in_transaction!(db, tx => {
        let id: Option<(i64,)> = sqlx::query_as(
            "INSERT INTO calendar_rules (tenant_id, category_id, title, rule, glyph, created_at) \
             SELECT $1, id, $2, $3, $4, $5 FROM calendar_categories WHERE tenant_id = $1 AND id = $6 RETURNING id")
            .bind(tenant).bind(title).bind(&json).bind(glyph).bind(at).bind(category).fetch_optional(&mut *tx).await?;
        if let Some((id,)) = id {
            audit_in!(&mut *tx, Some(tenant), actor, "aarshjul.rule.add", &format!("rule:{id}"), title)?;
        }
        Ok::<_, sqlx::Error>(id.map(|r| r.0))
    })
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ExceptionRow {
    pub rule_id: i64,
    pub on_date: String,
    pub to_date: Option<String>,
    pub reason: String,
}

pub async fn exceptions(db: &Db, tenant: i64) -> Result<Vec<ExceptionRow>> {
    on_pool!(db, p => sqlx::query_as::<_, ExceptionRow>(
        "SELECT e.rule_id, e.on_date, e.to_date, e.reason FROM calendar_exceptions e JOIN calendar_rules r ON r.id = e.rule_id \
         WHERE r.tenant_id = $1 ORDER BY e.on_date")
        .bind(tenant).fetch_all(p).await)
}

/// Moves (`to` Some) or cancels (`to` None) one date of a rule; a second
/// exception for the same date replaces the first. False when the rule is
/// not the tenant's.
pub async fn set_exception(db: &Db, tenant: i64, rule: i64, on: NaiveDate, to: Option<NaiveDate>, reason: &str, actor: &Actor) -> Result<bool> {
    in_transaction!(db, tx => {
        let r = sqlx::query(
            "INSERT INTO calendar_exceptions (rule_id, on_date, to_date, reason) SELECT id, $1, $2, $3 FROM calendar_rules WHERE tenant_id = $4 AND id = $5 \
             ON CONFLICT (rule_id, on_date) DO UPDATE SET to_date = excluded.to_date, reason = excluded.reason")
            .bind(on.to_string()).bind(to.map(|d| d.to_string())).bind(reason).bind(tenant).bind(rule).execute(&mut *tx).await?;
        if r.rows_affected() == 1 {
            audit_in!(&mut *tx, Some(tenant), actor, "aarshjul.exception", &format!("rule:{rule}"), &format!("{on} {to:?}"))?;
        }
        Ok::<_, sqlx::Error>(r.rows_affected() == 1)
    })
}

/// Removes an exception, so the rule's own date stands again.
pub async fn clear_exception(db: &Db, tenant: i64, rule: i64, on: NaiveDate, actor: &Actor) -> Result<bool> {
    in_transaction!(db, tx => {
        let r = sqlx::query("DELETE FROM calendar_exceptions WHERE on_date = $1 AND rule_id IN (SELECT id FROM calendar_rules WHERE tenant_id = $2 AND id = $3)")
            .bind(on.to_string()).bind(tenant).bind(rule).execute(&mut *tx).await?;
        if r.rows_affected() == 1 {
            audit_in!(&mut *tx, Some(tenant), actor, "aarshjul.exception.clear", &format!("rule:{rule}"), &on.to_string())?;
        }
        Ok::<_, sqlx::Error>(r.rows_affected() == 1)
    })
}

/// Counts the årshjul's rows, for tests that assert nothing changed.
pub async fn fingerprint(db: &Db, tenant: i64) -> Result<(i64, i64, i64)> {
    on_pool!(db, p => {
        let (a,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM calendar_entries WHERE tenant_id = $1").bind(tenant).fetch_one(p).await?;
        let (b,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM calendar_rules WHERE tenant_id = $1").bind(tenant).fetch_one(p).await?;
        let (c,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM calendar_exceptions e JOIN calendar_rules r ON r.id = e.rule_id WHERE r.tenant_id = $1").bind(tenant).fetch_one(p).await?;
        Ok((a, b, c))
    })
}
