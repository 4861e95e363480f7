//! The business service's tables: businesses from the CVR extract, their
//! contact persons, the events that are appended to them and the
//! cooperation agreements.

use chrono::{DateTime, NaiveDate, Utc};
use domain::policy::business::{Agreement, Business, Event, Lookup, NewEvent, Party, PartyKind};

use crate::{Db, Result, now, platform::audit::Actor};

const COLUMNS: &str =
    "id, cvr, p_number, name, address, postcode, city, municipality, industry_code, industry, employees, protected, left_on, started_on, ceased_on";

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    cvr: String,
    p_number: String,
    name: String,
    address: String,
    postcode: String,
    city: String,
    municipality: String,
    industry_code: String,
    industry: String,
    employees: String,
    protected: bool,
    left_on: Option<String>,
    started_on: Option<String>,
    ceased_on: Option<String>,
}

impl Row {
    fn into_business(self) -> Result<(i64, Business)> {
        Ok((
            self.id,
            Business {
                cvr: self.cvr,
                p_number: self.p_number,
                name: self.name,
                address: self.address,
                postcode: self.postcode,
                city: self.city,
                municipality: self.municipality,
                industry_code: self.industry_code,
                industry: self.industry,
                employees: self.employees,
                protected: self.protected,
                left_on: self.left_on.as_deref().map(crate::day).transpose()?,
                started_on: self.started_on.as_deref().map(crate::day).transpose()?,
                ceased_on: self.ceased_on.as_deref().map(crate::day).transpose()?,
            },
        ))
    }
}

fn rows(rows: Vec<Row>) -> Result<Vec<(i64, Business)>> {
    rows.into_iter().map(Row::into_business).collect()
}

/// Stores an extract, each P-unit replacing the one with its number, in one
/// transaction; a P-unit the extract does not have is marked as left out
/// today, unless it already was (`Business::left_on`). Returns (new, updated, left out).
pub async fn save(db: &Db, tenant: i64, businesses: &[Business], actor: &Actor) -> Result<(usize, usize, usize)> {
    let at = now();
    in_transaction!(db, tx => {
        let (mut added, mut updated) = (0, 0);
        for b in businesses {
            let known: Option<(i64,)> = sqlx::query_as("SELECT id FROM businesses WHERE tenant_id = $1 AND p_number = $2")
                .bind(tenant).bind(&b.p_number).fetch_optional(&mut *tx).await?;
            if known.is_some() { updated += 1 } else { added += 1 }
            sqlx::query(
                "INSERT INTO businesses (tenant_id, cvr, p_number, name, address, postcode, city, municipality, industry_code, industry, employees, protected, left_on, started_on, ceased_on, name_lower, imported_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, NULL, $13, $14, $15, $16) \
                 ON CONFLICT (tenant_id, p_number) DO UPDATE SET cvr = excluded.cvr, name = excluded.name, address = excluded.address, \
                   postcode = excluded.postcode, city = excluded.city, municipality = excluded.municipality, industry_code = excluded.industry_code, \
                   industry = excluded.industry, employees = excluded.employees, protected = excluded.protected, left_on = NULL, started_on = excluded.started_on, ceased_on = excluded.ceased_on, \
                   name_lower = excluded.name_lower, imported_at = excluded.imported_at")
                .bind(tenant).bind(&b.cvr).bind(&b.p_number).bind(&b.name).bind(&b.address).bind(&b.postcode).bind(&b.city)
                .bind(&b.municipality).bind(&b.industry_code).bind(&b.industry).bind(&b.employees).bind(b.protected)
                .bind(b.started_on.map(|d| d.to_string())).bind(b.ceased_on.map(|d| d.to_string())).bind(b.name.to_lowercase()).bind(at)
                .execute(&mut *tx).await?;
        }
        let left = sqlx::query("UPDATE businesses SET left_on = $3 WHERE tenant_id = $1 AND imported_at <> $2 AND left_on IS NULL")
            .bind(tenant).bind(at).bind(at.date_naive().to_string()).execute(&mut *tx).await?.rows_affected() as usize;
        audit_in!(&mut *tx, Some(tenant), actor, "business.import", "businesses", &format!("{added} new, {updated} updated, {left} left out"))?;
        Ok::<_, sqlx::Error>((added, updated, left))
    })
}

pub async fn business(db: &Db, tenant: i64, id: i64) -> Result<Option<(i64, Business)>> {
    let sql = format!("SELECT {COLUMNS} FROM businesses WHERE tenant_id = $1 AND id = $2");
    let row: Option<Row> = on_pool!(db, p => sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(sql.clone())).bind(tenant).bind(id).fetch_optional(p).await)?;
    row.map(Row::into_business).transpose()
}

/// The P-units with this CVR-number, or the one with this P-number,
/// reklamebeskyttet or not: a lookup by number is not a list.
pub async fn lookup(db: &Db, tenant: i64, l: &Lookup) -> Result<Vec<(i64, Business)>> {
    let (column, value) = match l {
        Lookup::Cvr(c) => ("cvr", c),
        Lookup::PNumber(p) => ("p_number", p),
    };
    let sql = format!("SELECT {COLUMNS} FROM businesses WHERE tenant_id = $1 AND {column} = $2 ORDER BY name_lower, id");
    rows(on_pool!(db, p => sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(sql.clone())).bind(tenant).bind(value).fetch_all(p).await)?)
}

/// A page of the businesses that may stand on a list
/// (`domain::policy::business::listed`: never one that is reklamebeskyttet),
/// whose name or industry holds `q`, by name; and how many there are.
pub async fn listed(db: &Db, tenant: i64, q: &str, limit: i64, offset: i64) -> Result<(Vec<(i64, Business)>, i64)> {
    let pattern = format!("%{}%", q.trim().to_lowercase().replace(['%', '_'], ""));
    let cond = "tenant_id = $1 AND protected = FALSE AND left_on IS NULL AND (name_lower LIKE $2 OR LOWER(industry) LIKE $2 OR cvr LIKE $2)";
    let sql = format!("SELECT {COLUMNS} FROM businesses WHERE {cond} ORDER BY name_lower, id LIMIT {limit} OFFSET {offset}");
    let count = format!("SELECT COUNT(*) FROM businesses WHERE {cond}");
    let (found, n): (Vec<Row>, i64) = on_pool!(db, p => {
        let found = sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(sql.clone())).bind(tenant).bind(&pattern).fetch_all(p).await?;
        let (n,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(count.clone())).bind(tenant).bind(&pattern).fetch_one(p).await?;
        Ok::<_, sqlx::Error>((found, n))
    })?;
    Ok((rows(found)?, n))
}

/// Every business, reklamebeskyttet or not, for the figures worked out from them (never for a list).
pub async fn all(db: &Db, tenant: i64) -> Result<Vec<(i64, Business)>> {
    let sql = format!("SELECT {COLUMNS} FROM businesses WHERE tenant_id = $1 ORDER BY id");
    rows(on_pool!(db, p => sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(sql.clone())).bind(tenant).fetch_all(p).await)?)
}

/// The businesses with these ids (the parties and job orders a page names).
pub async fn by_ids(db: &Db, tenant: i64, ids: &[i64]) -> Result<Vec<(i64, Business)>> {
    let sql = format!("SELECT {COLUMNS} FROM businesses WHERE tenant_id = $1 AND id IN ({}) ORDER BY id", crate::id_list(ids));
    rows(on_pool!(db, p => sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(sql.clone())).bind(tenant).fetch_all(p).await)?)
}

/// A contact person at a business.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct Contact {
    pub id: i64,
    pub business_id: i64,
    pub name: String,
    pub role: String,
    pub email: String,
    pub phone: String,
    pub added_at: DateTime<Utc>,
    pub keep_until: String,
}

pub async fn contacts(db: &Db, tenant: i64, business: i64) -> Result<Vec<Contact>> {
    on_pool!(db, p => sqlx::query_as::<_, Contact>(
        "SELECT id, business_id, name, role, email, phone, added_at, keep_until FROM business_contacts WHERE tenant_id = $1 AND business_id = $2 ORDER BY name, id")
        .bind(tenant).bind(business).fetch_all(p).await)
}

/// The contact persons of every business that may stand on a list, for the
/// contact list's export (reklamebeskyttede are never on it).
pub async fn listed_contacts(db: &Db, tenant: i64) -> Result<Vec<Contact>> {
    on_pool!(db, p => sqlx::query_as::<_, Contact>(
        "SELECT c.id, c.business_id, c.name, c.role, c.email, c.phone, c.added_at, c.keep_until FROM business_contacts c \
         JOIN businesses b ON b.id = c.business_id AND b.tenant_id = c.tenant_id \
         WHERE c.tenant_id = $1 AND b.protected = FALSE AND b.left_on IS NULL ORDER BY b.name_lower, c.name, c.id")
        .bind(tenant).fetch_all(p).await)
}

pub struct NewContact<'a> {
    pub name: &'a str,
    pub role: &'a str,
    pub email: &'a str,
    pub phone: &'a str,
    pub keep_until: NaiveDate,
}

pub async fn add_contact(db: &Db, tenant: i64, business: i64, c: &NewContact<'_>, actor: &Actor) -> Result<i64> {
    let at = now();
    in_transaction!(db, tx => {
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO business_contacts (tenant_id, business_id, name, role, email, phone, added_at, keep_until) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id")
            .bind(tenant).bind(business).bind(c.name).bind(c.role).bind(c.email).bind(c.phone).bind(at).bind(c.keep_until.to_string())
            .fetch_one(&mut *tx).await?;
        audit_in!(&mut *tx, Some(tenant), actor, "business.contact.add", &format!("business:{business}"), &format!("contact {id}"))?;
        Ok::<_, sqlx::Error>(id)
    })
}

/// Keeps a contact person until a later day. False when there is no such contact.
pub async fn keep_contact(db: &Db, tenant: i64, business: i64, contact: i64, until: NaiveDate, actor: &Actor) -> Result<bool> {
    in_transaction!(db, tx => {
        let n = sqlx::query("UPDATE business_contacts SET keep_until = $1 WHERE tenant_id = $2 AND business_id = $3 AND id = $4")
            .bind(until.to_string()).bind(tenant).bind(business).bind(contact).execute(&mut *tx).await?.rows_affected();
        if n == 1 {
            audit_in!(&mut *tx, Some(tenant), actor, "business.contact.keep", &format!("business:{business}"), &format!("contact {contact} until {until}"))?;
        }
        Ok::<_, sqlx::Error>(n == 1)
    })
}

pub async fn delete_contact(db: &Db, tenant: i64, business: i64, contact: i64, actor: &Actor) -> Result<bool> {
    in_transaction!(db, tx => {
        let n = sqlx::query("DELETE FROM business_contacts WHERE tenant_id = $1 AND business_id = $2 AND id = $3")
            .bind(tenant).bind(business).bind(contact).execute(&mut *tx).await?.rows_affected();
        if n == 1 {
            audit_in!(&mut *tx, Some(tenant), actor, "business.contact.delete", &format!("business:{business}"), &format!("contact {contact}"))?;
        }
        Ok::<_, sqlx::Error>(n == 1)
    })
}

/// Deletes every contact person kept until before `today`, in every tenant. Returns how many.
pub async fn purge_contacts(db: &Db, today: NaiveDate) -> Result<u64> {
    let actor = Actor::system("styr retention");
    in_transaction!(db, tx => {
        let gone: Vec<(i64, i64, i64)> = sqlx::query_as("SELECT tenant_id, business_id, id FROM business_contacts WHERE keep_until < $1")
            .bind(today.to_string()).fetch_all(&mut *tx).await?;
        for (tenant, business, id) in &gone {
            sqlx::query("DELETE FROM business_contacts WHERE id = $1").bind(id).execute(&mut *tx).await?;
            audit_in!(&mut *tx, Some(*tenant), actor, "business.contact.expire", &format!("business:{business}"), &format!("contact {id}"))?;
        }
        Ok::<_, sqlx::Error>(gone.len() as u64)
    })
}

/// The reads of a business's contact persons, newest first: (when, who);
/// with `exports`, the exports of the contact list too.
pub async fn contact_reads(
    db: &Db,
    tenant: i64,
    business: i64,
    exports: bool,
    exports_before: Option<DateTime<Utc>>,
    limit: i64,
) -> Result<Vec<(DateTime<Utc>, String)>> {
    let sql = format!(
        "SELECT at, actor FROM audit_log WHERE tenant_id = $1 AND ((target = $2 AND action = 'business.contacts.read') \
         OR (action = 'business.contacts.export' AND $3 AND ($4 IS NULL OR at < $4))) ORDER BY id DESC LIMIT {limit}"
    );
    on_pool!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(tenant).bind(format!("business:{business}")).bind(exports).bind(exports_before).fetch_all(p).await)
}

#[derive(sqlx::FromRow)]
struct EventRow {
    id: i64,
    business_id: i64,
    kind: String,
    on_day: String,
    refers_to: Option<i64>,
    occupation: String,
    count: i64,
    missing_skills: String,
    note: String,
}

impl EventRow {
    fn into_event(self) -> Result<Event> {
        Ok(Event {
            id: self.id,
            business_id: self.business_id,
            kind: crate::word(self.kind)?,
            on: crate::day(&self.on_day)?,
            refers_to: self.refers_to,
            occupation: self.occupation,
            count: self.count as u32,
            missing_skills: serde_json::from_str(&self.missing_skills).map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
            note: self.note,
        })
    }
}

const EVENT_COLUMNS: &str = "id, business_id, kind, on_day, refers_to, occupation, count, missing_skills, note";

/// A business's events in the order they were recorded.
pub async fn events(db: &Db, tenant: i64, business: i64) -> Result<Vec<Event>> {
    let sql = format!("SELECT {EVENT_COLUMNS} FROM business_events WHERE tenant_id = $1 AND business_id = $2 ORDER BY id");
    let rows: Vec<EventRow> =
        on_pool!(db, p => sqlx::query_as::<_, EventRow>(sqlx::AssertSqlSafe(sql.clone())).bind(tenant).bind(business).fetch_all(p).await)?;
    rows.into_iter().map(EventRow::into_event).collect()
}

/// Every event of the tenant, for the figures worked out from them.
pub async fn all_events(db: &Db, tenant: i64) -> Result<Vec<Event>> {
    let sql = format!("SELECT {EVENT_COLUMNS} FROM business_events WHERE tenant_id = $1 ORDER BY id");
    let rows: Vec<EventRow> = on_pool!(db, p => sqlx::query_as::<_, EventRow>(sqlx::AssertSqlSafe(sql.clone())).bind(tenant).fetch_all(p).await)?;
    rows.into_iter().map(EventRow::into_event).collect()
}

/// Erases an event's note and nothing else (the one change the database's
/// trigger lets through): for a name or other personal detail that should
/// never have been written there. Returns whether the event is there
/// (its note erased now or before).
pub async fn erase_note(db: &Db, tenant: i64, business: i64, event: i64, actor: &Actor) -> Result<bool> {
    in_transaction!(db, tx => {
        let n = sqlx::query("UPDATE business_events SET note = '' WHERE tenant_id = $1 AND business_id = $2 AND id = $3 AND note <> ''")
            .bind(tenant).bind(business).bind(event).execute(&mut *tx).await?.rows_affected();
        if n > 0 {
            audit_in!(&mut *tx, Some(tenant), actor, "business.event.erase_note", &format!("business:{business}"), &format!("event {event}"))?;
        }
        // Erased already (the button pressed twice) is done, not missing.
        let found: Option<(i64,)> = sqlx::query_as("SELECT id FROM business_events WHERE tenant_id = $1 AND business_id = $2 AND id = $3")
            .bind(tenant).bind(business).bind(event).fetch_optional(&mut *tx).await?;
        Ok::<_, sqlx::Error>(found.is_some())
    })
}

/// Appends an event to a business. `check` sees the business's events so
/// far, read in the same transaction with the business held, so that two
/// officers closing the same job order at once cannot both do it.
pub async fn add_event<E>(
    db: &Db,
    tenant: i64,
    business: i64,
    check: impl Fn(&[Event]) -> std::result::Result<NewEvent, E>,
    actor: &Actor,
) -> Result<std::result::Result<i64, E>> {
    let at = now();
    let sql = format!("SELECT {EVENT_COLUMNS} FROM business_events WHERE tenant_id = $1 AND business_id = $2 ORDER BY id");
    in_transaction!(db, tx => {
        // Holds the business's row until the transaction ends (PostgreSQL; SQLite has one writer).
        sqlx::query("UPDATE businesses SET id = id WHERE tenant_id = $1 AND id = $2").bind(tenant).bind(business).execute(&mut *tx).await?;
        let rows: Vec<EventRow> = sqlx::query_as::<_, EventRow>(sqlx::AssertSqlSafe(sql.clone())).bind(tenant).bind(business).fetch_all(&mut *tx).await?;
        let earlier = rows.into_iter().map(EventRow::into_event).collect::<Result<Vec<_>>>()?;
        match check(&earlier) {
            Err(e) => Ok::<_, sqlx::Error>(Err(e)),
            Ok(e) => {
                let (id,): (i64,) = sqlx::query_as(
                    "INSERT INTO business_events (tenant_id, business_id, kind, on_day, refers_to, occupation, count, missing_skills, note, recorded_by, recorded_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id")
                    .bind(tenant).bind(business).bind(e.kind.as_str()).bind(e.on.to_string()).bind(e.refers_to).bind(&e.occupation)
                    .bind(e.count as i64).bind(serde_json::to_string(&e.missing_skills).unwrap_or_else(|_| "[]".into())).bind(&e.note)
                    .bind(&actor.label).bind(at)
                    .fetch_one(&mut *tx).await?;
                audit_in!(&mut *tx, Some(tenant), actor, "business.event", &format!("business:{business}"), &format!("{} {id}", e.kind))?;
                Ok(Ok(id))
            }
        }
    })
}

/// Who recorded an event, and when: (event id, who, when), for the business's page.
pub async fn recorded(db: &Db, tenant: i64, business: i64) -> Result<Vec<(i64, String, DateTime<Utc>)>> {
    on_pool!(db, p => sqlx::query_as("SELECT id, recorded_by, recorded_at FROM business_events WHERE tenant_id = $1 AND business_id = $2 ORDER BY id")
        .bind(tenant).bind(business).fetch_all(p).await)
}

/// An agreement as stored.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredAgreement {
    pub id: i64,
    pub owner_unit_id: Option<i64>,
    pub version: i64,
    pub reminded_for: Option<NaiveDate>,
    pub agreement: Agreement,
}

#[derive(sqlx::FromRow)]
struct AgreementRow {
    id: i64,
    title: String,
    obligations: String,
    starts_on: String,
    ends_on: String,
    notice_days: i64,
    owner_unit_id: Option<i64>,
    reminded_for: String,
    version: i64,
}

/// Every agreement with its parties, by end date.
pub async fn agreements(db: &Db, tenant: i64) -> Result<Vec<StoredAgreement>> {
    agreements_where(db, tenant, "TRUE").await
}

pub async fn agreement(db: &Db, tenant: i64, id: i64) -> Result<Option<StoredAgreement>> {
    Ok(agreements_where(db, tenant, &format!("a.id = {id}")).await?.into_iter().next())
}

/// The agreements a business is party to.
pub async fn agreements_of(db: &Db, tenant: i64, business: i64) -> Result<Vec<StoredAgreement>> {
    let cond = format!("a.id IN (SELECT agreement_id FROM agreement_parties WHERE tenant_id = {tenant} AND business_id = {business})");
    agreements_where(db, tenant, &cond).await
}

/// A party's row: (agreement, kind, business, name).
type PartyRow = (i64, String, Option<i64>, String);

// `cond` is made here of integers only.
async fn agreements_where(db: &Db, tenant: i64, cond: &str) -> Result<Vec<StoredAgreement>> {
    let sql = format!(
        "SELECT a.id, a.title, a.obligations, a.starts_on, a.ends_on, a.notice_days, a.owner_unit_id, a.reminded_for, a.version \
         FROM agreements a WHERE a.tenant_id = $1 AND {cond} ORDER BY a.ends_on, a.id"
    );
    let parties_sql = format!(
        "SELECT p.agreement_id, p.kind, p.business_id, p.name FROM agreement_parties p JOIN agreements a ON a.id = p.agreement_id \
         WHERE p.tenant_id = $1 AND {cond} ORDER BY p.agreement_id, p.position"
    );
    let (found, parties): (Vec<AgreementRow>, Vec<PartyRow>) = on_pool!(db, p => {
        let found = sqlx::query_as::<_, AgreementRow>(sqlx::AssertSqlSafe(sql.clone())).bind(tenant).fetch_all(p).await?;
        let parties = sqlx::query_as(sqlx::AssertSqlSafe(parties_sql.clone())).bind(tenant).fetch_all(p).await?;
        Ok::<_, sqlx::Error>((found, parties))
    })?;
    found
        .into_iter()
        .map(|r| {
            Ok(StoredAgreement {
                id: r.id,
                owner_unit_id: r.owner_unit_id,
                version: r.version,
                reminded_for: if r.reminded_for.is_empty() { None } else { Some(crate::day(&r.reminded_for)?) },
                agreement: Agreement {
                    title: r.title,
                    obligations: r.obligations,
                    starts_on: crate::day(&r.starts_on)?,
                    ends_on: crate::day(&r.ends_on)?,
                    notice_days: r.notice_days as u32,
                    parties: parties
                        .iter()
                        .filter(|p| p.0 == r.id)
                        .map(|(_, kind, business_id, name)| {
                            Ok(Party { kind: crate::word::<PartyKind>(kind.clone())?, business_id: *business_id, name: name.clone() })
                        })
                        .collect::<Result<Vec<_>>>()?,
                },
            })
        })
        .collect()
}

/// Adds an agreement (`id` none) or changes one at its `version`. Returns
/// the agreement's id, or none when it was changed by someone else first
/// (or is not there).
pub async fn save_agreement(db: &Db, tenant: i64, id: Option<(i64, i64)>, a: &Agreement, owner_unit_id: Option<i64>, actor: &Actor) -> Result<Option<i64>> {
    let at = now();
    in_transaction!(db, tx => {
        let saved: Option<i64> = match id {
            None => {
                let (id,): (i64,) = sqlx::query_as(
                    "INSERT INTO agreements (tenant_id, title, obligations, starts_on, ends_on, notice_days, owner_unit_id, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id")
                    .bind(tenant).bind(&a.title).bind(&a.obligations).bind(a.starts_on.to_string()).bind(a.ends_on.to_string())
                    .bind(a.notice_days as i64).bind(owner_unit_id).bind(at).fetch_one(&mut *tx).await?;
                Some(id)
            }
            Some((id, version)) => {
                // A new end date brings a new renewal reminder.
                let n = sqlx::query(
                    "UPDATE agreements SET title = $1, obligations = $2, starts_on = $3, ends_on = $4, notice_days = $5, owner_unit_id = $6, \
                     version = version + 1, reminded_for = CASE WHEN ends_on = $4 THEN reminded_for ELSE '' END \
                     WHERE tenant_id = $7 AND id = $8 AND version = $9")
                    .bind(&a.title).bind(&a.obligations).bind(a.starts_on.to_string()).bind(a.ends_on.to_string()).bind(a.notice_days as i64)
                    .bind(owner_unit_id).bind(tenant).bind(id).bind(version).execute(&mut *tx).await?.rows_affected();
                (n == 1).then_some(id)
            }
        };
        if let Some(id) = saved {
            sqlx::query("DELETE FROM agreement_parties WHERE tenant_id = $1 AND agreement_id = $2").bind(tenant).bind(id).execute(&mut *tx).await?;
            for (position, p) in a.parties.iter().enumerate() {
                sqlx::query("INSERT INTO agreement_parties (tenant_id, agreement_id, position, kind, business_id, name) VALUES ($1, $2, $3, $4, $5, $6)")
                    .bind(tenant).bind(id).bind(position as i64).bind(p.kind.as_str()).bind(p.business_id).bind(&p.name).execute(&mut *tx).await?;
            }
            audit_in!(&mut *tx, Some(tenant), actor, "agreement.save", &format!("agreement:{id}"), &a.title)?;
        }
        Ok::<_, sqlx::Error>(saved)
    })
}

/// Claims the renewal reminder for the renewal day `due`: true for the one caller that claims it.
pub async fn mark_agreement_reminded(db: &Db, tenant: i64, id: i64, due: NaiveDate) -> Result<bool> {
    on_pool!(db, p => sqlx::query("UPDATE agreements SET reminded_for = $1 WHERE tenant_id = $2 AND id = $3 AND reminded_for <> $1")
        .bind(due.to_string()).bind(tenant).bind(id).execute(p).await.map(|r| r.rows_affected() == 1))
}
