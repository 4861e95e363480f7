//! Agendas: proposing items (with attachments), placing, deferring and
//! declining them, ordering and publishing the agenda, a person's own
//! proposals, and attachment downloads.

use askama::Template;
use axum::Form;
use axum::extract::{Multipart, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect};
use domain::framework::ElementKind;
use domain::meetings::agenda::{self, ItemKind, ItemStatus, ProposalInput};
use domain::meetings::input::FieldError;
use domain::meetings::{DecisionId, ItemId, MeetingId};
use serde::Deserialize;
use service::meetings::agenda::{MeetingItems, Shown};
use store::meetings::agenda::{self as agenda_store, AttachmentMeta, Item, NewAttachment, ProposalMeta};
use store::meetings::{Forum, Meeting};

use super::{Errors, actor, describe, load_meeting};
use crate::AppState;
use crate::ctx::Ctx;
use crate::i18n::Tr;
use crate::render::{AppError, PageResult, page, page_with_status};
use crate::routes::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .get("/meetings/{id}/propose", propose_form)
        .post("/meetings/{id}/propose", propose)
        .get("/meetings/{id}/publish", publish_confirm)
        .post("/meetings/{id}/publish", publish)
        .get("/items/{id}/edit", edit_form)
        .post("/items/{id}/edit", edit)
        .post("/items/{id}/place", place)
        .post("/items/{id}/defer", defer)
        .post("/items/{id}/decline", decline)
        .post("/items/{id}/move", move_item)
        .get("/proposals", my_proposals)
        .get("/proposals/waiting", waiting_proposals)
        .get("/attachments/{id}", download)
}

/// One item as a page shows it.
pub struct AgendaRow {
    pub item: Item,
    pub number: usize,
    pub time: String,
    pub part_heading: Option<String>,
    pub kind: String,
    /// A closed item the reader may not see: only its number is shown.
    pub hidden: bool,
    pub attachments: Vec<AttachmentMeta>,
    pub presenter: String,
    pub proposer: String,
    /// Proposed after the forum's deadline for proposals.
    pub late: bool,
}

/// An open action on the standing item: (decision, what, owner, due, overdue).
pub type FollowUpLine = (Option<DecisionId>, String, String, String, bool);

/// A meeting's agenda, proposals and the rest, as the reader may see them.
pub struct AgendaView {
    pub agenda: Vec<AgendaRow>,
    pub proposals: Vec<AgendaRow>,
    pub settled: Vec<AgendaRow>,
    /// Some item changed since the agenda went out: it can be sent again.
    pub changed: bool,
    pub can_propose: bool,
    pub later_meetings: Vec<(MeetingId, String)>,
    pub parts: Vec<(i64, String)>,
    /// The standing item: the forum's open follow-up actions, for forums
    /// that follow up: (decision, what, owner, due, overdue).
    pub follow_up: Option<Vec<FollowUpLine>>,
    /// Open actions beyond those listed, found in the forum's follow-up list.
    pub follow_up_more: i64,
    /// The meeting's chair, by name.
    pub chair: Option<String>,
}

/// How many open actions the standing item lists.
const STANDING_ITEM_ACTIONS: i64 = 15;

pub async fn load(state: &AppState, ctx: &Ctx, forum: &Forum, meeting: &Meeting, items: &MeetingItems) -> Result<AgendaView, AppError> {
    let user = ctx.user()?;
    let req = ctx.req(state)?;
    let tr = ctx.tr;
    let now = state.clock.now();
    let reference = state.reference(user).await?;
    let names = &reference.people;
    let manage = user.viewer.can_manage_meetings();
    let placed: Vec<&Shown> = items.placed().collect();
    let times = agenda::item_times(meeting.starts_at, &placed.iter().map(|s| s.item.minutes).collect::<Vec<_>>());
    let deadline = agenda::proposal_deadline(meeting.starts_at, forum.proposal_days);
    let row = |s: &Shown, number: usize, time: String, part_heading: Option<String>| AgendaRow {
        late: s.item.created_at > deadline,
        number,
        time,
        part_heading,
        kind: tr.t(&format!("item-kind-{}", s.item.kind)),
        hidden: s.hidden(),
        attachments: items.attachments.iter().filter(|f| f.item_id == s.item.id).cloned().collect(),
        presenter: s.item.presenter_person_id.and_then(|p| names.get(&p).cloned()).unwrap_or_default(),
        proposer: s.item.proposer_person_id.and_then(|p| names.get(&p).cloned()).unwrap_or_default(),
        item: s.item.clone(),
    };
    let mut last_part: Option<i64> = None;
    let agenda = placed
        .iter()
        .zip(times)
        .enumerate()
        .map(|(n, (s, at))| {
            let heading = if s.item.part != last_part || n == 0 {
                last_part = s.item.part;
                s.item.part.and_then(|p| forum.parts.get(p as usize)).map(|p| p.title.clone())
            } else {
                None
            };
            row(s, n + 1, describe::time_value(&at), heading)
        })
        .collect();
    // Proposals and settled items: the service gives them only to the
    // secretariat and to whoever proposed them.
    let proposals: Vec<AgendaRow> = items.items.iter().filter(|s| s.item.status == ItemStatus::Proposed).map(|s| row(s, 0, String::new(), None)).collect();
    let settled =
        items.items.iter().filter(|s| matches!(s.item.status, ItemStatus::Deferred | ItemStatus::Declined)).map(|s| row(s, 0, String::new(), None)).collect();
    // Where a proposal can be deferred to: only the secretariat defers, and
    // only while the meeting is ahead and has proposals.
    let later = if manage && !proposals.is_empty() && !meeting.is_cancelled() && !meeting.is_held(now) {
        service::meetings::meetings_of(
            &ctx.req(state)?,
            forum.id,
            meeting.starts_at + chrono::Duration::minutes(1),
            meeting.starts_at + chrono::Duration::days(400),
        )
        .await?
        .1
        .into_iter()
        .filter(|m| !m.is_cancelled())
        .take(12)
        .map(|m| (m.id, describe::when(&tr, &m.starts_at)))
        .collect()
    } else {
        vec![]
    };
    let open = !meeting.is_cancelled() && meeting.starts_at > now;
    let mut follow_up_more = 0;
    let follow_up = if forum.follow_up && forum.formal {
        // The ones due first; the rest are a link away, so a forum with years
        // of actions does not print them all on every agenda.
        let (acts, total) = service::meetings::decisions::open_actions_of_forum(&req, forum.id, STANDING_ITEM_ACTIONS).await?;
        follow_up_more = total - acts.len() as i64;
        let day = meeting.starts_at.with_timezone(&chrono_tz::Europe::Copenhagen).date_naive();
        Some(
            acts.into_iter()
                .map(|a| {
                    let owner = a.owner_person_id.and_then(|p| names.get(&p).cloned()).unwrap_or_default();
                    let due = a.due.format("%d.%m.%Y").to_string();
                    (a.decision_id, a.what.clone(), owner, due, a.is_overdue(day))
                })
                .collect(),
        )
    } else {
        None
    };
    Ok(AgendaView {
        changed: items.items.iter().any(|s| s.item.changed_after_publish),
        chair: meeting.chair_person_id.and_then(|c| names.get(&c).cloned()),
        follow_up,
        follow_up_more,
        agenda,
        proposals,
        settled,
        can_propose: open && user.viewer.can_propose(forum),
        later_meetings: later,
        parts: forum.parts.iter().enumerate().map(|(i, p)| (i as i64, p.title.clone())).collect(),
    })
}

#[derive(Template)]
#[template(path = "meetings/propose.html")]
struct ProposePage<'a> {
    ctx: &'a Ctx,
    section: &'a str,
    title: String,
    forum: Forum,
    meeting: Meeting,
    when: String,
    deadline_passed: bool,
    input: ProposalInput,
    perspective: String,
    value: String,
    perspectives: Vec<(String, String)>,
    values: Vec<(String, String)>,
    errors: Errors,
    max_mb: usize,
}

/// The framework's perspectives and values, as (key, title), to tag items with.
async fn framework_tags(state: &AppState, tenant: i64) -> Result<(Vec<(String, String)>, Vec<(String, String)>), store::Error> {
    let Some(v) = store::framework::version(&state.db, tenant, None).await? else { return Ok((vec![], vec![])) };
    let els = store::framework::elements(&state.db, tenant, v.id).await?;
    let pick = |k: ElementKind| els.iter().filter(|e| e.kind == k).map(|e| (e.key.clone(), e.title.clone())).collect();
    Ok((pick(ElementKind::Perspective), pick(ElementKind::Value)))
}

#[allow(clippy::too_many_arguments)]
async fn proposal_page(
    state: &AppState,
    ctx: &Ctx,
    forum: Forum,
    meeting: Meeting,
    status: StatusCode,
    input: ProposalInput,
    perspective: String,
    value: String,
    errors: Errors,
) -> PageResult {
    let user = ctx.user()?;
    let (perspectives, values) = framework_tags(state, user.tenant_id).await?;
    let deadline = agenda::proposal_deadline(meeting.starts_at, forum.proposal_days);
    let p = ProposePage {
        ctx,
        section: "meetings",
        title: ctx.tr.t("propose-title"),
        when: describe::when(&ctx.tr, &meeting.starts_at),
        deadline_passed: state.clock.now() > deadline,
        forum,
        meeting,
        input,
        perspective,
        value,
        perspectives,
        values,
        errors,
        max_mb: state.config.max_upload / (1024 * 1024),
    };
    page_with_status(ctx, status, &p)
}

/// The meeting and forum, if the viewer may propose to it now.
async fn proposable(state: &AppState, ctx: &Ctx, id: MeetingId) -> Result<(Forum, Meeting), AppError> {
    let (forum, meeting) = load_meeting(state, ctx, id).await?;
    let user = ctx.user()?;
    if !user.viewer.can_propose(&forum) {
        return Err(ctx.forbid(state, &format!("meeting:{id}:propose")).await);
    }
    Ok((forum, meeting))
}

async fn propose_form(State(state): State<AppState>, ctx: Ctx, Path(id): Path<MeetingId>) -> PageResult {
    let (forum, meeting) = proposable(&state, &ctx, id).await?;
    let input = ProposalInput { kind: ItemKind::Decision.to_string(), minutes: "15".into(), ..Default::default() };
    proposal_page(&state, &ctx, forum, meeting, StatusCode::OK, input, String::new(), String::new(), Errors::default()).await
}

async fn propose(State(state): State<AppState>, ctx: Ctx, Path(id): Path<MeetingId>, mut mp: Multipart) -> PageResult {
    let (forum, meeting) = proposable(&state, &ctx, id).await?;
    let user = ctx.user()?;
    let tr = ctx.tr;
    let max = state.config.max_upload;
    let mut input = ProposalInput::default();
    let (mut csrf, mut perspective, mut value) = (String::new(), String::new(), String::new());
    let mut files: Vec<NewAttachment> = vec![];
    let mut errs: Vec<FieldError> = vec![];
    loop {
        let field = match mp.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(_) => {
                errs.push(FieldError { field: "files", message_id: "attachment-too-large" });
                break;
            }
        };
        let name = field.name().unwrap_or("").to_string();
        if name == "files" {
            let file_name = field.file_name().unwrap_or("").to_string();
            match field.bytes().await {
                Ok(b) if file_name.is_empty() && b.is_empty() => {}
                Ok(b) => match domain::meetings::attachment::check(&file_name, &b, max) {
                    Ok(ct) => files.push(NewAttachment { file_name, content_type: ct.into(), data: b.to_vec() }),
                    Err(m) => errs.push(FieldError { field: "files", message_id: m }),
                },
                Err(_) => errs.push(FieldError { field: "files", message_id: "attachment-too-large" }),
            }
            continue;
        }
        let text = field.text().await.unwrap_or_default();
        match name.as_str() {
            "csrf" => csrf = text,
            "title" => input.title = text,
            "kind" => input.kind = text,
            "recommendation" => input.recommendation = text,
            "background" => input.background = text,
            "minutes" => input.minutes = text,
            "closed" => input.closed = text == "on",
            "perspective" => perspective = text,
            "value" => value = text,
            _ => {}
        }
    }
    ctx.check_csrf(&csrf)?;
    if meeting.is_cancelled() || meeting.starts_at <= state.clock.now() {
        errs.push(FieldError { field: "title", message_id: "propose-meeting-closed" });
    }
    let (perspectives, values) = framework_tags(&state, user.tenant_id).await?;
    if !perspective.is_empty() && !perspectives.iter().any(|p| p.0 == perspective) {
        errs.push(FieldError { field: "perspective", message_id: "propose-unknown-tag" });
    }
    if !value.is_empty() && !values.iter().any(|p| p.0 == value) {
        errs.push(FieldError { field: "value", message_id: "propose-unknown-tag" });
    }
    let checked = agenda::check_proposal(&input);
    match checked {
        Ok(p) if errs.is_empty() => {
            let meta = ProposalMeta {
                proposer: user.viewer.person(),
                presenter: user.viewer.person(),
                perspective_key: Some(perspective).filter(|s| !s.is_empty()),
                value_key: Some(value).filter(|s| !s.is_empty()),
            };
            agenda_store::propose(&state.db, &state.config.files, user.tenant_id, forum.id, meeting.id, &p, &meta, &files, &actor(user)).await?;
            Ok(Redirect::to("/proposals?sent=1").into_response())
        }
        other => {
            if let Err(e) = other {
                errs.extend(e);
            }
            let errors = Errors::from(&tr, &errs);
            proposal_page(&state, &ctx, forum, meeting, StatusCode::UNPROCESSABLE_ENTITY, input, perspective, value, errors).await
        }
    }
}

/// An item and its meeting, for a secretariat action on it.
async fn managed_item(state: &AppState, ctx: &Ctx, id: ItemId, what: &str) -> Result<(Item, Forum, Meeting), AppError> {
    Ok(service::meetings::agenda::managed_item(&ctx.req(state)?, id, what).await?)
}

/// Back to the meeting, with a message about the item (or a conflict).
/// Why an item cannot take a step, if it cannot: a second click on the same
/// button finds it done and says so; another step after it was dealt with
/// says that, not that someone else changed it.
fn settled(now: ItemStatus, to: ItemStatus, done: &'static str) -> Option<&'static str> {
    if now == to {
        Some(done)
    } else if !now.may_become(to) {
        Some("settled")
    } else {
        None
    }
}

fn back(meeting: MeetingId, outcome: &str) -> PageResult {
    Ok(Redirect::to(&format!("/meetings/{meeting}?item={outcome}#agenda")).into_response())
}

#[derive(Deserialize)]
pub struct PlaceForm {
    csrf: String,
    version: i64,
    #[serde(default)]
    part: String,
}

async fn place(State(state): State<AppState>, ctx: Ctx, Path(id): Path<ItemId>, Form(f): Form<PlaceForm>) -> PageResult {
    ctx.check_csrf(&f.csrf)?;
    let (item, forum, meeting) = managed_item(&state, &ctx, id, "place").await?;
    let user = ctx.user()?;
    let part = f.part.parse::<i64>().ok().filter(|p| (*p as usize) < forum.parts.len());
    if let Some(o) = settled(item.status, ItemStatus::Placed, "placed") {
        return back(meeting.id, o);
    }
    let ok = agenda_store::place(&state.db, user.tenant_id, item.id, f.version, part, &actor(user)).await?;
    back(meeting.id, if ok { "placed" } else { "conflict" })
}

#[derive(Deserialize)]
pub struct ReasonForm {
    csrf: String,
    version: i64,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    to_meeting: String,
}

#[derive(Template)]
#[template(path = "meetings/item_edit.html")]
struct EditPage<'a> {
    ctx: &'a Ctx,
    section: &'a str,
    title: String,
    forum: Forum,
    meeting: Meeting,
    when: String,
    item: Item,
    input: ProposalInput,
    reason: String,
    /// The agenda is out: a change needs a reason and is marked for the members.
    published: bool,
    errors: Errors,
}

#[derive(Deserialize)]
pub struct EditForm {
    csrf: String,
    version: i64,
    #[serde(default)]
    title: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    recommendation: String,
    #[serde(default)]
    background: String,
    #[serde(default)]
    minutes: String,
    #[serde(default)]
    closed: String,
    #[serde(default)]
    reason: String,
}

/// An item the secretariat may still change: proposed or placed, on a
/// meeting not yet held or cancelled.
async fn editable_item(state: &AppState, ctx: &Ctx, id: ItemId) -> Result<(Item, Forum, Meeting), AppError> {
    let (item, forum, meeting) = managed_item(state, ctx, id, "edit").await?;
    if !matches!(item.status, ItemStatus::Proposed | ItemStatus::Placed) || meeting.is_cancelled() || meeting.is_held(state.clock.now()) {
        return Err(AppError::NotFound);
    }
    Ok((item, forum, meeting))
}

#[allow(clippy::too_many_arguments)]
fn edit_page(ctx: &Ctx, status: StatusCode, forum: Forum, meeting: Meeting, item: Item, input: ProposalInput, reason: String, errors: Errors) -> PageResult {
    let p = EditPage {
        ctx,
        section: "meetings",
        title: ctx.tr.t("item-edit-title"),
        when: describe::when(&ctx.tr, &meeting.starts_at),
        published: meeting.agenda_published_at.is_some() && item.is_placed(),
        forum,
        meeting,
        item,
        input,
        reason,
        errors,
    };
    page_with_status(ctx, status, &p)
}

async fn edit_form(State(state): State<AppState>, ctx: Ctx, Path(id): Path<ItemId>) -> PageResult {
    let (item, forum, meeting) = editable_item(&state, &ctx, id).await?;
    let input = ProposalInput {
        title: item.title.clone(),
        kind: item.kind.to_string(),
        recommendation: item.recommendation.clone(),
        background: item.background.clone(),
        minutes: item.minutes.to_string(),
        closed: item.closed,
    };
    edit_page(&ctx, StatusCode::OK, forum, meeting, item, input, String::new(), Errors::default())
}

/// Changes an item's text; once the agenda is out, only with a reason, and
/// the item is marked changed so the agenda can be sent again.
async fn edit(State(state): State<AppState>, ctx: Ctx, Path(id): Path<ItemId>, Form(f): Form<EditForm>) -> PageResult {
    ctx.check_csrf(&f.csrf)?;
    let (item, forum, meeting) = editable_item(&state, &ctx, id).await?;
    let user = ctx.user()?;
    let input = ProposalInput {
        title: f.title,
        kind: f.kind,
        recommendation: f.recommendation,
        background: f.background,
        minutes: f.minutes,
        closed: f.closed == "on",
    };
    let published = meeting.agenda_published_at.is_some() && item.is_placed();
    let mut errs = vec![];
    let reason = f.reason.trim().to_string();
    if published && reason.is_empty() {
        errs.push(FieldError { field: "reason", message_id: "item-edit-reason-missing" });
    }
    let checked = agenda::check_proposal(&input);
    match checked {
        Ok(p) if errs.is_empty() => {
            let ok = agenda_store::edit(&state.db, user.tenant_id, item.id, f.version, &p, &reason, &actor(user)).await?;
            back(meeting.id, if ok { "edited" } else { "conflict" })
        }
        other => {
            if let Err(e) = other {
                errs.extend(e);
            }
            let errors = Errors::from(&ctx.tr, &errs);
            edit_page(&ctx, StatusCode::UNPROCESSABLE_ENTITY, forum, meeting, item, input, reason, errors)
        }
    }
}

async fn decline(State(state): State<AppState>, ctx: Ctx, Path(id): Path<ItemId>, Form(f): Form<ReasonForm>) -> PageResult {
    ctx.check_csrf(&f.csrf)?;
    let (item, _forum, meeting) = managed_item(&state, &ctx, id, "decline").await?;
    let user = ctx.user()?;
    let Ok(reason) = domain::meetings::input::required_text("reason", &f.reason, 1000) else {
        return back(meeting.id, "reason-missing");
    };
    if let Some(o) = settled(item.status, ItemStatus::Declined, "declined") {
        return back(meeting.id, o);
    }
    let ok = agenda_store::decline(&state.db, user.tenant_id, item.id, f.version, &reason, &actor(user)).await?;
    back(meeting.id, if ok { "declined" } else { "conflict" })
}

async fn defer(State(state): State<AppState>, ctx: Ctx, Path(id): Path<ItemId>, Form(f): Form<ReasonForm>) -> PageResult {
    ctx.check_csrf(&f.csrf)?;
    let (item, forum, meeting) = managed_item(&state, &ctx, id, "defer").await?;
    let user = ctx.user()?;
    let Ok(reason) = domain::meetings::input::required_text("reason", &f.reason, 1000) else {
        return back(meeting.id, "reason-missing");
    };
    // Only to a later, planned meeting of the same forum.
    if let Some(o) = settled(item.status, ItemStatus::Deferred, "deferred") {
        return back(meeting.id, o);
    }
    let target = match f.to_meeting.parse::<MeetingId>() {
        Ok(t) => store::meetings::meeting(&state.db, user.tenant_id, t).await?,
        Err(_) => None,
    };
    let Some(target) = target.filter(|m| m.forum_id == forum.id && !m.is_cancelled() && m.starts_at > meeting.starts_at) else {
        return back(meeting.id, "bad-target");
    };
    let done = agenda_store::defer(&state.db, user.tenant_id, item.id, f.version, target.id, &reason, &actor(user)).await?;
    back(meeting.id, if done.is_some() { "deferred" } else { "conflict" })
}

#[derive(Deserialize)]
pub struct MoveForm {
    csrf: String,
    direction: String,
}

async fn move_item(State(state): State<AppState>, ctx: Ctx, Path(id): Path<ItemId>, Form(f): Form<MoveForm>) -> PageResult {
    ctx.check_csrf(&f.csrf)?;
    let (item, _forum, meeting) = managed_item(&state, &ctx, id, "move").await?;
    let user = ctx.user()?;
    let items = agenda_store::items_of_meeting(&state.db, user.tenant_id, meeting.id).await?;
    // Items move within their part of the meeting.
    let order: Vec<ItemId> = items.iter().filter(|i| i.is_placed() && i.part == item.part).map(|i| i.id).collect();
    let new = agenda::move_item(&order, item.id, f.direction == "up");
    agenda_store::reorder(&state.db, user.tenant_id, meeting.id, &new, &actor(user)).await?;
    back(meeting.id, "moved")
}

#[derive(Deserialize)]
pub struct CsrfOnly {
    csrf: String,
}

#[derive(Template)]
#[template(path = "meetings/publish.html")]
struct PublishPage<'a> {
    ctx: &'a Ctx,
    section: &'a str,
    title: String,
    forum: Forum,
    meeting: Meeting,
    when: String,
    /// Sent already: this is the changed agenda.
    resend: bool,
    recipients: Vec<(i64, String)>,
    /// The agenda as it will go out: (number, title).
    items: Vec<(usize, String)>,
    /// What changed since it went out: (title, what became of it).
    changed: Vec<(String, String)>,
}

/// Before the agenda goes out (or out again): who gets it, what it holds,
/// and what changed. The POST below sends it.
async fn publish_confirm(State(state): State<AppState>, ctx: Ctx, Path(id): Path<MeetingId>) -> PageResult {
    let req = ctx.req(&state)?;
    service::meetings::manage(&req, || format!("meeting:{id}:publish")).await?;
    let (forum, meeting) = load_meeting(&state, &ctx, id).await?;
    if meeting.is_cancelled() || meeting.is_held(state.clock.now()) {
        return back(meeting.id, "meeting-over");
    }
    let user = ctx.user()?;
    let tr = ctx.tr;
    let reference = state.reference(user).await?;
    let all = agenda_store::items_of_meeting(&state.db, user.tenant_id, id).await?;
    let hidden = |i: &Item| if i.closed { tr.t("item-closed-hidden") } else { i.title.clone() };
    let items = all.iter().filter(|i| i.is_placed()).enumerate().map(|(n, i)| (n + 1, hidden(i))).collect();
    let resend = meeting.agenda_published_at.is_some();
    let changed = if resend {
        all.iter().filter(|i| i.changed_after_publish).map(|i| (hidden(i), tr.t(&format!("agenda-change-{}", i.status)))).collect()
    } else {
        vec![]
    };
    let p = PublishPage {
        ctx: &ctx,
        section: "meetings",
        title: tr.t(if resend { "publish-resend-title" } else { "publish-title" }),
        when: describe::when(&tr, &meeting.starts_at),
        recipients: service::meetings::notify::agenda_recipients(&reference, &forum),
        resend,
        items,
        changed,
        forum,
        meeting,
    };
    page(&ctx, &p)
}

/// Sends the agenda out, or, once it is out, the changes made since.
async fn publish(State(state): State<AppState>, ctx: Ctx, Path(id): Path<MeetingId>, Form(f): Form<CsrfOnly>) -> PageResult {
    let user = ctx.user()?;
    ctx.check_csrf(&f.csrf)?;
    service::meetings::manage(&ctx.req(&state)?, || format!("meeting:{id}:publish")).await?;
    let (forum, meeting) = load_meeting(&state, &ctx, id).await?;
    if meeting.is_cancelled() || meeting.is_held(state.clock.now()) {
        return back(meeting.id, "meeting-over");
    }
    if meeting.agenda_published_at.is_some() {
        let changed = agenda_store::resend(&state.db, user.tenant_id, meeting.id, &actor(user)).await?;
        if changed.is_empty() {
            return back(meeting.id, "nothing-changed");
        }
        let sent = service::meetings::notify::agenda_changed(&state.svc, user.tenant_id, &forum, &meeting, &changed, &state.config.base_url).await?;
        return sent_back(meeting.id, "resent", sent);
    }
    if !agenda_store::publish(&state.db, user.tenant_id, meeting.id, state.clock.now(), &actor(user)).await? {
        return back(meeting.id, "conflict");
    }
    let (forum, meeting) = load_meeting(&state, &ctx, id).await?;
    let sent = service::meetings::notify::agenda_published(&state.svc, user.tenant_id, &forum, &meeting, &state.config.base_url).await?;
    sent_back(meeting.id, "published", sent)
}

/// Back to the meeting after sending, saying to how many.
fn sent_back(meeting: MeetingId, outcome: &str, sent: usize) -> PageResult {
    Ok(Redirect::to(&format!("/meetings/{meeting}?item={outcome}&sent={sent}#agenda")).into_response())
}

pub struct MyProposal {
    pub item: Item,
    pub forum: String,
    pub meeting_id: MeetingId,
    pub when: String,
    pub status: String,
    /// Who proposed it and when, on the secretariat's list.
    pub proposed: String,
    /// It came in after the forum's deadline for proposals.
    pub late: bool,
}

/// Proposals as rows of a table: their forum and meeting read in one go.
async fn proposal_rows(state: &AppState, ctx: &Ctx, items: Vec<Item>, with_proposer: bool) -> Result<Vec<MyProposal>, AppError> {
    let user = ctx.user()?;
    let reference = state.reference(user).await?;
    let mut ids: Vec<MeetingId> = items.iter().map(|i| i.meeting_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let meetings = store::meetings::meetings_by_id(&state.db, user.tenant_id, &ids).await?;
    let mut rows = vec![];
    for i in items {
        let Some(m) = meetings.get(&i.meeting_id) else { continue };
        let forum = reference.forum(i.forum_id);
        let late = forum.is_some_and(|f| i.created_at > agenda::proposal_deadline(m.starts_at, f.proposal_days));
        let proposed = if with_proposer {
            let name = i.proposer_person_id.and_then(|p| reference.people.get(&p).cloned()).unwrap_or_default();
            let day = i.created_at.with_timezone(&chrono_tz::Europe::Copenhagen).format("%d.%m.%Y").to_string();
            ctx.tr.args("proposals-proposed-by", [("name", name), ("date", day)])
        } else {
            String::new()
        };
        rows.push(MyProposal {
            forum: forum.map(|f| f.name.clone()).unwrap_or_default(),
            meeting_id: m.id,
            when: describe::when(&ctx.tr, &m.starts_at),
            status: status_text(&ctx.tr, &i),
            proposed,
            late,
            item: i,
        });
    }
    Ok(rows)
}

#[derive(Template)]
#[template(path = "meetings/proposals.html")]
struct ProposalsPage<'a> {
    ctx: &'a Ctx,
    section: &'a str,
    title: String,
    intro: String,
    none: String,
    rows: Vec<MyProposal>,
    sent: bool,
    /// The secretariat's list of every forum's waiting proposals.
    waiting: bool,
}

#[derive(Deserialize)]
pub struct SentQuery {
    sent: Option<u8>,
}

async fn my_proposals(State(state): State<AppState>, ctx: Ctx, axum::extract::Query(q): axum::extract::Query<SentQuery>) -> PageResult {
    let items = service::meetings::agenda::own_proposals(&ctx.req(&state)?).await?;
    let rows = proposal_rows(&state, &ctx, items, false).await?;
    let tr = ctx.tr;
    page(
        &ctx,
        &ProposalsPage {
            ctx: &ctx,
            section: "meetings",
            title: tr.t("proposals-title"),
            intro: tr.t("proposals-intro"),
            none: tr.t("proposals-none"),
            rows,
            sent: q.sent.is_some(),
            waiting: false,
        },
    )
}

/// The secretariat's queue: every proposal to a coming meeting not yet
/// placed, declined or deferred, across forums.
async fn waiting_proposals(State(state): State<AppState>, ctx: Ctx) -> PageResult {
    let items = service::meetings::agenda::waiting_proposals(&ctx.req(&state)?).await?;
    let rows = proposal_rows(&state, &ctx, items, true).await?;
    let tr = ctx.tr;
    page(
        &ctx,
        &ProposalsPage {
            ctx: &ctx,
            section: "meetings",
            title: tr.t("proposals-waiting-title"),
            intro: tr.t("proposals-waiting-intro"),
            none: tr.t("proposals-waiting-none"),
            rows,
            sent: false,
            waiting: true,
        },
    )
}

fn status_text(tr: &Tr, i: &Item) -> String {
    tr.t(&format!("item-status-{}", i.status))
}

async fn download(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> PageResult {
    let (meta, data) = service::meetings::agenda::attachment(&ctx.req(&state)?, &state.config.files, id).await?;
    let safe_name: String = meta.file_name.chars().map(|c| if c.is_alphanumeric() || ".-_ ".contains(c) { c } else { '_' }).collect();
    let disposition = format!("attachment; filename=\"{safe_name}\"");
    Ok(([(header::CONTENT_TYPE, meta.content_type), (header::CONTENT_DISPOSITION, disposition)], data).into_response())
}
