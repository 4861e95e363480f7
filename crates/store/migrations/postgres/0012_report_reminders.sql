-- Reminders to initiative owners about a period's status report, sent once
-- each (a week before the deadline, and on the day). Kept equivalent to
-- ../sqlite/0012_report_reminders.sql.

CREATE TABLE report_reminders_sent (
    initiative_id BIGINT NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,
    period TEXT NOT NULL,
    kind TEXT NOT NULL,
    sent_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (initiative_id, period, kind)
);
