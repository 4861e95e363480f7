//! A leader's report on the screen. Every figure comes from
//! `service::evaluation::report`, which worked it out through the anonymity
//! rules; this page only says each figure, or why it is not shown.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect};
use domain::evaluation::anonymity::Group;
use domain::evaluation::policy::ReportReader;
use domain::evaluation::questionnaire::Part;
use domain::evaluation::report::{Column, Figure, Hidden, KeepWord, Report};
use export::dotplot::{self, Shape};
use service::evaluation::ReadReport;

use super::group_name;
use crate::AppState;
use crate::ctx::Ctx;
use crate::form::Pairs;
use crate::render::{PageResult, page};
use crate::routes::Routes;

pub fn routes() -> Routes {
    Routes::new().get("/evaluation/reports/{id}", report_page).post("/evaluation/reports/{id}/release", release)
}

/// A column's name in the reader's language.
pub fn column_name(ctx: &Ctx, c: Column) -> String {
    ctx.tr.t(&format!("evaluation-column-{c}"))
}

/// A number as the reader writes it: "3,8" in Danish.
pub fn number(ctx: &Ctx, v: f64) -> String {
    let s = format!("{v:.1}");
    if ctx.tr.code() == "da" { s.replace('.', ",") } else { s }
}

/// A figure as a table shows it.
pub struct Cell {
    pub text: String,
    /// Why it is hidden, in words; the same words for every hidden cell of a kind.
    pub hidden: Option<String>,
    pub n: Option<u32>,
}

pub fn cell(ctx: &Ctx, f: Figure) -> Cell {
    match f {
        Figure::Value { mean, n } => Cell { text: number(ctx, mean), hidden: None, n: Some(n) },
        Figure::Suppressed { reason } => Cell { text: "–".into(), hidden: Some(hidden_reason(ctx, reason)), n: None },
        Figure::Empty => Cell { text: String::new(), hidden: None, n: None },
    }
}

pub fn hidden_reason(ctx: &Ctx, r: Hidden) -> String {
    ctx.tr.t(match r {
        Hidden::TooFew => "evaluation-hidden-too-few",
        Hidden::WouldReveal => "evaluation-hidden-would-reveal",
    })
}

pub struct Line {
    pub label: String,
    pub cells: Vec<Cell>,
}

pub struct GroupLine {
    pub name: String,
    pub asked: u32,
    pub answered: u32,
    pub what: String,
}

pub struct Behaviour {
    pub text: String,
    pub value: String,
}

/// Everything the report page, and the PDF after it, show.
pub struct View {
    pub columns: Vec<String>,
    pub groups: Vec<GroupLine>,
    pub statements: Vec<Line>,
    pub directions: Vec<(String, Cell)>,
    pub items: Vec<(String, Vec<Line>)>,
    pub gaps: Vec<(String, String, String)>,
    pub top: Vec<Behaviour>,
    pub bottom: Vec<Behaviour>,
    pub mirror: (Cell, Cell),
    pub comments: Vec<String>,
    pub svg: String,
    pub readers: String,
}

fn shape(c: Column) -> Shape {
    match c {
        Column::Own => Shape::Diamond,
        Column::Manager => Shape::Square,
        Column::Employees => Shape::Circle,
        Column::Peers => Shape::Triangle,
        Column::Others => Shape::Ring,
        Column::Total => Shape::Cross,
    }
}

pub fn view(ctx: &Ctx, rr: &ReadReport) -> View {
    let r: &Report = &rr.report;
    let cols = &r.columns;
    let groups = r
        .groups
        .iter()
        .map(|g| GroupLine {
            name: group_name(ctx, g.group),
            asked: g.invited,
            answered: g.answered,
            what: ctx.tr.t(match (g.group, g.keep) {
                (Group::Manager, KeepWord::Labelled) => "evaluation-kept-manager",
                (_, KeepWord::Labelled) => "evaluation-kept-labelled",
                (_, KeepWord::AsOthers) => "evaluation-kept-as-others",
                (_, KeepWord::InTotalOnly) => "evaluation-kept-in-total",
                (_, KeepWord::Discard) if g.answered == 0 => "evaluation-kept-none",
                (_, KeepWord::Discard) => "evaluation-kept-discarded",
            }),
        })
        .collect();
    let statements: Vec<Line> = r
        .statements
        .iter()
        .filter(|s| s.part == Part::Statement)
        .map(|s| Line { label: s.title.clone(), cells: cols.iter().map(|c| cell(ctx, s.figure(*c))).collect() })
        .collect();
    let series: Vec<dotplot::Series> = cols.iter().map(|c| dotplot::Series { label: column_name(ctx, *c), shape: shape(*c) }).collect();
    let rows: Vec<dotplot::Row> = r
        .statements
        .iter()
        .filter(|s| s.part == Part::Statement)
        .map(|s| dotplot::Row { label: s.title.clone(), values: cols.iter().enumerate().filter_map(|(k, c)| s.figure(*c).mean().map(|m| (k, m))).collect() })
        .collect();
    let svg = dotplot::svg(&series, &rows, (&ctx.tr.t("evaluation-scale-1"), &ctx.tr.t("evaluation-scale-5")));
    // The four directions: the statements' average by who answered.
    let direction = |c: Column| {
        let figs: Vec<Figure> = r.statements.iter().filter(|s| s.part == Part::Statement).map(|s| s.figure(c)).collect();
        let shown: Vec<(f64, u32)> = figs.iter().filter_map(|f| if let Figure::Value { mean, n } = f { Some((*mean, *n)) } else { None }).collect();
        if shown.is_empty() {
            figs.iter().find(|f| f.hidden()).copied().unwrap_or(Figure::Empty)
        } else {
            Figure::Value { mean: shown.iter().map(|x| x.0).sum::<f64>() / shown.len() as f64, n: shown.iter().map(|x| x.1).min().unwrap_or(0) }
        }
    };
    let directions = [("opad", Column::Manager), ("nedad", Column::Employees), ("til-siden", Column::Peers), ("indad", Column::Own)]
        .into_iter()
        .map(|(key, c)| {
            let mut shown = cell(ctx, direction(c));
            if shown.text.is_empty() && shown.hidden.is_none() {
                shown.hidden = Some(ctx.tr.t("evaluation-direction-not-alone"));
            }
            (ctx.tr.t(&format!("evaluation-direction-{key}")), shown)
        })
        .collect();
    let mut items: Vec<(String, Vec<Line>)> = vec![];
    for (i, row) in r.items.iter().enumerate() {
        let title = rr.items.get(i).map(|x| x.statement_title.clone()).unwrap_or_default();
        let text = if row.part == Part::Followership { rr.items.get(i).map(|x| x.about_self.clone()).unwrap_or_default() } else { row.text.clone() };
        let line = Line { label: text, cells: cols.iter().map(|c| cell(ctx, row.figure(*c))).collect() };
        match items.last_mut() {
            Some((t, lines)) if *t == title => lines.push(line),
            _ => items.push((title, vec![line])),
        }
    }
    let behaviour = |i: &usize| Behaviour {
        text: rr.items.get(*i).map(|x| x.about_leader.clone()).unwrap_or_default(),
        value: r.items[*i].figure(Column::Total).mean().map(|m| number(ctx, m)).unwrap_or_default(),
    };
    let gaps = r.gaps.iter().map(|g| (r.items[g.item].text.clone(), number(ctx, g.own), number(ctx, g.others))).collect();
    let readers = ctx.tr.t(match rr.round.release {
        domain::evaluation::round::Release::HrFirst => "evaluation-readers-hr-first",
        domain::evaluation::round::Release::AtClose => "evaluation-readers-at-close",
    });
    View {
        columns: cols.iter().map(|c| column_name(ctx, *c)).collect(),
        groups,
        statements,
        directions,
        items,
        gaps,
        top: r.top.iter().map(behaviour).collect(),
        bottom: r.bottom.iter().map(behaviour).collect(),
        mirror: (cell(ctx, r.mirror.followership), cell(ctx, r.mirror.leadership)),
        comments: r.comments.clone(),
        svg,
        readers,
    }
}

#[derive(Template)]
#[template(path = "evaluation/report.html")]
struct ReportPage<'a> {
    ctx: &'a Ctx,
    section: &'a str,
    title: String,
    rr: ReadReport,
    v: View,
    hr: bool,
    released: bool,
    minimums: (u32, u32),
}

async fn report_page(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> PageResult {
    let req = ctx.req(&state)?;
    let rr = service::evaluation::report(&req, id).await?;
    let v = view(&ctx, &rr);
    let p = ReportPage {
        ctx: &ctx,
        section: "evaluation",
        title: ctx.tr.args("evaluation-report-title", [("leader", rr.subject.name.clone()), ("round", rr.round.title.clone())]),
        hr: rr.reader == ReportReader::Hr,
        released: rr.subject.released,
        minimums: (rr.round.minimums.employees(), rr.round.minimums.peers()),
        v,
        rr,
    };
    page(&ctx, &p)
}

async fn release(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, form: Pairs) -> PageResult {
    ctx.check_csrf(&form.one("csrf"))?;
    let req = ctx.req(&state)?;
    service::evaluation::release(&req, id).await?;
    Ok(Redirect::to(&format!("/evaluation/reports/{id}")).into_response())
}
