//! The policy pages: the municipality's policies, a policy's one-page
//! overview with a mark per goal, and a goal with the chain it heads
//! (indicators, initiatives, decisions). What may be read comes from
//! `service::policy`.

use askama::Template;
use axum::extract::{Path, State};
use domain::policy::mark::{Assessment, Mark, Why};
use service::policy::{GoalStatus, GoalView, PolicyView};
use store::policy::Policy;

use crate::AppState;
use crate::ctx::Ctx;
use crate::render::{PageResult, page};
use crate::routes::Routes;

pub fn routes() -> Routes {
    Routes::new().get("/policies", list).get("/policies/{id}", overview).get("/goals/{id}", goal)
}

/// A number as the reader writes it, with the decimals the figure has.
pub fn figure(ctx: &Ctx, v: f64) -> String {
    let s = if v.fract() == 0.0 { format!("{v:.0}") } else { export::decimal::Tenths(v).to_string() };
    if ctx.tr.code() == "da" { s.replace('.', ",") } else { s }
}

/// A mark as the page shows it: a symbol (not colour alone) and its word.
pub struct MarkView {
    pub key: &'static str,
    pub symbol: &'static str,
    pub label: String,
}

pub fn mark(ctx: &Ctx, m: Mark) -> MarkView {
    let symbol = match m {
        Mark::Met => "●",
        Mark::Near => "◐",
        Mark::Missed => "▲",
        Mark::Unknown => "○",
    };
    MarkView { key: m.as_str(), symbol, label: ctx.tr.t(&format!("policy-mark-{m}")) }
}

/// Why an indicator stands as it does, in words.
pub fn reason(ctx: &Ctx, name: &str, unit: &str, a: &Assessment) -> String {
    // A difference between two shares is in percentage points, not per cent.
    let difference = |v: f64| if unit == "%" { ctx.tr.t1("policy-points", "n", figure(ctx, v)) } else { format!("{} {unit}", figure(ctx, v)) };
    let with_unit = |v: f64| if unit == "%" { format!("{} %", figure(ctx, v)) } else { format!("{} {unit}", figure(ctx, v)) };
    match &a.why {
        Why::NoValue => ctx.tr.t1("policy-why-no-value", "indicator", name),
        Why::NoTarget { period, value } => {
            ctx.tr.args("policy-why-no-target", [("indicator", name.to_string()), ("value", with_unit(*value)), ("period", period.clone())])
        }
        Why::Against { period, value, target, gap } => ctx.tr.args(
            if *gap >= 0.0 { "policy-why-met" } else { "policy-why-short" },
            [
                ("indicator", name.to_string()),
                ("value", with_unit(*value)),
                ("period", period.clone()),
                ("target", with_unit(*target)),
                ("gap", difference(gap.abs())),
            ],
        ),
    }
}

/// A goal's mark and the reason, from the indicator that decides it.
pub struct GoalLine<'a> {
    pub status: &'a GoalStatus,
    pub mark: MarkView,
    pub reason: String,
}

pub fn goal_line<'a>(ctx: &Ctx, g: &'a GoalStatus) -> GoalLine<'a> {
    let reason = match g.decided_by.and_then(|i| g.indicators.get(i)) {
        Some((ind, a)) => reason(ctx, &ind.def.name, &ind.def.unit, a),
        None if g.indicators.is_empty() => ctx.tr.t("policy-why-no-indicators"),
        None => ctx.tr.t("policy-why-nothing-yet"),
    };
    GoalLine { status: g, mark: mark(ctx, g.mark), reason }
}

#[derive(Template)]
#[template(path = "policy/list.html")]
struct ListPage<'a> {
    ctx: &'a Ctx,
    section: &'a str,
    title: String,
    policies: Vec<Policy>,
}

async fn list(State(state): State<AppState>, ctx: Ctx) -> PageResult {
    let policies = service::policy::policies(&ctx.req(&state)?).await?;
    page(&ctx, &ListPage { ctx: &ctx, section: "policy", title: ctx.tr.t("policy-list-title"), policies })
}

#[derive(Template)]
#[template(path = "policy/overview.html")]
struct OverviewPage<'a> {
    ctx: &'a Ctx,
    section: &'a str,
    title: String,
    v: &'a PolicyView,
    /// Per theme (by position): its goals' lines.
    themes: Vec<Vec<GoalLine<'a>>>,
    /// How many goals have each mark: (mark, count), marks with none left out.
    tally: Vec<(MarkView, usize)>,
}

async fn overview(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> PageResult {
    let v = service::policy::overview(&ctx.req(&state)?, id).await?;
    let themes = v.doc.themes.iter().map(|t| v.goals_of(t).map(|g| goal_line(&ctx, g)).collect()).collect();
    let tally = Mark::ALL.into_iter().map(|m| (mark(&ctx, m), v.goals.iter().filter(|g| g.mark == m).count())).filter(|(_, n)| *n > 0).collect();
    page(&ctx, &OverviewPage { ctx: &ctx, section: "policy", title: v.policy.title.clone(), v: &v, themes, tally })
}

/// An indicator's line on a goal's page.
pub struct IndicatorLine {
    pub id: i64,
    pub name: String,
    pub definition: String,
    pub source: String,
    pub mark: MarkView,
    pub reason: String,
}

#[derive(Template)]
#[template(path = "policy/goal.html")]
struct GoalPage<'a> {
    ctx: &'a Ctx,
    section: &'a str,
    title: String,
    v: &'a GoalView,
    line: GoalLine<'a>,
    indicators: Vec<IndicatorLine>,
    /// Each initiative's newest status.
    statuses: Vec<Option<crate::programme::StatusMark>>,
}

async fn goal(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> PageResult {
    let req = ctx.req(&state)?;
    let v = service::policy::goal(&req, id).await?;
    let indicators = v
        .status
        .indicators
        .iter()
        .map(|(i, a)| IndicatorLine {
            id: i.id,
            name: i.def.name.clone(),
            definition: i.def.definition.clone(),
            source: if i.def.series.is_empty() {
                ctx.tr.t(&format!("policy-source-{}", i.def.source))
            } else {
                format!("{} ({})", ctx.tr.t(&format!("policy-source-{}", i.def.source)), i.def.series)
            },
            mark: mark(&ctx, a.mark),
            reason: reason(&ctx, &i.def.name, &i.def.unit, a),
        })
        .collect();
    let statuses = v.initiatives.iter().map(|(i, _)| crate::programme::StatusMark::of(&ctx, i.status())).collect();
    let line = goal_line(&ctx, &v.status);
    page(&ctx, &GoalPage { ctx: &ctx, section: "policy", title: v.status.goal.title.clone(), v: &v, line, indicators, statuses })
}
