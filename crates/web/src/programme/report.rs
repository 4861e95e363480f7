//! The work programme out of styr: the follow-up report for the board or a
//! committee as a PDF a politician would read (`/programmes/{year}/report.pdf`)
//! and the portfolio as a spreadsheet (`/programmes/{year}/portfolio.xlsx`).

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::IntoResponse;
use chrono_tz::Europe::Copenhagen;
use domain::programme::report::{Status, trend};
use export::xlsx::{Cell, Sheet};
use store::programme as pstore;

use super::{date_text, period_text, portfolio_of_year};
use crate::AppState;
use crate::ctx::Ctx;
use crate::render::{AppError, PageResult};
use crate::routes::Routes;

pub fn routes() -> Routes {
    Routes::new().get("/programmes/{year}/{file}", file)
}

async fn file(State(state): State<AppState>, ctx: Ctx, Path((year, file)): Path<(i64, String)>) -> PageResult {
    match file.as_str() {
        "report.pdf" => report_pdf(&state, &ctx, year).await,
        "portfolio.xlsx" => portfolio_xlsx(&state, &ctx, year).await,
        _ => Err(AppError::NotFound),
    }
}

/// What both files need: the initiatives with their reports and milestones.
struct Loaded {
    p: pstore::Programme,
    initiatives: Vec<pstore::Initiative>,
    reports: HashMap<i64, Vec<pstore::Report>>,
    milestones: HashMap<i64, Vec<pstore::Milestone>>,
    units: HashMap<i64, Vec<String>>,
    people: std::sync::Arc<store::reference::Reference>,
}

async fn load(state: &AppState, ctx: &Ctx, year: i64) -> Result<Loaded, AppError> {
    let (portfolio, _) = portfolio_of_year(state, ctx, year).await?;
    let p = portfolio.programme.clone();
    let user = ctx.user()?;
    let t = user.tenant_id;
    let initiatives = portfolio.initiatives.clone();
    let mut reports: HashMap<i64, Vec<pstore::Report>> = HashMap::new();
    for r in pstore::reports_of_programme(&state.db, t, p.id).await? {
        reports.entry(r.initiative_id).or_default().push(r);
    }
    let mut milestones: HashMap<i64, Vec<pstore::Milestone>> = HashMap::new();
    for m in &portfolio.milestones {
        milestones.entry(m.initiative_id).or_default().push(m.clone());
    }
    let reference = state.reference(user).await?;
    let names: HashMap<i64, &str> = reference.units.iter().map(|u| (u.id, u.name.as_str())).collect();
    let mut units: HashMap<i64, Vec<String>> = HashMap::new();
    for (i, u) in portfolio.units.iter().copied() {
        units.entry(i).or_default().push(names.get(&u).map(|n| n.to_string()).unwrap_or_default());
    }
    Ok(Loaded { p, initiatives, reports, milestones, units, people: reference })
}

/// "The status is from Q1 and may be out of date: …", or nothing.
fn stale_text(ctx: &Ctx, p: &pstore::Programme, i: &pstore::Initiative, reports: &[pstore::Report], today: chrono::NaiveDate) -> String {
    if i.is_done() || i.latest.is_none() || p.is_closed() {
        return String::new();
    }
    let reported: Vec<String> = reports.iter().map(|r| r.period.clone()).collect();
    let overdue = domain::programme::report::overdue_since_latest(p.cadence, p.year as i32, &reported, i.starts_on, today);
    if overdue.is_empty() {
        return String::new();
    }
    let missing = overdue.iter().map(|o| period_text(ctx, o)).collect::<Vec<_>>().join(", ");
    ctx.tr.args("initiative-status-stale", [("period", period_text(ctx, i.latest_period())), ("missing", missing)])
}

async fn report_pdf(state: &AppState, ctx: &Ctx, year: i64) -> PageResult {
    let l = load(state, ctx, year).await?;
    let user = ctx.user()?;
    let tr = ctx.tr;
    let today = state.clock.now().with_timezone(&Copenhagen).date_naive();
    let mut initiatives: Vec<&pstore::Initiative> = l.initiatives.iter().collect();
    initiatives.sort_by(|a, b| (Status::attention(a.status()), &a.title).cmp(&(Status::attention(b.status()), &b.title)));
    let items: Vec<serde_json::Value> = initiatives
        .iter()
        .map(|i| {
            let reports = l.reports.get(&i.id).map(Vec::as_slice).unwrap_or(&[]);
            let latest = reports.last();
            let statuses: Vec<Status> = reports.iter().map(|r| r.status).collect();
            let tr_ = trend(&statuses);
            // Key milestones: those reached lately and the next ones, at most five.
            let ms = l.milestones.get(&i.id).map(Vec::as_slice).unwrap_or(&[]);
            let milestones: Vec<(String, String, String)> = ms
                .iter()
                .map(|m| {
                    let state = match (m.done_on, m.due_on < today) {
                        (Some(d), _) => tr.t1("milestone-done-on", "date", date_text(d)),
                        (None, true) => tr.t("action-overdue"),
                        (None, false) => tr.t("milestone-open"),
                    };
                    (date_text(m.due_on), m.title.clone(), state)
                })
                .rev()
                .take(5)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            serde_json::json!({
                "title": i.title,
                "owner": i.owner_person_id.and_then(|o| l.people.people.get(&o).cloned()).unwrap_or_default(),
                "span": format!("{} – {}", date_text(i.starts_on), date_text(i.ends_on)),
                "status": i.status().map(|s| tr.t(&format!("initiative-status-{}", s.as_str()))).unwrap_or_else(|| tr.t("initiative-no-report")),
                // A status from before reports now overdue is said to be old news, as on the page.
                "stale": stale_text(ctx, &l.p, i, reports, today),
                "shape": match i.status() {
                    Some(Status::OnTrack) => "circle",
                    Some(Status::AtRisk) => "triangle",
                    Some(Status::OffTrack) => "square",
                    Some(Status::Done) => "ring",
                    Some(Status::Paused) => "bars",
                    None => "dash",
                },
                "colour": super::status_colour(i.status()),
                "period": if i.latest_period().is_empty() { String::new() } else { period_text(ctx, i.latest_period()) },
                "trend": format!("{} {}", tr_.arrow(), tr.t(&format!("trend-{}", tr_.as_str()))).trim().to_string(),
                "progress": latest.map(|r| format!("{} %", r.progress)).unwrap_or_default(),
                "happened": latest.map(|r| r.happened.clone()).unwrap_or_default(),
                "next": latest.map(|r| r.next_steps.clone()).unwrap_or_default(),
                "needs": latest.map(|r| r.needs.clone()).unwrap_or_default(),
                "milestones": milestones,
            })
        })
        .collect();
    let counts: Vec<String> = Status::ALL
        .iter()
        .filter_map(|s| {
            let n = l.initiatives.iter().filter(|i| i.status() == Some(*s)).count();
            (n > 0).then(|| format!("{n} {}", tr.t(&format!("initiative-status-{}", s.as_str())).to_lowercase()))
        })
        .collect();
    let title = tr.t1("report-title", "programme", l.p.title.clone());
    let data = serde_json::json!({
        "title": title,
        "tenant": user.tenant_name,
        "printed": tr.t1("pdf-printed", "at", tr.datetime(&state.clock.now())),
        "page_label": tr.t("pdf-page"),
        "summary": tr.args("report-summary", [("count", l.initiatives.len().to_string()), ("statuses", counts.join(", "))]),
        "initiatives": items,
        "labels": {
            "overview": [tr.t("col-initiative"), tr.t("col-status"), tr.t("col-trend"), tr.t("col-progress")],
            "owner": tr.t("col-owner"),
            "span": tr.t("col-span"),
            "status": tr.t("initiative-latest-status"),
            "trend": tr.t("col-trend"),
            "progress": tr.t("col-progress"),
            "happened": tr.t("report-happened"),
            "next": tr.t("report-next"),
            "needs": tr.t("report-needs"),
            "milestones": tr.t("initiative-milestones"),
            "none": tr.t("initiatives-none"),
        },
    })
    .to_string();
    let pdf = crate::render::pdf(export::pdf::PROGRAMME, data).await?;
    let name = format!("opfoelgning-{}.pdf", l.p.year);
    Ok(([(header::CONTENT_TYPE, "application/pdf".to_string()), (header::CONTENT_DISPOSITION, format!("inline; filename=\"{name}\""))], pdf.to_vec())
        .into_response())
}

async fn portfolio_xlsx(state: &AppState, ctx: &Ctx, year: i64) -> PageResult {
    let l = load(state, ctx, year).await?;
    let tr = ctx.tr;

    let text = |s: String| if s.is_empty() { Cell::Empty } else { Cell::Text(s) };
    let elements = l.people.framework_elements();
    let title_of = |k: &String| elements.iter().find(|e| &e.key == k).map(|e| e.title.clone()).unwrap_or_else(|| k.clone());
    let today = state.clock.now().with_timezone(&Copenhagen).date_naive();
    let rows: Vec<Vec<Cell>> = l
        .initiatives
        .iter()
        .map(|i| {
            let reports = l.reports.get(&i.id).map(Vec::as_slice).unwrap_or(&[]);
            let statuses: Vec<Status> = reports.iter().map(|r| r.status).collect();
            let next = l.milestones.get(&i.id).and_then(|ms| ms.iter().find(|m| m.done_on.is_none() && m.due_on >= today));
            vec![
                Cell::Text(i.title.clone()),
                text(i.owner_person_id.and_then(|o| l.people.people.get(&o).cloned()).unwrap_or_default()),
                text(l.units.get(&i.id).map(|u| u.join(", ")).unwrap_or_default()),
                text(i.perspectives.iter().map(title_of).collect::<Vec<_>>().join(", ")),
                Cell::Date(i.starts_on),
                Cell::Date(i.ends_on),
                i.budget.map(|b| Cell::Number(b as f64)).unwrap_or(Cell::Empty),
                Cell::Text(i.status().map(|s| tr.t(&format!("initiative-status-{}", s.as_str()))).unwrap_or_else(|| tr.t("initiative-no-report"))),
                text(if i.latest_period().is_empty() { String::new() } else { period_text(ctx, i.latest_period()) }),
                Cell::Text(tr.t(&format!("trend-{}", trend(&statuses).as_str()))),
                reports.last().map(|r| Cell::Number(r.progress as f64)).unwrap_or(Cell::Empty),
                next.map(|m| Cell::Text(format!("{} ({})", m.title, date_text(m.due_on)))).unwrap_or(Cell::Empty),
            ]
        })
        .collect();
    let initiatives = Sheet {
        name: tr.t("col-initiatives"),
        header: [
            "col-initiative",
            "col-owner",
            "initiative-units",
            "initiative-perspectives",
            "initiative-starts",
            "initiative-ends",
            "xlsx-budget",
            "initiative-latest-status",
            "col-period",
            "col-trend",
            "xlsx-progress",
            "xlsx-next-milestone",
        ]
        .iter()
        .map(|k| tr.t(k))
        .collect(),
        rows,
    };
    let reports = Sheet {
        name: tr.t("initiative-reports"),
        header: ["col-initiative", "col-period", "col-status", "xlsx-progress", "report-happened", "report-next", "report-needs", "xlsx-written-by"]
            .iter()
            .map(|k| tr.t(k))
            .collect(),
        rows: l
            .initiatives
            .iter()
            .flat_map(|i| {
                l.reports.get(&i.id).into_iter().flatten().map(move |r| {
                    vec![
                        Cell::Text(i.title.clone()),
                        Cell::Text(period_text(ctx, &r.period)),
                        Cell::Text(tr.t(&format!("initiative-status-{}", r.status))),
                        Cell::Number(r.progress as f64),
                        text(r.happened.clone()),
                        text(r.next_steps.clone()),
                        text(r.needs.clone()),
                        text(r.created_by.clone()),
                    ]
                })
            })
            .collect(),
    };
    let bytes = export::xlsx::workbook(&[initiatives, reports]).map_err(AppError::internal)?;
    let name = format!("portefoelje-{}.xlsx", l.p.year);
    Ok((
        [
            (header::CONTENT_TYPE, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
        ],
        bytes,
    )
        .into_response())
}
