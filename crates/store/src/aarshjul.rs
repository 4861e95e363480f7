//! The årshjul's tables: categories (rings), entries typed in, the
//! governance cycle's rules and their exceptions. Meetings and programme
//! milestones are read from their own contexts when a wheel is drawn.

use chrono::NaiveDate;

use domain::programme::entry::{EntryGlyph, EntryState};

use crate::{Db, Result, now, platform::audit::Actor};

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

pub use domain::programme::entry::Entry;

#[derive(sqlx::FromRow)]
struct EntryRow {
    id: i64,
    category_id: i64,
    title: String,
    starts_on: String,
    ends_on: String,
    #[sqlx(try_from = "String")]
    glyph: EntryGlyph,
    #[sqlx(try_from = "String")]
    state: EntryState,
    link: String,
    unit_id: Option<i64>,
    note: String,
    version: i64,
}

impl TryFrom<EntryRow> for Entry {
    type Error = sqlx::Error;
    fn try_from(r: EntryRow) -> Result<Entry> {
        Ok(Entry {
            id: r.id,
            category_id: r.category_id,
            title: r.title,
            starts_on: crate::day(&r.starts_on)?,
            ends_on: crate::day(&r.ends_on)?,
            glyph: r.glyph,
            state: r.state,
            link: r.link,
            unit_id: r.unit_id,
            note: r.note,
            version: r.version,
        })
    }
}

/// Entries that touch the days from `from` to `to` (inclusive).
pub async fn entries(db: &Db, tenant: i64, from: NaiveDate, to: NaiveDate) -> Result<Vec<Entry>> {
    let rows: Vec<EntryRow> = on_pool!(db, p => sqlx::query_as(
        "SELECT id, category_id, title, starts_on, ends_on, glyph, state, link, unit_id, note, version FROM calendar_entries \
         WHERE tenant_id = $1 AND starts_on <= $2 AND ends_on >= $3 ORDER BY starts_on, id")
        .bind(tenant).bind(to.to_string()).bind(from.to_string()).fetch_all(p).await)?;
    rows.into_iter().map(Entry::try_from).collect()
}

pub async fn entry(db: &Db, tenant: i64, id: i64) -> Result<Option<Entry>> {
    let row: Option<EntryRow> = on_pool!(db, p => sqlx::query_as(
        "SELECT id, category_id, title, starts_on, ends_on, glyph, state, link, unit_id, note, version FROM calendar_entries WHERE tenant_id = $1 AND id = $2")
        .bind(tenant).bind(id).fetch_optional(p).await)?;
    row.map(Entry::try_from).transpose()
}

/// What a new entry says; checked by the caller.
pub struct NewEntry<'a> {
    pub category_id: i64,
    pub title: &'a str,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub glyph: EntryGlyph,
    pub state: EntryState,
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
            .bind(tenant).bind(e.title).bind(e.starts_on.to_string()).bind(e.ends_on.to_string()).bind(e.glyph.as_str()).bind(e.state.as_str())
            .bind(e.link).bind(e.unit_id).bind(e.note).bind(at).bind(e.category_id).fetch_optional(&mut *tx).await?;
        if let Some((id,)) = id {
            audit_in!(&mut *tx, Some(tenant), actor, "aarshjul.entry.add", &format!("entry:{id}"), e.title)?;
        }
        Ok::<_, sqlx::Error>(id.map(|r| r.0))
    })
}

/// Changes an entry, if nobody changed it since `version` and the category
/// is the tenant's; false otherwise, and nothing is changed.
pub async fn update_entry(db: &Db, tenant: i64, id: i64, version: i64, e: &NewEntry<'_>, actor: &Actor) -> Result<bool> {
    in_transaction!(db, tx => {
        let r = sqlx::query(
            "UPDATE calendar_entries SET category_id = $1, title = $2, starts_on = $3, ends_on = $4, glyph = $5, state = $6, link = $7, \
             unit_id = $8, note = $9, version = version + 1 \
             WHERE tenant_id = $10 AND id = $11 AND version = $12 AND EXISTS (SELECT 1 FROM calendar_categories WHERE tenant_id = $10 AND id = $1)")
            .bind(e.category_id).bind(e.title).bind(e.starts_on.to_string()).bind(e.ends_on.to_string()).bind(e.glyph.as_str()).bind(e.state.as_str())
            .bind(e.link).bind(e.unit_id).bind(e.note).bind(tenant).bind(id).bind(version).execute(&mut *tx).await?;
        if r.rows_affected() == 1 {
            audit_in!(&mut *tx, Some(tenant), actor, "aarshjul.entry.change", &format!("entry:{id}"), e.title)?;
        }
        Ok::<_, sqlx::Error>(r.rows_affected() == 1)
    })
}

/// Deletes an entry if nobody changed it since `version` was read; false
/// on such a conflict (or when it is gone).
pub async fn delete_entry(db: &Db, tenant: i64, id: i64, version: i64, actor: &Actor) -> Result<bool> {
    in_transaction!(db, tx => {
        let r = sqlx::query("DELETE FROM calendar_entries WHERE tenant_id = $1 AND id = $2 AND version = $3").bind(tenant).bind(id).bind(version).execute(&mut *tx).await?;
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
    #[sqlx(try_from = "String")]
    pub glyph: EntryGlyph,
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
pub async fn add_rule(
    db: &Db,
    tenant: i64,
    category: i64,
    title: &str,
    rule: &domain::programme::cycle::Rule,
    glyph: EntryGlyph,
    actor: &Actor,
) -> Result<Option<i64>> {
    let at = now();
    let json = serde_json::to_string(rule).unwrap_or_default();
    in_transaction!(db, tx => {
        let id: Option<(i64,)> = sqlx::query_as(
            "INSERT INTO calendar_rules (tenant_id, category_id, title, rule, glyph, created_at) \
             SELECT $1, id, $2, $3, $4, $5 FROM calendar_categories WHERE tenant_id = $1 AND id = $6 RETURNING id")
            .bind(tenant).bind(title).bind(&json).bind(glyph.as_str()).bind(at).bind(category).fetch_optional(&mut *tx).await?;
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

impl ExceptionRow {
    /// The exception as the governance cycle's rules read it; none when a
    /// stored date cannot be read.
    pub fn parsed(&self) -> Option<domain::programme::cycle::Exception> {
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        let to = match &self.to_date {
            Some(d) => Some(day(d)?),
            None => None,
        };
        Some(domain::programme::cycle::Exception { rule: self.rule_id, date: day(&self.on_date)?, to })
    }
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

/// Counts the årshjul's rows with a checksum over every column, for tests
/// that assert nothing changed.
pub async fn fingerprint(db: &Db, tenant: i64) -> anyhow::Result<(i64, i64, i64, String)> {
    let (a, entries) = db.table_checksum("calendar_entries", "x.tenant_id = $1", tenant).await?;
    let (b, rules) = db.table_checksum("calendar_rules", "x.tenant_id = $1", tenant).await?;
    let (c, exceptions) = db.table_checksum("calendar_exceptions", "x.rule_id IN (SELECT id FROM calendar_rules WHERE tenant_id = $1)", tenant).await?;
    Ok((a, b, c, format!("{entries}{rules}{exceptions}")))
}

/// One date of the årshjul, wherever it comes from.
#[derive(Clone, Debug, PartialEq)]
pub struct Dated {
    /// Stable across changes: entry-7, rule-3-2026-0, meeting-12, milestone-5.
    pub uid: String,
    pub category_id: i64,
    pub title: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub glyph: EntryGlyph,
    pub state: EntryState,
    /// The page it links to, from the site's root.
    pub href: String,
    /// An entry typed in (which the secretariat may delete).
    pub entry_id: Option<i64>,
    /// The unit a typed entry is for, if any.
    pub unit_id: Option<i64>,
    /// The initiative a milestone belongs to.
    pub initiative_id: Option<i64>,
    /// The forum a meeting is of: who may see it depends on the forum.
    pub forum_id: Option<i64>,
    /// The owner of a milestone's initiative, for the personal wheel.
    pub owner_id: Option<i64>,
}

/// The days a wheel asks for, from `from` to `to` inclusive, and today:
/// days before it count as held or reached.
#[derive(Clone, Copy, Debug)]
pub struct Window {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub today: NaiveDate,
}

/// Every date of the årshjul in one calendar year, for every reader:
/// entries typed in that touch the year, the governance cycle's rules
/// (with their exceptions), every forum's meetings that are not cancelled
/// (into the category keyed "forums"; `for_reader` chooses among them) and
/// the work programme's milestones due in the year (into "programme"),
/// each from the newest copy of its initiative when it has been carried on,
/// and the days the policies' indicators get new figures and cooperation
/// agreements are to be renewed by (into "external").
/// Days before `today` count as held or reached. `categories` are the
/// tenant's. In date order.
pub async fn dates_of_year(db: &Db, tenant: i64, categories: &[Category], year: i32, today: NaiveDate) -> Result<Vec<Dated>> {
    use domain::programme::cycle::{Exception, generate};
    // A year the calendar cannot hold has no dates.
    let (Some(from), Some(to)) = (NaiveDate::from_ymd_opt(year, 1, 1), NaiveDate::from_ymd_opt(year, 12, 31)) else { return Ok(vec![]) };
    let key = |k: &str| categories.iter().find(|c| c.key == k).map(|c| c.id);
    let past = |d: NaiveDate| EntryState::by_day(d, today);
    let dated = |uid: String, category_id: i64, title: String, day: NaiveDate, glyph: EntryGlyph, state: EntryState, href: String| Dated {
        uid,
        category_id,
        title,
        start: day,
        end: day,
        glyph,
        state,
        href,
        entry_id: None,
        unit_id: None,
        initiative_id: None,
        forum_id: None,
        owner_id: None,
    };
    let mut out: Vec<Dated> = vec![];
    for e in entries(db, tenant, from, to).await? {
        let (start, end) = (e.starts_on, e.ends_on);
        out.push(Dated {
            uid: format!("entry-{}", e.id),
            category_id: e.category_id,
            href: format!("/aarshjul/entries/{}", e.id),
            title: e.title,
            start,
            end,
            glyph: e.glyph,
            state: e.state,
            entry_id: Some(e.id),
            unit_id: e.unit_id,
            initiative_id: None,
            forum_id: None,
            owner_id: None,
        });
    }
    let rules = rules(db, tenant).await?;
    let parsed: Vec<(i64, domain::programme::cycle::Rule)> = rules.iter().filter_map(|r| r.parsed().map(|p| (r.id, p))).collect();
    let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    let exceptions: Vec<Exception> = exceptions(db, tenant).await?.iter().filter_map(ExceptionRow::parsed).collect();
    let (generated, _) = generate(&parsed, &exceptions, year);
    for d in generated.into_iter().filter(|d| d.date >= from && d.date <= to) {
        let Some(r) = rules.iter().find(|r| r.id == d.rule) else { continue };
        let href = format!("/aarshjul/rules/{}/{}", r.id, d.date);
        // The two readings of one rule are told apart by their number.
        let two = parsed.iter().any(|(id, p)| *id == r.id && matches!(p, domain::programme::cycle::Rule::TwoReadings { .. }));
        let title = if two { format!("{} ({}/2)", r.title, d.index + 1) } else { r.title.clone() };
        out.push(dated(format!("rule-{}-{year}-{}", r.id, d.index), r.category_id, title, d.date, r.glyph, past(d.date), href));
    }
    if let Some(category) = key("forums") {
        let midnight = |d: NaiveDate| domain::meetings::cadence::local_to_utc(d.and_time(chrono::NaiveTime::MIN));
        let meetings: Vec<(i64, i64, String, chrono::DateTime<chrono::Utc>)> = on_pool!(db, p => sqlx::query_as(
            "SELECT m.id, m.forum_id, f.name, m.starts_at FROM meetings m JOIN forums f ON f.id = m.forum_id \
             WHERE m.tenant_id = $1 AND m.starts_at >= $2 AND m.starts_at < $3 AND m.status <> 'cancelled' ORDER BY m.starts_at, m.id")
            .bind(tenant).bind(midnight(from)).bind(midnight(to + chrono::Duration::days(1))).fetch_all(p).await)?;
        for (id, forum, name, at) in meetings {
            let d = at.with_timezone(&chrono_tz::Europe::Copenhagen).date_naive();
            out.push(Dated {
                forum_id: Some(forum),
                ..dated(format!("meeting-{id}"), category, name, d, EntryGlyph::Meeting, past(d), format!("/meetings/{id}"))
            });
        }
    }
    if let Some(category) = key("programme") {
        // A carried initiative's open milestones were copied on with it; the copy stands for both.
        #[derive(sqlx::FromRow)]
        struct Due {
            id: i64,
            initiative_id: i64,
            title: String,
            due_on: String,
            done_on: Option<String>,
            owner_person_id: Option<i64>,
        }
        let milestones: Vec<Due> = on_pool!(db, p => sqlx::query_as::<_, Due>(
            "SELECT m.id, m.initiative_id, m.title, m.due_on, m.done_on, i.owner_person_id FROM milestones m JOIN initiatives i ON i.id = m.initiative_id \
             WHERE i.tenant_id = $1 AND m.due_on >= $2 AND m.due_on <= $3 AND NOT EXISTS (\
               SELECT 1 FROM initiatives c JOIN milestones cm ON cm.initiative_id = c.id \
               WHERE c.carried_from_id = i.id AND cm.title = m.title AND cm.due_on = m.due_on) \
             ORDER BY m.due_on, m.id")
            .bind(tenant).bind(from.to_string()).bind(to.to_string()).fetch_all(p).await)?;
        for Due { id, initiative_id: initiative, title, due_on, done_on, owner_person_id: owner } in milestones {
            let Some(due) = day(&due_on) else { continue };
            // A milestone past its day and not done is at risk.
            let state = if done_on.is_some() {
                EntryState::Done
            } else if due < today {
                EntryState::AtRisk
            } else {
                EntryState::Planned
            };
            let href = format!("/initiatives/{initiative}#milestones");
            out.push(Dated {
                initiative_id: Some(initiative),
                owner_id: owner,
                ..dated(format!("milestone-{id}"), category, title, due, EntryGlyph::Deadline, state, href)
            });
        }
    }
    if let Some(category) = key("external") {
        // The days the policies' indicators usually get new figures.
        let indicators = crate::policy::indicators(db, tenant).await?;
        for i in indicators {
            for d in i.def.release_days(year) {
                let uid = format!("release-{}-{d}", i.id);
                out.push(dated(uid, category, i.def.name.clone(), d, EntryGlyph::Deadline, past(d), format!("/indicators/{}", i.id)));
            }
        }
        // The days cooperation agreements are to be renewed by.
        for a in crate::business::agreements(db, tenant).await? {
            let d = a.agreement.renew_by();
            if d >= from && d <= to {
                out.push(dated(
                    format!("agreement-{}-{d}", a.id),
                    category,
                    a.agreement.title.clone(),
                    d,
                    EntryGlyph::Deadline,
                    past(d),
                    format!("/agreements/{}", a.id),
                ));
            }
        }
    }
    out.sort_by(|a, b| (a.start, &a.title).cmp(&(b.start, &b.title)));
    Ok(out)
}

/// The dates one reader sees: meetings only of the forums `forum` lets
/// through, and, with `owner`, only the milestones of their own initiatives.
pub fn for_reader<'a>(all: impl IntoIterator<Item = &'a Dated>, forum: impl Fn(i64) -> bool, owner: Option<i64>) -> Vec<Dated> {
    all.into_iter().filter(|d| d.forum_id.is_none_or(&forum)).filter(|d| owner.is_none() || d.initiative_id.is_none() || d.owner_id == owner).cloned().collect()
}
