-- What mail a person wants, kept with their account beside the language:
-- "Nyt fra …" at once, daily, weekly or never, and reminders by kind.
-- Kept equivalent to ../postgres/0022_notification_settings.sql.
ALTER TABLE accounts ADD COLUMN digest TEXT NOT NULL DEFAULT 'each';
ALTER TABLE accounts ADD COLUMN remind_actions BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE accounts ADD COLUMN remind_reports BOOLEAN NOT NULL DEFAULT TRUE;

-- Decisions waiting for a person's daily or weekly digest.
CREATE TABLE news_pending (
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    decision_id INTEGER NOT NULL REFERENCES decisions(id) ON DELETE CASCADE,
    added_at TEXT NOT NULL,
    PRIMARY KEY (person_id, decision_id)
);
CREATE INDEX news_pending_by_tenant ON news_pending (tenant_id, added_at);
