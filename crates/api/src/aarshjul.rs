//! The årshjul's dates in the API: entries, the governance cycle's dates,
//! the meetings of the forums on the wheel the caller may read, and the
//! work programme's milestones, between two dates.

use axum::Json;
use axum::extract::State;
use chrono::{Datelike, NaiveDate};
use domain::platform::ApiArea;
use serde::{Deserialize, Serialize};
use service::Services;
use utoipa::{IntoParams, ToSchema};

use crate::{ApiQuery, Caller, Problem};

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CalendarQuery {
    /// First day, YYYY-MM-DD, in the years 2000–2100; the start of this year when left out.
    #[param(nullable = false, format = Date, pattern = r"^(20[0-9]{2}|2100)-[0-9]{2}-[0-9]{2}$")]
    from: Option<String>,
    /// Last day, YYYY-MM-DD, in the years 2000–2100; the end of `from`'s year when left out. Dates are given for at most
    /// two years from `from`: a later `to` is taken as two years on, and one before `from` gives none.
    #[param(nullable = false, format = Date, pattern = r"^(20[0-9]{2}|2100)-[0-9]{2}-[0-9]{2}$")]
    to: Option<String>,
    /// Category keys, comma-separated (budget, political, forums, programme, hr, external, …); all when left out.
    #[param(nullable = false)]
    category: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ApiCalendarEntry {
    /// Stable across changes.
    pub uid: String,
    /// The category's key.
    pub category: String,
    pub title: String,
    /// YYYY-MM-DD
    pub start: String,
    /// YYYY-MM-DD, the last day (the same as start for one day).
    pub end: String,
    /// span, deadline or meeting
    pub kind: String,
    /// planned, done, tentative or at_risk
    pub state: String,
    /// The page in styr, from the site's root.
    pub url: String,
}

pub(crate) fn day(s: &Option<String>, field: &str) -> Result<Option<NaiveDate>, Problem> {
    // Left out is no date; given, it must be one (an empty value is not).
    match s.as_deref() {
        None => Ok(None),
        Some(v) => NaiveDate::parse_from_str(v, "%Y-%m-%d")
            .ok()
            .filter(|d| domain::programme::wheel::YEARS.contains(&d.year()))
            .map(Some)
            .ok_or_else(|| Problem::bad_request(&format!("{field} must be a date, YYYY-MM-DD, in the years 2000–2100."))),
    }
}

/// The årshjul's dates between two days, in date order.
#[utoipa::path(get, path = "/api/v1/calendar", params(CalendarQuery), responses((status = 200, body = Vec<ApiCalendarEntry>), (status = 400, body = Problem, content_type = "application/problem+json"), (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn calendar(State(s): State<Services>, caller: Caller, ApiQuery(q): ApiQuery<CalendarQuery>) -> Result<Json<Vec<ApiCalendarEntry>>, Problem> {
    let req = caller.within(&s, ApiArea::Programme).await?;
    let today = req.svc.clock.today();
    let from = match day(&q.from, "from")? {
        Some(d) => d,
        None => NaiveDate::from_ymd_opt(today.year(), 1, 1).ok_or_else(|| Problem::bad_request("No such year."))?,
    };
    let to = match day(&q.to, "to")? {
        Some(d) => d,
        None => NaiveDate::from_ymd_opt(from.year(), 12, 31).ok_or_else(|| Problem::bad_request("No such year."))?,
    };
    if to < from {
        return Ok(Json(vec![]));
    }
    let to = to.min(from + chrono::Duration::days(731));
    let t = req.tenant();
    let snapshot = req.programme().await?;
    let wanted: Vec<&str> = q.category.as_deref().unwrap_or("").split(',').map(str::trim).filter(|c| !c.is_empty()).collect();
    let readable = service::programme::forums_on_wheel(&req).await?;
    let all = snapshot.dates(req.db(), t, store::aarshjul::Window { from, to, today }).await?;
    let dates = store::aarshjul::for_reader(&all, |f| readable.contains(&f), None);
    let categories = &snapshot.categories;
    Ok(Json(
        dates
            .into_iter()
            .filter_map(|d| {
                let key = categories.iter().find(|c| c.id == d.category_id)?.key.clone();
                (wanted.is_empty() || wanted.contains(&key.as_str())).then(|| ApiCalendarEntry {
                    uid: d.uid,
                    category: key,
                    title: d.title,
                    start: d.start.to_string(),
                    end: d.end.to_string(),
                    kind: d.glyph.to_string(),
                    state: d.state.to_string(),
                    url: d.href,
                })
            })
            .collect(),
    ))
}
