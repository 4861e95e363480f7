//! The business service's pages: the register with its search and the CVR
//! import, a business with its job orders, events and contact persons, the
//! contact list as a spreadsheet, and the cooperation agreements. What may
//! be read and done comes from `service::policy::business`; reklamebeskyttede
//! businesses are never on a list here or in the spreadsheet.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect};
use domain::policy::business::{Agreement, Business, Event, EventKind, JobOrder, NewEvent, Party, PartyKind};
use service::policy::business::{self as svc, Found, KeepError, SaveAgreementError};
use store::business::{Contact, StoredAgreement};

use crate::AppState;
use crate::ctx::Ctx;
use crate::form::Pairs;
use crate::render::{AppError, PageResult, page_with_status};
use crate::routes::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .get("/businesses", list)
        .get("/businesses.xlsx", contact_list)
        .post("/businesses/import", import)
        .get("/businesses/{id}", business)
        .post("/businesses/{id}/events", add_event)
        .post("/businesses/{id}/events/{event}/erase-note", erase_note)
        .post("/businesses/{id}/contacts", add_contact)
        .post("/businesses/{id}/contacts/{contact}/keep", keep_contact)
        .post("/businesses/{id}/contacts/{contact}/delete", delete_contact)
        .get("/agreements", agreements)
        .post("/agreements", create_agreement)
        .get("/agreements/{id}", agreement)
        .post("/agreements/{id}", update_agreement)
}

pub const PAGE_SIZE: i64 = 50;

/// The day of a moment in Denmark.
fn local_day(at: chrono::DateTime<chrono::Utc>) -> chrono::NaiveDate {
    at.with_timezone(&chrono_tz::Europe::Copenhagen).date_naive()
}

#[derive(serde::Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    q: String,
    page: Option<i64>,
    imported: Option<String>,
}

/// A business on a list.
pub struct Line {
    pub id: i64,
    pub name: String,
    pub cvr: String,
    pub p_number: String,
    pub industry: String,
    pub place: String,
    pub protected: bool,
}

fn line(id: i64, b: &Business) -> Line {
    Line {
        id,
        name: b.name.clone(),
        cvr: b.cvr.clone(),
        p_number: b.p_number.clone(),
        industry: b.industry.clone(),
        place: {
            let town = format!("{} {}", b.postcode, b.city);
            [b.address.as_str(), town.trim()].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(", ")
        },
        protected: b.protected,
    }
}

#[derive(Template)]
#[template(path = "policy/businesses.html")]
struct ListPage<'a> {
    ctx: &'a Ctx,
    section: &'a str,
    title: String,
    q: String,
    q_encoded: String,
    lines: Vec<Line>,
    /// "found" words: how many, and whether the search was by number.
    found: String,
    page_no: i64,
    pages: i64,
    can_keep: bool,
    /// The export holds contact persons for this reader.
    with_contacts: bool,
    notice: Option<(bool, String)>,
}

async fn list(State(state): State<AppState>, ctx: Ctx, Query(q): Query<ListQuery>) -> PageResult {
    let notice = q
        .imported
        .as_deref()
        .and_then(|s| {
            let mut n = s.splitn(3, '-');
            Some((n.next()?, n.next()?, n.next().unwrap_or("0")))
        })
        .map(|(a, u, l)| (true, ctx.tr.args("business-imported", [("added", a.to_string()), ("updated", u.to_string()), ("left", l.to_string())])));
    list_view(&state, &ctx, &q, StatusCode::OK, notice).await
}

async fn list_view(state: &AppState, ctx: &Ctx, q: &ListQuery, status: StatusCode, notice: Option<(bool, String)>) -> PageResult {
    let req = ctx.req(state)?;
    let page_no = q.page.unwrap_or(1).clamp(1, 100_000);
    let (lines, found, pages) = match svc::search(&req, &q.q, PAGE_SIZE, (page_no - 1) * PAGE_SIZE).await? {
        // A number that names one P-unit goes straight to it.
        Found::Numbers(one) if one.len() == 1 && notice.is_none() => return Ok(Redirect::to(&format!("/businesses/{}", one[0].0)).into_response()),
        Found::Numbers(all) => (all.iter().map(|(id, b)| line(*id, b)).collect::<Vec<_>>(), ctx.tr.t1("business-found-number", "count", all.len()), 1),
        Found::Page(page, total) => {
            (page.iter().map(|(id, b)| line(*id, b)).collect(), ctx.tr.t1("business-found", "count", total), ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1))
        }
    };
    let p = ListPage {
        ctx,
        section: "policy",
        title: ctx.tr.t("business-title"),
        q_encoded: crate::ctx::urlencode(&q.q),
        q: q.q.clone(),
        lines,
        found,
        page_no,
        pages,
        can_keep: ctx.user()?.viewer.can_keep_businesses(),
        with_contacts: ctx.user()?.viewer.can_read_contacts(),
        notice,
    };
    page_with_status(ctx, status, &p)
}

/// Imports a CVR extract (CSV or XLSX).
async fn import(State(state): State<AppState>, ctx: Ctx, mp: axum::extract::Multipart) -> PageResult {
    // Asked before the file is read, as every upload is.
    svc::may_keep(&ctx.req(&state)?).await?;
    let max = state.config.max_upload;
    let q = ListQuery::default();
    let fail = |status, msg| list_view(&state, &ctx, &q, status, Some((false, msg)));
    let up = match crate::admin::read_upload(mp, max).await {
        Ok(u) => u,
        Err(p) => return fail(StatusCode::BAD_REQUEST, crate::admin::upload_message(ctx.tr, &p, max)).await,
    };
    ctx.check_csrf(&up.csrf)?;
    let grid = match export::read_grid(&up.file_name, &up.bytes) {
        Ok(g) => g,
        Err(e) => return fail(StatusCode::UNPROCESSABLE_ENTITY, ctx.tr.t(e.message_id())).await,
    };
    match svc::import(&ctx.req(&state)?, &grid).await {
        Ok((added, updated, left)) => Ok(Redirect::to(&format!("/businesses?imported={added}-{updated}-{left}")).into_response()),
        Err(KeepError::Invalid(e)) => fail(StatusCode::UNPROCESSABLE_ENTITY, ctx.tr.args(e.message_id(), e.args())).await,
        Err(KeepError::Service(e)) => Err(e.into()),
    }
}

/// The contact list: every business that may stand on a list, with its
/// contact persons for those who may read them. Reklamebeskyttede are never in it.
async fn contact_list(State(state): State<AppState>, ctx: Ctx) -> PageResult {
    use export::xlsx::{Cell, Sheet};
    let req = ctx.req(&state)?;
    let businesses = svc::listed_all(&req).await?;
    let contacts = svc::listed_contacts(&req).await?;
    let tr = &ctx.tr;
    let text = |s: &str| Cell::Text(s.to_string());
    let sheet = Sheet {
        name: tr.t("business-sheet"),
        header: [
            "business-name",
            "business-cvr",
            "business-p",
            "business-address",
            "business-postcode",
            "business-city",
            "business-industry",
            "business-employees",
            "business-contact-name",
            "business-contact-role",
            "business-contact-email",
            "business-contact-phone",
        ]
        .iter()
        .map(|k| tr.t(k))
        .collect(),
        rows: businesses
            .iter()
            .flat_map(|(id, b)| {
                let facts = vec![
                    text(&b.name),
                    text(&b.cvr),
                    text(&b.p_number),
                    text(&b.address),
                    text(&b.postcode),
                    text(&b.city),
                    text(&b.industry),
                    text(&b.employees),
                ];
                let theirs: Vec<&Contact> = contacts.iter().flatten().filter(|c| c.business_id == *id).collect();
                if theirs.is_empty() {
                    let mut row = facts;
                    row.extend([Cell::Empty, Cell::Empty, Cell::Empty, Cell::Empty]);
                    vec![row]
                } else {
                    theirs
                        .iter()
                        .map(|c| {
                            let facts = facts.iter().map(|f| match f {
                                Cell::Text(t) => Cell::Text(t.clone()),
                                _ => Cell::Empty,
                            });
                            facts.chain([text(&c.name), text(&c.role), text(&c.email), text(&c.phone)]).collect()
                        })
                        .collect()
                }
            })
            .collect(),
    };
    let bytes = export::xlsx::workbook(&[sheet]).map_err(AppError::internal)?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{}.xlsx\"", tr.t("business-file"))),
        ],
        bytes,
    )
        .into_response())
}

/// An event as the business's page lists it.
pub struct EventLine {
    pub id: i64,
    pub on: String,
    pub on_iso: String,
    pub kind: String,
    pub what: String,
    pub recorded: String,
    pub annulled: bool,
    /// It counts, and so may be annulled.
    pub annullable: bool,
    /// It has a note, which may be erased.
    pub has_note: bool,
}

/// A job order as the page lists it.
pub struct OrderLine {
    pub id: i64,
    pub occupation: String,
    pub opened: String,
    pub positions: u32,
    pub referred: u32,
    pub hired: u32,
    pub state: String,
    pub open: bool,
    pub missing: String,
}

#[derive(Template)]
#[template(path = "policy/business.html")]
struct BusinessPage<'a> {
    ctx: &'a Ctx,
    section: &'a str,
    title: String,
    id: i64,
    b: Business,
    municipality: String,
    started: String,
    ceased: String,
    orders: Vec<OrderLine>,
    /// Whether any job order is open (the form for its events is shown).
    any_open: bool,
    events: Vec<EventLine>,
    /// (id, title, period) of the agreements it is party to.
    agreements: Vec<(i64, String, String)>,
    /// None when the reader may not see them, or has not asked to.
    contacts: Option<Vec<(Contact, String)>>,
    may_show_contacts: bool,
    reads: Vec<(String, String)>,
    can_keep: bool,
    today: String,
    notice: Option<(bool, String)>,
    /// The event form as it was sent back, when it was refused.
    form: EventForm,
}

#[derive(Default, Clone)]
pub struct EventForm {
    pub kind: String,
    pub on: String,
    pub occupation: String,
    pub count: String,
    pub note: String,
    pub order: String,
    pub missing: String,
    pub event: String,
}

impl EventForm {
    /// Which of the page's three forms was sent ("order", "annul" or
    /// "event"), so that a refused one comes back filled in and the others empty.
    pub fn sent_by(&self, which: &str) -> bool {
        let by = match self.kind.as_str() {
            "" => "",
            "referral" | "hire" | "closed" => "order",
            "annulled" => "annul",
            _ => "event",
        };
        by == which
    }
}

#[derive(serde::Deserialize, Default)]
pub struct BusinessQuery {
    saved: Option<String>,
    /// Show the contact persons: each showing is a read in the log, so they are shown when asked for.
    contacts: Option<String>,
}

async fn business(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Query(q): Query<BusinessQuery>) -> PageResult {
    let notice = q.saved.as_deref().map(|s| {
        let which = match s {
            "contact" | "erased" => s,
            _ => "event",
        };
        (true, ctx.tr.t(&format!("business-saved-{which}")))
    });
    let show = q.contacts.is_some() || q.saved.as_deref() == Some("contact");
    business_view(&state, &ctx, id, StatusCode::OK, notice, EventForm::default(), show).await
}

fn kind_words(ctx: &Ctx, k: EventKind) -> String {
    ctx.tr.t(&format!("business-event-{}", k.as_str().replace('_', "-")))
}

async fn business_view(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    status: StatusCode,
    notice: Option<(bool, String)>,
    form: EventForm,
    show_contacts: bool,
) -> PageResult {
    let req = ctx.req(state)?;
    let d = svc::detail(&req, id).await?;
    let viewer = &ctx.user()?.viewer;
    let day = |x: chrono::NaiveDate| i18n::day(&ctx.tr, x);
    let annulled: Vec<i64> = d.events.iter().filter(|e| e.kind == EventKind::Annulled).filter_map(|e| e.refers_to).collect();
    // What may still be annulled: the events that count (not those of an annulled job order).
    let standing: Vec<i64> = domain::policy::business::standing(&d.events).iter().map(|e| e.id).collect();
    let order_name = |id: Option<i64>| {
        id.and_then(|i| d.job_orders.iter().find(|o| o.id == i)).map(|o| format!("{} ({})", o.occupation, day(o.opened_on))).unwrap_or_default()
    };
    let what = |e: &Event| -> String {
        match e.kind {
            EventKind::JobOrder => ctx.tr.args("business-what-order", [("occupation", e.occupation.clone()), ("n", e.count.to_string())]),
            EventKind::Referral | EventKind::Hire => ctx.tr.args("business-what-count", [("order", order_name(e.refers_to)), ("n", e.count.to_string())]),
            EventKind::Closed => order_name(e.refers_to),
            EventKind::Annulled => ctx.tr.t1("business-what-annulled", "n", e.refers_to.unwrap_or_default()),
            _ => String::new(),
        }
    };
    let events = d
        .events
        .iter()
        .rev()
        .map(|e| EventLine {
            id: e.id,
            on: day(e.on),
            on_iso: e.on.to_string(),
            kind: kind_words(ctx, e.kind),
            what: [what(e), e.note.clone()].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" – "),
            recorded: d.recorded.iter().find(|r| r.0 == e.id).map(|r| format!("{}, {}", r.1, i18n::day(&ctx.tr, local_day(r.2)))).unwrap_or_default(),
            annulled: annulled.contains(&e.id),
            annullable: standing.contains(&e.id),
            has_note: !e.note.is_empty(),
        })
        .collect();
    let orders = d.job_orders.iter().rev().map(|o: &JobOrder| OrderLine {
        id: o.id,
        occupation: o.occupation.clone(),
        opened: day(o.opened_on),
        positions: o.positions,
        referred: o.referred,
        hired: o.hired,
        state: match o.closed_on {
            None => ctx.tr.t("business-order-open"),
            Some(c) if o.filled() => ctx.tr.t1("business-order-filled", "date", day(c)),
            Some(c) => ctx.tr.t1("business-order-unfilled", "date", day(c)),
        },
        open: o.closed_on.is_none(),
        missing: o.missing_skills.join(", "),
    });
    let agreements =
        d.agreements.iter().map(|a| (a.id, a.agreement.title.clone(), format!("{}–{}", day(a.agreement.starts_on), day(a.agreement.ends_on)))).collect();
    let (contacts, reads) = if viewer.can_read_contacts() && show_contacts {
        let contacts = svc::contacts(&req, id).await?;
        let reads = svc::contact_reads(&req, id).await?;
        (
            Some(
                contacts
                    .into_iter()
                    .map(|c| {
                        let until = c.keep_until.parse().map(day).unwrap_or_else(|_| c.keep_until.clone());
                        (c, until)
                    })
                    .collect(),
            ),
            reads.into_iter().map(|(at, who)| (i18n::day(&ctx.tr, local_day(at)), who)).collect(),
        )
    } else {
        (None, vec![])
    };
    let p = BusinessPage {
        ctx,
        section: "policy",
        title: d.business.name.clone(),
        id: d.id,
        municipality: domain::policy::COMPARISON
            .iter()
            .find(|c| c.0 == d.business.municipality)
            .map(|c| c.1.to_string())
            .unwrap_or_else(|| d.business.municipality.clone()),
        started: d.business.started_on.map(day).unwrap_or_default(),
        ceased: d.business.ceased_on.map(day).unwrap_or_default(),
        b: d.business,
        any_open: d.job_orders.iter().any(|o| o.closed_on.is_none()),
        orders: orders.collect(),
        events,
        agreements,
        contacts,
        reads,
        may_show_contacts: viewer.can_read_contacts(),
        can_keep: viewer.can_keep_businesses(),
        today: state.clock.today().to_string(),
        notice,
        form,
    };
    page_with_status(ctx, status, &p)
}

/// Appends an event: a visit, a job order, a referral to Erhvervshus, or
/// one that belongs to a job order (referral, hire, closing), or an
/// annulment of an earlier one.
async fn add_event(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, form: Pairs) -> PageResult {
    ctx.check_csrf(&form.one("csrf"))?;
    // Asked before the form is read, so that a refusal is a refusal whatever was sent.
    svc::may_keep(&ctx.req(&state)?).await?;
    let sent = EventForm {
        kind: form.one("kind"),
        on: form.one("on"),
        occupation: form.one("occupation"),
        count: form.one("count"),
        note: form.one("note"),
        order: form.one("order"),
        missing: form.one("missing"),
        event: form.one("event"),
    };
    let refuse = |msg: String| business_view(&state, &ctx, id, StatusCode::UNPROCESSABLE_ENTITY, Some((false, msg)), sent.clone(), false);
    let Some(kind) = EventKind::parse(&sent.kind) else { return refuse(ctx.tr.t("business-event-error-kind")).await };
    let Some(on) = domain::policy::cases::date(&sent.on) else { return refuse(ctx.tr.t("business-event-error-date")).await };
    let count = match sent.count.trim() {
        "" => 0,
        c => match c.parse::<u32>() {
            Ok(n) => n,
            Err(_) => return refuse(ctx.tr.t("business-event-error-count")).await,
        },
    };
    let refers_to = match kind {
        EventKind::Annulled => sent.event.parse().ok(),
        _ => sent.order.parse().ok(),
    };
    let missing_skills = sent.missing.split([',', ';', '\n']).map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect();
    let e = NewEvent { kind, on, refers_to, occupation: sent.occupation.clone(), count, missing_skills, note: sent.note.clone() };
    match svc::add_event(&ctx.req(&state)?, id, e).await {
        Ok(_) => Ok(Redirect::to(&format!("/businesses/{id}?saved=event#events")).into_response()),
        Err(KeepError::Invalid(e)) => refuse(ctx.tr.t(e.message_id())).await,
        Err(KeepError::Service(e)) => Err(e.into()),
    }
}

async fn erase_note(State(state): State<AppState>, ctx: Ctx, Path((id, event)): Path<(i64, i64)>, form: Pairs) -> PageResult {
    ctx.check_csrf(&form.one("csrf"))?;
    svc::erase_note(&ctx.req(&state)?, id, event).await?;
    Ok(Redirect::to(&format!("/businesses/{id}?saved=erased#events")).into_response())
}

async fn add_contact(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, form: Pairs) -> PageResult {
    ctx.check_csrf(&form.one("csrf"))?;
    match svc::add_contact(&ctx.req(&state)?, id, &form.one("name"), &form.one("role"), &form.one("email"), &form.one("phone")).await {
        Ok(_) => Ok(Redirect::to(&format!("/businesses/{id}?saved=contact#contacts")).into_response()),
        Err(KeepError::Invalid(e)) => {
            business_view(&state, &ctx, id, StatusCode::UNPROCESSABLE_ENTITY, Some((false, ctx.tr.t(e.message_id()))), EventForm::default(), true).await
        }
        Err(KeepError::Service(e)) => Err(e.into()),
    }
}

async fn keep_contact(State(state): State<AppState>, ctx: Ctx, Path((id, contact)): Path<(i64, i64)>, form: Pairs) -> PageResult {
    ctx.check_csrf(&form.one("csrf"))?;
    svc::keep_contact(&ctx.req(&state)?, id, contact).await?;
    Ok(Redirect::to(&format!("/businesses/{id}?saved=contact#contacts")).into_response())
}

async fn delete_contact(State(state): State<AppState>, ctx: Ctx, Path((id, contact)): Path<(i64, i64)>, form: Pairs) -> PageResult {
    ctx.check_csrf(&form.one("csrf"))?;
    svc::delete_contact(&ctx.req(&state)?, id, contact).await?;
    Ok(Redirect::to(&format!("/businesses/{id}?saved=contact#contacts")).into_response())
}

/// An agreement as the list shows it.
pub struct AgreementLine {
    pub id: i64,
    pub title: String,
    pub parties: String,
    pub period: String,
    pub renew_by: String,
    pub state: String,
}

/// The agreement form's values, as sent or as stored.
#[derive(Clone, Default)]
pub struct AgreementForm {
    pub title: String,
    pub obligations: String,
    pub starts_on: String,
    pub ends_on: String,
    pub notice_days: String,
    pub owner: String,
    pub version: i64,
    /// (kind, name, CVR or P-number), with empty rows to fill in.
    pub parties: Vec<(String, String, String)>,
}

const EMPTY_PARTY_ROWS: usize = 3;

impl AgreementForm {
    fn with_room(mut self) -> AgreementForm {
        self.parties.retain(|p| !p.1.trim().is_empty() || !p.2.trim().is_empty());
        self.parties.extend(std::iter::repeat_n((String::new(), String::new(), String::new()), EMPTY_PARTY_ROWS));
        self
    }
}

#[derive(Template)]
#[template(path = "policy/agreements.html")]
struct AgreementsPage<'a> {
    ctx: &'a Ctx,
    section: &'a str,
    title: String,
    lines: Vec<AgreementLine>,
    can_keep: bool,
    form: AgreementForm,
    /// (id, name) of the units that can own an agreement.
    units: Vec<(i64, String)>,
    kinds: Vec<(&'static str, String)>,
    error: Option<String>,
}

fn party_kinds(ctx: &Ctx) -> Vec<(&'static str, String)> {
    PartyKind::ALL.iter().map(|k| (k.as_str(), ctx.tr.t(&format!("agreement-party-{}", k.as_str())))).collect()
}

async fn units(state: &AppState, ctx: &Ctx) -> Result<Vec<(i64, String)>, AppError> {
    let org = state.reference(ctx.user()?).await?;
    Ok(org.units.iter().map(|u| (u.id, u.name.clone())).collect())
}

async fn agreements(State(state): State<AppState>, ctx: Ctx) -> PageResult {
    agreements_view(&state, &ctx, StatusCode::OK, AgreementForm::default(), None).await
}

fn agreement_state(ctx: &Ctx, a: &Agreement, today: chrono::NaiveDate) -> String {
    ctx.tr.t(&format!("agreement-{}", a.state(today)))
}

async fn agreements_view(state: &AppState, ctx: &Ctx, status: StatusCode, form: AgreementForm, error: Option<String>) -> PageResult {
    let req = ctx.req(state)?;
    let all = svc::agreements(&req).await?;
    let today = state.clock.today();
    let day = |x: chrono::NaiveDate| i18n::day(&ctx.tr, x);
    let lines = all
        .iter()
        .map(|s| AgreementLine {
            id: s.id,
            title: s.agreement.title.clone(),
            parties: s
                .agreement
                .parties
                .iter()
                .map(|p| if p.name.is_empty() { ctx.tr.t("agreement-party-protected") } else { p.name.clone() })
                .collect::<Vec<_>>()
                .join(", "),
            period: format!("{}–{}", day(s.agreement.starts_on), day(s.agreement.ends_on)),
            renew_by: day(s.agreement.renew_by()),
            state: agreement_state(ctx, &s.agreement, today),
        })
        .collect();
    let p = AgreementsPage {
        ctx,
        section: "policy",
        title: ctx.tr.t("agreement-title"),
        lines,
        can_keep: ctx.user()?.viewer.can_keep_businesses(),
        form: form.with_room(),
        units: units(state, ctx).await?,
        kinds: party_kinds(ctx),
        error,
    };
    page_with_status(ctx, status, &p)
}

#[derive(Template)]
#[template(path = "policy/agreement.html")]
struct AgreementPage<'a> {
    ctx: &'a Ctx,
    section: &'a str,
    title: String,
    id: i64,
    a: Agreement,
    period: String,
    renew_by: String,
    state: String,
    owner: String,
    can_keep: bool,
    form: AgreementForm,
    units: Vec<(i64, String)>,
    kinds: Vec<(&'static str, String)>,
    error: Option<String>,
    saved: bool,
    /// Parties that are businesses link to their page for those who may read it.
    links: bool,
}

fn form_of(s: &StoredAgreement, businesses: &[(i64, Business)]) -> AgreementForm {
    AgreementForm {
        title: s.agreement.title.clone(),
        obligations: s.agreement.obligations.clone(),
        starts_on: s.agreement.starts_on.to_string(),
        ends_on: s.agreement.ends_on.to_string(),
        notice_days: s.agreement.notice_days.to_string(),
        owner: s.owner_unit_id.map(|u| u.to_string()).unwrap_or_default(),
        version: s.version,
        parties: s
            .agreement
            .parties
            .iter()
            .map(|p| {
                let number = p.business_id.and_then(|b| businesses.iter().find(|x| x.0 == b)).map(|x| x.1.p_number.clone()).unwrap_or_default();
                (p.kind.as_str().to_string(), p.name.clone(), number)
            })
            .collect(),
    }
}

#[derive(serde::Deserialize, Default)]
pub struct SavedQuery {
    saved: Option<String>,
}

async fn agreement(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Query(q): Query<SavedQuery>) -> PageResult {
    agreement_view(&state, &ctx, id, StatusCode::OK, None, None, q.saved.is_some()).await
}

async fn agreement_view(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    status: StatusCode,
    form: Option<AgreementForm>,
    error: Option<String>,
    saved: bool,
) -> PageResult {
    let req = ctx.req(state)?;
    let s = svc::agreement(&req, id).await?;
    let today = state.clock.today();
    let day = |x: chrono::NaiveDate| i18n::day(&ctx.tr, x);
    let units = units(state, ctx).await?;
    let can_keep = ctx.user()?.viewer.can_keep_businesses();
    let form = match form {
        Some(f) => f,
        None if can_keep => form_of(&s, &svc::parties(&req, &s).await?),
        None => AgreementForm::default(),
    };
    let p = AgreementPage {
        ctx,
        section: "policy",
        title: s.agreement.title.clone(),
        id,
        period: format!("{}–{}", day(s.agreement.starts_on), day(s.agreement.ends_on)),
        renew_by: day(s.agreement.renew_by()),
        state: agreement_state(ctx, &s.agreement, today),
        owner: s.owner_unit_id.and_then(|u| units.iter().find(|x| x.0 == u)).map(|x| x.1.clone()).unwrap_or_default(),
        a: s.agreement,
        can_keep,
        form: form.with_room(),
        units,
        kinds: party_kinds(ctx),
        error,
        saved,
        links: ctx.user()?.viewer.can_read_businesses(),
    };
    page_with_status(ctx, status, &p)
}

/// The form's values, and the agreement they make (or why they make none).
async fn read_agreement(state: &AppState, ctx: &Ctx, form: &Pairs) -> Result<(AgreementForm, Result<(Agreement, Option<i64>), String>), AppError> {
    let kinds = form.all("party_kind");
    let names = form.all("party_name");
    let numbers = form.all("party_number");
    let sent = AgreementForm {
        title: form.one("title"),
        obligations: form.one("obligations"),
        starts_on: form.one("starts_on"),
        ends_on: form.one("ends_on"),
        notice_days: form.one("notice_days"),
        owner: form.one("owner"),
        version: form.one("version").parse().unwrap_or(0),
        parties: kinds
            .iter()
            .enumerate()
            .map(|(i, k)| (k.clone(), names.get(i).cloned().unwrap_or_default(), numbers.get(i).cloned().unwrap_or_default()))
            .collect(),
    };
    let tr = &ctx.tr;
    let (Some(starts_on), Some(ends_on)) = (domain::policy::cases::date(&sent.starts_on), domain::policy::cases::date(&sent.ends_on)) else {
        return Ok((sent, Err(tr.t("agreement-error-date"))));
    };
    let Ok(notice_days) = sent.notice_days.trim().parse::<u32>() else { return Ok((sent, Err(tr.t("agreement-error-notice")))) };
    let owner = match sent.owner.trim() {
        "" => None,
        o => match o.parse::<i64>() {
            Ok(u) => Some(u),
            Err(_) => return Ok((sent, Err(tr.t("agreement-error-owner")))),
        },
    };
    let req = ctx.req(state)?;
    let mut parties = vec![];
    for (kind, name, number) in &sent.parties {
        if name.trim().is_empty() && number.trim().is_empty() {
            continue;
        }
        let Some(kind) = PartyKind::parse(kind) else { return Ok((sent.clone(), Err(tr.t("agreement-error-party-kind")))) };
        let (business_id, name) = match number.trim() {
            "" => (None, name.clone()),
            n => match svc::party(&req, n).await? {
                Some((id, b)) => (Some(id), if name.trim().is_empty() { b.name } else { name.clone() }),
                None => return Ok((sent.clone(), Err(tr.t1("agreement-error-number", "number", n)))),
            },
        };
        parties.push(Party { kind, business_id, name });
    }
    let a = Agreement { title: sent.title.clone(), obligations: sent.obligations.clone(), starts_on, ends_on, notice_days, parties };
    Ok((sent, Ok((a, owner))))
}

fn save_error(ctx: &Ctx, e: SaveAgreementError) -> String {
    match e {
        SaveAgreementError::Invalid(e) => ctx.tr.t(e.message_id()),
        SaveAgreementError::UnknownBusiness => ctx.tr.t("agreement-error-business"),
        SaveAgreementError::Stale => ctx.tr.t("agreement-error-stale"),
        SaveAgreementError::UnknownOwner => ctx.tr.t("agreement-error-owner"),
    }
}

async fn create_agreement(State(state): State<AppState>, ctx: Ctx, form: Pairs) -> PageResult {
    ctx.check_csrf(&form.one("csrf"))?;
    svc::may_keep(&ctx.req(&state)?).await?;
    let (sent, made) = read_agreement(&state, &ctx, &form).await?;
    let refuse = |msg| agreements_view(&state, &ctx, StatusCode::UNPROCESSABLE_ENTITY, sent.clone(), Some(msg));
    let (a, owner) = match made {
        Ok(x) => x,
        Err(msg) => return refuse(msg).await,
    };
    match svc::save_agreement(&ctx.req(&state)?, None, a, owner).await {
        Ok(id) => Ok(Redirect::to(&format!("/agreements/{id}?saved=1")).into_response()),
        Err(KeepError::Invalid(e)) => refuse(save_error(&ctx, e)).await,
        Err(KeepError::Service(e)) => Err(e.into()),
    }
}

async fn update_agreement(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, form: Pairs) -> PageResult {
    ctx.check_csrf(&form.one("csrf"))?;
    svc::may_keep(&ctx.req(&state)?).await?;
    let (sent, made) = read_agreement(&state, &ctx, &form).await?;
    let version = sent.version;
    let refuse = |msg| agreement_view(&state, &ctx, id, StatusCode::UNPROCESSABLE_ENTITY, Some(sent.clone()), Some(msg), false);
    let (a, owner) = match made {
        Ok(x) => x,
        Err(msg) => return refuse(msg).await,
    };
    match svc::save_agreement(&ctx.req(&state)?, Some((id, version)), a, owner).await {
        Ok(id) => Ok(Redirect::to(&format!("/agreements/{id}?saved=1")).into_response()),
        Err(KeepError::Invalid(e)) => refuse(save_error(&ctx, e)).await,
        Err(KeepError::Service(e)) => Err(e.into()),
    }
}
