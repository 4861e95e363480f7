//! The business service (seed 004, themes 2 and 3): the register of
//! businesses by CVR and P-number, what the jobcenter did with them (visits,
//! job orders and their outcomes, referrals to Erhvervshus Hovedstaden) as
//! events that are appended and never edited, cooperation agreements with
//! their parties, and the two local indicators worked out from all of it.
//!
//! Reklamebeskyttelse: a business that has asked not to be approached for
//! marketing is never on a list or in an export. It can still be found by
//! its exact CVR or P-number, which is how the jobcenter finds a business that
//! contacted it; `listed` is the one rule every list asks.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, NaiveDate};

use super::cases::day as date;

/// A production unit (P-number) of a business (CVR-number), as the CVR
/// extract gives it.
#[derive(Clone, Debug, PartialEq)]
pub struct Business {
    /// Eight digits.
    pub cvr: String,
    /// Ten digits: the place where the work is done.
    pub p_number: String,
    pub name: String,
    pub address: String,
    pub postcode: String,
    pub city: String,
    /// The municipality the P-unit lies in ("183"), "" when the extract did not say.
    pub municipality: String,
    pub industry_code: String,
    pub industry: String,
    /// The size band as CVR gives it ("10-19 ansatte").
    pub employees: String,
    /// Reklamebeskyttet.
    pub protected: bool,
    /// The day an extract first left the P-unit out, none while the newest
    /// has it. It may have asked for protection since, so it is kept off
    /// every list until an extract has it again; and "Søg og udtræk" leaves
    /// ceased units out, so it counts as active only until then.
    pub left_on: Option<NaiveDate>,
    /// When the P-unit started (CVR's "Startdato"), when the extract said:
    /// a past year counts only the businesses that existed then.
    pub started_on: Option<NaiveDate>,
    /// Ceased businesses stay for the history of what was done with them.
    pub ceased_on: Option<NaiveDate>,
}

/// Whether a business may stand on a list or in an export: never when it is
/// reklamebeskyttet, nor when the newest extract no longer says it is not.
pub fn listed(b: &Business) -> bool {
    !b.protected && b.left_on.is_none()
}

/// Whether an agreement's party that is this business is named to `viewer`:
/// a reklamebeskyttet business only to those who keep the register, as the
/// list of agreements is a list like any other.
pub fn party_named(b: &Business, viewer: &crate::access::Viewer) -> bool {
    listed(b) || viewer.can_keep_businesses()
}

/// A search for one business by its number rather than a list: eight digits
/// are a CVR-number, ten a P-number. Spaces are ignored ("12 34 56 78").
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Lookup {
    Cvr(String),
    PNumber(String),
}

impl Lookup {
    pub fn parse(q: &str) -> Option<Lookup> {
        let digits: String = q.chars().filter(|c| !c.is_whitespace()).collect();
        if !digits.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        match digits.len() {
            8 => Some(Lookup::Cvr(digits)),
            10 => Some(Lookup::PNumber(digits)),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CvrImportError {
    #[error("the file has no column {0:?}")]
    MissingColumn(String),
    #[error("row {row}: {text:?} is not a CVR-number (eight digits)")]
    Cvr { row: usize, text: String },
    #[error("row {row}: {text:?} is not a P-number (ten digits)")]
    PNumber { row: usize, text: String },
    #[error("row {row}: the business has no name")]
    NoName { row: usize },
    #[error("row {row}: the P-number {text:?} is in the file twice")]
    Twice { row: usize, text: String },
    #[error("row {row}: {text:?} is not yes or no")]
    YesNo { row: usize, text: String },
    #[error("row {row}: {text:?} is not a date")]
    Date { row: usize, text: String },
    #[error("the file holds no businesses")]
    Empty,
}

impl CvrImportError {
    pub fn message_id(&self) -> &'static str {
        match self {
            CvrImportError::MissingColumn(_) => "business-error-column",
            CvrImportError::Cvr { .. } => "business-error-cvr",
            CvrImportError::PNumber { .. } => "business-error-p",
            CvrImportError::NoName { .. } => "business-error-name",
            CvrImportError::Twice { .. } => "business-error-twice",
            CvrImportError::YesNo { .. } => "business-error-yes-no",
            CvrImportError::Date { .. } => "business-error-date",
            CvrImportError::Empty => "business-error-empty",
        }
    }

    pub fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            CvrImportError::MissingColumn(c) => vec![("column", c.clone())],
            CvrImportError::Cvr { row, text }
            | CvrImportError::PNumber { row, text }
            | CvrImportError::Twice { row, text }
            | CvrImportError::YesNo { row, text }
            | CvrImportError::Date { row, text } => vec![("row", row.to_string()), ("text", text.clone())],
            CvrImportError::NoName { row } => vec![("row", row.to_string())],
            CvrImportError::Empty => vec![],
        }
    }
}

/// "Ja"/"Nej" as CVR writes it, and the other ways a spreadsheet says so.
fn yes_no(s: &str) -> Option<bool> {
    match s.trim().to_lowercase().as_str() {
        "ja" | "j" | "yes" | "true" | "1" | "x" => Some(true),
        "nej" | "n" | "no" | "false" | "0" => Some(false),
        _ => None,
    }
}

/// The businesses of a CVR extract (the "Søg og udtræk" spreadsheet of
/// datacvr.virk.dk, saved as CSV or XLSX): one row per P-unit, with the
/// columns CVR-nr., P-nr., Navn, Reklamebeskyttet (required), and Adresse,
/// Postnr., By, Kommunekode, Branchekode, Branchetekst, Antal ansatte,
/// Startdato and Ophørsdato when present. All or none.
pub fn read_cvr(grid: &[Vec<String>]) -> Result<Vec<Business>, CvrImportError> {
    let Some((header, rows)) = grid.split_first() else { return Err(CvrImportError::Empty) };
    let norm = |h: &str| h.trim().trim_start_matches('\u{feff}').to_lowercase().replace(['.', '-', '_'], " ").split_whitespace().collect::<Vec<_>>().join(" ");
    let find = |names: &[&str]| header.iter().position(|h| names.contains(&norm(h).as_str()));
    let need = |names: &[&str]| find(names).ok_or_else(|| CvrImportError::MissingColumn(names[0].to_string()));
    let cvr = need(&["cvr nr", "cvr nummer", "cvr", "cvrnr"])?;
    let p = need(&["p nr", "p nummer", "pnr", "p enhed"])?;
    let name = need(&["navn", "p enhedens navn", "virksomhedsnavn", "name"])?;
    // Required: an extract without it would lift every business's protection.
    let protected = Some(need(&["reklamebeskyttet", "reklamebeskyttelse"])?);
    let [address, postcode, city, municipality, industry_code, industry, employees, started, ceased] = [
        &["adresse", "address"][..],
        &["postnr", "postnummer"],
        &["by", "postdistrikt"],
        &["kommunekode", "kommune"],
        &["branchekode", "hovedbranchekode"],
        &["branchetekst", "hovedbranche", "branche"],
        &["antal ansatte", "ansatte", "årsbeskæftigelse"],
        &["startdato", "start dato"],
        &["ophørsdato", "ophørt"],
    ]
    .map(find);
    let mut seen = HashSet::new();
    let mut out = vec![];
    for (i, r) in rows.iter().enumerate() {
        let row = i + 2;
        if r.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let cell = |c: Option<usize>| c.and_then(|c| r.get(c)).map(|s| s.trim()).unwrap_or("");
        let digits = |c: usize| cell(Some(c)).chars().filter(|c| !c.is_whitespace()).collect::<String>();
        let number = |c: usize, len: usize| {
            let d = digits(c);
            (d.len() == len && d.chars().all(|c| c.is_ascii_digit())).then_some(d)
        };
        let cvr = number(cvr, 8).ok_or_else(|| CvrImportError::Cvr { row, text: cell(Some(cvr)).to_string() })?;
        let p_number = number(p, 10).ok_or_else(|| CvrImportError::PNumber { row, text: cell(Some(p)).to_string() })?;
        if cell(Some(name)).is_empty() {
            return Err(CvrImportError::NoName { row });
        }
        if !seen.insert(p_number.clone()) {
            return Err(CvrImportError::Twice { row, text: p_number });
        }
        let protected = yes_no(cell(protected)).ok_or_else(|| CvrImportError::YesNo { row, text: cell(protected).to_string() })?;
        let day = |c: Option<usize>| match cell(c) {
            "" => Ok(None),
            t => date(t).map(Some).ok_or_else(|| CvrImportError::Date { row, text: t.to_string() }),
        };
        let (started_on, ceased_on) = (day(started)?, day(ceased)?);
        // A municipality as a name ("Ishøj") is read as its code where it is one of the comparison set.
        let m = cell(municipality);
        let municipality = match m.parse::<u32>() {
            Ok(n) => format!("{n:03}"),
            Err(_) => super::import::area(m).unwrap_or("").to_string(),
        };
        out.push(Business {
            cvr,
            p_number,
            name: cell(Some(name)).to_string(),
            address: cell(address).to_string(),
            postcode: cell(postcode).to_string(),
            city: cell(city).to_string(),
            municipality,
            industry_code: cell(industry_code).to_string(),
            industry: cell(industry).to_string(),
            employees: cell(employees).to_string(),
            protected,
            left_on: None,
            started_on,
            ceased_on,
        });
    }
    if out.is_empty() {
        return Err(CvrImportError::Empty);
    }
    Ok(out)
}

words! {
    /// What happened with a business, as the jobcenter records it.
    pub enum EventKind {
        /// A visit (virksomhedsbesøg).
        Visit = "visit",
        /// The business asks for people: opens a job order.
        JobOrder = "job_order",
        /// Persons referred to a job order (a number, never who).
        Referral = "referral",
        /// Persons hired through a job order.
        Hire = "hire",
        /// The job order is closed; its outcome is whether anyone was hired.
        Closed = "closed",
        /// The business was referred to Erhvervshus Hovedstaden.
        Erhvervshus = "erhvervshus",
        /// An earlier event was recorded in error; it stays, and is not counted.
        Annulled = "annulled",
    }
}

impl EventKind {
    /// Kinds that belong to a job order and name it.
    pub fn on_job_order(self) -> bool {
        matches!(self, EventKind::Referral | EventKind::Hire | EventKind::Closed)
    }
}

/// An event as recorded. Nothing in it names a citizen.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub id: i64,
    pub business_id: i64,
    pub kind: EventKind,
    pub on: NaiveDate,
    /// The job order event this one belongs to (referral, hire, closed), or
    /// the event an annulment annuls.
    pub refers_to: Option<i64>,
    /// The occupation a job order asks for (its ESCO label).
    pub occupation: String,
    /// Positions asked for, persons referred or hired.
    pub count: u32,
    /// ESCO skills the candidates lacked, as noted when a job order closes unfilled.
    pub missing_skills: Vec<String>,
    pub note: String,
}

/// A new event, before it is stored.
#[derive(Clone, Debug, PartialEq)]
pub struct NewEvent {
    pub kind: EventKind,
    pub on: NaiveDate,
    pub refers_to: Option<i64>,
    pub occupation: String,
    pub count: u32,
    pub missing_skills: Vec<String>,
    pub note: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EventError {
    #[error("the day is in the future")]
    Future,
    #[error("a job order needs the occupation it asks for")]
    NoOccupation,
    #[error("the number must be between 1 and 999")]
    Count,
    #[error("the event must name an open job order of this business")]
    NoJobOrder,
    #[error("the event must name an event of this business that is not annulled")]
    NothingToAnnul,
    #[error("the day is before the job order was opened, or before what was recorded on it")]
    BeforeOrder,
    #[error("the note is too long")]
    TooLong,
}

impl EventError {
    pub fn message_id(self) -> &'static str {
        match self {
            EventError::Future => "business-event-error-future",
            EventError::NoOccupation => "business-event-error-occupation",
            EventError::Count => "business-event-error-count",
            EventError::NoJobOrder => "business-event-error-order",
            EventError::NothingToAnnul => "business-event-error-annul",
            EventError::BeforeOrder => "business-event-error-before",
            EventError::TooLong => "business-event-error-long",
        }
    }
}

/// Checks a new event against the business's events so far: a referral,
/// hire or closing names an open job order of the business; an annulment
/// names one of its events that stands. Fields that do not belong to the
/// kind are dropped.
pub fn check_event(mut e: NewEvent, earlier: &[Event], today: NaiveDate) -> Result<NewEvent, EventError> {
    if e.on > today {
        return Err(EventError::Future);
    }
    if e.note.chars().count() > 2000
        || e.occupation.chars().count() > 200
        || e.missing_skills.len() > 20
        || e.missing_skills.iter().any(|m| m.chars().count() > 200)
    {
        return Err(EventError::TooLong);
    }
    e.note = e.note.trim().to_string();
    e.occupation = e.occupation.trim().to_string();
    let standing = standing(earlier);
    match e.kind {
        EventKind::JobOrder => {
            if e.occupation.is_empty() {
                return Err(EventError::NoOccupation);
            }
            if !(1..=999).contains(&e.count) {
                return Err(EventError::Count);
            }
            e.refers_to = None;
        }
        k if k.on_job_order() => {
            let order = e
                .refers_to
                .and_then(|id| standing.iter().find(|x| x.id == id && x.kind == EventKind::JobOrder))
                .filter(|o| !standing.iter().any(|x| x.kind == EventKind::Closed && x.refers_to == Some(o.id)))
                .ok_or(EventError::NoJobOrder)?;
            if e.on < order.on {
                return Err(EventError::BeforeOrder);
            }
            let on_it: Vec<&&Event> = standing.iter().filter(|x| x.refers_to == Some(order.id)).collect();
            if k == EventKind::Closed {
                e.count = 0;
                // Closed after what happened on it; a filled order lacked nothing.
                if on_it.iter().any(|x| x.on > e.on) {
                    return Err(EventError::BeforeOrder);
                }
                if on_it.iter().any(|x| x.kind == EventKind::Hire) {
                    e.missing_skills.clear();
                }
            } else if !(1..=999).contains(&e.count) {
                return Err(EventError::Count);
            }
            e.occupation = order.occupation.clone();
        }
        EventKind::Annulled => {
            e.refers_to.filter(|id| standing.iter().any(|x| x.id == *id)).ok_or(EventError::NothingToAnnul)?;
            e.count = 0;
        }
        _ => {
            e.refers_to = None;
            e.count = 0;
        }
    }
    if e.kind != EventKind::Closed {
        e.missing_skills.clear();
    }
    if e.kind != EventKind::JobOrder && !e.kind.on_job_order() {
        e.occupation.clear();
    }
    Ok(e)
}

/// The events that count: all but the annulled ones and the annulments, and
/// but those that belong to an annulled job order.
pub fn standing(events: &[Event]) -> Vec<&Event> {
    let annulled: HashSet<i64> = events.iter().filter(|e| e.kind == EventKind::Annulled).filter_map(|e| e.refers_to).collect();
    events
        .iter()
        .filter(|e| e.kind != EventKind::Annulled && !annulled.contains(&e.id))
        .filter(|e| !e.kind.on_job_order() || e.refers_to.is_none_or(|o| !annulled.contains(&o)))
        .collect()
}

/// A job order and what became of it.
#[derive(Clone, Debug, PartialEq)]
pub struct JobOrder {
    pub id: i64,
    pub business_id: i64,
    pub occupation: String,
    pub opened_on: NaiveDate,
    pub positions: u32,
    pub referred: u32,
    pub hired: u32,
    pub closed_on: Option<NaiveDate>,
    pub missing_skills: Vec<String>,
}

impl JobOrder {
    /// Closed with at least one hire.
    pub fn filled(&self) -> bool {
        self.closed_on.is_some() && self.hired > 0
    }
}

/// The job orders the standing events make, oldest first.
pub fn job_orders(events: &[Event]) -> Vec<JobOrder> {
    let standing = standing(events);
    let mut orders: Vec<JobOrder> = standing
        .iter()
        .filter(|e| e.kind == EventKind::JobOrder)
        .map(|e| JobOrder {
            id: e.id,
            business_id: e.business_id,
            occupation: e.occupation.clone(),
            opened_on: e.on,
            positions: e.count,
            referred: 0,
            hired: 0,
            closed_on: None,
            missing_skills: vec![],
        })
        .collect();
    let at: HashMap<i64, usize> = orders.iter().enumerate().map(|(i, o)| (o.id, i)).collect();
    for e in &standing {
        let Some(&i) = e.refers_to.and_then(|r| at.get(&r)) else { continue };
        let o = &mut orders[i];
        match e.kind {
            EventKind::Referral => o.referred += e.count,
            EventKind::Hire => o.hired += e.count,
            EventKind::Closed => {
                o.closed_on = Some(e.on);
                o.missing_skills = e.missing_skills.clone();
            }
            _ => {}
        }
    }
    orders.sort_by_key(|o| (o.opened_on, o.id));
    orders
}

/// The fewest job orders closed in a quarter for its share to be shown:
/// fewer would tell about single hires, like a cell about fewer than five.
pub const MIN_JOB_ORDERS: u32 = 5;

/// The share (in per cent, one decimal) of `closed` job orders that ended in
/// a hire, or none when fewer than `MIN_JOB_ORDERS` closed.
pub fn filled_share(closed: u32, filled: u32) -> Option<f64> {
    (closed >= MIN_JOB_ORDERS).then(|| (filled as f64 * 1000.0 / closed as f64).round() / 10.0)
}

/// Per quarter (year, quarter) in which job orders closed: how many closed,
/// and how many of them with a hire (indicator "jobordrer-besat").
pub fn filled_per_quarter(orders: &[JobOrder]) -> Vec<((i32, u8), u32, u32)> {
    let mut per: std::collections::BTreeMap<(i32, u8), (u32, u32)> = Default::default();
    for o in orders {
        let Some(d) = o.closed_on else { continue };
        let cell = per.entry((d.year(), (d.month0() / 3 + 1) as u8)).or_default();
        cell.0 += 1;
        cell.1 += o.filled() as u32;
    }
    per.into_iter().map(|(q, (closed, filled))| (q, closed, filled)).collect()
}

/// How many days before the renewal day the owner is reminded.
pub const RENEWAL_NOTICE_DAYS: i64 = 14;

/// How long a contact person is kept before the worker deletes them, unless
/// someone confirms they are still needed.
pub const CONTACT_MONTHS: u32 = 24;

/// The day a contact person added or confirmed on `today` is kept until.
pub fn contact_kept_until(today: NaiveDate) -> NaiveDate {
    today.checked_add_months(chrono::Months::new(CONTACT_MONTHS)).unwrap_or(today)
}

/// A cooperation agreement's party.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Party {
    pub kind: PartyKind,
    /// The business, for a party that is one in the register.
    pub business_id: Option<i64>,
    pub name: String,
}

words! {
    /// Who can be party to a cooperation agreement (seed 004 names them).
    pub enum PartyKind {
        Business = "business",
        School = "school",
        Municipality = "municipality",
        Akasse = "akasse",
        Other = "other",
    }
}

/// A cooperation agreement: parties, dates and what each has promised.
#[derive(Clone, Debug, PartialEq)]
pub struct Agreement {
    pub title: String,
    pub obligations: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// How many days before its end the owner is reminded to renew it.
    pub notice_days: u32,
    pub parties: Vec<Party>,
}

words! {
    /// Where an agreement stands.
    pub enum AgreementState {
        InForce = "in-force",
        Coming = "coming",
        /// Past its renewal day, not yet ended.
        RenewNow = "renew-now",
        Ended = "ended",
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AgreementError {
    #[error("the agreement has no title")]
    NoTitle,
    #[error("the agreement ends before it starts")]
    Order,
    #[error("the agreement needs at least one party besides the municipality")]
    NoParty,
    #[error("a party has no name")]
    PartyName,
    #[error("a business must be named by its P-number or CVR-number, and only a business")]
    PartyBusiness,
    #[error("the notice must be between 0 and 365 days")]
    Notice,
    #[error("a text is too long")]
    TooLong,
}

impl AgreementError {
    pub fn message_id(self) -> &'static str {
        match self {
            AgreementError::NoTitle => "agreement-error-title",
            AgreementError::Order => "agreement-error-order",
            AgreementError::NoParty => "agreement-error-party",
            AgreementError::PartyName => "agreement-error-party-name",
            AgreementError::PartyBusiness => "agreement-error-party-business",
            AgreementError::Notice => "agreement-error-notice",
            AgreementError::TooLong => "agreement-error-long",
        }
    }
}

impl Agreement {
    pub fn check(mut self) -> Result<Agreement, AgreementError> {
        self.title = self.title.trim().to_string();
        // Browsers send a textarea's lines with CR LF; paragraphs are split on empty lines.
        self.obligations = self.obligations.replace("\r\n", "\n").trim().to_string();
        if self.title.is_empty() {
            return Err(AgreementError::NoTitle);
        }
        if self.title.chars().count() > 200 || self.obligations.chars().count() > 10_000 || self.parties.len() > 50 {
            return Err(AgreementError::TooLong);
        }
        if self.ends_on < self.starts_on {
            return Err(AgreementError::Order);
        }
        if self.notice_days > 365 {
            return Err(AgreementError::Notice);
        }
        for p in &mut self.parties {
            p.name = p.name.trim().to_string();
            if p.name.is_empty() {
                return Err(AgreementError::PartyName);
            }
            // A business is one of the register, named by its number; no other party is.
            if (p.kind == PartyKind::Business) != p.business_id.is_some() {
                return Err(AgreementError::PartyBusiness);
            }
        }
        if self.parties.is_empty() {
            return Err(AgreementError::NoParty);
        }
        Ok(self)
    }

    /// Whether the renewal reminder goes on `today`: within
    /// `RENEWAL_NOTICE_DAYS` of the renewal day, not ended, and not already
    /// sent for this renewal day (`reminded_for`).
    pub fn remind_now(&self, today: NaiveDate, reminded_for: Option<NaiveDate>) -> bool {
        let due = self.renew_by();
        due - today <= chrono::Duration::days(RENEWAL_NOTICE_DAYS) && self.ends_on >= today && reminded_for != Some(due)
    }

    /// The day the owner should start renewing it.
    pub fn renew_by(&self) -> NaiveDate {
        self.ends_on - chrono::Duration::days(self.notice_days as i64)
    }

    /// Where the agreement stands on `today`.
    pub fn state(&self, today: NaiveDate) -> AgreementState {
        if self.ends_on < today {
            AgreementState::Ended
        } else if self.renew_by() <= today {
            AgreementState::RenewNow
        } else if self.starts_on > today {
            AgreementState::Coming
        } else {
            AgreementState::InForce
        }
    }

    /// In force at some point from `from` to `to`.
    pub fn in_force_within(&self, from: NaiveDate, to: NaiveDate) -> bool {
        self.starts_on <= to && self.ends_on >= from
    }
}

/// The share of the municipality's active businesses (P-units in it) that
/// cooperated with the jobcenter in the year: a job order, a visit or an
/// agreement in force (indicator "virksomheder-samarbejder"). Active in the
/// year: started by its end (when the extract gave a start date), and not
/// ceased nor left out of an extract before it began. Returns (cooperating, active), or none when the
/// year has no active business.
pub fn cooperating(businesses: &[(i64, Business)], events: &[Event], agreements: &[Agreement], municipality: &str, year: i32) -> Option<(usize, usize)> {
    let (from, to) = (NaiveDate::from_ymd_opt(year, 1, 1)?, NaiveDate::from_ymd_opt(year, 12, 31)?);
    let local: Vec<i64> = businesses
        .iter()
        .filter(|(_, b)| {
            b.municipality == municipality
                && b.started_on.is_none_or(|s| s <= to)
                && b.ceased_on.is_none_or(|c| c >= from)
                && b.left_on.is_none_or(|l| l >= from)
        })
        .map(|(id, _)| *id)
        .collect();
    if local.is_empty() {
        return None;
    }
    let mut with: HashSet<i64> = standing(events)
        .iter()
        .filter(|e| matches!(e.kind, EventKind::Visit | EventKind::JobOrder) && e.on >= from && e.on <= to)
        .map(|e| e.business_id)
        .collect();
    with.extend(agreements.iter().filter(|a| a.in_force_within(from, to)).flat_map(|a| a.parties.iter().filter_map(|p| p.business_id)));
    Some((local.iter().filter(|id| with.contains(id)).count(), local.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn grid(rows: &[&[&str]]) -> Vec<Vec<String>> {
        rows.iter().map(|r| r.iter().map(|c| c.to_string()).collect()).collect()
    }

    fn ev(id: i64, kind: EventKind, on: &str, refers_to: Option<i64>, count: u32) -> Event {
        Event { id, business_id: 1, kind, on: d(on), refers_to, occupation: "Lagerarbejder".into(), count, missing_skills: vec![], note: String::new() }
    }

    fn new(kind: EventKind, on: &str, refers_to: Option<i64>, count: u32) -> NewEvent {
        NewEvent { kind, on: d(on), refers_to, occupation: "Lagerarbejder".into(), count, missing_skills: vec![], note: String::new() }
    }

    #[test]
    fn a_cvr_extract_is_read_with_its_danish_headers() {
        let g = grid(&[
            &["\u{feff}CVR-nr.", "P-nr.", "Navn", "Postnr.", "Kommunekode", "Reklamebeskyttet", "Startdato", "Ophørsdato"],
            &["12 34 56 78", "1000000001", "Ishøj Havn ApS", "2635", "183", "Nej", "01-03-2019", ""],
            &["87654321", "1000000002", "Strandparkens VVS", "2635", "Ishøj", "Ja", "", "31-12-2025"],
            &["11223344", "1000000003", "Ishøj Tømrerforretning", "2635", "183", "Nej", "1962-05-01", ""],
        ]);
        let b = read_cvr(&g).unwrap();
        assert_eq!(b[2].started_on, Some(d("1962-05-01")), "an old business keeps its start");
        assert_eq!(b[0].cvr, "12345678");
        assert_eq!(b[0].municipality, "183");
        assert!(!b[0].protected && listed(&b[0]));
        assert_eq!(b[1].municipality, "183");
        assert!(b[1].protected && !listed(&b[1]));
        assert_eq!(b[1].ceased_on, Some(d("2025-12-31")));
        assert_eq!((b[0].started_on, b[1].started_on), (Some(d("2019-03-01")), None));
        assert!(!listed(&Business { left_on: Some(d("2026-06-01")), ..b[0].clone() }), "left out of a later extract: off the lists");
    }

    #[test]
    fn a_broken_extract_says_where() {
        let head: &[&str] = &["CVR-nr.", "P-nr.", "Navn", "Reklamebeskyttet"];
        let bad = |row: &[&str]| read_cvr(&grid(&[head, row])).unwrap_err();
        assert_eq!(bad(&["1234567", "1000000001", "A", "Nej"]), CvrImportError::Cvr { row: 2, text: "1234567".into() });
        assert_eq!(bad(&["12345678", "10000001", "A", "Nej"]), CvrImportError::PNumber { row: 2, text: "10000001".into() });
        assert_eq!(bad(&["12345678", "1000000001", "", "Nej"]), CvrImportError::NoName { row: 2 });
        assert_eq!(bad(&["12345678", "1000000001", "A", "måske"]), CvrImportError::YesNo { row: 2, text: "måske".into() });
        assert_eq!(read_cvr(&grid(&[&["Navn", "P-nr."]])).unwrap_err(), CvrImportError::MissingColumn("cvr nr".into()));
        let unsaid = grid(&[&["CVR-nr.", "P-nr.", "Navn"], &["12345678", "1000000001", "A"]]);
        assert_eq!(read_cvr(&unsaid).unwrap_err(), CvrImportError::MissingColumn("reklamebeskyttet".into()), "protection is never assumed away");
        assert_eq!(bad(&["12345678", "1000000001", "A", ""]), CvrImportError::YesNo { row: 2, text: String::new() });
        assert_eq!(read_cvr(&grid(&[head])).unwrap_err(), CvrImportError::Empty);
        let twice = grid(&[head, &["12345678", "1000000001", "A", "Nej"], &["12345678", "1000000001", "A", "Nej"]]);
        assert_eq!(read_cvr(&twice).unwrap_err(), CvrImportError::Twice { row: 3, text: "1000000001".into() });
    }

    #[test]
    fn a_lookup_is_a_number_not_a_name() {
        assert_eq!(Lookup::parse("12 34 56 78"), Some(Lookup::Cvr("12345678".into())));
        assert_eq!(Lookup::parse("1000000001"), Some(Lookup::PNumber("1000000001".into())));
        assert_eq!(Lookup::parse("VVS"), None);
        assert_eq!(Lookup::parse("123"), None);
    }

    #[test]
    fn job_order_events_must_name_an_open_order() {
        let today = d("2026-06-30");
        let order = ev(1, EventKind::JobOrder, "2026-03-01", None, 2);
        let earlier = vec![order.clone()];
        assert!(check_event(new(EventKind::Referral, "2026-03-05", Some(1), 3), &earlier, today).is_ok());
        assert_eq!(check_event(new(EventKind::Referral, "2026-03-05", Some(9), 3), &earlier, today), Err(EventError::NoJobOrder));
        assert_eq!(check_event(new(EventKind::Hire, "2026-02-05", Some(1), 1), &earlier, today), Err(EventError::BeforeOrder));
        assert_eq!(check_event(new(EventKind::Hire, "2026-07-05", Some(1), 1), &earlier, today), Err(EventError::Future));
        assert_eq!(check_event(new(EventKind::Hire, "2026-04-05", Some(1), 0), &earlier, today), Err(EventError::Count));
        // Closed before a hire already recorded: refused; closed after one: it lacked nothing.
        let hired = vec![order.clone(), ev(3, EventKind::Hire, "2026-04-01", Some(1), 1)];
        assert_eq!(check_event(new(EventKind::Closed, "2026-03-20", Some(1), 0), &hired, today), Err(EventError::BeforeOrder));
        let mut close = new(EventKind::Closed, "2026-04-02", Some(1), 0);
        close.missing_skills = vec!["læse tegninger".into()];
        assert!(check_event(close, &hired, today).unwrap().missing_skills.is_empty());
        let closed = vec![order, ev(2, EventKind::Closed, "2026-04-01", Some(1), 0)];
        assert_eq!(check_event(new(EventKind::Hire, "2026-04-05", Some(1), 1), &closed, today), Err(EventError::NoJobOrder));
        let mut jo = new(EventKind::JobOrder, "2026-03-01", None, 1);
        jo.occupation = " ".into();
        assert_eq!(check_event(jo, &[], today), Err(EventError::NoOccupation));
    }

    #[test]
    fn an_annulled_event_stays_but_does_not_count() {
        let events = vec![
            ev(1, EventKind::JobOrder, "2026-01-10", None, 2),
            ev(2, EventKind::Hire, "2026-02-01", Some(1), 1),
            ev(3, EventKind::Closed, "2026-02-10", Some(1), 0),
            ev(4, EventKind::JobOrder, "2026-01-12", None, 1),
            ev(5, EventKind::Closed, "2026-05-10", Some(4), 0),
            ev(6, EventKind::Annulled, "2026-02-11", Some(2), 0),
        ];
        let orders = job_orders(&events);
        assert_eq!(orders.len(), 2);
        assert!(!orders[0].filled(), "the hire was annulled");
        assert_eq!(filled_per_quarter(&orders), vec![((2026, 1), 1, 0), ((2026, 2), 1, 0)]);
        assert_eq!(check_event(new(EventKind::Annulled, "2026-03-01", Some(2), 0), &events, d("2026-06-01")), Err(EventError::NothingToAnnul));
        // Annulling the order takes its hires and closing with it.
        let mut more = events.clone();
        more.push(ev(7, EventKind::Annulled, "2026-06-01", Some(4), 0));
        assert_eq!(job_orders(&more).len(), 1);
    }

    #[test]
    fn cooperation_counts_local_active_businesses_once() {
        let b = |m: &str, ceased: Option<&str>| Business {
            started_on: None,
            left_on: None,
            cvr: "12345678".into(),
            p_number: "1000000001".into(),
            name: "A".into(),
            address: String::new(),
            postcode: String::new(),
            city: String::new(),
            municipality: m.into(),
            industry_code: String::new(),
            industry: String::new(),
            employees: String::new(),
            protected: false,
            ceased_on: ceased.map(d),
        };
        let businesses = vec![(1, b("183", None)), (2, b("183", None)), (3, b("165", None)), (4, b("183", Some("2024-06-01"))), (5, b("183", None))];
        let mut events = vec![ev(1, EventKind::Visit, "2025-03-01", None, 0), ev(2, EventKind::JobOrder, "2025-04-01", None, 1)];
        events[1].business_id = 3; // not local
        let mut e3 = ev(3, EventKind::Visit, "2025-05-01", None, 0);
        e3.business_id = 1; // twice the same business
        events.push(e3);
        let agreement = Agreement {
            title: "Praktik".into(),
            obligations: String::new(),
            starts_on: d("2024-01-01"),
            ends_on: d("2025-02-01"),
            notice_days: 60,
            parties: vec![Party { kind: PartyKind::Business, business_id: Some(2), name: "B".into() }],
        };
        assert_eq!(cooperating(&businesses, &events, std::slice::from_ref(&agreement), "183", 2025), Some((2, 3)));
        assert_eq!(cooperating(&businesses, &events, std::slice::from_ref(&agreement), "183", 2026), Some((0, 3)));
        assert_eq!(agreement.renew_by(), d("2024-12-03"));
        assert_eq!(agreement.state(d("2024-06-01")), AgreementState::InForce);
        assert_eq!(agreement.state(d("2024-12-03")), AgreementState::RenewNow);
        assert_eq!(agreement.state(d("2025-02-02")), AgreementState::Ended);
        assert_eq!(agreement.state(d("2023-12-31")), AgreementState::Coming);
        assert!(!agreement.remind_now(d("2024-11-18"), None), "15 days before the renewal day is too early");
        assert!(agreement.remind_now(d("2024-11-19"), None));
        assert!(!agreement.remind_now(d("2024-11-19"), Some(d("2024-12-03"))), "once per renewal day");
        assert!(agreement.remind_now(d("2025-01-10"), Some(d("2023-12-03"))), "late, but before it ends");
        assert!(!agreement.remind_now(d("2025-02-02"), None), "ended");
        assert_eq!(cooperating(&businesses, &events, &[], "999", 2025), None);
        // A business started in 2026 is not in 2025's denominator, nor in any year before it.
        let mut later = businesses.clone();
        later.push((6, Business { started_on: Some(d("2026-02-01")), ..b("183", None) }));
        assert_eq!(cooperating(&later, &events, std::slice::from_ref(&agreement), "183", 2025), Some((2, 3)));
        assert_eq!(cooperating(&later, &events, std::slice::from_ref(&agreement), "183", 2026), Some((0, 4)));
        // One left out of an extract in 2026 (ceased, as "Søg og udtræk" leaves those out) counts until then, not after.
        later.push((7, Business { left_on: Some(d("2026-03-01")), ..b("183", None) }));
        assert_eq!(cooperating(&later, &events, std::slice::from_ref(&agreement), "183", 2026), Some((0, 5)));
        assert_eq!(cooperating(&later, &events, std::slice::from_ref(&agreement), "183", 2027), Some((0, 4)));
    }

    #[test]
    fn a_quarter_with_few_closed_orders_is_hidden_and_contacts_are_kept_two_years() {
        assert_eq!(filled_share(4, 4), None);
        assert_eq!(filled_share(5, 2), Some(40.0));
        assert_eq!(filled_share(3, 1).or(filled_share(7, 1)), Some(14.3));
        assert_eq!(contact_kept_until(d("2026-02-28")), d("2028-02-28"));
    }

    #[test]
    fn an_agreement_is_checked() {
        let a = Agreement {
            title: " Praktikaftale ".into(),
            obligations: String::new(),
            starts_on: d("2026-01-01"),
            ends_on: d("2027-12-31"),
            notice_days: 90,
            parties: vec![Party { kind: PartyKind::School, business_id: None, name: "Ishøj Skole".into() }],
        };
        assert_eq!(a.clone().check().unwrap().title, "Praktikaftale");
        assert_eq!(Agreement { ends_on: d("2025-01-01"), ..a.clone() }.check(), Err(AgreementError::Order));
        assert_eq!(Agreement { parties: vec![], ..a.clone() }.check(), Err(AgreementError::NoParty));
        assert_eq!(Agreement { notice_days: 400, ..a.clone() }.check(), Err(AgreementError::Notice));
        assert_eq!(Agreement { title: "".into(), ..a.clone() }.check(), Err(AgreementError::NoTitle));
        let unnamed = Party { kind: PartyKind::Business, business_id: None, name: "Et firma".into() };
        assert_eq!(Agreement { parties: vec![unnamed], ..a.clone() }.check(), Err(AgreementError::PartyBusiness));
        let paragraphs = Agreement { obligations: "En.\r\n\r\nTo.".into(), ..a }.check().unwrap();
        assert_eq!(paragraphs.obligations.split("\n\n").count(), 2);
    }
}
