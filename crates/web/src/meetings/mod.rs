//! The meetings pages: forums, a forum with its meetings, and a meeting.
//! The secretariat generates meetings from a forum's cadence, adds, moves and
//! cancels them; everyone else reads what their forums let them read.

pub mod agenda;
pub mod calendar;
pub mod decisions;
pub mod describe;
pub mod minutes;

use std::collections::HashMap;

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use chrono::Duration;
use domain::meetings::forum::Part;
use domain::meetings::input::{self, FieldError};
use serde::Deserialize;
use store::meetings::{self as meetings_store, Forum, Meeting, MeetingId};

use crate::AppState;
use crate::ctx::{Ctx, User};
use crate::i18n::Tr;
use crate::render::{AppError, PageResult, page, page_with_status};
use crate::routes::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .get("/forums", forums)
        .get("/forums/{id}", forum_page)
        .post("/forums/{id}/generate", generate)
        .post("/forums/{id}/meetings", add_meeting)
        .get("/meetings/{id}", meeting_page)
        .post("/meetings/{id}/move", move_meeting)
        .post("/meetings/{id}/cancel", cancel_meeting)
        .get("/meetings/{id}/print", print_page)
        .get("/meetings/{id}/agenda.pdf", agenda_pdf)
        .get("/meetings/{id}/minutes.pdf", minutes_pdf)
        .merge(agenda::routes())
        .merge(minutes::routes())
        .merge(decisions::routes())
        .merge(calendar::routes())
}

/// A forum's members by name (`Reference::members_of`).
pub(crate) async fn forum_members(state: &AppState, user: &crate::ctx::User, forum: &Forum) -> Result<Vec<(i64, String)>, AppError> {
    Ok(service::meetings::members(&state.svc.req(user, ""), forum).await?)
}

pub(crate) use crate::form::{Errors, actor};

/// A forum the viewer may read, or the right error.
async fn readable_forum(state: &AppState, ctx: &Ctx, id: i64) -> Result<Forum, AppError> {
    Ok(service::meetings::forum(&ctx.req(state)?, id).await?)
}

/// The signed-in person, if they are the secretariat; else refused (and logged).
async fn require_manager<'a>(state: &AppState, ctx: &'a Ctx, what: &str) -> Result<&'a User, AppError> {
    service::meetings::manage(&ctx.req(state)?, || what.to_string()).await?;
    ctx.user()
}

pub struct ForumRow {
    pub id: i64,
    pub name: String,
    pub purpose: String,
    pub cadence: String,
    pub chair: String,
    pub next: Option<(MeetingId, String)>,
}

#[derive(Template)]
#[template(path = "meetings/forums.html")]
struct ForumsPage<'a> {
    ctx: &'a Ctx,
    section: &'a str,
    title: String,
    rows: Vec<ForumRow>,
}

async fn forums(State(state): State<AppState>, ctx: Ctx) -> PageResult {
    let user = ctx.user()?;
    let t = user.tenant_id;
    let reference = state.reference(user).await?;
    let visible = service::meetings::readable_forums(&ctx.req(&state)?).await?;
    let next = meetings_store::next_meetings(&state.db, t, state.clock.now()).await?;
    let names = &reference.people;
    let rows = visible
        .iter()
        .map(|f| ForumRow {
            id: f.id,
            name: f.name.clone(),
            purpose: f.purpose.clone(),
            cadence: describe::cadence(&ctx.tr, &f.cadence),
            chair: describe::chair(&ctx.tr, &f.chair, names),
            next: next.get(&f.id).map(|m| (m.id, describe::when(&ctx.tr, &m.starts_at))),
        })
        .collect();
    page(&ctx, &ForumsPage { ctx: &ctx, section: "meetings", title: ctx.tr.t("forums-title"), rows })
}

pub struct MeetingRow {
    pub id: MeetingId,
    pub when: String,
    pub place: String,
    pub chair: String,
    pub cancelled: bool,
    pub reason: String,
}

fn meeting_rows(tr: &Tr, list: &[Meeting], names: &HashMap<i64, String>) -> Vec<MeetingRow> {
    list.iter()
        .map(|m| MeetingRow {
            id: m.id,
            when: describe::when(tr, &m.starts_at),
            place: m.place.clone(),
            chair: m.chair_person_id.and_then(|p| names.get(&p).cloned()).unwrap_or_default(),
            cancelled: m.is_cancelled(),
            reason: m.cancel_reason.clone(),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "meetings/forum.html")]
struct ForumPage<'a> {
    ctx: &'a Ctx,
    section: &'a str,
    title: String,
    forum: Forum,
    cadence: String,
    chair: String,
    secretary: Option<String>,
    members: Vec<(i64, String)>,
    parts: Vec<Part>,
    readers: String,
    proposers: String,
    upcoming: Vec<MeetingRow>,
    past: Vec<MeetingRow>,
    can_manage: bool,
    notice: Option<String>,
    gen_from: String,
    gen_to: String,
    gen_errors: Errors,
    add_date: String,
    add_time: String,
    add_minutes: String,
    add_place: String,
    add_errors: Errors,
}

#[derive(Deserialize, Default)]
pub struct ForumQuery {
    created: Option<usize>,
    added: Option<i64>,
}

struct ForumForms {
    notice: Option<String>,
    generate: (String, String, Errors),
    add: (String, String, String, String, Errors),
}

async fn render_forum(state: &AppState, ctx: &Ctx, forum: Forum, status: StatusCode, forms: ForumForms) -> PageResult {
    let user = ctx.user()?;
    let tr = ctx.tr;
    let now = state.clock.now();
    let (_, list) = service::meetings::meetings_of(&ctx.req(state)?, forum.id, now - Duration::days(190), now + Duration::days(400)).await?;
    let members = forum_members(state, user, &forum).await?;
    let reference = state.reference(user).await?;
    let names = &reference.people;
    let (past, upcoming): (Vec<Meeting>, Vec<Meeting>) = list.into_iter().partition(|m| m.starts_at <= now);
    let mut past = meeting_rows(&tr, &past, names);
    past.reverse();
    let (gen_from, gen_to, gen_errors) = forms.generate;
    let (add_date, add_time, add_minutes, add_place, add_errors) = forms.add;
    let p = ForumPage {
        ctx,
        section: "meetings",
        title: forum.name.clone(),
        cadence: describe::cadence(&tr, &forum.cadence),
        chair: describe::chair(&tr, &forum.chair, names),
        secretary: forum.secretary_person_id.and_then(|s| names.get(&s).cloned()),
        members,
        parts: forum.parts.clone(),
        readers: tr.t(&format!("audience-{}", forum.readers.as_str())),
        proposers: tr.t(&format!("audience-{}", forum.proposers.as_str())),
        upcoming: meeting_rows(&tr, &upcoming, names),
        past,
        can_manage: user.viewer.can_manage_meetings(),
        notice: forms.notice,
        gen_from,
        gen_to,
        gen_errors,
        add_date,
        add_time,
        add_minutes,
        add_place,
        add_errors,
        forum,
    };
    page_with_status(ctx, status, &p)
}

fn default_forms(today: chrono::NaiveDate, forum: &Forum, notice: Option<String>) -> ForumForms {
    ForumForms {
        notice,
        generate: (today.to_string(), (today + Duration::days(365)).to_string(), Errors::default()),
        add: (String::new(), "09:00".into(), forum.duration_minutes.to_string(), forum.place.clone(), Errors::default()),
    }
}

async fn forum_page(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Query(q): Query<ForumQuery>) -> PageResult {
    let forum = readable_forum(&state, &ctx, id).await?;
    let notice = match (q.created, q.added) {
        (Some(n), _) => Some(ctx.tr.t1("meetings-generated", "count", n)),
        (_, Some(_)) => Some(ctx.tr.t("meeting-added")),
        _ => None,
    };
    let forms = default_forms(state.clock.today(), &forum, notice);
    render_forum(&state, &ctx, forum, StatusCode::OK, forms).await
}

#[derive(Deserialize)]
pub struct GenerateForm {
    csrf: String,
    from: String,
    to: String,
}

async fn generate(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Form(f): Form<GenerateForm>) -> PageResult {
    ctx.check_csrf(&f.csrf)?;
    let user = require_manager(&state, &ctx, &format!("forum:{id}:generate")).await?;
    let forum = readable_forum(&state, &ctx, id).await?;
    match input::period(&f.from, &f.to) {
        Ok((from, to)) => {
            let n = meetings_store::generate(&state.db, user.tenant_id, &forum, from, to, &actor(user), state.clock.now()).await?;
            Ok(Redirect::to(&format!("/forums/{id}?created={n}")).into_response())
        }
        Err(errs) => {
            let mut forms = default_forms(state.clock.today(), &forum, None);
            forms.generate = (f.from, f.to, Errors::from(&ctx.tr, &errs));
            render_forum(&state, &ctx, forum, StatusCode::UNPROCESSABLE_ENTITY, forms).await
        }
    }
}

#[derive(Deserialize)]
pub struct AddForm {
    csrf: String,
    date: String,
    time: String,
    minutes: String,
    #[serde(default)]
    place: String,
}

async fn add_meeting(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Form(f): Form<AddForm>) -> PageResult {
    ctx.check_csrf(&f.csrf)?;
    let user = require_manager(&state, &ctx, &format!("forum:{id}:add")).await?;
    let forum = readable_forum(&state, &ctx, id).await?;
    let place = f.place.trim().chars().take(200).collect::<String>();
    match input::meeting_time(&f.date, &f.time, &f.minutes, state.clock.now()) {
        Ok((start, end)) => {
            let mid = meetings_store::add(&state.db, user.tenant_id, &forum, start, end, &place, &actor(user), state.clock.now()).await?;
            Ok(Redirect::to(&format!("/forums/{id}?added={mid}")).into_response())
        }
        Err(errs) => {
            let mut forms = default_forms(state.clock.today(), &forum, None);
            forms.add = (f.date, f.time, f.minutes, f.place, Errors::from(&ctx.tr, &errs));
            render_forum(&state, &ctx, forum, StatusCode::UNPROCESSABLE_ENTITY, forms).await
        }
    }
}

#[derive(Template)]
#[template(path = "meetings/meeting.html")]
struct MeetingPage<'a> {
    ctx: &'a Ctx,
    section: &'a str,
    title: String,
    forum: Forum,
    meeting: Meeting,
    when: String,
    ends: String,
    chair: Option<String>,
    held: bool,
    can_manage: bool,
    notice: Option<String>,
    conflict: bool,
    move_date: String,
    move_time: String,
    move_minutes: String,
    move_place: String,
    move_errors: Errors,
    cancel_reason: String,
    cancel_errors: Errors,
    agenda: agenda::AgendaView,
    minutes: minutes::MinutesView,
    minutes_notice: Option<(bool, String)>,
    published: Option<String>,
    item_notice: Option<(bool, String)>,
}

#[derive(Deserialize, Default)]
pub struct MeetingQuery {
    moved: Option<u8>,
    cancelled: Option<u8>,
    item: Option<String>,
    minutes: Option<String>,
    /// How many the agenda was sent to.
    sent: Option<usize>,
}

struct MeetingForms {
    notice: Option<String>,
    item_notice: Option<(bool, String)>,
    minutes_notice: Option<(bool, String)>,
    conflict: bool,
    mv: Option<(String, String, String, String, Errors)>,
    cancel: (String, Errors),
}

pub(crate) async fn load_meeting(state: &AppState, ctx: &Ctx, id: MeetingId) -> Result<(Forum, Meeting), AppError> {
    Ok(service::meetings::meeting(&ctx.req(state)?, id).await?)
}

async fn render_meeting(state: &AppState, ctx: &Ctx, forum: Forum, meeting: Meeting, status: StatusCode, forms: MeetingForms) -> PageResult {
    let user = ctx.user()?;
    let tr = ctx.tr;
    let (move_date, move_time, move_minutes, move_place, move_errors) = forms.mv.unwrap_or_else(|| {
        (
            describe::date_value(&meeting.starts_at),
            describe::time_value(&meeting.starts_at),
            (meeting.ends_at - meeting.starts_at).num_minutes().to_string(),
            meeting.place.clone(),
            Errors::default(),
        )
    });
    let items = service::meetings::agenda::items(&ctx.req(state)?, &forum, &meeting).await?;
    let agenda = agenda::load(state, ctx, &forum, &meeting, &items).await?;
    let members = forum_members(state, user, &forum).await?;
    let minutes = minutes::load(state, ctx, &forum, &meeting, &items, &members).await?;
    let chair = agenda.chair.clone();
    let p = MeetingPage {
        ctx,
        section: "meetings",
        agenda,
        minutes,
        minutes_notice: forms.minutes_notice,
        published: meeting.agenda_published_at.map(|at| tr.datetime(&at)),
        item_notice: forms.item_notice,
        title: format!("{} {}", forum.name, describe::date_value(&meeting.starts_at)),
        when: describe::when(&tr, &meeting.starts_at),
        ends: describe::time_value(&meeting.ends_at),
        chair,
        held: meeting.is_held(state.clock.now()),
        can_manage: user.viewer.can_manage_meetings(),
        notice: forms.notice,
        conflict: forms.conflict,
        move_date,
        move_time,
        move_minutes,
        move_place,
        move_errors,
        cancel_reason: forms.cancel.0,
        cancel_errors: forms.cancel.1,
        forum,
        meeting,
    };
    page_with_status(ctx, status, &p)
}

async fn meeting_page(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>, Query(q): Query<MeetingQuery>) -> PageResult {
    // `/meetings/42.ics` is the meeting as a calendar file.
    if let Some(n) = id.strip_suffix(".ics") {
        let n = n.parse::<MeetingId>().map_err(|_| AppError::NotFound)?;
        return calendar::meeting_ics(&state, &ctx, n).await;
    }
    let id = id.parse::<MeetingId>().map_err(|_| AppError::NotFound)?;
    let (forum, meeting) = load_meeting(&state, &ctx, id).await?;
    let notice = match (q.moved, q.cancelled) {
        (Some(_), _) => Some(ctx.tr.t("meeting-moved")),
        (_, Some(_)) => Some(ctx.tr.t("meeting-cancelled-notice")),
        _ => None,
    };
    // (is it good news, the message) after an action on an item.
    let item_notice = q.item.as_deref().map(|o| {
        let good = !matches!(o, "conflict" | "reason-missing" | "bad-target" | "settled" | "nothing-changed" | "meeting-over");
        let id = match o {
            "placed" | "declined" | "deferred" | "moved" | "edited" | "published" | "resent" | "nothing-changed" | "meeting-over" | "conflict"
            | "reason-missing" | "bad-target" | "settled" => o,
            _ => "moved",
        };
        (good, ctx.tr.t1(&format!("item-outcome-{id}"), "count", q.sent.unwrap_or(0)))
    });
    let minutes_notice = q.minutes.as_deref().map(|o| {
        let known =
            ["saved", "approved", "corrected", "conflict", "frozen", "not-yet", "too-long", "reason-missing", "not-approved", "how-missing", "bad-action"];
        let o = if known.contains(&o) { o } else { "saved" };
        (matches!(o, "saved" | "approved" | "corrected"), ctx.tr.t(&format!("minutes-outcome-{o}")))
    });
    let forms = MeetingForms { notice, item_notice, minutes_notice, conflict: false, mv: None, cancel: (String::new(), Errors::default()) };
    render_meeting(&state, &ctx, forum, meeting, StatusCode::OK, forms).await
}

#[derive(Deserialize)]
pub struct MoveForm {
    csrf: String,
    version: i64,
    date: String,
    time: String,
    minutes: String,
    #[serde(default)]
    place: String,
}

async fn move_meeting(State(state): State<AppState>, ctx: Ctx, Path(id): Path<MeetingId>, Form(f): Form<MoveForm>) -> PageResult {
    ctx.check_csrf(&f.csrf)?;
    let user = require_manager(&state, &ctx, &format!("meeting:{id}:move")).await?;
    let (forum, meeting) = load_meeting(&state, &ctx, id).await?;
    let place = f.place.trim().chars().take(200).collect::<String>();
    let bad = |errs: Vec<FieldError>, conflict: bool| MeetingForms {
        notice: None,
        item_notice: None,
        minutes_notice: None,
        conflict,
        mv: Some((f.date.clone(), f.time.clone(), f.minutes.clone(), f.place.clone(), Errors::from(&ctx.tr, &errs))),
        cancel: (String::new(), Errors::default()),
    };
    if meeting.is_cancelled() || meeting.is_held(state.clock.now()) {
        let forms = bad(vec![FieldError { field: "date", message_id: "meeting-not-movable" }], false);
        return render_meeting(&state, &ctx, forum, meeting, StatusCode::UNPROCESSABLE_ENTITY, forms).await;
    }
    match input::meeting_time(&f.date, &f.time, &f.minutes, state.clock.now()) {
        Ok((start, end)) => {
            let ok = meetings_store::reschedule(&state.db, user.tenant_id, &forum, id, f.version, start, end, &place, &actor(user), state.clock.now()).await?;
            if ok {
                Ok(Redirect::to(&format!("/meetings/{id}?moved=1")).into_response())
            } else {
                render_meeting(&state, &ctx, forum, meeting, StatusCode::CONFLICT, bad(vec![], true)).await
            }
        }
        Err(errs) => render_meeting(&state, &ctx, forum, meeting, StatusCode::UNPROCESSABLE_ENTITY, bad(errs, false)).await,
    }
}

#[derive(Deserialize)]
pub struct CancelForm {
    csrf: String,
    version: i64,
    reason: String,
}

async fn cancel_meeting(State(state): State<AppState>, ctx: Ctx, Path(id): Path<MeetingId>, Form(f): Form<CancelForm>) -> PageResult {
    ctx.check_csrf(&f.csrf)?;
    let user = require_manager(&state, &ctx, &format!("meeting:{id}:cancel")).await?;
    let (forum, meeting) = load_meeting(&state, &ctx, id).await?;
    let forms = |errs: Vec<FieldError>, conflict: bool| MeetingForms {
        notice: None,
        item_notice: None,
        minutes_notice: None,
        conflict,
        mv: None,
        cancel: (f.reason.clone(), Errors::from(&ctx.tr, &errs)),
    };
    if meeting.is_cancelled() || meeting.is_held(state.clock.now()) {
        let e = vec![FieldError { field: "reason", message_id: "meeting-not-cancellable" }];
        return render_meeting(&state, &ctx, forum, meeting, StatusCode::UNPROCESSABLE_ENTITY, forms(e, false)).await;
    }
    match input::required_text("reason", &f.reason, 500) {
        Ok(reason) => {
            let ok = meetings_store::cancel(&state.db, user.tenant_id, &forum, id, f.version, &reason, &actor(user), state.clock.now()).await?;
            if ok {
                Ok(Redirect::to(&format!("/meetings/{id}?cancelled=1")).into_response())
            } else {
                render_meeting(&state, &ctx, forum, meeting, StatusCode::CONFLICT, forms(vec![], true)).await
            }
        }
        Err(e) => render_meeting(&state, &ctx, forum, meeting, StatusCode::UNPROCESSABLE_ENTITY, forms(vec![e], false)).await,
    }
}

#[derive(Template)]
#[template(path = "meetings/print.html")]
struct PrintPage<'a> {
    ctx: &'a Ctx,
    title: String,
    forum: Forum,
    meeting: Meeting,
    when: String,
    ends: String,
    chair: Option<String>,
    tenant: String,
    agenda: agenda::AgendaView,
    minutes: minutes::MinutesView,
}

/// The agenda (and the minutes, once written) as a page to print: no
/// navigation, A4 margins, every item in full.
async fn print_page(State(state): State<AppState>, ctx: Ctx, Path(id): Path<MeetingId>) -> PageResult {
    let (forum, meeting) = load_meeting(&state, &ctx, id).await?;
    let user = ctx.user()?;
    let tr = ctx.tr;
    let members = forum_members(&state, user, &forum).await?;
    let items = service::meetings::agenda::items(&ctx.req(&state)?, &forum, &meeting).await?;
    let agenda = agenda::load(&state, &ctx, &forum, &meeting, &items).await?;
    let minutes = minutes::load(&state, &ctx, &forum, &meeting, &items, &members).await?;
    let p = PrintPage {
        ctx: &ctx,
        title: format!("{} {}", forum.name, describe::date_value(&meeting.starts_at)),
        when: describe::when(&tr, &meeting.starts_at),
        ends: describe::time_value(&meeting.ends_at),
        chair: agenda.chair.clone(),
        tenant: user.tenant_name.clone(),
        agenda,
        minutes,
        forum,
        meeting,
    };
    page(&ctx, &p)
}

/// The agenda, or the minutes, as a PDF set by Typst (export::pdf).
async fn meeting_pdf(state: &AppState, ctx: &Ctx, id: MeetingId, with_minutes: bool) -> PageResult {
    let (forum, meeting) = load_meeting(state, ctx, id).await?;
    let user = ctx.user()?;
    let tr = ctx.tr;
    let members = forum_members(state, user, &forum).await?;
    let items = service::meetings::agenda::items(&ctx.req(state)?, &forum, &meeting).await?;
    let agenda = agenda::load(state, ctx, &forum, &meeting, &items).await?;
    let minutes = minutes::load(state, ctx, &forum, &meeting, &items, &members).await?;
    if with_minutes && minutes.minutes.is_none() {
        return Err(AppError::NotFound);
    }
    let heading = if with_minutes { tr.t("print-minutes-title") } else { tr.t("agenda-title") };
    let mut facts = vec![vec![tr.t("col-when"), format!("{}–{}", describe::when(&tr, &meeting.starts_at), describe::time_value(&meeting.ends_at))]];
    if !meeting.place.is_empty() {
        facts.push(vec![tr.t("col-place"), meeting.place.clone()]);
    }
    if let Some(c) = agenda.chair.clone() {
        facts.push(vec![tr.t("col-chair"), c]);
    }
    if with_minutes {
        facts.push(vec![tr.t("minutes-attendees"), minutes.present.clone()]);
        if !minutes.absent.is_empty() {
            facts.push(vec![tr.t("minutes-absent"), minutes.absent.clone()]);
        }
        if let Some(m) = &minutes.minutes {
            let status = match (m.approved_at, m.approved_how) {
                (Some(at), Some(how)) => format!(
                    "{} {}",
                    tr.args("minutes-approved-at", [("at", tr.datetime(&at)), ("by", minutes.approved_by.clone())]),
                    tr.t(&format!("minutes-approved-{how}"))
                ),
                (Some(at), None) => tr.args("minutes-approved-at", [("at", tr.datetime(&at)), ("by", minutes.approved_by.clone())]),
                (None, _) => tr.t("minutes-draft"),
            };
            facts.push(vec![tr.t("col-status"), status]);
        }
    }
    let items: Vec<serde_json::Value> = agenda
        .agenda
        .iter()
        .map(|r| {
            let minute = minutes.rows.iter().find(|m| m.item_id == r.item.id && with_minutes && !r.hidden);
            let mut meta = vec![r.time.clone(), r.kind.clone(), tr.t1("item-minutes", "minutes", r.item.minutes)];
            if !r.presenter.is_empty() {
                meta.push(tr.t1("item-presenter", "name", r.presenter.clone()));
            }
            serde_json::json!({
                "part": r.part_heading,
                "number": r.number,
                "title": if r.hidden { tr.t("item-closed-hidden") } else { r.item.title.clone() },
                "meta": if r.hidden { String::new() } else { meta.join(" · ") },
                "recommendation": if r.hidden { String::new() } else { r.item.recommendation.clone() },
                "background": if r.hidden { String::new() } else { r.item.background.clone() },
                "attachments": if r.hidden { String::new() } else { r.attachments.iter().map(|a| a.file_name.clone()).collect::<Vec<_>>().join("; ") },
                "minute": minute.map(|m| m.text.clone()).unwrap_or_default(),
                "minute_label": minute.map(|m| if m.is_decision { tr.t("minutes-decision") } else { tr.t("minutes-gist") }).unwrap_or_default(),
            })
        })
        .collect();
    let data = serde_json::json!({
        "title": format!("{heading}: {}", forum.name),
        "tenant": user.tenant_name,
        "heading": heading,
        "forum": forum.name,
        "date": describe::date_value(&meeting.starts_at),
        "printed": tr.t1("pdf-printed", "at", tr.datetime(&state.clock.now())),
        "page_label": tr.t("pdf-page"),
        "facts": facts,
        "items": items,
        "labels": {
            "recommendation": tr.t("item-recommendation"),
            "background": tr.t("item-background"),
            "attachments": tr.t("item-attachments"),
            "empty": tr.t("agenda-empty"),
        },
    })
    .to_string();
    let pdf = crate::render::pdf(export::pdf::MEETING, data).await?;
    let name = format!("{}-{}-{}.pdf", heading, forum.name, describe::date_value(&meeting.starts_at)).replace(|c: char| !c.is_alphanumeric() && c != '.', "-");
    Ok((
        [(axum::http::header::CONTENT_TYPE, "application/pdf".to_string()), (axum::http::header::CONTENT_DISPOSITION, format!("inline; filename=\"{name}\""))],
        pdf.to_vec(),
    )
        .into_response())
}

async fn agenda_pdf(State(state): State<AppState>, ctx: Ctx, Path(id): Path<MeetingId>) -> PageResult {
    meeting_pdf(&state, &ctx, id, false).await
}

async fn minutes_pdf(State(state): State<AppState>, ctx: Ctx, Path(id): Path<MeetingId>) -> PageResult {
    meeting_pdf(&state, &ctx, id, true).await
}
