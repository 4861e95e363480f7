-- Background jobs (e-mail for now) that survive a restart, and the
-- reminders already sent. Kept equivalent to ../postgres/0006_jobs.sql;
-- claiming a job is written per database in src/platform/jobs.rs.

CREATE TABLE jobs (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER REFERENCES tenants(id),
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'queued',
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT '',
    run_at TEXT NOT NULL,
    locked_until TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX jobs_due ON jobs (status, run_at);

CREATE TABLE reminders_sent (
    action_id INTEGER NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    sent_at TEXT NOT NULL,
    PRIMARY KEY (action_id, kind)
);
