//! The leader evaluation in the API: HR's rounds, the progress per group
//! (counts, never names), and a leader's report as its reader may see it.
//! The report is the one `service::evaluation::report` worked out through
//! the anonymity rules for the pages too: each cell carries a value or
//! `"suppressed"` with the reason.

use axum::Json;
use axum::extract::State;
use chrono::NaiveDate;
use domain::evaluation::report::{Column, Figure, Hidden};
use domain::platform::ApiArea;
use serde::Serialize;
use service::Services;
use utoipa::ToSchema;

use crate::{ApiPath, Caller, Problem};

const PROBLEM: &str = "application/problem+json";

#[derive(Serialize, ToSchema)]
pub struct ApiRound {
    pub id: i64,
    pub title: String,
    /// draft, open or closed
    pub state: String,
    pub opens_on: NaiveDate,
    pub closes_on: NaiveDate,
    /// The smallest number of employees and of peer leaders a figure is shown for.
    pub min_employees: u32,
    pub min_peers: u32,
    /// hr_first or at_close
    pub release: String,
}

/// Every round of the municipality, newest first (HR).
#[utoipa::path(get, path = "/api/v1/evaluation/rounds", responses((status = 200, body = Vec<ApiRound>), (status = 401, body = Problem, content_type = PROBLEM), (status = 403, body = Problem, content_type = PROBLEM)))]
pub async fn rounds(State(s): State<Services>, caller: Caller) -> Result<Json<Vec<ApiRound>>, Problem> {
    let req = caller.within(&s, ApiArea::Evaluation).await?;
    service::evaluation::run(&req, || "api:evaluation:rounds".into()).await?;
    let rounds = store::evaluation::rounds(req.db(), req.tenant()).await?;
    Ok(Json(
        rounds
            .into_iter()
            .map(|r| ApiRound {
                id: r.id,
                title: r.title,
                state: r.state.to_string(),
                opens_on: r.opens_on,
                closes_on: r.closes_on,
                min_employees: r.minimums.employees(),
                min_peers: r.minimums.peers(),
                release: r.release.to_string(),
            })
            .collect(),
    ))
}

#[derive(Serialize, ToSchema)]
pub struct ApiGroupCount {
    /// manager, employees, peers or own
    pub group: String,
    pub asked: i64,
    pub answered: i64,
}

#[derive(Serialize, ToSchema)]
pub struct ApiProgress {
    /// The leader's report id (the subject of the round).
    pub report_id: i64,
    pub leader: String,
    pub unit: String,
    /// The day the counts were taken; they are counted at most once a day.
    pub counted_on: Option<String>,
    pub groups: Vec<ApiGroupCount>,
}

/// How many have answered per group about each leader the caller may follow:
/// every leader for HR, their own for a leader. Never who.
#[utoipa::path(get, path = "/api/v1/evaluation/rounds/{id}/progress", params(("id" = i64, Path)), responses((status = 200, body = Vec<ApiProgress>), (status = 400, body = Problem, content_type = PROBLEM), (status = 401, body = Problem, content_type = PROBLEM), (status = 403, body = Problem, content_type = PROBLEM), (status = 404, body = Problem, content_type = PROBLEM)))]
pub async fn progress(State(s): State<Services>, caller: Caller, ApiPath(id): ApiPath<i64>) -> Result<Json<Vec<ApiProgress>>, Problem> {
    let req = caller.within(&s, ApiArea::Evaluation).await?;
    let round = store::evaluation::round(req.db(), req.tenant(), id).await?.ok_or_else(Problem::not_found)?;
    let p = service::evaluation::progress(&req, &round).await?;
    Ok(Json(
        p.into_iter()
            .map(|(s, groups)| ApiProgress {
                report_id: s.id,
                leader: s.name,
                unit: s.unit_name,
                counted_on: s.progress_on,
                groups: groups.into_iter().map(|(g, asked, answered)| ApiGroupCount { group: g.to_string(), asked, answered }).collect(),
            })
            .collect(),
    ))
}

/// One figure: a value with how many real answers it is the average of, or
/// "suppressed" with the reason (too_few, would_reveal).
#[derive(Serialize, ToSchema, PartialEq, Debug)]
pub struct ApiCell {
    /// own, manager, employees, peers, others, total ("all but me") or organisation (the round's average, where safe)
    pub column: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub n: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suppressed: Option<String>,
}

fn cells(columns: &[Column], f: impl Fn(Column) -> Figure) -> Vec<ApiCell> {
    columns
        .iter()
        .filter_map(|c| {
            let column = c.to_string();
            match f(*c) {
                Figure::Value { mean, n } => Some(ApiCell { column, value: Some((mean * 100.0).round() / 100.0), n: Some(n), suppressed: None }),
                Figure::Suppressed { reason } => Some(ApiCell {
                    column,
                    value: None,
                    n: None,
                    suppressed: Some(match reason {
                        Hidden::TooFew => "too_few".into(),
                        Hidden::WouldReveal => "would_reveal".into(),
                    }),
                }),
                Figure::Empty => None,
            }
        })
        .collect()
}

#[derive(Serialize, ToSchema)]
pub struct ApiRow {
    /// The statement's title, or the item's wording.
    pub label: String,
    /// statement, leadership or followership
    pub part: String,
    pub cells: Vec<ApiCell>,
}

#[derive(Serialize, ToSchema)]
pub struct ApiSettled {
    pub group: String,
    pub asked: u32,
    pub answered: u32,
    /// labelled, as_others, in_total_only or discard
    pub kept: String,
}

#[derive(Serialize, ToSchema)]
pub struct ApiReport {
    pub report_id: i64,
    pub round_id: i64,
    pub leader: String,
    pub unit: String,
    /// How the caller reads it: hr, leader or manager.
    pub reader: String,
    pub groups: Vec<ApiSettled>,
    pub columns: Vec<String>,
    pub statements: Vec<ApiRow>,
    pub items: Vec<ApiRow>,
    /// Items where the leader's own answer is a point or more from all but theirs.
    pub gaps: Vec<String>,
    pub top: Vec<String>,
    pub bottom: Vec<String>,
    /// The team about its own followership, beside the team about the leadership.
    pub mirror: Vec<ApiCell>,
    /// Pooled from at least five, without group, in random order.
    pub comments: Vec<String>,
}

/// A leader's report as the caller may read it (HR once closed; the leader
/// and the manager once released). The reading is audited.
#[utoipa::path(get, path = "/api/v1/evaluation/reports/{id}", params(("id" = i64, Path)), responses((status = 200, body = ApiReport), (status = 400, body = Problem, content_type = PROBLEM), (status = 401, body = Problem, content_type = PROBLEM), (status = 403, body = Problem, content_type = PROBLEM), (status = 404, body = Problem, content_type = PROBLEM)))]
pub async fn report(State(s): State<Services>, caller: Caller, ApiPath(id): ApiPath<i64>) -> Result<Json<ApiReport>, Problem> {
    let req = caller.within(&s, ApiArea::Evaluation).await?;
    let rr = service::evaluation::report(&req, id).await?;
    Ok(Json(api_report(&rr)))
}

/// The report as the API gives it.
pub fn api_report(rr: &service::evaluation::ReadReport) -> ApiReport {
    let r = &rr.report;
    let cols = &r.columns;
    let text = |i: usize| rr.items.get(i).map(|x| x.about_leader.clone()).unwrap_or_default();
    ApiReport {
        report_id: rr.subject.id,
        round_id: rr.round.id,
        leader: rr.subject.name.clone(),
        unit: rr.subject.unit_name.clone(),
        reader: serde_json::to_value(rr.reader).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default(),
        groups: r.groups.iter().map(|g| ApiSettled { group: g.group.to_string(), asked: g.invited, answered: g.answered, kept: g.keep.to_string() }).collect(),
        columns: cols.iter().map(|c| c.to_string()).collect(),
        statements: r
            .statements
            .iter()
            .map(|st| {
                let mut c = cells(cols, |c| st.figure(c));
                if let Some((_, f)) = rr.organisation.iter().find(|(k, _)| *k == st.key) {
                    let mut org = cells(&[Column::Total], |_| *f);
                    org.iter_mut().for_each(|x| x.column = "organisation".into());
                    c.extend(org);
                }
                ApiRow { label: st.title.clone(), part: st.part.to_string(), cells: c }
            })
            .collect(),
        items: r
            .items
            .iter()
            .enumerate()
            .map(|(i, row)| ApiRow {
                label: if row.part == domain::evaluation::questionnaire::Part::Followership { rr.items[i].about_self.clone() } else { row.text.clone() },
                part: row.part.to_string(),
                cells: cells(cols, |c| row.figure(c)),
            })
            .collect(),
        gaps: r.gaps.iter().map(|g| text(g.item)).collect(),
        top: r.top.iter().map(|i| text(*i)).collect(),
        bottom: r.bottom.iter().map(|i| text(*i)).collect(),
        mirror: {
            let mut m = cells(&[Column::Total], |_| r.mirror.followership);
            m.extend(cells(&[Column::Employees], |_| r.mirror.leadership));
            m
        },
        comments: r.comments.clone(),
    }
}

#[derive(Serialize, ToSchema)]
pub struct ApiPlan {
    /// The report the plan follows (and the plan's own address).
    pub report_id: i64,
    pub leader: String,
    pub round: String,
    pub talk_on: Option<NaiveDate>,
    pub team_on: Option<NaiveDate>,
    /// The round's items chosen as focus behaviours, as the leader reads them.
    pub focus: Vec<String>,
    pub actions: String,
    pub support: String,
    pub follow_up_on: Option<NaiveDate>,
}

/// The development plans the caller follows: as the leader, as the manager,
/// or every plan for HR.
#[utoipa::path(get, path = "/api/v1/evaluation/plans", responses((status = 200, body = Vec<ApiPlan>), (status = 401, body = Problem, content_type = PROBLEM), (status = 403, body = Problem, content_type = PROBLEM)))]
pub async fn plans(State(s): State<Services>, caller: Caller) -> Result<Json<Vec<ApiPlan>>, Problem> {
    let req = caller.within(&s, ApiArea::Evaluation).await?;
    let mut out = vec![];
    for (subject, round, p) in service::evaluation::my_plans(&req).await? {
        let items = store::evaluation::items(req.db(), req.tenant(), subject.round_id).await?;
        let focus = p.focus.iter().filter_map(|f| items.iter().find(|i| i.id == *f)).map(|i| i.item.about_self.clone()).collect();
        out.push(ApiPlan {
            report_id: subject.id,
            leader: subject.name,
            round,
            talk_on: p.talk_on,
            team_on: p.team_on,
            focus,
            actions: p.actions,
            support: p.support,
            follow_up_on: p.follow_up_on,
        });
    }
    Ok(Json(out))
}
