-- The dialogue after a leader's report and the development plan, one per
-- report (keyed by the report's subject), with its check-ins. They belong
-- to the leader and the manager (and HR) and go when the round goes.
-- Kept equivalent to ../postgres/0024_evaluation_plans.sql.

CREATE TABLE evaluation_plans (
    subject_id INTEGER PRIMARY KEY REFERENCES evaluation_subjects(id) ON DELETE CASCADE,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    talk_on TEXT,
    team_on TEXT,
    -- The statement keys the leader shares with the team (JSON list).
    shared TEXT NOT NULL DEFAULT '[]',
    -- The round's item ids chosen as focus behaviours (JSON list).
    focus TEXT NOT NULL DEFAULT '[]',
    actions TEXT NOT NULL DEFAULT '',
    support TEXT NOT NULL DEFAULT '',
    follow_up_on TEXT,
    -- The follow-up date a reminder was last sent for.
    reminded_for TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    updated_by TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL
);
CREATE INDEX evaluation_plans_by_follow_up ON evaluation_plans (tenant_id, follow_up_on);

CREATE TABLE evaluation_checkins (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    subject_id INTEGER NOT NULL REFERENCES evaluation_plans(subject_id) ON DELETE CASCADE,
    on_date TEXT NOT NULL,
    note TEXT NOT NULL,
    written_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX evaluation_checkins_by_plan ON evaluation_checkins (subject_id, on_date);
