//! The leader evaluation: HR's rounds, the raters' questionnaire, progress
//! and the reports. Every figure a reader gets comes out of
//! `domain::evaluation::report::build`, which applies the anonymity rules;
//! the screen, the PDF, the export and the API all render what `report`
//! returns here, and every reading of a report is audited.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDate;
use domain::evaluation::anonymity::Group;
use domain::evaluation::policy::{ReportReader, ReportState};
use domain::evaluation::questionnaire::{self, Item};
use domain::evaluation::raters::{Org, propose};
use domain::evaluation::report::{Figure, Kept, Report, build};
use domain::evaluation::round::{RoundState, Settings, reminder_due};
use domain::org::UnitKind;
use i18n::{Lang, Tr};
use jobs::Email;
use store::evaluation::{self as ev, Invited, NewSubject, Round, Subject};
use store::platform::audit::Actor;

use crate::{Error, Req, Result, Services};

/// Refuses (and audits) unless the viewer runs evaluations (HR).
pub async fn run(req: &Req<'_>, what: impl FnOnce() -> String) -> Result<()> {
    req.allow(req.viewer().can_run_evaluations(), what).await
}

/// A round, for HR.
pub async fn round(req: &Req<'_>, id: i64) -> Result<Round> {
    run(req, || format!("evaluation:round:{id}")).await?;
    ev::round(req.db(), req.tenant(), id).await?.ok_or(Error::NotFound)
}

/// Creates a draft round from the framework in force, with the
/// questionnaire the framework gives.
pub async fn create_round(req: &Req<'_>, s: &Settings) -> Result<Option<i64>> {
    run(req, || "evaluation:rounds".into()).await?;
    let Some(version) = crate::framework::in_force(req).await? else { return Ok(None) };
    let elements = store::framework::elements(req.db(), req.tenant(), version.id).await?;
    let items = questionnaire::from_framework(&elements);
    Ok(Some(ev::create_round(req.db(), req.tenant(), s, version.id, &items, &req.actor()).await?))
}

/// The organisation as the rater proposal needs it.
async fn org(req: &Req<'_>) -> Result<Org> {
    let r = req.reference().await?;
    Ok(Org { units: r.tree(), positions: store::org::positions(req.db(), req.tenant()).await? })
}

/// Adds the leaders of the chosen units, or of every unit of the chosen
/// kinds, each with who is asked about them. Returns how many were added;
/// none when the round changed meanwhile or is no longer a draft.
pub async fn add_leaders(req: &Req<'_>, round: &Round, kinds: &[UnitKind], units: &[i64]) -> Result<Option<usize>> {
    run(req, || format!("evaluation:round:{}", round.id)).await?;
    let r = req.reference().await?;
    let org = org(req).await?;
    let chosen: Vec<i64> = r.units.iter().filter(|u| kinds.contains(&u.kind) || units.contains(&u.id)).map(|u| u.id).collect();
    let mut leaders: Vec<i64> = vec![];
    for u in &chosen {
        for (p, _) in r.leaders.get(u).map(|v| v.as_slice()).unwrap_or_default() {
            if !leaders.contains(p) {
                leaders.push(*p);
            }
        }
    }
    let proposals = propose(&org, &leaders, round.peer_cap);
    let subjects: Vec<NewSubject> = proposals
        .into_iter()
        .map(|p| NewSubject {
            person: p.leader,
            unit: p.unit,
            manager: p.manager,
            name: r.people.get(&p.leader).cloned().unwrap_or_default(),
            unit_name: r.unit(p.unit).map(|u| u.name.clone()).unwrap_or_default(),
            raters: p.raters,
        })
        .collect();
    Ok(ev::add_subjects(req.db(), req.tenant(), round.id, round.version, &subjects, &req.actor()).await?)
}

/// A leader of a round, for HR or the leader (who validates the list of
/// raters before the round opens).
pub async fn subject_for_raters(req: &Req<'_>, id: i64) -> Result<(Round, Subject)> {
    let (s, round) = ev::subject_in_round(req.db(), req.tenant(), id).await?.ok_or(Error::NotFound)?;
    req.allow(req.viewer().can_adjust_raters(s.person_id), || format!("evaluation:subject:{id}")).await?;
    Ok((round, s))
}

/// A change to a leader's list as asked for.
pub enum RaterRequest {
    /// HR asks someone more, by e-mail, in a group.
    Add {
        email: String,
        group: Option<Group>,
    },
    Remove {
        invitation: i64,
    },
    Validate,
    /// HR takes the leader out of the round.
    Drop,
}

/// How a change to a list went.
#[derive(Debug, PartialEq, Eq)]
pub enum RaterOutcome {
    Done,
    /// The round is no longer a draft, or the list changed meanwhile.
    NotDone,
    /// No one in the organisation has that e-mail.
    UnknownPerson,
    /// A group no one can be added to (the leader's own, a second manager).
    GroupNotAllowed,
    /// The form asked for nothing this knows.
    NotUnderstood,
}

/// Changes a leader's list: the leader and HR take people out and approve
/// it; only HR adds, and only to the groups the policy allows. Who may
/// touch the list is decided before what is asked (`None`: nothing known).
/// Returns the round, for where to go next.
pub async fn change_raters(req: &Req<'_>, id: i64, ask: Option<RaterRequest>) -> Result<(Round, RaterOutcome)> {
    use domain::evaluation::policy::addable;
    let (round, s) = subject_for_raters(req, id).await?;
    let Some(ask) = ask else { return Ok((round, RaterOutcome::NotUnderstood)) };
    let change = match ask {
        RaterRequest::Add { email, group } => {
            req.allow(req.viewer().can_add_raters(), || format!("evaluation:subject:{id}:add")).await?;
            let has_manager = ev::invitees(req.db(), req.tenant(), s.id).await?.iter().any(|i| i.grp == Group::Manager);
            let Some(group) = group.filter(|g| addable(*g, has_manager)) else { return Ok((round, RaterOutcome::GroupNotAllowed)) };
            let Some(person) = store::org::person_by_email(req.db(), req.tenant(), &email).await? else { return Ok((round, RaterOutcome::UnknownPerson)) };
            ev::RaterChange::Add { person: person.id, group }
        }
        RaterRequest::Remove { invitation } => ev::RaterChange::Remove { invitation },
        RaterRequest::Validate => ev::RaterChange::Validate,
        RaterRequest::Drop => {
            req.allow(req.viewer().can_add_raters(), || format!("evaluation:subject:{id}:drop")).await?;
            ev::RaterChange::Drop
        }
    };
    let done = ev::change_raters(req.db(), req.tenant(), id, change, &req.actor()).await?;
    Ok((round, if done { RaterOutcome::Done } else { RaterOutcome::NotDone }))
}

/// Opens a draft round and queues the invitations, one mail per person.
pub async fn open(req: &Req<'_>, round: &Round, base_url: &str) -> Result<Option<usize>> {
    run(req, || format!("evaluation:round:{}", round.id)).await?;
    let Some(invited) = ev::open_round(req.db(), req.tenant(), round.id, round.version, req.svc.clock.today(), &req.actor()).await? else { return Ok(None) };
    let mails: Vec<Email> = invited.iter().map(|i| mail(i, round, base_url, 0)).collect();
    jobs::queue_evaluation_emails(req.db(), req.tenant(), &mails).await?;
    on_the_wheel(req, round).await?;
    Ok(Some(mails.len()))
}

/// Puts an opened round on the årshjul, in HR's ring: the weeks it takes
/// answers ("Lederevaluering") and the six weeks of talks after it
/// ("MUS/LUS"). Organisation-wide facts; no one's plan is on the wheel.
async fn on_the_wheel(req: &Req<'_>, round: &Round) -> Result<()> {
    use domain::programme::entry::{EntryGlyph, EntryState};
    let categories = store::aarshjul::categories(req.db(), req.tenant()).await?;
    let Some(hr) = categories.iter().find(|c| c.key == "hr") else { return Ok(()) };
    let tr = Tr::new(Lang::Da);
    let talks_from = round.closes_on + chrono::Duration::days(1);
    for (title, from, to) in [
        (tr.t1("evaluation-wheel-round", "round", &round.title), round.opens_on, round.closes_on),
        (tr.t1("evaluation-wheel-talks", "round", &round.title), talks_from, talks_from + chrono::Duration::days(41)),
    ] {
        let e = store::aarshjul::NewEntry {
            category_id: hr.id,
            title: &title,
            starts_on: from,
            ends_on: to,
            glyph: EntryGlyph::Span,
            state: EntryState::Planned,
            link: "/evaluation",
            unit_id: None,
            note: "",
        };
        store::aarshjul::add_entry(req.db(), req.tenant(), &e, &req.actor()).await?;
    }
    Ok(())
}

/// Closes an open round now.
pub async fn close(req: &Req<'_>, round: &Round) -> Result<bool> {
    run(req, || format!("evaluation:round:{}", round.id)).await?;
    Ok(ev::close_round(req.db(), req.tenant(), round.id, req.svc.clock.today(), &req.actor()).await?)
}

/// An invitation or a reminder (`reminder` 1 or 2), in the person's
/// language, with a personal link per leader they are asked about.
fn mail(i: &Invited, round: &Round, base_url: &str, reminder: u32) -> Email {
    let tr = Tr::new(i.lang.as_deref().and_then(Lang::parse).unwrap_or_default());
    let closes = ::i18n::day(&tr, round.closes_on);
    let mut body = if reminder == 0 {
        tr.args("evaluation-mail-intro", [("round", round.title.clone()), ("closes", closes)])
    } else {
        tr.args("evaluation-mail-reminder-intro", [("round", round.title.clone()), ("closes", closes)])
    };
    body.push_str("\n\n");
    for (invitation, leader, group) in &i.about {
        let line = match group {
            Group::Own => tr.t("evaluation-mail-own"),
            Group::Manager => tr.t1("evaluation-mail-as-manager", "leader", leader),
            _ => tr.t1("evaluation-mail-about", "leader", leader),
        };
        body.push_str(&format!("{line}\n{base_url}/evaluation/answer?t={}\n\n", jobs::link_placeholder(*invitation)));
    }
    body.push_str(&tr.t("evaluation-mail-anonymity"));
    body.push_str("\n\n");
    body.push_str(&tr.t("evaluation-mail-personal"));
    let subject =
        if reminder == 0 { tr.t1("evaluation-mail-subject", "round", &round.title) } else { tr.t1("evaluation-mail-reminder-subject", "round", &round.title) };
    Email { to: i.email.clone(), subject, body, confidential: true }
}

/// The worker's daily part: closes rounds past their last day and sends up
/// to two reminders to those who have not answered. Only this asks who has
/// not answered; it returns how many mails it queued.
pub async fn tick(svc: &Services, base_url: &str, today: NaiveDate) -> store::Result<usize> {
    let mut queued = 0;
    // A closed round whose time to be kept is over goes, with its reports and plans.
    for (tenant, round) in ev::rounds_in_state(&svc.db, RoundState::Closed).await? {
        if round.closed_on.is_some_and(|c| domain::evaluation::round::expired(c, round.retention_months, today)) {
            ev::delete_round(&svc.db, tenant, round.id, &Actor::system("styr")).await?;
            svc.evaluation.forget();
        }
    }
    for (tenant, round) in ev::rounds_in_state(&svc.db, RoundState::Open).await? {
        if domain::evaluation::round::due_to_close(round.state, round.closes_on, today) {
            ev::close_round(&svc.db, tenant, round.id, today, &Actor::system("styr")).await?;
            continue;
        }
        // Counted from the day the round really opened; at most one reminder a day.
        let from = round.opened_on.map_or(round.opens_on, |o| o.max(round.opens_on));
        let sent: Vec<(i64, i64)> = ev::reminders_sent(&svc.db, tenant, round.id).await?;
        let done = sent.iter().filter(|(_, n)| *n > 0).map(|(r, _)| *r as u32).min().unwrap_or(0);
        let n = done + 1;
        if n <= 2 && reminder_due(from, round.closes_on, done, today) {
            let due = ev::take_due_reminders(&svc.db, tenant, round.id, n as i64).await?;
            let mails: Vec<Email> = due.iter().map(|i| mail(i, &round, base_url, n)).collect();
            queued += jobs::queue_evaluation_emails(&svc.db, tenant, &mails).await?;
        }
    }
    Ok(queued)
}

/// Answers per group about a leader: (group, asked, answered), as counted
/// at most once a day, so that watching the numbers does not tell who just
/// answered.
pub type Progress = Vec<(Group, i64, i64)>;

/// The progress of every leader in a round the viewer may follow: all of
/// them for HR, their own for a leader.
pub async fn progress(req: &Req<'_>, round: &Round) -> Result<Vec<(Subject, Progress)>> {
    let today = req.svc.clock.today();
    let mut subjects = ev::subjects(req.db(), req.tenant(), round.id).await?;
    subjects.retain(|s| req.viewer().can_follow_progress(s.person_id));
    if subjects.is_empty() && !req.viewer().can_run_evaluations() {
        req.allow(false, || format!("evaluation:round:{}:progress", round.id)).await?;
    }
    let stale = round.state == RoundState::Open && subjects.iter().any(|s| s.progress_on.as_deref() != Some(today.to_string().as_str()));
    if stale {
        let counts = ev::counts(req.db(), req.tenant(), round.id).await?;
        let mut per: HashMap<i64, Progress> = HashMap::new();
        for (s, g, n, a) in counts {
            per.entry(s).or_default().push((g, n, a));
        }
        let json: Vec<(i64, String)> = per.iter().map(|(s, p)| (*s, serde_json::to_string(p).unwrap_or_default())).collect();
        ev::store_progress(req.db(), req.tenant(), round.id, today, &json).await?;
        let ids: Vec<i64> = subjects.iter().map(|s| s.id).collect();
        subjects = ev::subjects(req.db(), req.tenant(), round.id).await?.into_iter().filter(|s| ids.contains(&s.id)).collect();
    }
    Ok(subjects
        .into_iter()
        .map(|s| {
            let mut p: Progress = if round.state == RoundState::Closed {
                s.settled().iter().map(|x| (x.group, x.invited as i64, x.answered as i64)).collect()
            } else {
                serde_json::from_str(&s.progress).unwrap_or_default()
            };
            p.sort_by_key(|(g, _, _)| Group::DIRECTIONS.iter().position(|x| x == g));
            (s, p)
        })
        .collect())
}

/// A leader's report as its reader may see it, the reading audited.
pub struct ReadReport {
    pub round: Round,
    pub subject: Subject,
    pub reader: ReportReader,
    /// The same leader's previous round, when there was one the reader may read.
    pub since: Option<Since>,
    /// The report itself, shared by everyone reading it.
    pub built: std::sync::Arc<Built>,
}

impl std::ops::Deref for ReadReport {
    type Target = Built;
    fn deref(&self) -> &Built {
        &self.built
    }
}

/// Since last time: the statements' "Alle undtagen mig" then and now, and
/// the focus behaviours of the plan made then.
#[derive(Clone)]
pub struct Since {
    pub round: String,
    /// (statement title, then, now)
    pub statements: Vec<(String, Figure, Figure)>,
    /// (behaviour, then, now)
    pub focus: Vec<(String, Figure, Figure)>,
}

/// What the evaluation keeps in memory, per database (in `Services`): the
/// questionnaires of opened rounds and the reports of closed ones, which
/// never change. `forget` drops every report, for when an earlier round is
/// deleted or a plan's focus changes (both show in "since last time").
#[derive(Default)]
pub struct Cache {
    questionnaires: std::sync::Mutex<Vec<(QuestionnaireKey, Arc<Vec<store::evaluation::StoredItem>>)>>,
    reports: std::sync::Mutex<Vec<(BuiltKey, Arc<Built>)>>,
}

type QuestionnaireKey = (i64, i64, i64, String);
type BuiltKey = (i64, i64, i64, i64, String);

impl Cache {
    fn report(&self, key: &BuiltKey) -> Option<Arc<Built>> {
        self.reports.lock().ok().and_then(|k| k.iter().find(|(x, _)| x == key).map(|(_, b)| b.clone()))
    }

    fn keep_report(&self, key: BuiltKey, b: Arc<Built>) {
        if let Ok(mut k) = self.reports.lock() {
            // The reports read lately: a few hundred, a few megabytes.
            if k.len() >= 256 {
                k.remove(0);
            }
            k.push((key, b));
        }
    }

    pub fn forget(&self) {
        if let Ok(mut k) = self.reports.lock() {
            k.clear();
        }
    }
}

/// A round's questionnaire. Once a round has opened it never changes, so it
/// is kept in memory, by the round and its version (which moves when it
/// opens and when it closes).
pub async fn questionnaire(svc: &Services, tenant: i64, round: &Round) -> store::Result<Arc<Vec<store::evaluation::StoredItem>>> {
    let key: QuestionnaireKey = (tenant, round.id, round.version, round.title.clone());
    let kept = &svc.evaluation.questionnaires;
    if round.state != RoundState::Draft
        && let Some(hit) = kept.lock().ok().and_then(|k| k.iter().find(|(x, _)| *x == key).map(|(_, v)| v.clone()))
    {
        return Ok(hit);
    }
    let items = Arc::new(ev::items(&svc.db, tenant, round.id).await?);
    if round.state != RoundState::Draft
        && let Ok(mut k) = kept.lock()
    {
        if k.len() >= 64 {
            k.remove(0);
        }
        k.push((key, items.clone()));
    }
    Ok(items)
}

/// A closed round's report about a leader, worked out through the anonymity rules.
async fn assemble(req: &Req<'_>, s: &Subject, round: &Round) -> Result<(Vec<store::evaluation::StoredItem>, Report)> {
    let stored = questionnaire(req.svc, req.tenant(), round).await?.as_ref().clone();
    let kept = ev::kept(req.db(), req.tenant(), s.id).await?;
    let kept: Vec<Kept> = kept.into_iter().map(|(group, a)| Kept { group, answers: stored.iter().map(|i| a.get(&i.id).copied()).collect() }).collect();
    let comments: Vec<String> = ev::comments(req.db(), req.tenant(), s.id).await?.into_iter().map(|(_, c)| c).collect();
    let items: Vec<Item> = stored.iter().map(|i| i.item.clone()).collect();
    let report = build(&items, &kept, &s.settled(), &comments, &round.minimums);
    Ok((stored, report))
}

/// The report about a leader (by the subject's id), for HR once the round
/// has closed and for the leader and the manager once it is released.
pub async fn report(req: &Req<'_>, id: i64) -> Result<ReadReport> {
    use domain::evaluation::report::{Column, Hidden};
    let (s, round) = ev::subject_in_round(req.db(), req.tenant(), id).await?.ok_or(Error::NotFound)?;
    let state = ReportState { closed: round.state == RoundState::Closed, released: s.released };
    let reader = req.viewer().report_reader(s.person_id, s.manager_id, state);
    let Some(reader) = reader else { return Err(req.deny(&format!("evaluation:report:{id}")).await) };
    // A closed round's report never changes: it is worked out once and kept,
    // by the leader, the round's version and how the groups were settled.
    let key: BuiltKey = (req.tenant(), id, round.id, round.version, s.settled.clone());
    if let Some(b) = req.svc.evaluation.report(&key) {
        record_read(req, id, reader).await?;
        let since = b.since_for(req);
        return Ok(ReadReport { round, subject: s, reader, since, built: b });
    }
    let (stored, report) = assemble(req, &s, &round).await?;
    // The organisation beside the leader: enough raters, and never one or two more than the leader's own.
    let (organisation, pooled) = ev::organisation(req.db(), req.tenant(), round.id).await?;
    let own: u32 = s.settled().iter().filter(|g| g.group.anonymous() && g.keep != domain::evaluation::report::KeepWord::Discard).map(|g| g.answered).sum();
    let min = round.minimums.employees().max(round.minimums.peers());
    let safe = pooled >= min && domain::evaluation::overview::differs_enough(pooled, own);
    let organisation: Vec<(String, Figure)> = organisation
        .into_iter()
        .map(|(k, f)| (k, if safe { f } else { Figure::Suppressed { reason: if pooled < min { Hidden::TooFew } else { Hidden::WouldReveal } } }))
        .collect();
    // Since last time: the same leader's latest earlier round.
    let mut since = None;
    if let Some(person) = s.person_id
        && let Some(prev) = ev::previous(req.db(), req.tenant(), person, round.opens_on).await?
        && let Some(prev_round) = ev::round(req.db(), req.tenant(), prev.round_id).await?
    {
        let (prev_items, prev_report) = assemble(req, &prev, &prev_round).await?;
        let statements = report
            .statements
            .iter()
            .filter(|st| st.part == domain::evaluation::questionnaire::Part::Statement)
            .map(|st| {
                let then = prev_report.statements.iter().find(|p| p.key == st.key).map(|p| p.figure(Column::Total)).unwrap_or(Figure::Empty);
                (st.title.clone(), then, st.figure(Column::Total))
            })
            .collect();
        let plan = ev::plan(req.db(), req.tenant(), prev.id).await?;
        let focus = plan
            .map(|p| p.focus)
            .unwrap_or_default()
            .iter()
            .filter_map(|f| prev_items.iter().position(|i| i.id == *f))
            .map(|ix| {
                let then_item = &prev_items[ix].item;
                let then = prev_report.items[ix].figure(Column::Total);
                let now = stored
                    .iter()
                    .position(|i| !then_item.element_key.is_empty() && i.item.element_key == then_item.element_key)
                    .map(|n| report.items[n].figure(Column::Total))
                    .unwrap_or(Figure::Empty);
                (then_item.about_leader.clone(), then, now)
            })
            .collect();
        let then = ReportState { closed: prev_round.state == RoundState::Closed, released: prev.released };
        since = Some((Since { round: prev_round.title.clone(), statements, focus }, (prev.person_id, prev.manager_id, then)));
    }
    record_read(req, id, reader).await?;
    let items: Vec<Item> = stored.into_iter().map(|i| i.item).collect();
    let built = Arc::new(Built { items, report, organisation, since_then: since, shown: Shown::default() });
    if round.state == RoundState::Closed {
        req.svc.evaluation.keep_report(key, built.clone());
    }
    let since = built.since_for(req);
    Ok(ReadReport { round, subject: s, reader, since, built })
}

/// Every reading of a report goes to the audit log.
async fn record_read(req: &Req<'_>, id: i64, reader: ReportReader) -> Result<()> {
    req.svc.readings.record(req.db(), req.tenant(), &req.actor(), "evaluation.report.read", format!("subject:{id}"), format!("{reader:?}")).await?;
    Ok(())
}

/// Who may read a report: its leader, its manager and where it stands.
type Readers = (Option<i64>, Option<i64>, ReportState);

/// A report as worked out, without who reads it.
pub struct Built {
    pub items: Vec<Item>,
    pub report: Report,
    /// The organisation's average per statement (by key), where it is safe to show beside this report.
    pub organisation: Vec<(String, Figure)>,
    /// The same leader's previous round, with who may read that round's
    /// report (its leader, manager and state): shown only to those.
    since_then: Option<(Since, Readers)>,
    /// What outer layers made of this report (the page's HTML per language),
    /// kept with it so that it is made once and dropped with it.
    pub shown: Shown,
}

/// Texts made from a report, by a key their maker chooses.
#[derive(Default)]
pub struct Shown(std::sync::Mutex<Vec<(String, Arc<str>)>>);

impl Shown {
    /// The text kept under `key`, or `make`'s, kept for the next reader.
    pub fn get_or<E>(&self, key: &str, make: impl FnOnce() -> std::result::Result<String, E>) -> std::result::Result<Arc<str>, E> {
        if let Some(hit) = self.0.lock().ok().and_then(|k| k.iter().find(|(x, _)| x == key).map(|(_, t)| t.clone())) {
            return Ok(hit);
        }
        let made: Arc<str> = make()?.into();
        if let Ok(mut k) = self.0.lock()
            && !k.iter().any(|(x, _)| x == key)
        {
            k.push((key.to_string(), made.clone()));
        }
        Ok(made)
    }
}

impl Built {
    /// "Since last time", if the reader may read the earlier report too.
    fn since_for(&self, req: &Req<'_>) -> Option<Since> {
        let (since, (leader, manager, state)) = self.since_then.as_ref()?;
        req.viewer().report_reader(*leader, *manager, *state).map(|_| since.clone())
    }
}

/// Releases a leader's report to the leader and the manager (HR).
pub async fn release(req: &Req<'_>, id: i64) -> Result<bool> {
    run(req, || format!("evaluation:report:{id}")).await?;
    let done = ev::release(req.db(), req.tenant(), id, &req.actor()).await?;
    // A later round's "since last time" may show this report now.
    req.svc.evaluation.forget();
    Ok(done)
}

/// Saves parts of a plan (the caller is its writer, see `plan_writer`).
pub async fn save_plan(req: &Req<'_>, subject: i64, version: i64, changes: &[ev::PlanChange<'_>]) -> Result<bool> {
    plan_writer(req, subject).await?;
    let done = ev::save_plan(req.db(), req.tenant(), subject, version, changes, &req.actor()).await?;
    // A later round's "since last time" shows this plan's focus.
    req.svc.evaluation.forget();
    Ok(done)
}

/// The reports the viewer may read as leader or manager, across rounds.
pub async fn my_reports(req: &Req<'_>) -> Result<Vec<(Subject, Round, ReportReader)>> {
    let Some(me) = req.viewer().person() else { return Ok(vec![]) };
    let mut out = vec![];
    for (s, round) in ev::subjects_of(req.db(), req.tenant(), me).await? {
        let state = ReportState { closed: round.state == RoundState::Closed, released: s.released };
        if let Some(r) = req.viewer().report_reader(s.person_id, s.manager_id, state) {
            out.push((s, round, r));
        }
    }
    Ok(out)
}

/// The signed-in person's invitations in open rounds: (invitation, leader, group, answered, round title).
pub async fn my_invitations(req: &Req<'_>) -> Result<Vec<(i64, String, Group, bool, String)>> {
    let Some(me) = req.viewer().person() else { return Ok(vec![]) };
    Ok(ev::open_invitations_of(req.db(), req.tenant(), me).await?)
}

/// A personal link for one of the signed-in person's own invitations: the
/// way in for those who are signed in and have not got the mail at hand.
pub async fn link_for_me(req: &Req<'_>, invitation: i64) -> Result<String> {
    let me = req.viewer().person();
    let mine = match me {
        Some(p) => ev::invitation_of(req.db(), req.tenant(), invitation, p).await?,
        None => false,
    };
    if !mine {
        return Err(Error::NotFound);
    }
    let token = store::new_secret();
    ev::add_link(req.db(), req.tenant(), invitation, &token).await?;
    Ok(token)
}

/// A leader's dialogue and plan as its reader sees them: the report they
/// come from, the plan (empty before anyone wrote in it) and its check-ins.
pub struct ReadPlan {
    pub report: ReadReport,
    pub plan: ev::PlanRow,
    pub check_ins: Vec<ev::CheckIn>,
}

/// The plan of a report, for its leader, the manager and HR, once the
/// report is theirs to read.
pub async fn plan(req: &Req<'_>, subject: i64) -> Result<ReadPlan> {
    let report = report(req, subject).await?;
    let plan = ev::plan(req.db(), req.tenant(), subject).await?.unwrap_or(ev::PlanRow { subject_id: subject, ..Default::default() });
    let check_ins = ev::check_ins(req.db(), req.tenant(), subject).await?;
    Ok(ReadPlan { report, plan, check_ins })
}

/// Refuses (and audits) unless the viewer may read and write the plan of
/// this report: its leader and manager once released, and HR.
pub async fn plan_writer(req: &Req<'_>, subject: i64) -> Result<(Subject, Round)> {
    let (s, round) = ev::subject_in_round(req.db(), req.tenant(), subject).await?.ok_or(Error::NotFound)?;
    let state = ReportState { closed: round.state == RoundState::Closed, released: s.released };
    req.allow(req.viewer().report_reader(s.person_id, s.manager_id, state).is_some(), || format!("evaluation:plan:{subject}")).await?;
    Ok((s, round))
}

/// The behaviours of a round a plan may focus on, in the questionnaire's order.
pub async fn focus_items(req: &Req<'_>, round: &Round) -> Result<Vec<store::evaluation::StoredItem>> {
    let all = questionnaire(req.svc, req.tenant(), round).await?;
    Ok(all.iter().filter(|i| i.item.can_be_focus()).cloned().collect())
}

/// The plans the viewer follows as leader or manager (every plan for HR):
/// (report, round title, plan).
pub async fn my_plans(req: &Req<'_>) -> Result<Vec<(Subject, String, ev::PlanRow)>> {
    let mut subjects: Vec<(Subject, String)> = vec![];
    if req.viewer().can_run_evaluations() {
        for r in ev::rounds(req.db(), req.tenant()).await?.into_iter().filter(|r| r.state == RoundState::Closed) {
            subjects.extend(ev::subjects(req.db(), req.tenant(), r.id).await?.into_iter().map(|s| (s, r.title.clone())));
        }
    } else {
        for (s, r, _) in my_reports(req).await? {
            subjects.push((s, r.title));
        }
    }
    let ids: Vec<i64> = subjects.iter().map(|(s, _)| s.id).collect();
    let plans = ev::plans_of(req.db(), req.tenant(), &ids).await?;
    Ok(subjects
        .into_iter()
        .filter_map(|(s, title)| {
            let p = plans.iter().find(|p| p.subject_id == s.id)?.clone();
            Some((s, title, p))
        })
        .collect())
}

/// Mails the leader and the manager when a plan's follow-up date has come
/// and no check-in has been written since; once per follow-up date.
pub async fn remind_check_ins(svc: &Services, base_url: &str, today: NaiveDate) -> store::Result<usize> {
    let due = ev::take_due_check_ins(&svc.db, today).await?;
    let mut queued = 0;
    for d in due {
        let (tenant, subject, name) = (d.tenant_id, d.subject_id, d.name.clone());
        let Ok(follow_up) = d.follow_up_on.parse::<NaiveDate>() else { continue };
        let (leader, manager) = (d.person_id, d.manager_id);
        let langs: HashMap<i64, String> = store::platform::accounts::languages(&svc.db, tenant).await?.into_iter().collect();
        for person in [leader, manager].into_iter().flatten() {
            let Some(p) = store::org::person(&svc.db, tenant, person).await? else { continue };
            let tr = Tr::new(langs.get(&person).and_then(|l| Lang::parse(l)).unwrap_or_default());
            let body = format!(
                "{}\n\n{base_url}/evaluation/plans/{subject}",
                tr.args("evaluation-checkin-mail", [("leader", name.clone()), ("date", ::i18n::day(&tr, follow_up))])
            );
            let email = Email { to: p.email, subject: tr.t1("evaluation-checkin-subject", "leader", &name), body, confidential: true };
            jobs::queue_email(&svc.db, tenant, &email).await?;
            queued += 1;
        }
    }
    Ok(queued)
}

/// What styr holds about the signed-in person in the leader evaluation, for
/// them to take away: the rounds they were asked in (never what they
/// answered, which no one can tie to them), the reports about them as they
/// may read them, and the plans they are part of.
pub async fn my_data(req: &Req<'_>) -> Result<serde_json::Value> {
    let Some(me) = req.viewer().person() else { return Ok(serde_json::json!({})) };
    let invitations: Vec<serde_json::Value> = ev::invitations_of(req.db(), req.tenant(), me)
        .await?
        .into_iter()
        .map(|(round, state, leader, group)| serde_json::json!({ "round": round, "round_state": state, "about": leader, "as": group }))
        .collect();
    let mut reports = vec![];
    for (s, round) in ev::subjects_of(req.db(), req.tenant(), me).await?.into_iter().filter(|(s, _)| s.person_id == Some(me)) {
        let state = ReportState { closed: round.state == RoundState::Closed, released: s.released };
        let figures = if req.viewer().report_reader(s.person_id, s.manager_id, state).is_some() {
            serde_json::to_value(&report(req, s.id).await?.report).unwrap_or_default()
        } else {
            serde_json::Value::Null
        };
        reports.push(serde_json::json!({ "round": round.title, "round_state": round.state.as_str(), "released": s.released, "report": figures }));
    }
    let plans: Vec<serde_json::Value> = my_plans(req)
        .await?
        .into_iter()
        .filter(|(s, _, _)| s.person_id == Some(me) || s.manager_id == Some(me))
        .map(|(s, round, p)| {
            serde_json::json!({
                "leader": s.name, "round": round, "talk_on": p.talk_on, "team_on": p.team_on, "focus": p.focus,
                "actions": p.actions, "support": p.support, "follow_up_on": p.follow_up_on,
            })
        })
        .collect();
    Ok(serde_json::json!({ "invitations": invitations, "reports_about_me": reports, "plans": plans }))
}

/// HR's overview of a closed round: a row per centre and the organisation's,
/// each through the anonymity rules and the rule across reports, with how
/// many plans are made and followed up.
pub struct Overview {
    pub round: Round,
    pub statements: Vec<(String, String)>,
    /// (centre's name or none for the organisation, row, leaders, plans made, plans followed up)
    pub rows: Vec<(Option<String>, domain::evaluation::overview::Row, usize, usize, usize)>,
}

pub async fn overview(req: &Req<'_>, id: i64) -> Result<Overview> {
    use domain::evaluation::overview::{Leader, overview as build_overview, statements};
    let round = self::round(req, id).await?;
    if round.state != RoundState::Closed {
        return Err(Error::NotFound);
    }
    let r = req.reference().await?;
    let subjects = ev::subjects(req.db(), req.tenant(), id).await?;
    let stored = ev::items(req.db(), req.tenant(), id).await?;
    let items: Vec<Item> = stored.iter().map(|i| i.item.clone()).collect();
    // A leader's pool: the centre their unit is in (or the unit itself above the centres).
    let centre_of = |unit: Option<i64>| -> i64 {
        let mut at = unit;
        let mut last = unit.unwrap_or(0);
        while let Some(u) = at.and_then(|u| r.unit(u)) {
            last = u.id;
            if u.kind == UnitKind::Centre {
                return u.id;
            }
            at = u.parent_id;
        }
        unit.unwrap_or(last)
    };
    // Per leader: (centre, kept answers, raters in their shown total, real answers shown per item).
    type Pooled = (i64, Vec<Kept>, Option<u32>, Vec<u32>);
    let mut kept_of: Vec<Pooled> = vec![];
    let min = round.minimums.employees().max(round.minimums.peers());
    for s in &subjects {
        let kept: Vec<Kept> = ev::kept(req.db(), req.tenant(), s.id)
            .await?
            .into_iter()
            .map(|(group, a)| Kept { group, answers: stored.iter().map(|i| a.get(&i.id).copied()).collect() })
            .collect();
        let anonymous = kept.iter().filter(|k| k.group.anonymous()).count() as u32;
        // What the leader's own report shows of each item, for the rule across reports.
        let own = build(&items, &kept, &s.settled(), &[], &round.minimums);
        let shown = domain::evaluation::overview::shown_items(&own);
        kept_of.push((centre_of(s.unit_id), kept, (anonymous >= min).then_some(anonymous), shown));
    }
    let leaders: Vec<Leader> =
        kept_of.iter().map(|(pool, kept, shown, items)| Leader { pool: *pool, kept, shown_total: *shown, shown_items: items.clone() }).collect();
    let rows = build_overview(&items, &leaders, &round.minimums);
    let ids: Vec<i64> = subjects.iter().map(|s| s.id).collect();
    let plans = ev::plans_of(req.db(), req.tenant(), &ids).await?;
    let check_ins = ev::check_in_counts(req.db(), req.tenant(), &ids).await?;
    let rows = rows
        .into_iter()
        .map(|row| {
            let mine: Vec<&Subject> = subjects.iter().filter(|s| row.pool.is_none_or(|p| centre_of(s.unit_id) == p)).collect();
            let made = mine.iter().filter(|s| plans.iter().any(|p| p.subject_id == s.id && !p.focus.is_empty())).count();
            let followed = mine.iter().filter(|s| check_ins.get(&s.id).is_some_and(|n| *n > 0)).count();
            let name = row.pool.map(|p| r.unit(p).map(|u| u.name.clone()).unwrap_or_default());
            let leaders = row.leaders;
            (name, row, leaders, made, followed)
        })
        .collect();
    req.svc.readings.record(req.db(), req.tenant(), &req.actor(), "evaluation.report.read", format!("round:{id}"), "overview".into()).await?;
    Ok(Overview { statements: statements(&items), rows, round })
}
