//! What styr tells people by e-mail: that an agenda is out, what was decided
//! ("Nyt fra …") once minutes are approved, and follow-up deadlines. Mail is
//! queued as jobs and sent by the worker, each in the language its reader
//! last chose to read styr in (Danish unless they chose English). Who gets a
//! mail, and what it says, follows the same policy as the pages: the agenda
//! goes to the forum's members as `Reference::members_of` finds them, and
//! each reader's digest holds the decisions their news scope allows.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{Duration, NaiveDate};
use domain::access::Viewer;
use domain::meetings::decision::Communicate;
use domain::meetings::policy::DecisionScope;
use domain::platform::notifications::{Digest, MailPrefs, gathered_goes};
use i18n::{Lang, Tr, when};
use jobs::{Email, queue_email, queue_emails};
use store::Db;
use store::meetings::agenda::Item;
use store::meetings::{Forum, Meeting};
use store::reference::Reference;

use crate::Services;

/// The tenant's reference data as it stands now, for work done outside a request.
async fn reference(svc: &Services, tenant: i64) -> store::Result<Arc<Reference>> {
    let (version, _, _) = store::tenant::versions(&svc.db, tenant).await?;
    svc.reference.get(&svc.db, tenant, version).await
}

/// Each reader's language, for the tenant's mail.
/// and the mail each chose to get (every mail at once unless they chose).
struct Readers(HashMap<i64, Lang>, HashMap<i64, MailPrefs>);

impl Readers {
    async fn of(db: &Db, tenant: i64) -> store::Result<Readers> {
        let langs = store::platform::accounts::languages(db, tenant).await?;
        let prefs = store::platform::accounts::mail_prefs(db, tenant).await?;
        Ok(Readers(langs.into_iter().filter_map(|(p, l)| Some((p, Lang::parse(&l)?))).collect(), prefs))
    }
    fn tr(&self, person: i64) -> Tr {
        Tr::new(self.0.get(&person).copied().unwrap_or_default())
    }
    fn prefs(&self, person: i64) -> MailPrefs {
        self.1.get(&person).copied().unwrap_or_default()
    }
}

/// Who an agenda goes to: the forum's members with an e-mail address, each
/// address once, as (person, name). The confirmation before sending counts
/// the same list.
pub fn agenda_recipients(reference: &Reference, forum: &Forum) -> Vec<(i64, String)> {
    let mut seen: Vec<&str> = vec![];
    let mut out = vec![];
    for (person, name) in reference.members_of(forum) {
        let Some(to) = reference.person(person).map(|p| p.email.as_str()).filter(|e| !e.is_empty()) else { continue };
        if !seen.contains(&to) {
            seen.push(to);
            out.push((person, name));
        }
    }
    out
}

/// An item's title in a mail; a closed item's is withheld (mail leaves styr's keeping).
fn item_title(tr: &Tr, i: &Item) -> String {
    if i.closed { tr.t("item-closed-hidden") } else { i.title.clone() }
}

/// An item's line in a mail: its number, title and kind.
fn item_line(tr: &Tr, n: usize, i: &Item) -> String {
    format!("{n}. {} ({})\n", item_title(tr, i), tr.t(&format!("item-kind-{}", i.kind)))
}

/// Decisions as a mail lists them: title, text, the recommendation they
/// were made on, and the link.
fn decision_lines<'a>(tr: &Tr, decisions: impl IntoIterator<Item = &'a store::meetings::decisions::Decision>, base_url: &str) -> String {
    let mut body = String::new();
    for d in decisions {
        body.push_str(&format!("• {}\n  {}\n", d.title, d.text));
        if !d.recommendation.trim().is_empty() {
            body.push_str(&format!("  {}: {}\n", tr.t("decision-recommendation"), d.recommendation.trim()));
        }
        body.push_str(&format!("  {base_url}/decisions/{}\n\n", d.id));
    }
    body
}

/// A person as the access policy sees them, from the tenant's roles and the units they lead.
fn viewer_of(person: i64, roles: &HashMap<i64, Vec<domain::access::Role>>, led: &HashMap<i64, Vec<(i64, domain::org::UnitKind)>>) -> Viewer {
    Viewer::new(Some(person), roles.get(&person).cloned().unwrap_or_default(), led.get(&person).cloned().unwrap_or_default())
}

/// One mail to each of the agenda's recipients, written once per language
/// by `write` as (subject, body).
async fn to_recipients(svc: &Services, tenant: i64, forum: &Forum, write: impl Fn(&Tr) -> (String, String)) -> store::Result<usize> {
    let readers = Readers::of(&svc.db, tenant).await?;
    let reference = reference(svc, tenant).await?;
    let mut written: HashMap<Lang, (String, String)> = HashMap::new();
    let mut mails = vec![];
    for (person, _) in agenda_recipients(&reference, forum) {
        let Some(to) = reference.person(person).map(|p| p.email.clone()) else { continue };
        let tr = readers.tr(person);
        let (subject, body) = written.entry(tr.lang).or_insert_with(|| write(&tr)).clone();
        mails.push(Email { to, subject, body, ..Email::default() });
    }
    queue_emails(&svc.db, tenant, &mails).await
}

/// The agenda's placed items, in order.
async fn placed_items(svc: &Services, tenant: i64, meeting: &Meeting) -> store::Result<Vec<Item>> {
    Ok(store::meetings::agenda::items_of_meeting(&svc.db, tenant, meeting.id).await?.into_iter().filter(|i| i.is_placed()).collect())
}

/// Tells the forum's members that the agenda is out.
pub async fn agenda_published(svc: &Services, tenant: i64, forum: &Forum, meeting: &Meeting, base_url: &str) -> store::Result<usize> {
    let items = placed_items(svc, tenant, meeting).await?;
    to_recipients(svc, tenant, forum, |tr| {
        let when = when(tr, &meeting.starts_at);
        let list: String = items.iter().enumerate().map(|(n, i)| item_line(tr, n + 1, i)).collect();
        let subject = tr.args("mail-agenda-subject", [("forum", forum.name.clone()), ("when", when.clone())]);
        let link = format!("{base_url}/meetings/{}", meeting.id);
        (subject, tr.args("mail-agenda-body", [("forum", forum.name.clone()), ("when", when), ("items", list), ("link", link)]))
    })
    .await
}

/// Tells the forum's members that a published agenda has changed: the items
/// changed since it went out, each with what became of it, and the agenda
/// as it now stands.
pub async fn agenda_changed(svc: &Services, tenant: i64, forum: &Forum, meeting: &Meeting, changed: &[Item], base_url: &str) -> store::Result<usize> {
    let items = placed_items(svc, tenant, meeting).await?;
    to_recipients(svc, tenant, forum, |tr| {
        let when = when(tr, &meeting.starts_at);
        let changes: String = changed.iter().map(|i| format!("• {}: {}\n", item_title(tr, i), tr.t(&format!("agenda-change-{}", i.status)))).collect();
        let list: String = items.iter().enumerate().map(|(n, i)| item_line(tr, n + 1, i)).collect();
        let subject = tr.args("mail-agenda-changed-subject", [("forum", forum.name.clone()), ("when", when.clone())]);
        let link = format!("{base_url}/meetings/{}", meeting.id);
        (subject, tr.args("mail-agenda-changed-body", [("forum", forum.name.clone()), ("when", when), ("changes", changes), ("items", list), ("link", link)]))
    })
    .await
}

/// After minutes are approved: one "Nyt fra …" mail to each person with
/// news among the meeting's decisions, listing those meant for them: the
/// decisions their news scope allows (`DecisionScope::news`), so a closed
/// item's decision reaches only those who may read it, as on the start page.
pub async fn minutes_approved(svc: &Services, tenant: i64, forum: &Forum, meeting: &Meeting, base_url: &str) -> store::Result<usize> {
    let db = &svc.db;
    let mut decisions: Vec<_> = store::meetings::decisions::of_meeting(db, tenant, meeting.id).await?.into_values().collect();
    decisions.sort_by_key(|d| d.id);
    let communicated: Vec<_> = decisions.iter().filter(|d| d.communicate != Communicate::None).collect();
    if communicated.is_empty() {
        return Ok(0);
    }
    let reference = reference(svc, tenant).await?;
    let roles = store::platform::accounts::roles_of_people(db, tenant).await?;
    let led = reference.led_by_person();
    let readers = Readers::of(db, tenant).await?;
    // The subject and opening, written once per language.
    let mut heads: HashMap<Lang, (String, String)> = HashMap::new();
    let mut mails = vec![];
    // News for those who read it daily or weekly, held for their digest.
    let mut gathered: Vec<(i64, Vec<domain::meetings::DecisionId>)> = vec![];
    for person in reference.everyone() {
        let viewer = viewer_of(person.id, &roles, &led);
        let scope = DecisionScope::news(&viewer, &reference.forums);
        let mine: Vec<_> = communicated.iter().filter(|d| scope.allows(&d.head(), &[])).collect();
        if mine.is_empty() {
            continue;
        }
        match readers.prefs(person.id).digest {
            Digest::Each => {}
            Digest::Never => continue,
            Digest::Daily | Digest::Weekly => {
                gathered.push((person.id, mine.iter().map(|d| d.id).collect()));
                continue;
            }
        }
        let tr = readers.tr(person.id);
        let (subject, intro) = heads.entry(tr.lang).or_insert_with(|| {
            let when = when(&tr, &meeting.starts_at);
            (tr.t1("mail-digest-subject", "forum", forum.name.clone()), tr.args("mail-digest-intro", [("forum", forum.name.clone()), ("when", when)]))
        });
        let subject = subject.clone();
        let mut body = intro.clone();
        body.push_str("\n\n");
        let confidential = mine.iter().any(|d| d.closed);
        body.push_str(&decision_lines(&tr, mine.iter().map(|d| **d), base_url));
        mails.push(Email { to: person.email.clone(), subject, body, confidential });
    }
    store::meetings::news::hold(db, tenant, &gathered).await?;
    queue_emails(db, tenant, &mails).await
}

/// Queues the gathered digests due `today`: to each person who reads news
/// daily (or weekly, on Mondays) the decisions held for them before today,
/// in one mail. Each decision is read again and asked of the person's news
/// scope as it stands now, so one withdrawn, or one of a forum the person
/// has left since, is not sent. News held for someone who has gone back to
/// "at once" goes now; for someone who chose "never", it is let go.
pub async fn schedule_digests(svc: &Services, base_url: &str, today: NaiveDate) -> store::Result<usize> {
    let db = &svc.db;
    let start = domain::meetings::cadence::day_start(today);
    let mut queued = 0;
    for tenant in store::tenant::all(db).await? {
        let held = store::meetings::news::held(db, tenant.id, start).await?;
        if held.is_empty() {
            continue;
        }
        let readers = Readers::of(db, tenant.id).await?;
        let reference = reference(svc, tenant.id).await?;
        let roles = store::platform::accounts::roles_of_people(db, tenant.id).await?;
        let led = reference.led_by_person();
        let mut by_person: Vec<(i64, Vec<domain::meetings::DecisionId>)> = vec![];
        for (p, d) in held {
            match by_person.last_mut() {
                Some((q, ds)) if *q == p => ds.push(d),
                _ => by_person.push((p, vec![d])),
            }
        }
        for (person, ids) in by_person {
            let prefs = readers.prefs(person);
            if !gathered_goes(prefs.digest, today) {
                if prefs.digest == Digest::Never {
                    store::meetings::news::release(db, tenant.id, person, start).await?;
                }
                continue;
            }
            let Some(p) = reference.person(person).cloned() else {
                store::meetings::news::release(db, tenant.id, person, start).await?;
                continue;
            };
            let viewer = viewer_of(person, &roles, &led);
            let scope = DecisionScope::news(&viewer, &reference.forums);
            let decisions: Vec<_> =
                store::meetings::decisions::by_ids(db, tenant.id, &ids).await?.into_iter().filter(|d| scope.allows(&d.head(), &[])).collect();
            if !decisions.is_empty() {
                let tr = readers.tr(person);
                let subject = tr.t(match prefs.digest {
                    Digest::Weekly => "mail-gathered-subject-weekly",
                    Digest::Daily => "mail-gathered-subject-daily",
                    Digest::Each | Digest::Never => "mail-gathered-subject-held",
                });
                let mut body = tr.t1("mail-gathered-intro", "count", decisions.len());
                body.push_str("\n\n");
                body.push_str(&decision_lines(&tr, &decisions, base_url));
                body.push_str(&tr.t("mail-gathered-settings"));
                body.push_str(&format!(" {base_url}/people/{person}#notifications\n"));
                let confidential = decisions.iter().any(|d| d.closed);
                queue_email(db, tenant.id, &Email { to: p.email, subject, body, confidential }).await?;
                queued += 1;
            }
            store::meetings::news::release(db, tenant.id, person, start).await?;
        }
    }
    Ok(queued)
}

/// Days before a deadline the first reminder goes.
pub const REMIND_DAYS_BEFORE: i64 = 3;

/// Queues reminders for open follow-up actions: a few days before the
/// deadline and on the day. Each reminder goes once.
pub async fn schedule_reminders(db: &Db, base_url: &str, today: NaiveDate) -> store::Result<usize> {
    let mut queued = 0;
    for tenant in store::tenant::all(db).await? {
        let readers = Readers::of(db, tenant.id).await?;
        let forums: Vec<i64> = store::meetings::forums(db, tenant.id).await?.iter().map(|f| f.id).collect();
        let filter = store::meetings::decisions::ActionFilter { forums: &forums, scope: None, owner: None, only_open: true };
        let open = store::meetings::decisions::actions(db, tenant.id, &filter, 100_000, 0).await?;
        // A task of a closed item's decision is for its owner's eyes.
        let closed = store::meetings::decisions::closed_ids(db, tenant.id).await?;
        for a in open {
            let (due, Some(owner)) = (a.due, a.owner_person_id) else { continue };
            if !readers.prefs(owner).actions {
                continue;
            }
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
            let confidential = a.decision_id.is_some_and(|d| closed.contains(&d.get()));
            queue_email(db, tenant.id, &Email { to: p.email, subject, body, confidential }).await?;
            queued += 1;
        }
    }
    Ok(queued)
}

/// Queues reminders to initiative owners whose report for the current
/// period is missing, a week before its deadline and on the day, each once.
/// Only programmes of `today`'s year that are not closed, and initiatives
/// begun and not done.
pub async fn schedule_report_reminders(db: &Db, base_url: &str, today: NaiveDate) -> store::Result<usize> {
    use chrono::Datelike;
    use domain::programme::report::{period_label, reminder};
    let mut queued = 0;
    for tenant in store::tenant::all(db).await? {
        let Some(p) = store::programme::programme(db, tenant.id, today.year().into()).await? else { continue };
        if !p.status.takes_reports() {
            continue;
        }
        let cadence = p.cadence;
        let Some((period, kind)) = reminder(cadence, today, REMIND_DAYS_BEFORE) else { continue };
        let reported: Vec<i64> = store::programme::report_statuses(db, tenant.id, p.id).await?.into_iter().filter(|r| r.1 == period).map(|r| r.0).collect();
        let due = cadence.due(&period).map(|d| d.format("%d.%m.%Y").to_string()).unwrap_or_default();
        let readers = Readers::of(db, tenant.id).await?;
        for i in store::programme::initiatives(db, tenant.id, p.id).await? {
            let begun = i.starts_on <= today;
            if !begun || i.is_done() || reported.contains(&i.id) {
                continue;
            }
            let Some(owner) = i.owner_person_id else { continue };
            if !readers.prefs(owner).reports {
                continue;
            }
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
            queue_email(db, tenant.id, &Email { to: person.email, subject, body, ..Email::default() }).await?;
            queued += 1;
        }
    }
    Ok(queued)
}
