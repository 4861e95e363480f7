//! iCalendar feeds: a forum's meetings, one meeting, and a person's own
//! meetings. Calendar programs cannot sign in, so feeds also accept a
//! calendar feed token in the address (`?token=`), made on the person's
//! request: it reads feeds and nothing else, and is revoked on their page.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::IntoResponse;
use chrono::Duration;
use export::ical::{Event, calendar};
use serde::Deserialize;
use store::meetings::{Forum, Meeting};

use crate::AppState;
use crate::ctx::{Ctx, User};
use crate::render::{AppError, PageResult, page};
use crate::routes::Routes;

pub fn routes() -> Routes {
    Routes::new().get("/forums/{id}/meetings.ics", forum_feed).get("/calendar/me.ics", my_feed).post("/calendar/link", make_link)
}

#[derive(Deserialize, Default)]
pub struct TokenQuery {
    token: Option<String>,
}

/// The signed-in person, or the owner of a live calendar feed token.
pub(crate) async fn reader(state: &AppState, ctx: &Ctx, token: Option<&str>) -> Result<User, AppError> {
    if let Some(u) = &ctx.user {
        return Ok(u.clone());
    }
    if let Some(t) = token
        && let Some(u) = service::platform::principal::by_feed_token(&state.svc, t).await?
    {
        return Ok(u);
    }
    Err(AppError::SignIn(ctx.here.clone()))
}

fn event(state_base: &str, tenant: &str, f: &Forum, m: &Meeting) -> Event {
    Event {
        uid: format!("meeting-{}@{tenant}.styr", m.id),
        start: m.starts_at,
        end: m.ends_at,
        summary: f.name.clone(),
        location: m.place.clone(),
        description: f.purpose.clone(),
        url: format!("{state_base}/meetings/{}", m.id),
        cancelled: m.is_cancelled(),
        sequence: m.version,
        all_day: false,
    }
}

pub(crate) fn ics(name: &str, body: String) -> axum::response::Response {
    let file = format!("attachment; filename=\"{}.ics\"", name.replace(|c: char| !c.is_alphanumeric(), "-"));
    ([(header::CONTENT_TYPE, "text/calendar; charset=utf-8".to_string()), (header::CONTENT_DISPOSITION, file)], body).into_response()
}

fn base(ctx: &Ctx) -> String {
    ctx.origin.clone()
}

async fn forum_feed(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Query(q): Query<TokenQuery>) -> PageResult {
    let user = reader(&state, &ctx, q.token.as_deref()).await?;
    let now = state.clock.now();
    let (f, ms) = service::meetings::meetings_of(&state.svc.req(&user, &ctx.here), id, now - Duration::days(90), now + Duration::days(400)).await?;
    let tenant = store::tenant::get(&state.db, user.tenant_id).await?.map(|t| t.slug).unwrap_or_default();
    let events: Vec<Event> = ms.iter().map(|m| event(&base(&ctx), &tenant, &f, m)).collect();
    Ok(ics(&f.name, calendar(&f.name, &events, now)))
}

/// One meeting as a calendar file (the meeting page's `/meetings/{id}.ics`).
pub async fn meeting_ics(state: &AppState, ctx: &Ctx, id: store::meetings::MeetingId) -> PageResult {
    let (f, m) = super::load_meeting(state, ctx, id).await?;
    let user = ctx.user()?;
    let tenant = store::tenant::get(&state.db, user.tenant_id).await?.map(|t| t.slug).unwrap_or_default();
    let events = vec![event(&base(ctx), &tenant, &f, &m)];
    Ok(ics(&format!("{}-{}", f.name, super::describe::date_value(&m.starts_at)), calendar(&f.name, &events, state.clock.now())))
}

async fn my_feed(State(state): State<AppState>, ctx: Ctx, Query(q): Query<TokenQuery>) -> PageResult {
    let user = reader(&state, &ctx, q.token.as_deref()).await?;
    let tenant = store::tenant::get(&state.db, user.tenant_id).await?.map(|t| t.slug).unwrap_or_default();
    let now = state.clock.now();
    let mut events = vec![];
    let req = state.svc.req(&user, &ctx.here);
    for f in service::meetings::my_forums(&req).await? {
        let (f, ms) = service::meetings::meetings_of(&req, f.id, now - Duration::days(90), now + Duration::days(400)).await?;
        for m in ms {
            events.push(event(&base(&ctx), &tenant, &f, &m));
        }
    }
    events.sort_by_key(|e| e.start);
    let name = ctx.tr.t1("calendar-mine-name", "name", &user.name);
    Ok(ics("styr", calendar(&name, &events, now)))
}

#[derive(Template)]
#[template(path = "meetings/calendar_link.html")]
struct LinkPage<'a> {
    ctx: &'a Ctx,
    section: &'a str,
    title: String,
    url: String,
}

#[derive(Deserialize)]
pub struct CsrfForm {
    csrf: String,
}

/// Makes a personal feed address; the token in it is shown this once.
async fn make_link(State(state): State<AppState>, ctx: Ctx, Form(f): Form<CsrfForm>) -> PageResult {
    ctx.user()?;
    ctx.check_csrf(&f.csrf)?;
    let token = service::platform::tokens::create_feed_token(&ctx.req(&state)?, &ctx.tr.t("calendar-feed-label")).await?;
    let url = format!("{}/calendar/me.ics?token={token}", base(&ctx));
    page(&ctx, &LinkPage { ctx: &ctx, section: "meetings", title: ctx.tr.t("calendar-link-title"), url })
}
