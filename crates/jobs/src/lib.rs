//! Background work: sending e-mail through SMTP from the job queue, with
//! retries. The queue lives in the database (store::platform::jobs), so jobs
//! survive a restart and any app server may do them.

use std::time::Duration;

use lettre::message::{Mailbox, header::ContentType};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use serde::{Deserialize, Serialize};
use store::Db;
use store::platform::jobs;

/// How to reach the mail server.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct SmtpConfig {
    pub host: String,
    pub port: u16,
    /// none, starttls or tls
    pub tls: String,
    pub user: String,
    pub password: String,
    /// The sender, e.g. "styr <styr@kommune.dk>".
    pub from: String,
}

/// An e-mail waiting in the queue.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Email {
    pub to: String,
    pub subject: String,
    pub body: String,
    /// Holds what only its recipient may read (a closed item's decision):
    /// the outbox shows its body to no one else.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub confidential: bool,
}

pub const EMAIL: &str = "email";

/// An evaluation's invitation or reminder. Its body names each personal
/// link as `{{link:INVITATION}}`; the token is made when the mail is sent,
/// only its hash is stored, and the job is deleted once sent, so neither the
/// queue nor the outbox holds a link or tells who was reminded.
pub const EVALUATION_EMAIL: &str = "evaluation.email";

/// The placeholder for an invitation's personal link in an evaluation mail.
pub fn link_placeholder(invitation: i64) -> String {
    format!("{{{{link:{invitation}}}}}")
}

/// Puts evaluation mail in the queue, to be sent now.
pub async fn queue_evaluation_emails(db: &Db, tenant: i64, emails: &[Email]) -> store::Result<usize> {
    let payloads = emails.iter().map(payload).collect::<store::Result<Vec<String>>>()?;
    jobs::enqueue_all(db, Some(tenant), EVALUATION_EMAIL, &payloads, chrono::Utc::now()).await
}

/// Makes a token for each link placeholder in `body`, stores its hash, and
/// returns the body with the links in it.
async fn with_links(db: &Db, tenant: i64, body: &str) -> anyhow::Result<String> {
    let mut out = String::with_capacity(body.len() + 64);
    let mut rest = body;
    while let Some(at) = rest.find("{{link:") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 7..];
        let end = after.find("}}").ok_or_else(|| anyhow::anyhow!("an unclosed link placeholder"))?;
        let invitation: i64 = after[..end].parse()?;
        let token = store::new_secret();
        store::evaluation::add_link(db, tenant, invitation, &token).await?;
        out.push_str(&token);
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

fn payload(e: &Email) -> store::Result<String> {
    serde_json::to_string(e).map_err(|e| sqlx_encode(Box::new(e)))
}

fn sqlx_encode(e: Box<dyn std::error::Error + Send + Sync>) -> store::Error {
    store::Error::Encode(e)
}

/// Puts an e-mail in the queue to be sent now.
pub async fn queue_email(db: &Db, tenant: i64, email: &Email) -> store::Result<i64> {
    jobs::enqueue(db, Some(tenant), EMAIL, &payload(email)?, chrono::Utc::now()).await
}

/// Puts many e-mails in the queue at once, to be sent now.
pub async fn queue_emails(db: &Db, tenant: i64, emails: &[Email]) -> store::Result<usize> {
    let payloads = emails.iter().map(payload).collect::<store::Result<Vec<String>>>()?;
    jobs::enqueue_all(db, Some(tenant), EMAIL, &payloads, chrono::Utc::now()).await
}

pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Mailer {
    pub fn new(cfg: &SmtpConfig) -> anyhow::Result<Mailer> {
        let port = if cfg.port == 0 { 25 } else { cfg.port };
        let tls = match cfg.tls.as_str() {
            "" | "none" => Tls::None,
            "starttls" => Tls::Required(TlsParameters::new(cfg.host.clone())?),
            "tls" => Tls::Wrapper(TlsParameters::new(cfg.host.clone())?),
            other => anyhow::bail!("smtp tls must be none, starttls or tls, not {other:?}"),
        };
        let mut b = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&cfg.host).port(port).tls(tls).timeout(Some(Duration::from_secs(20)));
        if !cfg.user.is_empty() {
            b = b.credentials(Credentials::new(cfg.user.clone(), cfg.password.clone()));
        }
        let from = if cfg.from.is_empty() { "styr <styr@localhost>" } else { &cfg.from };
        Ok(Mailer { transport: b.build(), from: from.parse()? })
    }

    pub async fn send(&self, e: &Email) -> anyhow::Result<()> {
        let msg =
            Message::builder().from(self.from.clone()).to(e.to.parse()?).subject(e.subject.clone()).header(ContentType::TEXT_PLAIN).body(e.body.clone())?;
        self.transport.send(msg).await?;
        Ok(())
    }
}

/// What a job of a kind beyond mail does, given its tenant and payload
/// (the binary gives these, as the work is in crates this one is below).
pub type Run<'a> = &'a (dyn Fn(Option<i64>, String) -> std::pin::Pin<Box<dyn std::future::Future<Output = anyhow::Result<()>> + Send>> + Send + Sync);

/// Does every due job; returns how many were done or failed.
pub async fn run_due(db: &Db, mailer: Option<&Mailer>) -> anyhow::Result<usize> {
    run_due_at(db, mailer, store::now()).await
}

/// Does every due job, those of the `others` kinds with their handler.
pub async fn run_due_with(db: &Db, mailer: Option<&Mailer>, others: &[(&str, Run<'_>)]) -> anyhow::Result<usize> {
    run_due_at_with(db, mailer, store::now(), others).await
}

/// Does every job due at `now` (the tests move time on to see retries end).
pub async fn run_due_at(db: &Db, mailer: Option<&Mailer>, now: chrono::DateTime<chrono::Utc>) -> anyhow::Result<usize> {
    run_due_at_with(db, mailer, now, &[]).await
}

pub async fn run_due_at_with(db: &Db, mailer: Option<&Mailer>, now: chrono::DateTime<chrono::Utc>, others: &[(&str, Run<'_>)]) -> anyhow::Result<usize> {
    let mut n = 0;
    if mailer.is_none() {
        // Without a mail server, mail is kept as not sent, to be read in the
        // outbox, instead of failing five times each in the log.
        let held = jobs::hold(db, EMAIL, now).await? + jobs::hold(db, EVALUATION_EMAIL, now).await?;
        if held > 0 {
            tracing::info!("{held} e-mails not sent: no SMTP host is configured (see /admin/outbox)");
        }
        n += held as usize;
    }
    while let Some(job) = jobs::claim(db, chrono::Duration::minutes(5), now).await? {
        n += 1;
        let result = match (job.kind.as_str(), mailer) {
            (EMAIL, Some(m)) => match serde_json::from_str::<Email>(&job.payload) {
                Ok(e) => m.send(&e).await,
                Err(e) => Err(e.into()),
            },
            (EVALUATION_EMAIL, Some(m)) => match (serde_json::from_str::<Email>(&job.payload), job.tenant_id) {
                (Ok(e), Some(tenant)) => match with_links(db, tenant, &e.body).await {
                    Ok(body) => m.send(&Email { body, ..e }).await,
                    Err(e) => Err(e),
                },
                (Err(e), _) => Err(e.into()),
                (_, None) => Err(anyhow::anyhow!("an evaluation mail without a tenant")),
            },
            (EMAIL | EVALUATION_EMAIL, None) => Err(anyhow::anyhow!("no SMTP server is configured")),
            (other, _) => match others.iter().find(|(kind, _)| *kind == other) {
                Some((_, run)) => run(job.tenant_id, job.payload.clone()).await,
                None => Err(anyhow::anyhow!("unknown job kind {other}")),
            },
        };
        match result {
            Ok(()) if job.kind == EVALUATION_EMAIL => jobs::delete(db, job.id).await?,
            Ok(()) => jobs::finish(db, job.id).await?,
            Err(e) => {
                tracing::warn!("job {} ({}) failed: {e}", job.id, job.kind);
                jobs::fail(db, &job, &e.to_string(), now).await?
            }
        }
    }
    Ok(n)
}
