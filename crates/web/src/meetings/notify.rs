//! What styr tells people by e-mail: that an agenda is out, what was decided
//! ("Nyt fra …") once minutes are approved, and follow-up deadlines. Mail is
//! queued as jobs and sent by the worker, each in the language its reader
//! last chose to read styr in (Danish unless they chose English).

use std::collections::{BTreeMap, HashMap};

use chrono::{Duration, Utc};
use chrono_tz::Europe::Copenhagen;
use jobs::{Email, queue_email, queue_emails};
use store::Db;
use store::meetings::{Forum, Meeting};

use super::describe;
use crate::i18n::{Lang, Tr};

/// Each reader's language, for the tenant's mail.
struct Readers(HashMap<i64, Lang>);

impl Readers {
    async fn of(db: &Db, tenant: i64) -> store::Result<Readers> {
        let langs = store::platform::accounts::languages(db, tenant).await?;
        Ok(Readers(langs.into_iter().filter_map(|(p, l)| Some((p, Lang::parse(&l)?))).collect()))
    }
    fn tr(&self, person: i64) -> Tr {
        Tr::new(self.0.get(&person).copied().unwrap_or_default())
    }
}

/// Tells the forum's members that the agenda is out.
pub async fn agenda_published(db: &Db, tenant: i64, forum: &Forum, meeting: &Meeting, base_url: &str) -> store::Result<usize> {
    let items: Vec<_> = store::meetings::agenda::items_of_meeting(db, tenant, meeting.id).await?.into_iter().filter(|i| i.status == "placed").collect();
    let readers = Readers::of(db, tenant).await?;
    // Written once per language.
    let mut written: HashMap<Lang, (String, String)> = HashMap::new();
    let mut mails = vec![];
    for (person, to) in members(db, tenant, forum).await? {
        let tr = readers.tr(person);
        let (subject, body) = written
            .entry(tr.lang)
            .or_insert_with(|| {
                let when = describe::when(&tr, &meeting.starts_at);
                let mut list = String::new();
                for (n, i) in items.iter().enumerate() {
                    let title = if i.closed { tr.t("item-closed-hidden") } else { i.title.clone() };
                    list.push_str(&format!("{}. {} ({})\n", n + 1, title, tr.t(&format!("item-kind-{}", i.kind))));
                }
                let subject = tr.args("mail-agenda-subject", [("forum", forum.name.clone()), ("when", when.clone())]);
                let link = format!("{base_url}/meetings/{}", meeting.id);
                let body = tr.args("mail-agenda-body", [("forum", forum.name.clone()), ("when", when), ("items", list), ("link", link)]);
                (subject, body)
            })
            .clone();
        mails.push(Email { to, subject, body });
    }
    queue_emails(db, tenant, &mails).await
}

/// The forum's members with their addresses (person, e-mail), each address once.
async fn members(db: &Db, tenant: i64, forum: &Forum) -> store::Result<Vec<(i64, String)>> {
    let kinds: Vec<&str> = forum.membership.leaders_of.iter().map(|k| k.as_str()).collect();
    let mut ids: Vec<i64> = store::org::leaders_of_kinds(db, tenant, &kinds).await?.into_iter().map(|p| p.0).collect();
    ids.extend(forum.membership.people.iter().copied());
    let mut out: Vec<(i64, String)> = vec![];
    for id in ids {
        if let Some(p) = store::org::person(db, tenant, id).await? {
            if !out.iter().any(|(_, e)| *e == p.email) {
                out.push((p.id, p.email));
            }
        }
    }
    Ok(out)
}

/// After minutes are approved: one "Nyt fra …" mail to each person a
/// decision is to be communicated to, listing the decisions meant for them.
pub async fn minutes_approved(db: &Db, tenant: i64, forum: &Forum, meeting: &Meeting, base_url: &str) -> store::Result<usize> {
    let decisions = store::meetings::decisions::of_meeting(db, tenant, meeting.id).await?;
    let for_leaders: Vec<_> = decisions.values().filter(|d| d.communicate == "leaders" || d.communicate == "employees").collect();
    if for_leaders.is_empty() {
        return Ok(0);
    }
    // Leaders get what goes to leaders and to employees; employees what goes to them.
    let every_kind = ["municipality", "executive_board", "directorate", "centre", "operating_unit"];
    let leaders: Vec<i64> = store::org::leaders_of_kinds(db, tenant, &every_kind).await?.into_iter().map(|p| p.0).collect();
    // Everyone's address in one query: a digest to all employees goes to thousands.
    let directory: HashMap<i64, String> = store::org::directory(db, tenant).await?.into_iter().map(|(p, _)| (p.id, p.email)).collect();
    let everyone: Vec<i64> = directory.keys().copied().collect();
    let mut inbox: BTreeMap<i64, Vec<&store::meetings::decisions::Decision>> = BTreeMap::new();
    for d in &for_leaders {
        let who = if d.communicate == "employees" { &everyone } else { &leaders };
        for p in who {
            inbox.entry(*p).or_default().push(d);
        }
    }
    let readers = Readers::of(db, tenant).await?;
    // The subject and opening, written once per language.
    let mut heads: HashMap<Lang, (String, String)> = HashMap::new();
    let mut mails = vec![];
    for (person, list) in inbox {
        let Some(to) = directory.get(&person) else { continue };
        let tr = readers.tr(person);
        let (subject, intro) = heads.entry(tr.lang).or_insert_with(|| {
            let when = describe::when(&tr, &meeting.starts_at);
            (tr.t1("mail-digest-subject", "forum", forum.name.clone()), tr.args("mail-digest-intro", [("forum", forum.name.clone()), ("when", when)]))
        });
        let subject = subject.clone();
        let mut body = intro.clone();
        body.push_str("\n\n");
        for d in list {
            body.push_str(&format!("• {}\n  {}\n  {base_url}/decisions/{}\n\n", d.title, d.text, d.id));
        }
        mails.push(Email { to: to.clone(), subject, body });
    }
    queue_emails(db, tenant, &mails).await
}

/// Days before a deadline the first reminder goes.
pub const REMIND_DAYS_BEFORE: i64 = 3;

/// Queues reminders for open follow-up actions: a few days before the
/// deadline and on the day. Each reminder goes once.
pub async fn schedule_reminders(db: &Db, base_url: &str) -> store::Result<usize> {
    let today = Utc::now().with_timezone(&Copenhagen).date_naive();
    let mut queued = 0;
    for tenant in store::tenant::all(db).await? {
        let readers = Readers::of(db, tenant.id).await?;
        let forums: Vec<i64> = store::meetings::forums(db, tenant.id).await?.iter().map(|f| f.id).collect();
        let filter = store::meetings::decisions::ActionFilter { forums: &forums, owner: None, only_open: true };
        let open = store::meetings::decisions::actions(db, tenant.id, &filter, 100_000, 0).await?;
        for a in open {
            let (Some(due), Some(owner)) = (a.due(), a.owner_person_id) else { continue };
            let kind = if due == today {
                "due"
            } else if due > today && due <= today + Duration::days(REMIND_DAYS_BEFORE) {
                "before"
            } else {
                continue;
            };
            let Some(p) = store::org::person(db, tenant.id, owner).await? else { continue };
            if !store::platform::jobs::mark_reminder(db, a.id, kind).await? {
                continue;
            }
            let due_text = due.format("%d.%m.%Y").to_string();
            let link = match a.decision_id {
                Some(d) => format!("{base_url}/decisions/{d}"),
                None => format!("{base_url}/actions?show=mine"),
            };
            let tr = readers.tr(owner);
            let subject = tr.args(&format!("mail-reminder-subject-{kind}"), [("what", a.what.clone()), ("due", due_text.clone())]);
            let body = tr.args("mail-reminder-body", [("what", a.what.clone()), ("due", due_text), ("link", link)]);
            queue_email(db, tenant.id, &Email { to: p.email, subject, body }).await?;
            queued += 1;
        }
    }
    Ok(queued)
}

/// Queues reminders to initiative owners whose report for the current
/// period is missing, a week before its deadline and on the day, each once.
/// Only programmes of `today`'s year that are not closed, and initiatives
/// begun and not done.
pub async fn schedule_report_reminders(db: &Db, base_url: &str, today: chrono::NaiveDate) -> store::Result<usize> {
    use chrono::Datelike;
    use domain::programme::report::{Cadence, Status, period_label, reminder};
    let mut queued = 0;
    for tenant in store::tenant::all(db).await? {
        let Some(p) = store::programme::programme(db, tenant.id, today.year().into()).await? else { continue };
        let Some(cadence) = Cadence::parse(&p.cadence).filter(|_| p.status != "closed") else { continue };
        let Some((period, kind)) = reminder(cadence, today, REMIND_DAYS_BEFORE) else { continue };
        let reported: Vec<i64> = store::programme::report_statuses(db, tenant.id, p.id).await?.into_iter().filter(|r| r.1 == period).map(|r| r.0).collect();
        let due = cadence.due(&period).map(|d| d.format("%d.%m.%Y").to_string()).unwrap_or_default();
        let readers = Readers::of(db, tenant.id).await?;
        for i in store::programme::initiatives(db, tenant.id, p.id).await? {
            let begun = i.starts().is_some_and(|s| s <= today);
            if !begun || i.status() == Some(Status::Done) || reported.contains(&i.id) {
                continue;
            }
            let Some(owner) = i.owner_person_id else { continue };
            let Some(person) = store::org::person(db, tenant.id, owner).await? else { continue };
            if !store::programme::mark_report_reminder(db, i.id, &period, kind).await? {
                continue;
            }
            let tr = readers.tr(owner);
            let args = [
                ("initiative", i.title.clone()),
                ("period", period_label(&period, tr.lang == Lang::Da)),
                ("due", due.clone()),
                ("link", format!("{base_url}/initiatives/{}#reports", i.id)),
            ];
            let subject = tr.args(&format!("mail-report-reminder-subject-{kind}"), &args);
            let body = tr.args("mail-report-reminder-body", &args);
            queue_email(db, tenant.id, &Email { to: person.email, subject, body }).await?;
            queued += 1;
        }
    }
    Ok(queued)
}
