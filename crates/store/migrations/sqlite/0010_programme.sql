-- The programme context: yearly work programmes, their initiatives with the
-- units taking part, dependencies, milestones and status reports, and the
-- decisions that moved them. Kept equivalent to ../postgres/0010_programme.sql.
-- Dates without a time are 'YYYY-MM-DD' text on both databases.

CREATE TABLE programmes (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    year INTEGER NOT NULL,
    title TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'draft',
    cadence TEXT NOT NULL DEFAULT 'quarter',
    approved_decision_id INTEGER REFERENCES decisions(id) ON DELETE SET NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (tenant_id, year)
);

CREATE TABLE initiatives (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    programme_id INTEGER NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
    carried_from_id INTEGER REFERENCES initiatives(id) ON DELETE SET NULL,
    title TEXT NOT NULL,
    purpose TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    owner_person_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
    perspective_keys TEXT NOT NULL DEFAULT '[]',
    value_keys TEXT NOT NULL DEFAULT '[]',
    goal_refs TEXT NOT NULL DEFAULT '[]',
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    budget INTEGER,
    risks TEXT NOT NULL DEFAULT '',
    latest_status TEXT NOT NULL DEFAULT '',
    latest_period TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX initiatives_by_programme ON initiatives (programme_id);

CREATE TABLE initiative_units (
    initiative_id INTEGER NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,
    unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    PRIMARY KEY (initiative_id, unit_id)
);

CREATE TABLE initiative_dependencies (
    initiative_id INTEGER NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,
    depends_on_id INTEGER NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,
    PRIMARY KEY (initiative_id, depends_on_id)
);

CREATE TABLE milestones (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    initiative_id INTEGER NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    due_on TEXT NOT NULL,
    done_on TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX milestones_by_initiative ON milestones (initiative_id, due_on);

CREATE TABLE status_reports (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    initiative_id INTEGER NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,
    period TEXT NOT NULL,
    status TEXT NOT NULL,
    progress INTEGER NOT NULL DEFAULT 0,
    happened TEXT NOT NULL DEFAULT '',
    next_steps TEXT NOT NULL DEFAULT '',
    needs TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    UNIQUE (initiative_id, period)
);

CREATE TABLE decision_initiatives (
    decision_id INTEGER NOT NULL REFERENCES decisions(id) ON DELETE CASCADE,
    initiative_id INTEGER NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,
    PRIMARY KEY (decision_id, initiative_id)
);
CREATE INDEX decision_initiatives_by_initiative ON decision_initiatives (initiative_id);
