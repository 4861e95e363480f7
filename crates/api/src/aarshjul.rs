//! The årshjul's dates in the API: entries, the governance cycle's dates,
//! the meetings of the forums on the wheel the caller may read, and the
//! work programme's milestones, between two dates.

use axum::Json;
use axum::extract::{Query, State};
use chrono::{Datelike, NaiveDate, Utc};
use chrono_tz::Europe::Copenhagen;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::{ApiError, ApiState, Caller};

#[derive(Deserialize, IntoParams)]
pub struct CalendarQuery {
    /// First day, YYYY-MM-DD; the start of this year when left out.
    from: Option<String>,
    /// Last day, YYYY-MM-DD; the end of this year when left out. At most two years after `from`.
    to: Option<String>,
    /// Category keys, comma-separated (budget, political, forums, programme, hr, external, …); all when left out.
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

fn day(s: &Option<String>, field: &str) -> Result<Option<NaiveDate>, ApiError> {
    match s.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(v) => NaiveDate::parse_from_str(v, "%Y-%m-%d").map(Some).map_err(|_| ApiError::bad_request(&format!("{field} must be a date, YYYY-MM-DD."))),
    }
}

/// The årshjul's dates between two days, in date order.
#[utoipa::path(get, path = "/api/v1/calendar", params(CalendarQuery), responses((status = 200, body = Vec<ApiCalendarEntry>), (status = 400, body = ApiError), (status = 401, body = ApiError)))]
pub async fn calendar(State(s): State<ApiState>, caller: Caller, Query(q): Query<CalendarQuery>) -> Result<Json<Vec<ApiCalendarEntry>>, ApiError> {
    let today = Utc::now().with_timezone(&Copenhagen).date_naive();
    let from = day(&q.from, "from")?.unwrap_or_else(|| NaiveDate::from_ymd_opt(today.year(), 1, 1).expect("1 January"));
    let to = day(&q.to, "to")?.unwrap_or_else(|| NaiveDate::from_ymd_opt(from.year(), 12, 31).expect("31 December"));
    if to < from {
        return Err(ApiError::bad_request("to must not be before from."));
    }
    if (to - from).num_days() > 731 {
        return Err(ApiError::bad_request("Ask for at most two years at a time."));
    }
    let t = caller.tenant_id;
    let reference = s.reference.get(&s.db, t, caller.reference_version).await.map_err(ApiError::internal)?;
    let snapshot = s.programme(&caller).await.map_err(ApiError::internal)?;
    let wanted: Vec<&str> = q.category.as_deref().unwrap_or("").split(',').map(str::trim).filter(|c| !c.is_empty()).collect();
    let readable: std::collections::HashSet<i64> =
        reference.forums.iter().filter(|f| store::aarshjul::forum_on_readers_wheel(&caller.viewer, f)).map(|f| f.id).collect();
    let all = snapshot.dates(&s.db, t, store::aarshjul::Window { from, to, today }).await.map_err(ApiError::internal)?;
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
                    kind: d.glyph,
                    state: d.state,
                    url: d.href,
                })
            })
            .collect(),
    ))
}
