//! The start page: where a person lands after signing in.

use askama::Template;
use axum::extract::State;
use domain::meetings::DecisionId;

use crate::AppState;
use crate::ctx::Ctx;
use crate::render::{PageResult, page};
use crate::routes::Routes;

pub fn routes() -> Routes {
    Routes::new().get("/", home)
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
    /// Decisions waiting for a report from a unit you lead: (decision id, title, unit name, status).
    awaiting: Vec<(DecisionId, String, String, String)>,
    /// Your open follow-up actions: (decision id, what, due, overdue).
    my_actions: Vec<(Option<DecisionId>, String, String, bool)>,
    /// Decisions communicated to you lately ("Nyt fra …"): (id, title, forum, date).
    news: Vec<(DecisionId, String, String, String)>,
}

async fn home(State(state): State<AppState>, ctx: Ctx) -> PageResult {
    let user = ctx.user()?;
    let reference = state.reference(user).await?;
    let (mut vision, mut mission) = (None, None);
    for e in reference.framework_elements() {
        match e.key.as_str() {
            "vision" => vision = Some(e.title.clone()),
            "mission" => mission = Some(e.title.clone()),
            _ => {}
        }
    }
    let req = ctx.req(&state)?;
    let led_units: Vec<(i64, String)> = reference.units.iter().filter(|u| user.viewer.leads(u.id)).map(|u| (u.id, u.name.clone())).collect();
    let names: std::collections::HashMap<i64, String> = led_units.iter().cloned().collect();
    let awaiting = service::meetings::decisions::awaiting(&req)
        .await?
        .into_iter()
        .take(10)
        .map(|(d, unit, status)| (d.id, d.title, names.get(&unit).cloned().unwrap_or_default(), ctx.tr.t(&format!("implementation-{status}"))))
        .collect();
    let today = state.clock.today();
    let my_actions = service::meetings::decisions::own_actions(&req, 10)
        .await?
        .into_iter()
        .map(|a| (a.decision_id, a.what.clone(), a.due.format("%d.%m.%Y").to_string(), a.is_overdue(today)))
        .collect();
    // News: decisions of the last two months that are to be communicated to you.
    let forum_names = reference.forum_names();
    let news = service::meetings::decisions::news(&req, state.clock.now() - chrono::Duration::days(60), 8)
        .await?
        .into_iter()
        .map(|d| {
            let date = d.decided_at.with_timezone(&chrono_tz::Europe::Copenhagen).format("%d.%m.%Y").to_string();
            (d.id, d.title, forum_names.get(&d.forum_id).cloned().unwrap_or_default(), date)
        })
        .collect();
    let p = HomePage {
        news,
        awaiting,
        my_actions,
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
