//! The start page: where a person lands after signing in. What waits for
//! them comes first (`service::me::tasks`), then the news, then the rest.

use askama::Template;
use axum::extract::State;
use chrono_tz::Europe::Copenhagen;
use domain::meetings::DecisionId;
use domain::programme::report::period_label;

use crate::AppState;
use crate::ctx::Ctx;
use crate::i18n::Lang;
use crate::meetings::describe;
use crate::render::{PageResult, page};
use crate::routes::Routes;

pub fn routes() -> Routes {
    Routes::new().get("/", home)
}

/// One line of a list of what waits: where it goes, what it is, and what
/// to say of it (a unit, a due date, a status); `late` marks it overdue.
pub struct TaskRow {
    pub href: String,
    pub title: String,
    pub detail: String,
    pub late: bool,
}

/// A list of what waits, with how many there are in all.
pub struct TaskList {
    pub id: &'static str,
    pub heading: String,
    pub rows: Vec<TaskRow>,
    pub total: usize,
    /// Where the whole list is, when the page shows only part of it.
    pub more: Option<(String, String)>,
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
    /// What waits for you, list by list; an empty list takes one line.
    tasks: Vec<TaskList>,
    /// (decision, title, what was decided, forum, date)
    news: Vec<(DecisionId, String, String, String, String)>,
}

async fn home(State(state): State<AppState>, ctx: Ctx) -> PageResult {
    let user = ctx.user()?;
    let tr = ctx.tr;
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
    let t = service::me::tasks(&req).await?;
    let today = state.clock.today();
    let date = |d: &chrono::NaiveDate| d.format("%d.%m.%Y").to_string();
    let forum_names = reference.forum_names();
    let forum = |id: i64| forum_names.get(&id).cloned().unwrap_or_default();
    let shown = service::me::SHOWN;
    let mut tasks = vec![];
    // `total` when there are more than were read; otherwise the rows are all.
    let list = |id, key: &str, rows: Vec<TaskRow>, total: Option<usize>, more: Option<(String, String)>| {
        let total = total.unwrap_or(rows.len());
        TaskList { id, heading: tr.t(key), rows: rows.into_iter().take(shown).collect(), total, more: if total > shown { more } else { None } }
    };
    if user.viewer.can_manage_meetings() {
        let rows: Vec<TaskRow> = t
            .to_place
            .iter()
            .map(|i| TaskRow { href: format!("/meetings/{}#proposals", i.meeting_id), title: i.title.clone(), detail: forum(i.forum_id), late: false })
            .collect();
        // The secretariat's queue has its own page, linked however short the list.
        let mut to_place = list("to-place", "home-tasks-to-place", rows, None, None);
        to_place.more = Some(("/proposals/waiting".into(), tr.t("proposals-waiting-title")));
        tasks.push(to_place);
        let rows: Vec<TaskRow> = t
            .to_approve
            .iter()
            .map(|m| TaskRow {
                href: format!("/meetings/{}/minutes/approve", m.id),
                title: forum(m.forum_id),
                detail: describe::when(&tr, &m.starts_at),
                late: false,
            })
            .collect();
        tasks.push(list("to-approve", "home-tasks-to-approve", rows, None, None));
    }
    if !led_units.is_empty() || !t.decisions.is_empty() {
        let names: std::collections::HashMap<i64, &str> = led_units.iter().map(|(id, n)| (*id, n.as_str())).collect();
        let rows: Vec<TaskRow> = t
            .decisions
            .iter()
            .map(|(d, unit, status)| TaskRow {
                href: format!("/decisions/{}", d.id),
                title: d.title.clone(),
                detail: format!("{}: {}", names.get(unit).copied().unwrap_or_default(), tr.t(&format!("implementation-{status}"))),
                late: false,
            })
            .collect();
        tasks.push(list("decisions", "home-awaiting", rows, None, None));
    }
    // A task links to its decision only when the person may read it.
    let readable = service::meetings::decisions::titles_of(&req, &t.actions).await?;
    let rows: Vec<TaskRow> = t
        .actions
        .iter()
        .map(|a| TaskRow {
            href: a.decision_id.filter(|d| readable.contains_key(&d.get())).map(|d| format!("/decisions/{d}")).unwrap_or_else(|| "/actions?show=mine".into()),
            title: a.what.clone(),
            detail: tr.t1("home-due", "date", date(&a.due)),
            late: a.is_overdue(today),
        })
        .collect();
    tasks.push(list("actions", "home-my-actions", rows, Some(t.actions_total as usize), Some(("/actions?show=mine".into(), tr.t("actions-mine")))));
    let rows: Vec<TaskRow> = t
        .reports
        .iter()
        .map(|r| TaskRow {
            href: format!("/initiatives/{}#reports", r.initiative_id),
            title: r.title.clone(),
            detail: format!("{}, {}", period_label(&r.period, tr.lang == Lang::Da), tr.t1("home-due", "date", date(&r.due))),
            late: r.due < today,
        })
        .collect();
    tasks.push(list("reports", "home-tasks-reports", rows, None, None));
    let rows: Vec<TaskRow> = t
        .meetings
        .iter()
        .map(|m| TaskRow { href: format!("/meetings/{}", m.id), title: forum(m.forum_id), detail: describe::when(&tr, &m.starts_at), late: false })
        .collect();
    tasks.push(list("meetings", "home-tasks-meetings", rows, None, None));
    let rows: Vec<TaskRow> = t
        .proposals
        .iter()
        .map(|i| TaskRow {
            href: format!("/proposals#item-{}", i.id),
            title: i.title.clone(),
            detail: format!("{}: {}", forum(i.forum_id), tr.t(&format!("item-status-{}", i.status))),
            late: false,
        })
        .collect();
    tasks.push(list("proposals", "home-tasks-proposals", rows, None, Some(("/proposals".into(), tr.t("proposals-title")))));
    // The leader evaluation: questionnaires to answer, and one's development plans (as leader or manager).
    let rows: Vec<TaskRow> = service::evaluation::my_invitations(&req)
        .await?
        .into_iter()
        .filter(|i| !i.3)
        .map(|(_, leader, g, _, round)| TaskRow {
            href: "/evaluation#to-answer".into(),
            title: if g == domain::evaluation::anonymity::Group::Own {
                tr.t("evaluation-answer-own-title")
            } else {
                tr.t1("evaluation-answer-about", "leader", &leader)
            },
            detail: round,
            late: false,
        })
        .collect();
    if !rows.is_empty() {
        tasks.push(list("evaluation-answer", "home-tasks-evaluation", rows, None, Some(("/evaluation".into(), tr.t("evaluation-title")))));
    }
    let me = user.viewer.person();
    let rows: Vec<TaskRow> = service::evaluation::my_plans(&req)
        .await?
        .into_iter()
        .filter(|(s, _, _)| me.is_some() && (s.person_id == me || s.manager_id == me))
        .map(|(s, round, p)| TaskRow {
            href: format!("/evaluation/plans/{}", s.id),
            title: tr.t1("evaluation-plan-title", "leader", &s.name),
            detail: p.follow_up_on.map(|d| tr.t1("evaluation-step-follow-up", "date", date(&d))).unwrap_or(round),
            late: p.follow_up_on.is_some_and(|d| d < today),
        })
        .collect();
    if !rows.is_empty() {
        tasks.push(list("evaluation-plans", "home-tasks-plans", rows, None, None));
    }
    // News: decisions of the last two months that are to be communicated to you.
    let news = service::meetings::decisions::news(&req, state.clock.now() - chrono::Duration::days(60), 8)
        .await?
        .into_iter()
        .map(|d| {
            let day = d.decided_at.with_timezone(&Copenhagen).date_naive();
            (d.id, d.title.clone(), d.summary(220), forum(d.forum_id), date(&day))
        })
        .collect();
    let p = HomePage {
        news,
        tasks,
        ctx: &ctx,
        section: "home",
        title: tr.t1("home-title", "name", &user.name),
        vision,
        mission,
        led_units,
        person_id: user.person_id,
    };
    page(&ctx, &p)
}
