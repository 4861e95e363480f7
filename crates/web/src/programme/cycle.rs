//! The governance cycle's page: the rules that draw the årshjul's dates,
//! each rule's dates in a year, and the exceptions the secretariat keeps (a
//! date moved for a holiday, a meeting cancelled in an election month).
//! New rules of the common kinds (a weekday of the month, a fixed day) are
//! added here; bad rules are refused with the reason.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use chrono::{Datelike, NaiveDate};
use domain::meetings::input::{FieldError, parse_date, required_text};
use domain::programme::cycle::{Exception, Rule, generate, is_local_election_year};
use domain::programme::entry::EntryGlyph;
use serde::Deserialize;

use super::require_programme_manager;
use crate::AppState;
use crate::ctx::Ctx;
use crate::form::{Errors, Pairs, actor};
use crate::render::{AppError, PageResult, page_with_status};
use crate::routes::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .get("/aarshjul/{year}/rules", rules_page)
        .post("/aarshjul/{year}/rules", add_rule)
        .get("/aarshjul/rules/{id}/{date}", rule_date)
        .post("/aarshjul/rules/{id}/exception", set_exception)
}

/// A page about one date the governance cycle gives: what it is, why it
/// falls on that day, whether it was moved, and the rule's other dates that
/// year. The wheel links a rule's date here rather than to the rules.
#[derive(Template)]
#[template(path = "programme/rule_date.html")]
struct RuleDatePage<'a> {
    ctx: &'a Ctx,
    section: &'a str,
    title: String,
    /// "tirsdag 6. oktober 2026".
    day: String,
    category: String,
    describe: String,
    /// The day it was moved from, and why.
    moved_from: Option<(String, String)>,
    /// The rule's dates in the year: (link, day, whether this one).
    others: Vec<(String, String, bool)>,
    year: i32,
    month_link: String,
    rule_id: i64,
    can_manage: bool,
}

async fn rule_date(State(state): State<AppState>, ctx: Ctx, Path((id, date)): Path<(i64, String)>) -> PageResult {
    // Everyone reads the wheel and the rules behind it.
    let user = ctx.user()?;
    let t = user.tenant_id;
    let on = NaiveDate::parse_from_str(&date, "%Y-%m-%d").map_err(|_| AppError::NotFound)?;
    let rows = store::aarshjul::rules(&state.db, t).await?;
    let rule = rows.iter().find(|r| r.id == id).ok_or(AppError::NotFound)?;
    let stored = store::aarshjul::exceptions(&state.db, t).await?;
    let exceptions: Vec<Exception> = stored.iter().filter_map(store::aarshjul::ExceptionRow::parsed).collect();
    let parsed: Vec<(i64, Rule)> = rows.iter().filter_map(|r| r.parsed().map(|p| (r.id, p))).collect();
    let (dates, _) = generate(&parsed, &exceptions, on.year());
    let mut mine: Vec<NaiveDate> = dates.iter().filter(|d| d.rule == id).map(|d| d.date).collect();
    mine.sort();
    if !mine.contains(&on) {
        return Err(AppError::NotFound);
    }
    let long = |d: NaiveDate| ::i18n::day(&ctx.tr, d);
    let moved_from =
        stored.iter().find(|e| e.parsed().is_some_and(|x| x.rule == id && x.to == Some(on))).and_then(|e| Some((long(e.parsed()?.date), e.reason.clone())));
    let categories = service::programme::categories_in(store::aarshjul::categories(&state.db, t).await?, &ctx.tr);
    let titles: Vec<(i64, String)> = rows.iter().map(|r| (r.id, r.title.clone())).collect();
    let p = RuleDatePage {
        ctx: &ctx,
        section: "aarshjul",
        title: rule.title.clone(),
        day: long(on),
        category: categories.iter().find(|c| c.id == rule.category_id).map(|c| c.name.clone()).unwrap_or_default(),
        describe: rule.parsed().map(|r| describe(&ctx, &r, &titles)).unwrap_or_default(),
        moved_from,
        others: mine.iter().map(|d| (format!("/aarshjul/rules/{id}/{d}"), long(*d), *d == on)).collect(),
        year: on.year(),
        month_link: format!("/aarshjul/{}?zoom=m{}", on.year(), on.month()),
        rule_id: id,
        can_manage: user.viewer.can_manage_programme(),
    };
    page_with_status(&ctx, StatusCode::OK, &p)
}

/// One date a rule gives, with its exception if it has one.
pub struct DateRow {
    pub date: String,
    pub value: String,
    pub moved_to: Option<String>,
    pub cancelled: bool,
    pub reason: String,
}

pub struct RuleRow {
    pub id: i64,
    pub title: String,
    pub category: String,
    pub describe: String,
    pub dates: Vec<DateRow>,
    pub error: Option<String>,
}

#[derive(Template)]
#[template(path = "programme/cycle.html")]
struct RulesPage<'a> {
    ctx: &'a Ctx,
    section: &'a str,
    title: String,
    year: i32,
    election_year: bool,
    rules: Vec<RuleRow>,
    categories: Vec<store::aarshjul::Category>,
    form: RuleForm,
    errors: Errors,
    notice: Option<(bool, String)>,
    can_manage: bool,
    /// What a rule's dates may be drawn as (a span has no single date).
    glyphs: [EntryGlyph; 2],
}

#[derive(Default)]
pub struct RuleForm {
    category: String,
    title: String,
    kind: String,
    nth: String,
    weekday: String,
    months: Vec<u32>,
    month: String,
    day: String,
    glyph: String,
}

#[derive(Deserialize, Default)]
pub struct NoticeQuery {
    done: Option<String>,
}

fn describe(ctx: &Ctx, rule: &Rule, titles: &[(i64, String)]) -> String {
    let tr = &ctx.tr;
    let month = |m: u32| tr.t(&format!("month-{m}"));
    match rule {
        Rule::NthWeekday { nth, weekday, months } => {
            let which = if *nth == -1 { tr.t("cycle-last") } else { tr.t1("cycle-nth", "nth", nth) };
            let months = if months.len() == 12 { tr.t("cycle-every-month") } else { months.iter().map(|m| month(*m)).collect::<Vec<_>>().join(", ") };
            tr.args("cycle-describe-nth", [("which", which), ("weekday", tr.t(&format!("weekday-{weekday}"))), ("months", months)])
        }
        Rule::Yearly { month: m, day } => tr.args("cycle-describe-yearly", [("day", day.to_string()), ("month", month(*m))]),
        Rule::TwoReadings { month: m, nth, weekday, gap_days, adopt_by } => tr.args(
            "cycle-describe-readings",
            [
                ("nth", nth.to_string()),
                ("weekday", tr.t(&format!("weekday-{weekday}"))),
                ("month", month(*m)),
                ("gap", gap_days.to_string()),
                ("day", adopt_by.1.to_string()),
                ("by", month(adopt_by.0)),
            ],
        ),
        Rule::Before { rule, days } => {
            let of = titles.iter().find(|t| t.0 == *rule).map(|t| t.1.clone()).unwrap_or_default();
            tr.args("cycle-describe-before", [("days", days.to_string()), ("of", of)])
        }
    }
}

async fn view(state: &AppState, ctx: &Ctx, status: StatusCode, year: i32, form: RuleForm, errors: Errors, notice: Option<(bool, String)>) -> PageResult {
    // Everyone may read the rules behind the wheel's dates; the secretariat keeps them.
    let user = ctx.user()?;
    let t = user.tenant_id;
    let categories = service::programme::categories_in(store::aarshjul::categories(&state.db, t).await?, &ctx.tr);
    let rows = store::aarshjul::rules(&state.db, t).await?;
    let stored = store::aarshjul::exceptions(&state.db, t).await?;
    let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    let titles: Vec<(i64, String)> = rows.iter().map(|r| (r.id, r.title.clone())).collect();
    let parsed: Vec<(i64, Rule)> = rows.iter().filter_map(|r| r.parsed().map(|p| (r.id, p))).collect();
    // The rules' own dates (no exceptions) beside the dates with them.
    let (plain, problems) = generate(&parsed, &[], year);
    let rules = rows
        .iter()
        .map(|r| {
            let mut dates: Vec<DateRow> = plain
                .iter()
                .filter(|d| d.rule == r.id)
                .map(|d| {
                    let ex = stored.iter().find(|e| e.rule_id == r.id && day(&e.on_date) == Some(d.date));
                    DateRow {
                        date: d.date.format("%d.%m.%Y").to_string(),
                        value: d.date.to_string(),
                        moved_to: ex.and_then(|e| e.to_date.as_deref().and_then(day)).map(|x| x.format("%d.%m.%Y").to_string()),
                        cancelled: ex.is_some_and(|e| e.to_date.is_none()),
                        reason: ex.map(|e| e.reason.clone()).unwrap_or_default(),
                    }
                })
                .collect();
            dates.sort_by(|a, b| a.value.cmp(&b.value));
            RuleRow {
                id: r.id,
                title: r.title.clone(),
                category: categories.iter().find(|c| c.id == r.category_id).map(|c| c.name.clone()).unwrap_or_default(),
                describe: r.parsed().map(|p| describe(ctx, &p, &titles)).unwrap_or_default(),
                dates,
                error: problems.iter().find(|p| p.0 == r.id).map(|p| ctx.tr.t(p.1.message_id())),
            }
        })
        .collect();
    let p = RulesPage {
        ctx,
        section: "aarshjul",
        title: ctx.tr.t1("cycle-title", "year", year),
        year,
        election_year: is_local_election_year(year),
        rules,
        categories,
        form,
        errors,
        notice,
        can_manage: user.viewer.can_manage_programme(),
        glyphs: [EntryGlyph::Meeting, EntryGlyph::Deadline],
    };
    page_with_status(ctx, status, &p)
}

async fn rules_page(State(state): State<AppState>, ctx: Ctx, Path(year): Path<i32>, Query(q): Query<NoticeQuery>) -> PageResult {
    let notice = q.done.as_deref().map(|o| {
        let known = ["added", "moved", "cancelled", "restored", "bad-input"];
        let o = if known.contains(&o) { o } else { "bad-input" };
        (o != "bad-input", ctx.tr.t(&format!("cycle-outcome-{o}")))
    });
    let form = RuleForm {
        kind: "nth_weekday".into(),
        nth: "1".into(),
        weekday: "2".into(),
        months: (1..=12).collect(),
        glyph: EntryGlyph::Meeting.to_string(),
        ..Default::default()
    };
    view(&state, &ctx, StatusCode::OK, year, form, Errors::default(), notice).await
}

async fn add_rule(State(state): State<AppState>, ctx: Ctx, Path(year): Path<i32>, form: Pairs) -> PageResult {
    ctx.check_csrf(&form.one("csrf"))?;
    let user = require_programme_manager(&state, &ctx, "aarshjul:rules").await?;
    let f = RuleForm {
        category: form.one("category"),
        title: form.one("title"),
        kind: form.one("kind"),
        nth: form.one("nth"),
        weekday: form.one("weekday"),
        months: form.all("months").iter().filter_map(|m| m.parse().ok()).collect(),
        month: form.one("month"),
        day: form.one("day"),
        glyph: form.one("glyph"),
    };
    let mut errs: Vec<FieldError> = vec![];
    let title = required_text("title", &f.title, domain::programme::initiative::MAX_TITLE).unwrap_or_else(|e| {
        errs.push(e);
        String::new()
    });
    let num = |s: &str| s.trim().parse::<i64>().ok();
    let rule = match f.kind.as_str() {
        "nth_weekday" => {
            if f.months.is_empty() {
                errs.push(FieldError { field: "months", message_id: "cycle-months-required" });
            }
            Some(Rule::NthWeekday { nth: num(&f.nth).unwrap_or(0) as i32, weekday: num(&f.weekday).unwrap_or(0) as u32, months: f.months.clone() })
        }
        "yearly" => Some(Rule::Yearly { month: num(&f.month).unwrap_or(0) as u32, day: num(&f.day).unwrap_or(0) as u32 }),
        _ => None,
    };
    match &rule {
        None => errs.push(FieldError { field: "kind", message_id: "initiative-unknown-choice" }),
        Some(r) => {
            if let Err(e) = r.validate() {
                let field = match e {
                    domain::programme::cycle::RuleError::BadMonth | domain::programme::cycle::RuleError::BadDay => {
                        if f.kind == "yearly" {
                            "day"
                        } else {
                            "months"
                        }
                    }
                    domain::programme::cycle::RuleError::BadWeekday => "weekday",
                    _ => "nth",
                };
                errs.push(FieldError { field, message_id: e.message_id() });
            }
        }
    }
    // A rule gives single days: a meeting or a deadline, not a span.
    let glyph = EntryGlyph::parse(&f.glyph).filter(|g| *g != EntryGlyph::Span);
    if glyph.is_none() {
        errs.push(FieldError { field: "glyph", message_id: "initiative-unknown-choice" });
    }
    let category = f.category.parse::<i64>().ok();
    let categories = super::aarshjul::ensure_categories(&state.db, user.tenant_id).await?;
    if !category.is_some_and(|c| categories.iter().any(|x| x.id == c)) {
        errs.push(FieldError { field: "category", message_id: "initiative-unknown-choice" });
    }
    if let (true, Some(rule), Some(c), Some(glyph)) = (errs.is_empty(), rule, category, glyph) {
        store::aarshjul::add_rule(&state.db, user.tenant_id, c, &title, &rule, glyph, &actor(user)).await?;
        return Ok(Redirect::to(&format!("/aarshjul/{year}/rules?done=added")).into_response());
    }
    let errors = Errors::from(&ctx.tr, &errs);
    let notice = Some((false, ctx.tr.t("cycle-has-errors")));
    view(&state, &ctx, StatusCode::UNPROCESSABLE_ENTITY, year, f, errors, notice).await
}

/// Moves one of a rule's dates, cancels it, or restores it.
async fn set_exception(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, form: Pairs) -> PageResult {
    ctx.check_csrf(&form.one("csrf"))?;
    let user = require_programme_manager(&state, &ctx, &format!("aarshjul:rule:{id}")).await?;
    let rules = store::aarshjul::rules(&state.db, user.tenant_id).await?;
    if !rules.iter().any(|r| r.id == id) {
        return Err(AppError::NotFound);
    }
    let today_year = state.clock.today().year();
    let Ok(on) = parse_date("on", &form.one("on")) else { return Ok(Redirect::to(&format!("/aarshjul/{today_year}/rules?done=bad-input")).into_response()) };
    let back = |outcome: &str| Ok(Redirect::to(&format!("/aarshjul/{}/rules?done={outcome}#rule-{id}", on.year())).into_response());
    // Only a date the rule gives in that year.
    let parsed: Vec<(i64, Rule)> = rules.iter().filter_map(|r| r.parsed().map(|p| (r.id, p))).collect();
    let (dates, _) = generate(&parsed, &[] as &[Exception], on.year());
    if !dates.iter().any(|d| d.rule == id && d.date == on) {
        return back("bad-input");
    }
    let reason = form.one("reason");
    match form.one("action").as_str() {
        "move" => {
            let Some(to) = parse_date("to", &form.one("to")).ok().filter(|to| domain::programme::cycle::may_move(on, *to)) else { return back("bad-input") };
            store::aarshjul::set_exception(&state.db, user.tenant_id, id, on, Some(to), reason.trim(), &actor(user)).await?;
            back("moved")
        }
        "cancel" => {
            store::aarshjul::set_exception(&state.db, user.tenant_id, id, on, None, reason.trim(), &actor(user)).await?;
            back("cancelled")
        }
        "restore" => {
            store::aarshjul::clear_exception(&state.db, user.tenant_id, id, on, &actor(user)).await?;
            back("restored")
        }
        _ => back("bad-input"),
    }
}
