//! The start page: where a person lands after signing in.

use askama::Template;
use axum::extract::State;
use axum::routing::get;
use axum::Router;

use crate::ctx::Ctx;
use crate::render::{page, AppError, PageResult};
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/", get(home))
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage<'a> {
    ctx: &'a Ctx,
    section: &'a str,
    title: String,
    vision: Option<String>,
    mission: Option<String>,
    led_units: Vec<(i64, String)>,
    person_id: Option<i64>,
}

async fn home(State(state): State<AppState>, ctx: Ctx) -> PageResult {
    let user = ctx.user()?;
    let t = user.tenant_id;
    let err = |e| AppError::internal(ctx.tr, e);
    let (mut vision, mut mission) = (None, None);
    if let Some(v) = store::framework::version(&state.db, t, None).await.map_err(err)? {
        for e in store::framework::elements(&state.db, t, v.id).await.map_err(err)? {
            match e.key.as_str() {
                "vision" => vision = Some(e.title),
                "mission" => mission = Some(e.title),
                _ => {}
            }
        }
    }
    let mut led_units = vec![];
    for id in &user.viewer.leads {
        if let Some(u) = store::org::unit(&state.db, t, *id).await.map_err(err)? {
            led_units.push((u.id, u.name));
        }
    }
    let p = HomePage {
        ctx: &ctx,
        section: "home",
        title: ctx.tr.t1("home-title", "name", &user.name),
        vision,
        mission,
        led_units,
        person_id: user.person_id,
    };
    page(&ctx, &p)
}
