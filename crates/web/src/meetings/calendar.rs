//! iCalendar feeds: a forum's meetings, one meeting, and a person's own
//! meetings. Calendar programs cannot sign in, so feeds also accept a
//! personal token in the address (`?token=`), made on the person's request.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Form, Router};
use chrono::{Duration, Utc};
use export::ical::{Event, calendar};
use serde::Deserialize;
use store::meetings::{Forum, Meeting};
use store::platform::accounts;

use crate::AppState;
use crate::ctx::{Ctx, User, user_for_account};
use crate::render::{AppError, PageResult, page};

pub fn routes() -> Router<AppState> {
    Router::new().route("/forums/{id}/meetings.ics", get(forum_feed)).route("/calendar/me.ics", get(my_feed)).route("/calendar/link", post(make_link))
}

#[derive(Deserialize, Default)]
pub struct TokenQuery {
    token: Option<String>,
}

/// The signed-in person, or the owner of a feed token.
pub(crate) async fn reader(state: &AppState, ctx: &Ctx, token: Option<&str>) -> Result<User, AppError> {
    if let Some(u) = &ctx.user {
        return Ok(u.clone());
    }
    let err = |e| AppError::internal(ctx.tr, e);
    if let Some(t) = token {
        if let Some(a) = accounts::by_token(&state.db, t).await.map_err(err)? {
            if let Some(u) = user_for_account(&state.db, a.id).await.map_err(err)? {
                return Ok(u);
            }
        }
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
    let err = |e| AppError::internal(ctx.tr, e);
    let f = store::meetings::forum(&state.db, user.tenant_id, id).await.map_err(err)?.ok_or(AppError::NotFound(ctx.tr))?;
    if !user.viewer.can_read_forum(&f.membership, f.readers) {
        return Err(AppError::Forbidden(ctx.tr));
    }
    let tenant = store::tenant::get(&state.db, user.tenant_id).await.map_err(err)?.map(|t| t.slug).unwrap_or_default();
    let now = Utc::now();
    let ms = store::meetings::meetings_of_forum(&state.db, user.tenant_id, id, now - Duration::days(90), now + Duration::days(400)).await.map_err(err)?;
    let events: Vec<Event> = ms.iter().map(|m| event(&base(&ctx), &tenant, &f, m)).collect();
    Ok(ics(&f.name, calendar(&f.name, &events, now)))
}

/// One meeting as a calendar file (the meeting page's `/meetings/{id}.ics`).
pub async fn meeting_ics(state: &AppState, ctx: &Ctx, id: i64) -> PageResult {
    let (f, m) = super::load_meeting(state, ctx, id).await?;
    let user = ctx.user()?;
    let tenant = store::tenant::get(&state.db, user.tenant_id).await.map_err(|e| AppError::internal(ctx.tr, e))?.map(|t| t.slug).unwrap_or_default();
    let events = vec![event(&base(ctx), &tenant, &f, &m)];
    Ok(ics(&format!("{}-{}", f.name, super::describe::date_value(&m.starts_at)), calendar(&f.name, &events, Utc::now())))
}

async fn my_feed(State(state): State<AppState>, ctx: Ctx, Query(q): Query<TokenQuery>) -> PageResult {
    let user = reader(&state, &ctx, q.token.as_deref()).await?;
    let err = |e| AppError::internal(ctx.tr, e);
    let tenant = store::tenant::get(&state.db, user.tenant_id).await.map_err(err)?.map(|t| t.slug).unwrap_or_default();
    let now = Utc::now();
    let mut events = vec![];
    for f in store::meetings::forums(&state.db, user.tenant_id).await.map_err(err)? {
        if !user.viewer.is_member(&f.membership) {
            continue;
        }
        for m in store::meetings::meetings_of_forum(&state.db, user.tenant_id, f.id, now - Duration::days(90), now + Duration::days(400)).await.map_err(err)? {
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
    let user = ctx.user()?;
    ctx.check_csrf(&f.csrf)?;
    let err = |e| AppError::internal(ctx.tr, e);
    let account = accounts::get(&state.db, user.account_id).await.map_err(err)?.ok_or(AppError::NotFound(ctx.tr))?;
    let token = accounts::create_token(&state.db, &account, "calendar").await.map_err(err)?;
    let url = format!("{}/calendar/me.ics?token={token}", base(&ctx));
    page(&ctx, &LinkPage { ctx: &ctx, section: "meetings", title: ctx.tr.t("calendar-link-title"), url })
}
