//! The background worker every app server runs: it sends queued e-mail and,
//! now and then, queues the day's follow-up and status report reminders,
//! closes leader evaluation rounds past their last day and reminds those
//! who have not answered, and reminds owners of published case deadlines
//! due for review.
//! Jobs live in the database, so several servers share the work and none is
//! lost on restart.

use std::time::Duration;

use chrono::Timelike;

/// Runs until the task is dropped.
pub async fn run(svc: service::Services, mailer: Option<jobs::Mailer>, base_url: String, poll: Duration, sources: service::policy::fetch::Sources) {
    let db = svc.db.clone();
    let mut last_reminders: Option<std::time::Instant> = None;
    // When the search index is next checked for documents of an older scheme.
    let mut next_reindex: Option<std::time::Instant> = Some(std::time::Instant::now());
    loop {
        // Search documents written under an older scheme are rewritten a
        // batch per round, so a large history does not hold up the mail.
        if next_reindex.is_some_and(|t| t <= std::time::Instant::now()) {
            match store::search::reindex_stale(&db, 100).await {
                Ok(0) => next_reindex = None,
                Ok(n) => tracing::info!("search: rewrote the index of {n} meetings"),
                Err(e) => {
                    // Tried again later rather than given up: old documents still find their words.
                    tracing::warn!("search index: {e}; trying again in ten minutes");
                    next_reindex = Some(std::time::Instant::now() + Duration::from_secs(600));
                }
            }
        }
        if last_reminders.is_none_or(|t| t.elapsed() > Duration::from_secs(600)) {
            use service::meetings::notify;
            let today = svc.clock.today();
            logged("reminders", notify::schedule_reminders(&db, &base_url, today).await);
            // Gathered news goes in the morning, not at midnight.
            if svc.clock.now().with_timezone(&chrono_tz::Europe::Copenhagen).hour() >= 7 {
                logged("gathered digests", notify::schedule_digests(&svc, &base_url, today).await);
            }
            logged("status report reminders", notify::schedule_report_reminders(&db, &base_url, today).await);
            // In the morning: rounds past their last day close, those who have not answered are reminded.
            if svc.clock.now().with_timezone(&chrono_tz::Europe::Copenhagen).hour() >= 7 {
                logged("evaluation reminders", service::evaluation::tick(&svc, &base_url, today).await);
                logged("development plan check-ins", service::evaluation::remind_check_ins(&svc, &base_url, today).await);
                logged("case deadline reviews", service::policy::cases::review_reminders(&db, &base_url, today).await);
                logged("agreement renewals", service::policy::business::renewal_reminders(&db, &base_url, today).await);
                logged("expired business contacts deleted", store::business::purge_contacts(&db, today).await.map(|n| n as usize));
                if let Err(e) = service::policy::business::feed_all(&db, today).await {
                    tracing::warn!("business indicators: {e}");
                }
            }
            // Statistikbank and Jobindsats publish in the morning (Statistikbank at 8:00): fetched after.
            if svc.clock.now().with_timezone(&chrono_tz::Europe::Copenhagen).hour() >= 9 {
                logged("indicator fetches", service::policy::fetch::schedule(&db, today).await);
            }
            last_reminders = Some(std::time::Instant::now());
        }
        let fetch_db = db.clone();
        let fetch_sources = sources.clone();
        let fetch = move |tenant: Option<i64>, payload: String| {
            let (db, sources) = (fetch_db.clone(), fetch_sources.clone());
            Box::pin(async move { service::policy::fetch::run_job(&db, tenant.unwrap_or_default(), &payload, &sources).await })
                as std::pin::Pin<Box<dyn std::future::Future<Output = anyhow::Result<()>> + Send>>
        };
        if let Err(e) = jobs::run_due_with(&db, mailer.as_ref(), &[(service::policy::fetch::JOB, &fetch)]).await {
            tracing::warn!("jobs: {e}");
        }
        tokio::time::sleep(poll).await;
    }
}

/// Says in the log how many of `what` were queued, or why none could be.
fn logged(what: &str, queued: store::Result<usize>) {
    match queued {
        Ok(n) if n > 0 => tracing::info!("queued {n} {what}"),
        Ok(_) => {}
        Err(e) => tracing::warn!("{what}: {e}"),
    }
}

/// The mailer for a configuration, or none when no host is set.
pub fn mailer(cfg: &jobs::SmtpConfig) -> anyhow::Result<Option<jobs::Mailer>> {
    if cfg.host.is_empty() {
        tracing::info!("no SMTP host configured: e-mail stays in the queue");
        return Ok(None);
    }
    Ok(Some(jobs::Mailer::new(cfg)?))
}
