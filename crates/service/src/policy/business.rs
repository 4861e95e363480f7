//! The business service's services: the register (reklamebeskyttelse kept
//! by every list and export), contact persons (every read logged, each kept
//! until a day), events appended to a business, cooperation agreements with
//! renewal reminders, and the local indicators worked out from them.

use chrono::{Datelike, NaiveDate};
use domain::policy::business::{self as rules, Agreement, AgreementError, Business, CvrImportError, Event, EventError, JobOrder, Lookup, NewEvent};
use store::business::{self as bstore, Contact, NewContact, StoredAgreement};
use store::platform::audit::Actor;
use store::policy::NewValue;

use crate::{Error, Req, Result};

/// Refuses (and audits) unless the viewer may read the register.
pub async fn may_read(req: &Req<'_>) -> Result<()> {
    req.allow(req.viewer().can_read_businesses(), || "businesses".into()).await
}

/// Refuses (and audits) unless the viewer may keep the register.
pub async fn may_keep(req: &Req<'_>) -> Result<()> {
    req.allow(req.viewer().can_keep_businesses(), || "businesses:keep".into()).await
}

/// Why something was not saved.
#[derive(Debug)]
pub enum KeepError<E> {
    Invalid(E),
    Service(Error),
}

impl<E> From<Error> for KeepError<E> {
    fn from(e: Error) -> Self {
        KeepError::Service(e)
    }
}

impl<E> From<store::Error> for KeepError<E> {
    fn from(e: store::Error) -> Self {
        KeepError::Service(Error::Store(e))
    }
}

/// Imports a CVR extract (read into a grid), all or none: (new, updated,
/// left out of it and so kept off the lists).
pub async fn import(req: &Req<'_>, grid: &[Vec<String>]) -> std::result::Result<(usize, usize, usize), KeepError<CvrImportError>> {
    may_keep(req).await?;
    let businesses = rules::read_cvr(grid).map_err(KeepError::Invalid)?;
    let n = bstore::save(req.db(), req.tenant(), &businesses, &req.actor()).await?;
    feed_indicators(req.db(), req.tenant(), req.svc.clock.today(), &req.actor()).await?;
    Ok(n)
}

/// What a search of the register found.
pub enum Found {
    /// The search was a CVR or P-number: the P-units with it, reklamebeskyttede too.
    Numbers(Vec<(i64, Business)>),
    /// A page of the businesses that may stand on a list, and how many there are.
    Page(Vec<(i64, Business)>, i64),
}

/// Searches the register: a number finds its business whatever it has asked
/// for; words find only businesses that may stand on a list.
pub async fn search(req: &Req<'_>, q: &str, limit: i64, offset: i64) -> Result<Found> {
    may_read(req).await?;
    if let Some(l) = Lookup::parse(q) {
        return Ok(Found::Numbers(bstore::lookup(req.db(), req.tenant(), &l).await?));
    }
    let (page, n) = bstore::listed(req.db(), req.tenant(), q, limit, offset).await?;
    debug_assert!(page.iter().all(|(_, b)| rules::listed(b)));
    Ok(Found::Page(page.into_iter().filter(|(_, b)| rules::listed(b)).collect(), n))
}

/// A page of the businesses that may stand on a list, whatever the search:
/// the API's list, where no number lifts reklamebeskyttelse.
pub async fn list(req: &Req<'_>, q: &str, limit: i64, offset: i64) -> Result<(Vec<(i64, Business)>, i64)> {
    may_read(req).await?;
    let (page, n) = bstore::listed(req.db(), req.tenant(), q, limit, offset).await?;
    Ok((page.into_iter().filter(|(_, b)| rules::listed(b)).collect(), n))
}

/// Every business that may stand on a list, for the export.
pub async fn listed_all(req: &Req<'_>) -> Result<Vec<(i64, Business)>> {
    may_read(req).await?;
    let (page, _) = bstore::listed(req.db(), req.tenant(), "", i64::MAX / 2, 0).await?;
    Ok(page.into_iter().filter(|(_, b)| rules::listed(b)).collect())
}

/// The contact persons of the businesses that may stand on a list, for the
/// contact list's export; none for a reader who may not read contact
/// persons. The export is in the log as a read of them all.
pub async fn listed_contacts(req: &Req<'_>) -> Result<Option<Vec<Contact>>> {
    may_read(req).await?;
    if !req.viewer().can_read_contacts() {
        return Ok(None);
    }
    store::platform::audit::record(req.db(), Some(req.tenant()), &req.actor(), "business.contacts.export", "businesses", "").await?;
    Ok(Some(bstore::listed_contacts(req.db(), req.tenant()).await?))
}

/// The business an agreement's party names by number: a P-number, or a
/// CVR-number with one P-unit.
pub async fn party(req: &Req<'_>, number: &str) -> Result<Option<(i64, Business)>> {
    may_keep(req).await?;
    let Some(l) = Lookup::parse(number) else { return Ok(None) };
    let mut found = bstore::lookup(req.db(), req.tenant(), &l).await?;
    Ok(if found.len() == 1 { found.pop() } else { None })
}

/// The businesses an agreement's parties are.
pub async fn parties(req: &Req<'_>, a: &StoredAgreement) -> Result<Vec<(i64, Business)>> {
    may_read(req).await?;
    let ids: Vec<i64> = a.agreement.parties.iter().filter_map(|p| p.business_id).collect();
    Ok(bstore::by_ids(req.db(), req.tenant(), &ids).await?)
}

/// A business with what the jobcenter did with it.
pub struct Detail {
    pub id: i64,
    pub business: Business,
    pub events: Vec<Event>,
    /// (event id, who recorded it, when).
    pub recorded: Vec<(i64, String, chrono::DateTime<chrono::Utc>)>,
    pub job_orders: Vec<JobOrder>,
    pub agreements: Vec<StoredAgreement>,
}

pub async fn detail(req: &Req<'_>, id: i64) -> Result<Detail> {
    may_read(req).await?;
    let (id, business) = bstore::business(req.db(), req.tenant(), id).await?.ok_or(Error::NotFound)?;
    let events = bstore::events(req.db(), req.tenant(), id).await?;
    Ok(Detail {
        job_orders: rules::job_orders(&events),
        recorded: bstore::recorded(req.db(), req.tenant(), id).await?,
        agreements: bstore::agreements_of(req.db(), req.tenant(), id).await?,
        events,
        id,
        business,
    })
}

/// A business's contact persons, the read written to the log first.
pub async fn contacts(req: &Req<'_>, business: i64) -> Result<Vec<Contact>> {
    req.allow(req.viewer().can_read_contacts(), || format!("business:{business}:contacts")).await?;
    bstore::business(req.db(), req.tenant(), business).await?.ok_or(Error::NotFound)?;
    store::platform::audit::record(req.db(), Some(req.tenant()), &req.actor(), "business.contacts.read", &format!("business:{business}"), "").await?;
    Ok(bstore::contacts(req.db(), req.tenant(), business).await?)
}

/// Who has read a business's contact persons, on its page or in an export
/// of the contact list (which holds them unless it is reklamebeskyttet, and
/// held them until the day an extract left it out), newest first.
pub async fn contact_reads(req: &Req<'_>, business: i64) -> Result<Vec<(chrono::DateTime<chrono::Utc>, String)>> {
    req.allow(req.viewer().can_read_contacts(), || format!("business:{business}:contacts")).await?;
    let (_, b) = bstore::business(req.db(), req.tenant(), business).await?.ok_or(Error::NotFound)?;
    // Exports up to the end of the day it was left out.
    let before = b.left_on.and_then(|d| d.succ_opt()).map(|d| d.and_time(chrono::NaiveTime::MIN).and_utc());
    Ok(bstore::contact_reads(req.db(), req.tenant(), business, !b.protected, before, 20).await?)
}

/// Works out the local indicators for every municipality (the worker, each
/// morning: a quarter or year that has ended gets its figure without waiting for a change).
pub async fn feed_all(db: &store::Db, today: NaiveDate) -> store::Result<()> {
    let actor = Actor::system("styr worker");
    for t in store::tenant::all(db).await? {
        feed_indicators(db, t.id, today, &actor).await?;
    }
    Ok(())
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ContactError {
    NoName,
    BadEmail,
    TooLong,
}

impl ContactError {
    pub fn message_id(self) -> &'static str {
        match self {
            ContactError::NoName => "business-contact-error-name",
            ContactError::BadEmail => "business-contact-error-email",
            ContactError::TooLong => "business-contact-error-long",
        }
    }
}

/// Adds a contact person, kept for `rules::CONTACT_MONTHS`.
pub async fn add_contact(req: &Req<'_>, business: i64, name: &str, role: &str, email: &str, phone: &str) -> std::result::Result<i64, KeepError<ContactError>> {
    may_keep(req).await?;
    bstore::business(req.db(), req.tenant(), business).await?.ok_or(Error::NotFound)?;
    let (name, role, email, phone) = (name.trim(), role.trim(), email.trim(), phone.trim());
    if name.is_empty() {
        return Err(KeepError::Invalid(ContactError::NoName));
    }
    if [name, role, email, phone].iter().any(|s| s.chars().count() > 200) {
        return Err(KeepError::Invalid(ContactError::TooLong));
    }
    if !email.is_empty() && !domain::text::is_plausible_email(email) {
        return Err(KeepError::Invalid(ContactError::BadEmail));
    }
    let keep_until = rules::contact_kept_until(req.svc.clock.today());
    Ok(bstore::add_contact(req.db(), req.tenant(), business, &NewContact { name, role, email, phone, keep_until }, &req.actor()).await?)
}

/// Confirms a contact person is still needed: kept for another `rules::CONTACT_MONTHS`.
pub async fn keep_contact(req: &Req<'_>, business: i64, contact: i64) -> Result<()> {
    may_keep(req).await?;
    let until = rules::contact_kept_until(req.svc.clock.today());
    if bstore::keep_contact(req.db(), req.tenant(), business, contact, until, &req.actor()).await? { Ok(()) } else { Err(Error::NotFound) }
}

pub async fn delete_contact(req: &Req<'_>, business: i64, contact: i64) -> Result<()> {
    may_keep(req).await?;
    if bstore::delete_contact(req.db(), req.tenant(), business, contact, &req.actor()).await? { Ok(()) } else { Err(Error::NotFound) }
}

/// Appends an event to a business, checked against its events so far, and
/// brings the local indicators up to date.
pub async fn add_event(req: &Req<'_>, business: i64, e: NewEvent) -> std::result::Result<i64, KeepError<EventError>> {
    may_keep(req).await?;
    bstore::business(req.db(), req.tenant(), business).await?.ok_or(Error::NotFound)?;
    let today = req.svc.clock.today();
    let id = bstore::add_event(req.db(), req.tenant(), business, |earlier| rules::check_event(e.clone(), earlier, today), &req.actor())
        .await?
        .map_err(KeepError::Invalid)?;
    // The event stands once stored; figures that could not be worked out now are worked out by the worker each morning.
    if let Err(e) = feed_indicators(req.db(), req.tenant(), today, &req.actor()).await {
        tracing::warn!("business indicators: {e}");
    }
    Ok(id)
}

/// Erases the note of one of the business's events (and only the note),
/// for what should not have been written there. The erasing is in the log.
pub async fn erase_note(req: &Req<'_>, business: i64, event: i64) -> Result<()> {
    may_keep(req).await?;
    if bstore::erase_note(req.db(), req.tenant(), business, event, &req.actor()).await? { Ok(()) } else { Err(Error::NotFound) }
}

/// Every agreement, by end date, for everyone signed in; parties that are
/// reklamebeskyttede businesses unnamed for those who do not keep the register.
pub async fn agreements(req: &Req<'_>) -> Result<Vec<StoredAgreement>> {
    req.allow(req.viewer().can_read_agreements(), || "agreements".into()).await?;
    let all = bstore::agreements(req.db(), req.tenant()).await?;
    unname_protected(req, all).await
}

pub async fn agreement(req: &Req<'_>, id: i64) -> Result<StoredAgreement> {
    req.allow(req.viewer().can_read_agreements(), || format!("agreement:{id}")).await?;
    let one = bstore::agreement(req.db(), req.tenant(), id).await?.ok_or(Error::NotFound)?;
    unname_protected(req, vec![one]).await?.pop().ok_or(Error::NotFound)
}

/// A party that is a reklamebeskyttet business keeps its name only for
/// those who keep the register (`domain::policy::business::party_named`);
/// for others its name is empty and it links to nothing.
async fn unname_protected(req: &Req<'_>, mut all: Vec<StoredAgreement>) -> Result<Vec<StoredAgreement>> {
    let mut ids: Vec<i64> = all.iter().flat_map(|a| a.agreement.parties.iter().filter_map(|p| p.business_id)).collect();
    ids.sort_unstable();
    ids.dedup();
    let businesses = bstore::by_ids(req.db(), req.tenant(), &ids).await?;
    for a in &mut all {
        for p in &mut a.agreement.parties {
            let Some(b) = p.business_id.and_then(|id| businesses.iter().find(|x| x.0 == id)) else { continue };
            if !rules::party_named(&b.1, req.viewer()) {
                p.name.clear();
                p.business_id = None;
            }
        }
    }
    Ok(all)
}

/// Why an agreement was not saved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SaveAgreementError {
    Invalid(AgreementError),
    /// A party names a business that is not in the register.
    UnknownBusiness,
    /// Someone else changed it first.
    Stale,
    /// The owner is no unit.
    UnknownOwner,
}

/// Adds an agreement, or changes one at the version the form was made from.
pub async fn save_agreement(
    req: &Req<'_>,
    id: Option<(i64, i64)>,
    a: Agreement,
    owner_unit_id: Option<i64>,
) -> std::result::Result<i64, KeepError<SaveAgreementError>> {
    may_keep(req).await?;
    let a = a.check().map_err(|e| KeepError::Invalid(SaveAgreementError::Invalid(e)))?;
    let mut named: Vec<i64> = a.parties.iter().filter_map(|p| p.business_id).collect();
    named.sort_unstable();
    named.dedup();
    if bstore::by_ids(req.db(), req.tenant(), &named).await?.len() != named.len() {
        return Err(KeepError::Invalid(SaveAgreementError::UnknownBusiness));
    }
    if let Some(u) = owner_unit_id
        && store::org::unit(req.db(), req.tenant(), u).await?.is_none()
    {
        return Err(KeepError::Invalid(SaveAgreementError::UnknownOwner));
    }
    let saved = bstore::save_agreement(req.db(), req.tenant(), id, &a, owner_unit_id, &req.actor()).await?;
    let saved = saved.ok_or(KeepError::Invalid(SaveAgreementError::Stale))?;
    if let Err(e) = feed_indicators(req.db(), req.tenant(), req.svc.clock.today(), &req.actor()).await {
        tracing::warn!("business indicators: {e}");
    }
    Ok(saved)
}

/// Reminds the leaders of the unit that owns each agreement that its
/// renewal day is near (once per renewal day), in their language; the
/// business service when the agreement has no owner or the unit no leader,
/// and nobody is marked as reminded while there is no one to remind.
/// Returns how many mails were queued.
pub async fn renewal_reminders(db: &store::Db, base_url: &str, today: NaiveDate) -> store::Result<usize> {
    use i18n::{Lang, Tr};
    let mut queued = 0;
    for tenant in store::tenant::all(db).await? {
        let agreements = bstore::agreements(db, tenant.id).await?;
        let leaders = store::org::leaders(db, tenant.id).await?;
        let langs: std::collections::HashMap<i64, String> = store::platform::accounts::languages(db, tenant.id).await?.into_iter().collect();
        let mut officers: Vec<i64> = store::platform::accounts::roles_of_people(db, tenant.id)
            .await?
            .into_iter()
            .filter(|(_, roles)| roles.contains(&domain::access::Role::Business))
            .map(|(p, _)| p)
            .collect();
        officers.sort_unstable();
        for s in agreements {
            if !s.agreement.remind_now(today, s.reminded_for) {
                continue;
            }
            let due = s.agreement.renew_by();
            let owners: Vec<i64> = s.owner_unit_id.and_then(|u| leaders.get(&u)).map(|l| l.iter().map(|(p, _)| *p).collect()).unwrap_or_default();
            let to = if owners.is_empty() { officers.clone() } else { owners };
            let mut people = vec![];
            for person in to {
                if let Some(p) = store::org::person(db, tenant.id, person).await? {
                    people.push((person, p));
                }
            }
            if people.is_empty() {
                tracing::warn!(agreement = s.id, "no one to remind of the agreement's renewal");
                continue;
            }
            if !bstore::mark_agreement_reminded(db, tenant.id, s.id, due).await? {
                continue;
            }
            for (person, p) in people {
                let tr = Tr::new(langs.get(&person).and_then(|l| Lang::parse(l)).unwrap_or_default());
                let body = format!(
                    "{}\n\n{base_url}/agreements/{}",
                    tr.args(
                        "agreement-renew-mail",
                        [("title", s.agreement.title.clone()), ("ends", i18n::day(&tr, s.agreement.ends_on)), ("by", i18n::day(&tr, due))]
                    ),
                    s.id
                );
                let email = jobs::Email { to: p.email, subject: tr.t1("agreement-renew-subject", "title", &s.agreement.title), body, confidential: false };
                jobs::queue_email(db, tenant.id, &email).await?;
                queued += 1;
            }
        }
    }
    Ok(queued)
}

/// The indicators of source "businesses" by their series: "samarbejder"
/// (the share of local businesses that cooperated with the jobcenter, per
/// ended year) and "jobordrer" (the share of job orders closed with a
/// hire, per ended quarter), each from the register as it stands.
pub async fn feed_indicators(db: &store::Db, tenant: i64, today: NaiveDate, actor: &Actor) -> store::Result<()> {
    let indicators = store::policy::indicators(db, tenant).await?;
    let ours: Vec<_> = indicators.iter().filter(|i| i.def.source == domain::policy::Source::Businesses).collect();
    if ours.is_empty() {
        return Ok(());
    }
    let businesses = bstore::all(db, tenant).await?;
    let events = bstore::all_events(db, tenant).await?;
    let agreements: Vec<Agreement> = bstore::agreements(db, tenant).await?.into_iter().map(|s| s.agreement).collect();
    for i in ours {
        let values: Vec<NewValue> = match i.def.series.as_str() {
            "samarbejder" => {
                let first = events.iter().map(|e| e.on.year()).chain(agreements.iter().map(|a| a.starts_on.year())).min();
                let Some(first) = first else { continue };
                (first.max(today.year() - 10)..today.year())
                    .filter_map(|y| {
                        let (with, of) = rules::cooperating(&businesses, &events, &agreements, domain::policy::ISHOJ, y)?;
                        Some(NewValue {
                            area: domain::policy::ISHOJ.into(),
                            period: y.to_string(),
                            year: y,
                            value: Some((with as f64 * 1000.0 / of as f64).round() / 10.0),
                            expected: None,
                            suppressed: false,
                        })
                    })
                    .collect()
            }
            "jobordrer" => {
                let this_quarter = (today.year(), (today.month0() / 3 + 1) as u8);
                rules::filled_per_quarter(&rules::job_orders(&events))
                    .into_iter()
                    .filter(|(q, _, _)| *q < this_quarter)
                    .map(|((y, q), closed, filled)| {
                        let value = rules::filled_share(closed, filled);
                        NewValue { area: domain::policy::ISHOJ.into(), period: format!("{y}K{q}"), year: y, value, expected: None, suppressed: value.is_none() }
                    })
                    .collect()
            }
            _ => continue,
        };
        // The whole series anew: a period whose events were all annulled loses its figure.
        store::policy::replace_values(db, tenant, i.id, &values, "businesses", actor).await?;
    }
    Ok(())
}
