//! Fetching indicators' figures from the statistics' own APIs: Danmarks
//! Statistik's Statistikbank (no key) and STAR's Jobindsats (with the
//! municipality's token). Run by hand (`styr indicators fetch`) or by the
//! job queue on the days figures are published. An answer that is not what
//! the source gives (an error, a changed table) changes nothing and says why.

use std::time::Duration;

use chrono::Datelike;

use domain::policy::fetch::{self as calls, CallError};
use domain::policy::import::ImportError;
use store::platform::audit::Actor;
use store::policy::{Indicator, NewValue};

/// The largest answer read. Ten years of a table for ten areas is well under a
/// megabyte; the cap leaves room for a wide table and stops a runaway answer.
const MAX_ANSWER: u64 = 64 * 1024 * 1024;

/// The job kind the worker queues for a fetch; its payload is the indicator's id and the day.
pub const JOB: &str = "indicators.fetch";

/// Where the APIs are, and the Jobindsats token.
#[derive(Clone, Debug)]
pub struct Sources {
    pub statbank: String,
    pub jobindsats: String,
    pub jobindsats_token: String,
}

impl Default for Sources {
    fn default() -> Self {
        Sources { statbank: "https://api.statbank.dk/v1".into(), jobindsats: "https://api.jobindsats.dk/v2".into(), jobindsats_token: String::new() }
    }
}

#[derive(Debug)]
pub enum FetchError {
    Call(CallError),
    /// Jobindsats without a token.
    NoToken,
    /// The source could not be reached.
    Network(String),
    /// The source answered with an error: (status, the start of its answer).
    Status(u16, String),
    /// The answer could not be read as the source's format.
    Unreadable(String),
    /// The answer was read, but is not the indicator's table.
    Import(ImportError),
    Store(store::Error),
}

impl std::fmt::Display for FetchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FetchError::Call(e) => write!(f, "{e}"),
            FetchError::NoToken => write!(f, "no Jobindsats token is configured (jobindsats_token, or STYR_JOBINDSATS_TOKEN)"),
            FetchError::Network(e) => write!(f, "the source could not be reached: {e}"),
            FetchError::Status(s, body) => write!(f, "the source answered {s}: {body}"),
            FetchError::Unreadable(e) => write!(f, "the answer is not the source's format: {e}"),
            FetchError::Import(e) => write!(f, "the answer is not the indicator's table: {e}"),
            FetchError::Store(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for FetchError {}

/// Fetches one indicator's figures and stores them, all or none. Returns how many.
pub async fn fetch(db: &store::Db, tenant: i64, indicator: &Indicator, sources: &Sources, actor: &Actor) -> Result<usize, FetchError> {
    let call = calls::call(&indicator.def).map_err(FetchError::Call)?;
    let (base, token) = match call.source {
        domain::policy::Source::Jobindsats if sources.jobindsats_token.trim().is_empty() => return Err(FetchError::NoToken),
        domain::policy::Source::Jobindsats => (&sources.jobindsats, Some(sources.jobindsats_token.trim())),
        _ => (&sources.statbank, None),
    };
    // Only the configured address is asked: no redirects elsewhere.
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| FetchError::Network(e.to_string()))?;
    let mut request = client.post(format!("{}{}", base.trim_end_matches('/'), call.path)).json(&call);
    if let Some(t) = token {
        request = request.header(reqwest::header::AUTHORIZATION, t);
    }
    let mut response = request.send().await.map_err(|e| FetchError::Network(e.to_string()))?;
    let status = response.status();
    let too_large = || FetchError::Unreadable(format!("the answer is larger than {} MB", MAX_ANSWER / 1024 / 1024));
    if response.content_length().is_some_and(|n| n > MAX_ANSWER) {
        return Err(too_large());
    }
    // Read piece by piece, so that an answer without a length cannot grow past the cap.
    let mut bytes = Vec::new();
    while let Some(piece) = response.chunk().await.map_err(|e| FetchError::Network(e.to_string()))? {
        if (bytes.len() + piece.len()) as u64 > MAX_ANSWER {
            return Err(too_large());
        }
        bytes.extend_from_slice(&piece);
    }
    if !status.is_success() {
        let text: String = String::from_utf8_lossy(&bytes).chars().take(200).collect();
        return Err(FetchError::Status(status.as_u16(), text));
    }
    let grid = match call.source {
        domain::policy::Source::Jobindsats => export::read_jobindsats(&bytes),
        _ => export::read_csv(&bytes),
    }
    .map_err(|e| FetchError::Unreadable(format!("{e:?}")))?;
    let figures = domain::policy::import::read(&grid, &indicator.def.layout()).map_err(FetchError::Import)?;
    let values: Vec<NewValue> = figures
        .into_iter()
        .map(|f| NewValue { area: f.area, year: f.period.year(), period: f.period.to_string(), value: f.value, expected: f.expected, suppressed: f.suppressed })
        .collect();
    let source = format!("{} API", indicator.def.source);
    store::policy::save_values(db, tenant, indicator.id, &values, &source, actor).await.map_err(FetchError::Store)
}

/// Queues a fetch of every indicator from an API whose figures are
/// published today (its release days), once a day. Returns how many.
pub async fn schedule(db: &store::Db, today: chrono::NaiveDate) -> store::Result<usize> {
    let mut queued = 0;
    for tenant in store::tenant::all(db).await? {
        for i in store::policy::indicators(db, tenant.id).await? {
            if calls::call(&i.def).is_err() || !i.def.release_days(today.year()).contains(&today) {
                continue;
            }
            // Once per indicator and day, however often the worker looks.
            let payload = format!("{}:{today}", i.id);
            let (earlier, _) = store::platform::jobs::listed(db, tenant.id, JOB, None, 500, 0).await?;
            if earlier.iter().any(|j| j.payload == payload) {
                continue;
            }
            store::platform::jobs::enqueue(db, Some(tenant.id), JOB, &payload, store::now()).await?;
            queued += 1;
        }
    }
    Ok(queued)
}

/// Runs a queued fetch (the payload "indicator:day").
pub async fn run_job(db: &store::Db, tenant: i64, payload: &str, sources: &Sources) -> anyhow::Result<()> {
    let id: i64 = payload.split(':').next().and_then(|s| s.parse().ok()).ok_or_else(|| anyhow::anyhow!("not a fetch job: {payload}"))?;
    let indicator = store::policy::indicator(db, tenant, id).await?.ok_or_else(|| anyhow::anyhow!("no indicator {id}"))?;
    let n = fetch(db, tenant, &indicator, sources, &Actor::system("styr indicators fetch")).await?;
    tracing::info!("fetched {n} figures of {}", indicator.def.key);
    Ok(())
}
