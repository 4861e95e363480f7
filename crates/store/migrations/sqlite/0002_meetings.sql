-- The meetings context: forums and their meetings. Kept equivalent to
-- ../postgres/0002_meetings.sql. Rules that are documents (membership, chair
-- rule, cadence, parts) are stored as JSON text and read by domain::meetings.

CREATE TABLE forums (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    name TEXT NOT NULL,
    purpose TEXT NOT NULL DEFAULT '',
    membership TEXT NOT NULL,
    chair_rule TEXT NOT NULL,
    secretary_person_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
    cadence TEXT NOT NULL,
    duration_minutes INTEGER NOT NULL,
    place TEXT NOT NULL DEFAULT '',
    parts TEXT NOT NULL,
    formal BOOLEAN NOT NULL DEFAULT TRUE,
    follow_up BOOLEAN NOT NULL DEFAULT TRUE,
    proposal_days INTEGER NOT NULL DEFAULT 7,
    publish_days INTEGER NOT NULL DEFAULT 3,
    readers TEXT NOT NULL,
    proposers TEXT NOT NULL,
    reports_to_forum_id INTEGER REFERENCES forums(id) ON DELETE SET NULL,
    position INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (tenant_id, name)
);

CREATE TABLE meetings (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    forum_id INTEGER NOT NULL REFERENCES forums(id) ON DELETE CASCADE,
    series_date TEXT,
    starts_at TEXT NOT NULL,
    ends_at TEXT NOT NULL,
    place TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'planned',
    cancel_reason TEXT NOT NULL DEFAULT '',
    chair_person_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (forum_id, series_date)
);
CREATE INDEX meetings_by_forum ON meetings (tenant_id, forum_id, starts_at);
CREATE INDEX meetings_by_time ON meetings (tenant_id, starts_at);
