//! A leader's report on the screen. Every figure comes from
//! `service::evaluation::report`, which worked it out through the anonymity
//! rules; this page only says each figure, or why it is not shown.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::header;
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
use crate::render::{AppError, PageResult, page};
use crate::routes::Routes;

pub fn routes() -> Routes {
    // `{id}` or `{id}.pdf`: the same report on the screen or on paper.
    Routes::new().get("/evaluation/reports/{id}", report_page).post("/evaluation/reports/{id}/release", release)
}

/// A column's name in the reader's language.
pub fn column_name(ctx: &Ctx, c: Column) -> String {
    ctx.tr.t(&format!("evaluation-column-{c}"))
}

/// A number as the reader writes it: "3,8" in Danish.
pub fn number(ctx: &Ctx, v: f64) -> String {
    let s = export::decimal::Tenths(v).to_string();
    if ctx.tr.code() == "da" { s.replace('.', ",") } else { s }
}

/// A figure as a table shows it.
pub struct Cell {
    pub text: String,
    /// Why it is hidden, in words; the same words for every hidden cell of a kind.
    pub hidden: Option<String>,
    /// The same, in a few words, for narrow tables.
    pub short: String,
    pub n: Option<u32>,
}

pub fn cell(ctx: &Ctx, f: Figure) -> Cell {
    match f {
        Figure::Value { mean, n } => Cell { text: number(ctx, mean), hidden: None, short: String::new(), n: Some(n) },
        Figure::Suppressed { reason } => Cell {
            text: "–".into(),
            hidden: Some(hidden_reason(ctx, reason)),
            short: ctx.tr.t(match reason {
                Hidden::TooFew => "evaluation-hidden-short-too-few",
                Hidden::WouldReveal => "evaluation-hidden-short-would-reveal",
            }),
            n: None,
        },
        Figure::Empty => Cell { text: String::new(), hidden: None, short: String::new(), n: None },
    }
}

/// A cell of a column: the manager's and the leader's own are one answer each, so no n.
fn column_cell(ctx: &Ctx, c: Column, f: Figure) -> Cell {
    let mut cell = cell(ctx, f);
    if matches!(c, Column::Own | Column::Manager) {
        cell.n = None;
    }
    cell
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

/// A row of "since last time": (label, then, now).
pub type ThenNow = (String, Cell, Cell);

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
    /// The statements' table's columns: the report's and, where there is one, the organisation's.
    pub statement_columns: Vec<String>,
    /// Since last time: (the earlier round, statements then and now, focus behaviours then and now).
    pub since: Option<(String, Vec<ThenNow>, Vec<ThenNow>)>,
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
    let with_org = rr.organisation.iter().any(|(_, f)| *f != Figure::Empty);
    let statements: Vec<Line> = r
        .statements
        .iter()
        .filter(|s| s.part == Part::Statement)
        .map(|s| {
            let mut cells: Vec<Cell> = cols.iter().map(|c| column_cell(ctx, *c, s.figure(*c))).collect();
            if with_org {
                cells.push(cell(ctx, rr.organisation.iter().find(|(k, _)| *k == s.key).map(|(_, f)| *f).unwrap_or(Figure::Empty)));
            }
            Line { label: s.title.clone(), cells }
        })
        .collect();
    let mut statement_columns: Vec<String> = cols.iter().map(|c| column_name(ctx, *c)).collect();
    if with_org {
        statement_columns.push(ctx.tr.t("evaluation-column-organisation"));
    }
    let since = rr.since.as_ref().map(|s| {
        let three = |v: &Vec<(String, Figure, Figure)>| v.iter().map(|(t, a, b)| (t.clone(), cell(ctx, *a), cell(ctx, *b))).collect::<Vec<_>>();
        (s.round.clone(), three(&s.statements), three(&s.focus))
    });
    let series: Vec<dotplot::Series> = cols.iter().map(|c| dotplot::Series { label: column_name(ctx, *c), shape: shape(*c) }).collect();
    let rows: Vec<dotplot::Row> = r
        .statements
        .iter()
        .filter(|s| s.part == Part::Statement)
        .map(|s| dotplot::Row { label: s.title.clone(), values: cols.iter().enumerate().filter_map(|(k, c)| s.figure(*c).mean().map(|m| (k, m))).collect() })
        .collect();
    // The scale's ends in words, without the numbers the axis already shows.
    let end = |n: u8| ctx.tr.t(&format!("evaluation-scale-{n}")).trim_start_matches(|c: char| c.is_ascii_digit() || c == ' ').to_string();
    let svg = dotplot::svg(&series, &rows, (&end(1), &end(5)));
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
        let line = Line { label: text, cells: cols.iter().map(|c| column_cell(ctx, *c, row.figure(*c))).collect() };
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
    View {
        statement_columns,
        since,
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
        readers: readers(ctx, rr),
    }
}

/// Who reads the report, and when, in words.
fn readers(ctx: &Ctx, rr: &ReadReport) -> String {
    ctx.tr.t(match rr.round.release {
        domain::evaluation::round::Release::HrFirst => "evaluation-readers-hr-first",
        domain::evaluation::round::Release::AtClose => "evaluation-readers-at-close",
    })
}

#[derive(Template)]
#[template(path = "evaluation/report.html")]
struct ReportPage<'a> {
    ctx: &'a Ctx,
    section: &'a str,
    title: String,
    rr: &'a ReadReport,
    readers: String,
    hr: bool,
    released: bool,
    body: &'a str,
}

/// The part of the page that is the same for every reader who sees the same
/// (language, "since last time" or not): the report keeps it once made, so
/// a reading costs the header and the audit entry, not the whole report.
#[derive(Template)]
#[template(path = "evaluation/report_body.html")]
struct ReportBody<'a> {
    ctx: &'a Ctx,
    rr: &'a ReadReport,
    v: &'a View,
    minimums: (u32, u32),
}

async fn report_page(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> PageResult {
    let (id, pdf) = match id.strip_suffix(".pdf") {
        Some(n) => (n.parse::<i64>().map_err(|_| AppError::NotFound)?, true),
        None => (id.parse::<i64>().map_err(|_| AppError::NotFound)?, false),
    };
    let req = ctx.req(&state)?;
    let rr = service::evaluation::report(&req, id).await?;
    if pdf {
        return report_pdf(&state, &ctx, &rr, &view(&ctx, &rr)).await;
    }
    // Everything in the body comes from the report, the round's settings (in
    // the report's key) and "since last time", which a reader sees all or none of.
    let key = format!("page:{}:{}", ctx.tr.code(), rr.since.is_some());
    let body = rr.shown.get_or(&key, || {
        ReportBody { ctx: &ctx, rr: &rr, v: &view(&ctx, &rr), minimums: (rr.round.minimums.employees(), rr.round.minimums.peers()) }.render()
    })?;
    let p = ReportPage {
        ctx: &ctx,
        section: "evaluation",
        title: ctx.tr.args("evaluation-report-title", [("leader", rr.subject.name.clone()), ("round", rr.round.title.clone())]),
        hr: rr.reader == ReportReader::Hr,
        released: rr.subject.released,
        readers: readers(&ctx, &rr),
        rr: &rr,
        body: &body,
    };
    page(&ctx, &p)
}

async fn release(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, form: Pairs) -> PageResult {
    ctx.check_csrf(&form.one("csrf"))?;
    let req = ctx.req(&state)?;
    service::evaluation::release(&req, id).await?;
    Ok(Redirect::to(&format!("/evaluation/reports/{id}")).into_response())
}

/// A cell as the PDF's template reads it: a hidden one says so in a few words.
fn pdf_cell(c: &Cell) -> serde_json::Value {
    // On paper the reason in a few words, where the cell has them.
    let hidden = match c.hidden.as_deref() {
        Some(_) if !c.short.is_empty() => c.short.clone(),
        Some(h) => h.to_string(),
        None => String::new(),
    };
    serde_json::json!({ "text": c.text, "n": c.n.map(|n| n.to_string()).unwrap_or_default(), "hidden": hidden })
}

fn pdf_lines(lines: &[Line]) -> Vec<serde_json::Value> {
    lines.iter().map(|l| serde_json::json!({ "label": l.label, "cells": l.cells.iter().map(pdf_cell).collect::<Vec<_>>() })).collect()
}

/// The report on paper, from the same view as the page.
async fn report_pdf(state: &AppState, ctx: &Ctx, rr: &ReadReport, v: &View) -> PageResult {
    let tr = &ctx.tr;
    let user = ctx.user()?;
    let r = &rr.report;
    let cols = &r.columns;
    let series: Vec<serde_json::Value> =
        cols.iter().map(|c| serde_json::json!({ "label": column_name(ctx, *c), "shape": shape(*c).name(), "colour": shape(*c).colour() })).collect();
    let plot: Vec<serde_json::Value> = r
        .statements
        .iter()
        .filter(|s| s.part == Part::Statement)
        .map(|s| {
            let points: Vec<serde_json::Value> = cols
                .iter()
                .filter_map(|c| s.figure(*c).mean().map(|m| serde_json::json!({ "value": m, "shape": shape(*c).name(), "colour": shape(*c).colour() })))
                .collect();
            serde_json::json!({ "label": s.title, "points": points })
        })
        .collect();
    let minimums = [("employees", rr.round.minimums.employees().to_string()), ("peers", rr.round.minimums.peers().to_string())];
    let labels = serde_json::json!({
            "purpose": tr.t("evaluation-report-purpose"),
            "anonymity": tr.args("evaluation-method-text", minimums.clone()),
            "groups": tr.t("evaluation-answers-per-group"),
            "group_head": [tr.t("evaluation-group"), tr.t("evaluation-asked"), tr.t("evaluation-answered"), tr.t("evaluation-in-report")],
            "empty": tr.t("evaluation-report-empty"),
            "statements": tr.t("evaluation-statements"),
            "statements_explain": tr.t("evaluation-statements-explain"),
            "directions": tr.t("evaluation-directions"),
            "directions_explain": tr.t("evaluation-directions-explain"),
            "gaps": tr.t("evaluation-gaps"),
            "gaps_explain": tr.t("evaluation-gaps-explain"),
            "no_gaps": tr.t("evaluation-no-gaps"),
            "gap_head": [tr.t("evaluation-behaviour"), tr.t("evaluation-column-own"), tr.t("evaluation-column-total")],
            "extremes": tr.t("evaluation-extremes"),
            "no_extremes": tr.t("evaluation-no-extremes"),
            "top": tr.t("evaluation-top"),
            "bottom": tr.t("evaluation-bottom"),
            "mirror": tr.t("evaluation-mirror"),
            "mirror_explain": tr.t("evaluation-mirror-explain"),
            "mirror_team": tr.t("evaluation-mirror-team"),
            "mirror_leader": tr.t("evaluation-mirror-leader"),
            "items": tr.t("evaluation-all-items"),
            "comments": tr.t("evaluation-comments"),
            "no_comments": tr.t("evaluation-no-comments"),
            "comments_explain": tr.t1("evaluation-comments-explain", "min", domain::evaluation::anonymity::comment_pool(&rr.round.minimums)),
            "method": tr.t("evaluation-method"),
            "method_text": tr.args("evaluation-method-text", minimums.clone()),
            "method_scale": tr.t("evaluation-method-scale"),
            "then": tr.t("evaluation-since-then"),
            "now": tr.t("evaluation-since-now"),
            "since_focus": tr.t("evaluation-since-focus"),

    });
    let data = serde_json::json!({
        "title": tr.args("evaluation-report-title", [("leader", rr.subject.name.clone()), ("round", rr.round.title.clone())]),
        "round": rr.round.title,
        "tenant": user.tenant_name,
        "printed": tr.t1("pdf-printed", "at", tr.datetime(&state.clock.now())),
        "page_label": tr.t("pdf-page"),
        "confidential": tr.t("evaluation-pdf-confidential"),
        "readers": v.readers,
        "columns": v.columns,
        "groups": v.groups.iter().map(|g| serde_json::json!({ "name": g.name, "asked": g.asked.to_string(), "answered": g.answered.to_string(), "what": g.what })).collect::<Vec<_>>(),
        "series": series,
        "plot": plot,
        "statements": pdf_lines(&v.statements),
        "statement_columns": v.statement_columns,
        "since": v.since.as_ref().map(|(round, st, focus)| {
            let three = |x: &Vec<(String, Cell, Cell)>| x.iter().map(|(t, a, b)| serde_json::json!({ "label": t, "then": pdf_cell(a), "now": pdf_cell(b) })).collect::<Vec<_>>();
            serde_json::json!({ "title": tr.t1("evaluation-since", "round", round), "statements": three(st), "focus": three(focus) })
        }),
        "directions": v.directions.iter().map(|(d, c)| serde_json::json!({ "label": d, "cell": pdf_cell(c) })).collect::<Vec<_>>(),
        "gaps": v.gaps,
        "top": v.top.iter().map(|b| serde_json::json!({ "text": b.text, "value": b.value })).collect::<Vec<_>>(),
        "bottom": v.bottom.iter().map(|b| serde_json::json!({ "text": b.text, "value": b.value })).collect::<Vec<_>>(),
        "mirror": [pdf_cell(&v.mirror.0), pdf_cell(&v.mirror.1)],
        "items": v.items.iter().map(|(t, lines)| serde_json::json!({ "title": t, "lines": pdf_lines(lines) })).collect::<Vec<_>>(),
        "comments": v.comments,
        "labels": labels,
    })
    .to_string();
    let pdf = crate::render::pdf(export::pdf::EVALUATION, data).await?;
    let name = format!("lederevaluering-{}.pdf", rr.subject.id);
    Ok(([(header::CONTENT_TYPE, "application/pdf".to_string()), (header::CONTENT_DISPOSITION, format!("inline; filename=\"{name}\""))], pdf.to_vec())
        .into_response())
}
