//! HR's overview of a closed round for HovedMED: per centre and for the
//! organisation, the statements' averages where every cell passes the
//! anonymity rules and the rule across reports, and how many development
//! plans are made and followed up. On the screen, as XLSX and as PDF.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::IntoResponse;
use domain::evaluation::report::Figure;
use export::xlsx::{Cell as XCell, Sheet};
use service::evaluation::Overview;

use super::report::{Cell, cell, hidden_reason};
use crate::AppState;
use crate::ctx::Ctx;
use crate::render::{AppError, PageResult, page};
use crate::routes::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .get("/evaluation/rounds/{id}/overview", overview_page)
        .get("/evaluation/rounds/{id}/overview.xlsx", overview_xlsx)
        .get("/evaluation/rounds/{id}/overview.pdf", overview_pdf)
}

pub struct Line {
    pub name: String,
    pub leaders: usize,
    pub raters: u32,
    pub cells: Vec<Cell>,
    pub hidden: Option<String>,
    pub made: usize,
    pub followed: usize,
}

fn lines(ctx: &Ctx, o: &Overview) -> Vec<Line> {
    o.rows
        .iter()
        .map(|(name, row, leaders, made, followed)| Line {
            name: name.clone().unwrap_or_else(|| ctx.tr.t("evaluation-overview-organisation")),
            leaders: *leaders,
            raters: row.raters,
            cells: row.figures.iter().map(|f| cell(ctx, *f)).collect(),
            hidden: row.hidden.map(|h| hidden_reason(ctx, h)),
            made: *made,
            followed: *followed,
        })
        .collect()
}

#[derive(Template)]
#[template(path = "evaluation/overview.html")]
struct OverviewPage<'a> {
    ctx: &'a Ctx,
    section: &'a str,
    title: String,
    round: i64,
    round_title: String,
    statements: Vec<String>,
    lines: Vec<Line>,
}

async fn overview_page(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> PageResult {
    let req = ctx.req(&state)?;
    let o = service::evaluation::overview(&req, id).await?;
    let p = OverviewPage {
        ctx: &ctx,
        section: "evaluation",
        title: ctx.tr.t1("evaluation-overview-title", "round", &o.round.title),
        round: id,
        round_title: o.round.title.clone(),
        statements: o.statements.iter().map(|s| s.1.clone()).collect(),
        lines: lines(&ctx, &o),
    };
    page(&ctx, &p)
}

fn header_row(ctx: &Ctx, o: &Overview) -> Vec<String> {
    let tr = &ctx.tr;
    let mut h = vec![tr.t("evaluation-overview-unit"), tr.t("evaluation-leaders"), tr.t("evaluation-overview-raters")];
    h.extend(o.statements.iter().map(|s| s.1.clone()));
    h.extend([tr.t("evaluation-overview-plans"), tr.t("evaluation-overview-followed")]);
    h
}

async fn overview_xlsx(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> PageResult {
    let req = ctx.req(&state)?;
    let o = service::evaluation::overview(&req, id).await?;
    let rows = o
        .rows
        .iter()
        .map(|(name, row, leaders, made, followed)| {
            let mut r = vec![
                XCell::Text(name.clone().unwrap_or_else(|| ctx.tr.t("evaluation-overview-organisation"))),
                XCell::Number(*leaders as f64),
                XCell::Number(row.raters as f64),
            ];
            r.extend(row.figures.iter().map(|f| match f {
                Figure::Value { mean, .. } => XCell::Number((mean * 10.0).round() / 10.0),
                Figure::Suppressed { reason } => XCell::Text(hidden_reason(&ctx, *reason)),
                Figure::Empty => XCell::Empty,
            }));
            r.extend([XCell::Number(*made as f64), XCell::Number(*followed as f64)]);
            r
        })
        .collect();
    let sheet = Sheet { name: ctx.tr.t("evaluation-overview-sheet"), header: header_row(&ctx, &o), rows };
    let bytes = export::xlsx::workbook(&[sheet]).map_err(AppError::internal)?;
    let disposition = format!("attachment; filename=\"lederevaluering-oversigt-{id}.xlsx\"");
    Ok((
        [(header::CONTENT_TYPE, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string()), (header::CONTENT_DISPOSITION, disposition)],
        bytes,
    )
        .into_response())
}

async fn overview_pdf(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> PageResult {
    let req = ctx.req(&state)?;
    let o = service::evaluation::overview(&req, id).await?;
    let user = ctx.user()?;
    let tr = &ctx.tr;
    let rows: Vec<serde_json::Value> = lines(&ctx, &o)
        .iter()
        .map(|l| {
            let cells: Vec<String> = l.cells.iter().map(|c| if c.hidden.is_some() { "–".to_string() } else { c.text.clone() }).collect();
            serde_json::json!({
                "name": l.name, "leaders": l.leaders.to_string(), "raters": l.raters.to_string(), "cells": cells,
                "hidden": l.hidden.clone().unwrap_or_default(), "made": l.made.to_string(), "followed": l.followed.to_string(),
            })
        })
        .collect();
    let data = serde_json::json!({
        "title": tr.t1("evaluation-overview-title", "round", &o.round.title),
        "tenant": user.tenant_name,
        "printed": tr.t1("pdf-printed", "at", tr.datetime(&state.clock.now())),
        "page_label": tr.t("pdf-page"),
        "intro": tr.t("evaluation-overview-intro"),
        "header": header_row(&ctx, &o),
        "rows": rows,
        "method": tr.args("evaluation-method-text", [("employees", o.round.minimums.employees().to_string()), ("peers", o.round.minimums.peers().to_string())]),
        "across": tr.t("evaluation-overview-across"),
    })
    .to_string();
    let pdf = crate::render::pdf(export::pdf::EVALUATION_OVERVIEW, data).await?;
    let disposition = format!("inline; filename=\"lederevaluering-oversigt-{id}.pdf\"");
    Ok(([(header::CONTENT_TYPE, "application/pdf".to_string()), (header::CONTENT_DISPOSITION, disposition)], pdf.to_vec()).into_response())
}
