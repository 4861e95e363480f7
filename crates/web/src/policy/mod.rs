//! The policy pages: the municipality's policies, a policy's one-page
//! overview with a mark per goal, and a goal with the chain it heads
//! (indicators, initiatives, decisions). What may be read comes from
//! `service::policy`.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect};
use domain::policy::mark::{Assessment, Mark, Why};
use domain::policy::period::Period;
use domain::policy::{COMPARISON, ISHOJ};
use export::trend::{self, Style};
use service::policy::{GoalStatus, GoalView, PolicyView};
use store::policy::Policy;

use crate::AppState;
use crate::ctx::Ctx;
use crate::render::{AppError, PageResult, page, page_with_status};
use crate::routes::Routes;

pub mod business;
pub mod cases;
pub mod skills;

pub fn routes() -> Routes {
    cases::routes()
        .merge(business::routes())
        .merge(skills::routes())
        .get("/policies", list)
        .get("/policies/{id}", overview)
        .get("/goals/{id}", goal)
        .get("/indicators/{id}", indicator)
        .post("/indicators/{id}/figures", add_figures)
}

/// A figure as the reader writes it: shares always with one decimal ("70,0 %"),
/// counts whole unless they have a fraction.
pub fn figure(ctx: &Ctx, v: f64, unit: &str) -> String {
    let s = if unit != "%" && v.fract() == 0.0 { format!("{v:.0}") } else { export::decimal::Tenths(v).to_string() };
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
pub fn reason(ctx: &Ctx, def: &domain::policy::IndicatorDef, a: &Assessment) -> String {
    let (name, unit) = (def.name.as_str(), def.unit.as_str());
    // A difference between two shares is in percentage points, not per cent.
    let difference = |v: f64| if unit == "%" { ctx.tr.t1("policy-points", "n", figure(ctx, v, unit)) } else { format!("{} {unit}", figure(ctx, v, unit)) };
    let with_unit = |v: f64| format!("{} {unit}", figure(ctx, v, unit));
    match &a.why {
        Why::NoValue => ctx.tr.t1("policy-why-no-value", "indicator", name),
        Why::NoTarget { period, value } => {
            ctx.tr.args("policy-why-no-target", [("indicator", name.to_string()), ("value", with_unit(*value)), ("period", period_words(ctx, period))])
        }
        Why::Against { period, value, target, gap } => ctx.tr.args(
            // Short of a target is under it where higher is better, over it where lower is.
            match (*gap >= 0.0, def.direction) {
                (true, _) => "policy-why-met",
                (false, domain::policy::Direction::Higher) => "policy-why-under",
                (false, domain::policy::Direction::Lower) => "policy-why-over",
            },
            [
                ("indicator", name.to_string()),
                ("value", with_unit(*value)),
                ("period", period_words(ctx, period)),
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
        Some((ind, a)) => {
            // A mark from one indicator of three says so: the committee should not read more into it.
            let unknown = g.indicators.iter().filter(|(_, a)| a.mark == Mark::Unknown).count();
            let why = reason(ctx, &ind.def, a);
            if unknown == 0 {
                why
            } else {
                format!("{why} {}", ctx.tr.args("policy-why-partly", [("unknown", unknown.to_string()), ("of", g.indicators.len().to_string())]))
            }
        }
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

async fn overview(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> PageResult {
    // `{id}`, `{id}.pdf` or `{id}.xlsx`: the same status on the screen, on paper or in a spreadsheet.
    let (id, kind) = match id.split_once('.') {
        Some((n, k)) => (n, k),
        None => (id.as_str(), ""),
    };
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let v = service::policy::overview(&ctx.req(&state)?, id).await?;
    match kind {
        "" => {}
        "pdf" => return policy_pdf(&state, &ctx, &v).await,
        "xlsx" => return policy_xlsx(&ctx, &v),
        _ => return Err(AppError::NotFound),
    }
    let themes = v.doc.themes.iter().map(|t| v.goals_of(t).map(|g| goal_line(&ctx, g)).collect()).collect();
    let tally = Mark::ALL.into_iter().map(|m| (mark(&ctx, m), v.goals.iter().filter(|g| g.mark == m).count())).filter(|(_, n)| *n > 0).collect();
    page(&ctx, &OverviewPage { ctx: &ctx, section: "policy", title: v.policy.title.clone(), v: &v, themes, tally })
}

/// The policy's status on paper for the committee, from the same view as the page.
async fn policy_pdf(state: &AppState, ctx: &Ctx, v: &PolicyView) -> PageResult {
    let tr = &ctx.tr;
    let user = ctx.user()?;
    let goal = |g: &GoalStatus| {
        let line = goal_line(ctx, g);
        serde_json::json!({
            "title": g.goal.title,
            "mark": g.mark.as_str(),
            "mark_label": line.mark.label,
            "reason": line.reason,
            "owner": g.owner,
            "period": format!("{}–{}", g.goal.starts_year, g.goal.ends_year),
            "indicators": g.indicators.iter().map(|(i, a)| serde_json::json!({
                "name": i.def.name,
                "mark": a.mark.as_str(),
                "mark_label": mark(ctx, a.mark).label,
                "reason": reason(ctx, &i.def, a),
                "source": source_words(ctx, &i.def),
            })).collect::<Vec<_>>(),
        })
    };
    let themes: Vec<serde_json::Value> =
        v.doc.themes.iter().map(|t| serde_json::json!({ "title": t.title, "goals": v.goals_of(t).map(goal).collect::<Vec<_>>() })).collect();
    let data = serde_json::json!({
        "title": v.policy.title,
        "kind": v.doc.kind,
        "vision": v.doc.vision.text,
        "tenant": user.tenant_name,
        "printed": tr.t1("pdf-printed", "at", tr.datetime(&state.clock.now())),
        "page_label": tr.t("pdf-page"),
        "lang": tr.code(),
        "themes": themes,
        "labels": {
            "goals": [tr.t("policy-goal"), tr.t("policy-mark"), tr.t("policy-why"), tr.t("policy-owner")],
            "indicators": [tr.t("policy-indicator"), tr.t("policy-mark"), tr.t("policy-why"), tr.t("policy-source")],
            "owner": tr.t("policy-owner"),
            "period": tr.t("policy-period"),
        },
    })
    .to_string();
    let pdf = crate::render::pdf(export::pdf::POLICY, data).await?;
    let name = format!("{}.pdf", v.policy.key);
    Ok(([(header::CONTENT_TYPE, "application/pdf".to_string()), (header::CONTENT_DISPOSITION, format!("inline; filename=\"{name}\""))], pdf.to_vec())
        .into_response())
}

/// The policy's status as a spreadsheet: a sheet of goals, one of indicators.
fn policy_xlsx(ctx: &Ctx, v: &PolicyView) -> PageResult {
    use export::xlsx::{Cell, Sheet};
    let tr = &ctx.tr;
    let text = Cell::Text;
    let theme_of = |g: &GoalStatus| v.doc.themes.iter().find(|t| t.key == g.goal.theme_key).map(|t| t.title.clone()).unwrap_or_default();
    let goals = Sheet {
        name: tr.t("policy-sheet-goals"),
        header: ["policy-theme", "policy-goal", "policy-mark", "policy-why", "policy-owner", "policy-period"].iter().map(|k| tr.t(k)).collect(),
        rows: v
            .goals
            .iter()
            .map(|g| {
                let line = goal_line(ctx, g);
                vec![
                    text(theme_of(g)),
                    text(g.goal.title.clone()),
                    text(line.mark.label),
                    text(line.reason),
                    text(g.owner.clone()),
                    text(format!("{}–{}", g.goal.starts_year, g.goal.ends_year)),
                ]
            })
            .collect(),
    };
    // To one decimal, as the mark was judged and the page shows it: 70,96 against 71,0 is met.
    let number = |x: Option<f64>| x.map_or(Cell::Empty, |n| Cell::Number((n * 10.0).round() / 10.0));
    let indicators = Sheet {
        name: tr.t("policy-sheet-indicators"),
        header: [
            "policy-goal",
            "policy-indicator",
            "policy-unit",
            "policy-direction",
            "policy-source",
            "policy-period",
            "policy-value",
            "policy-target",
            "policy-mark",
        ]
        .iter()
        .map(|k| tr.t(k))
        .collect(),
        rows: v
            .goals
            .iter()
            .flat_map(|g| {
                g.indicators.iter().map(move |(i, a)| {
                    let (period, value, target) = match &a.why {
                        Why::NoValue => (String::new(), None, None),
                        Why::NoTarget { period, value } => (period.clone(), Some(*value), None),
                        Why::Against { period, value, target, .. } => (period.clone(), Some(*value), Some(*target)),
                    };
                    vec![
                        text(g.goal.title.clone()),
                        text(i.def.name.clone()),
                        text(i.def.unit.clone()),
                        text(tr.t(&format!("policy-direction-{}", i.def.direction))),
                        text(source_words(ctx, &i.def)),
                        text(period_words(ctx, &period)),
                        number(value),
                        number(target),
                        text(mark(ctx, a.mark).label),
                    ]
                })
            })
            .collect(),
    };
    let bytes = export::xlsx::workbook(&[goals, indicators]).map_err(AppError::internal)?;
    let name = format!("{}.xlsx", v.policy.key);
    Ok((
        [
            (header::CONTENT_TYPE, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
        ],
        bytes,
    )
        .into_response())
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
            source: source_words(&ctx, &i.def),
            mark: mark(&ctx, a.mark),
            reason: reason(&ctx, &i.def, a),
        })
        .collect();
    let statuses = v.initiatives.iter().map(|(i, _)| crate::programme::StatusMark::of(&ctx, i.status())).collect();
    let line = goal_line(&ctx, &v.status);
    page(&ctx, &GoalPage { ctx: &ctx, section: "policy", title: v.status.goal.title.clone(), v: &v, line, indicators, statuses })
}

/// A period as the reader says it: "2. kvt. 2025", "marts 2025".
pub fn period_words(ctx: &Ctx, period: &str) -> String {
    match Period::parse(period) {
        Some(Period::Year(y)) => y.to_string(),
        Some(Period::Quarter(y, q)) => ctx.tr.args("policy-quarter", [("q", q.to_string()), ("year", y.to_string())]),
        Some(Period::Month(y, m)) => format!("{} {y}", ctx.tr.t(&format!("month-{m}"))),
        None => period.to_string(),
    }
}

/// A figure in an indicator's table.
pub struct FigureCell {
    pub text: String,
    /// Why it is not shown, when it is not.
    pub hidden: Option<String>,
}

#[derive(Template)]
#[template(path = "policy/indicator.html")]
struct IndicatorPage<'a> {
    ctx: &'a Ctx,
    section: &'a str,
    title: String,
    v: &'a service::policy::IndicatorHead,
    mark: MarkView,
    reason: String,
    facts: Vec<(String, String)>,
    /// The chart and the table of the figures, made once per language and set of figures.
    figures: &'a str,
    /// The form for adding figures, for those who may, and what to put in it.
    can_add: bool,
    add_help: String,
    /// What became of the last upload: (went well, words).
    notice: Option<(bool, String)>,
}

/// The figures' part of an indicator's page: the chart beside a table of the same figures.
#[derive(Template)]
#[template(path = "policy/indicator_figures.html")]
struct FiguresPart<'a> {
    ctx: &'a Ctx,
    title: &'a str,
    svg: String,
    /// The table's columns: the areas with figures, then the expected value where there is one.
    columns: Vec<String>,
    /// (period in words, a cell per column), newest first.
    rows: Vec<(String, Vec<FigureCell>)>,
    fetched: String,
    /// Some figure is hidden: the note under the table says what "–" means.
    any_hidden: bool,
}

#[derive(serde::Deserialize)]
struct Done {
    added: Option<usize>,
}

async fn indicator(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Query(done): Query<Done>) -> PageResult {
    let notice = done.added.map(|n| (true, ctx.tr.t1("figures-added", "n", n)));
    indicator_view(&state, &ctx, id, StatusCode::OK, notice).await
}

/// Adds figures from an uploaded file: the source's own (Statistikbank's CSV,
/// Jobindsats' JSON) or the municipality's spreadsheet. A file that is not
/// what the source gives is named, row and cell, and changes nothing.
async fn add_figures(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, mp: axum::extract::Multipart) -> PageResult {
    // Asked before the file is read, as every upload is.
    service::policy::may_add_figures(&ctx.req(&state)?, id).await?;
    let max = state.config.max_upload;
    let up = match crate::admin::read_upload(mp, max).await {
        Ok(u) => u,
        Err(p) => return indicator_view(&state, &ctx, id, StatusCode::BAD_REQUEST, Some((false, crate::admin::upload_message(ctx.tr, &p, max)))).await,
    };
    ctx.check_csrf(&up.csrf)?;
    let grid = if up.file_name.to_lowercase().ends_with(".json") { export::read_jobindsats(&up.bytes) } else { export::read_grid(&up.file_name, &up.bytes) };
    let grid = match grid {
        Ok(g) => g,
        Err(e) => return indicator_view(&state, &ctx, id, StatusCode::UNPROCESSABLE_ENTITY, Some((false, ctx.tr.t(e.message_id())))).await,
    };
    match service::policy::add_figures(&ctx.req(&state)?, id, &up.file_name, &grid).await {
        Ok(n) => Ok(Redirect::to(&format!("/indicators/{id}?added={n}")).into_response()),
        Err(service::policy::FiguresError::Import(e)) => {
            let words = ctx.tr.args(e.message_id(), e.args());
            indicator_view(&state, &ctx, id, StatusCode::UNPROCESSABLE_ENTITY, Some((false, words))).await
        }
        Err(service::policy::FiguresError::Computed) => {
            indicator_view(&state, &ctx, id, StatusCode::UNPROCESSABLE_ENTITY, Some((false, ctx.tr.t("figures-computed")))).await
        }
        Err(service::policy::FiguresError::Service(e)) => Err(e.into()),
    }
}

async fn indicator_view(state: &AppState, ctx: &Ctx, id: i64, status: StatusCode, notice: Option<(bool, String)>) -> PageResult {
    let req = ctx.req(state)?;
    let head = service::policy::indicator_head(&req, id).await?;
    let def = &head.indicator.def;
    // The chart and the table are the same for every reader of a language until the figures change.
    let key = format!("indicator:{}:{}", ctx.tr.code(), head.stamp);
    let figures = match state.policy.kept(&key) {
        Some(f) => f,
        None => {
            let values = service::policy::figures(&req, &head).await?;
            state.policy.keep(key, figures_part(ctx, def, &values)?)
        }
    };
    let targets_text = def.targets().iter().map(|(y, t)| format!("{y}: {}", figure(ctx, *t, &def.unit))).collect::<Vec<_>>().join(" · ");
    let facts = vec![
        (ctx.tr.t("policy-definition"), def.definition.clone()),
        (ctx.tr.t("policy-unit"), def.unit.clone()),
        (ctx.tr.t("policy-direction"), ctx.tr.t(&format!("policy-direction-{}", def.direction))),
        (ctx.tr.t("policy-source"), source_words(ctx, def)),
        (ctx.tr.t("policy-frequency"), ctx.tr.t(&format!("policy-frequency-{}", def.frequency))),
        (ctx.tr.t("policy-targets"), if targets_text.is_empty() { ctx.tr.t("none") } else { targets_text }),
    ];
    let can_add = ctx.user()?.viewer.can_add_figures() && !def.source.computed();
    let p = IndicatorPage {
        ctx,
        section: "policy",
        title: def.name.clone(),
        mark: mark(ctx, head.assessment.mark),
        reason: reason(ctx, def, &head.assessment),
        facts,
        figures: &figures,
        can_add,
        add_help: ctx.tr.t(&format!("figures-add-{}", def.source)),
        notice,
        v: &head,
    };
    page_with_status(ctx, status, &p)
}

/// The chart and the table of an indicator's figures.
fn figures_part(ctx: &Ctx, def: &domain::policy::IndicatorDef, values: &[store::policy::Value]) -> Result<String, AppError> {
    let areas: Vec<(&str, &str)> = COMPARISON.iter().copied().filter(|(code, _)| values.iter().any(|x| x.area == *code)).collect();
    let with_expected = values.iter().any(|x| x.area == ISHOJ && x.expected.is_some());
    let mut periods: Vec<&str> = values.iter().map(|x| x.period.as_str()).collect();
    periods.sort_by(|a, b| b.cmp(a));
    periods.dedup();
    let hidden_text = ctx.tr.t("policy-figure-hidden");
    let cell = |x: Option<&store::policy::Value>, expected: bool| match x {
        Some(x) if x.suppressed => FigureCell { text: "–".into(), hidden: Some(hidden_text.clone()) },
        Some(x) => FigureCell { text: (if expected { x.expected } else { x.value }).map(|n| figure(ctx, n, &def.unit)).unwrap_or_default(), hidden: None },
        None => FigureCell { text: String::new(), hidden: None },
    };
    let rows = periods
        .iter()
        .map(|p| {
            let mut cells: Vec<FigureCell> = areas.iter().map(|(code, _)| cell(values.iter().find(|x| x.area == *code && x.period == *p), false)).collect();
            if with_expected {
                cells.push(cell(values.iter().find(|x| x.area == ISHOJ && x.period == *p), true));
            }
            (period_words(ctx, p), cells)
        })
        .collect();
    let mut columns: Vec<String> = areas.iter().map(|(_, name)| name.to_string()).collect();
    if with_expected {
        columns.push(ctx.tr.t("policy-expected"));
    }
    // The chart: a line per area, the neighbours sharing one legend entry.
    let neighbours = ctx.tr.t("policy-neighbours");
    let mut lines: Vec<trend::Line> = areas
        .iter()
        .map(|(code, name)| {
            let style = match *code {
                ISHOJ => Style::Own,
                "084" => Style::Region,
                "000" => Style::Country,
                _ => Style::Neighbour,
            };
            let label = if style == Style::Neighbour { neighbours.clone() } else { name.to_string() };
            // A hidden figure breaks the line (NaN), so it does not seem to run through it.
            let mut points: Vec<(f64, f64)> =
                values.iter().filter(|x| x.area == *code).filter_map(|x| Some((Period::parse(&x.period)?.time(), x.value.unwrap_or(f64::NAN)))).collect();
            points.sort_by(|a, b| a.0.total_cmp(&b.0));
            trend::Line { label, style, points }
        })
        .collect();
    if with_expected {
        let points = values.iter().filter(|x| x.area == ISHOJ).filter_map(|x| Some((Period::parse(&x.period)?.time(), x.expected?))).collect();
        lines.push(trend::Line { label: ctx.tr.t("policy-expected"), style: Style::Expected, points });
    }
    let targets: Vec<(f64, f64)> = def.targets().into_iter().map(|(y, t)| (y as f64, t)).collect();
    let decimals = if def.unit != "%" && values.iter().filter_map(|x| x.value).all(|n| n.fract() == 0.0) { 0 } else { 1 };
    let svg = trend::svg(&lines, &targets, &ctx.tr.t("policy-target"), &def.unit, trend::Numbers { decimals, comma: ctx.tr.code() == "da" });
    let fetched = values.iter().map(|x| x.fetched_at).max().map(|t| ctx.tr.datetime(&t)).unwrap_or_default();
    let any_hidden = values.iter().any(|x| x.suppressed);
    Ok(FiguresPart { ctx, title: &def.name, svg, columns, rows, fetched, any_hidden }.render()?)
}

/// Where an indicator's figures come from, in words, with the source's own name for them.
pub fn source_words(ctx: &Ctx, def: &domain::policy::IndicatorDef) -> String {
    let source = ctx.tr.t(&format!("policy-source-{}", def.source));
    if def.series.is_empty() { source } else { format!("{source} ({})", def.series) }
}
