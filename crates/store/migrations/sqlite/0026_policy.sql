-- The policy context (docs/POLICY.md). A policy's versions keep the document
-- as it was loaded; its goals and its indicators keep one row each across
-- versions, by key, so that URLs, initiatives (initiative_goals) and
-- imported values that name them stay valid. Kept equivalent to
-- ../postgres/0026_policy.sql.

CREATE TABLE policies (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    key TEXT NOT NULL,
    title TEXT NOT NULL,
    -- The version in force.
    version INTEGER NOT NULL,
    UNIQUE (tenant_id, key)
);

CREATE TABLE policy_versions (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    policy_id INTEGER NOT NULL REFERENCES policies(id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    source TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    UNIQUE (policy_id, version)
);

CREATE TABLE policy_goals (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    policy_id INTEGER NOT NULL REFERENCES policies(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    theme_key TEXT NOT NULL,
    position INTEGER NOT NULL,
    title TEXT NOT NULL,
    owner_unit_id INTEGER REFERENCES units(id) ON DELETE SET NULL,
    owner_forum_id INTEGER REFERENCES forums(id) ON DELETE SET NULL,
    starts_year INTEGER NOT NULL,
    ends_year INTEGER NOT NULL,
    -- Not in the version in force any more; kept for what links to it.
    retired BOOLEAN NOT NULL DEFAULT FALSE,
    UNIQUE (policy_id, key)
);

CREATE TABLE indicators (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    key TEXT NOT NULL,
    name TEXT NOT NULL,
    -- The definition as the policy document gives it (domain::policy::IndicatorDef), as JSON.
    definition TEXT NOT NULL,
    UNIQUE (tenant_id, key)
);

CREATE TABLE goal_indicators (
    goal_id INTEGER NOT NULL REFERENCES policy_goals(id) ON DELETE CASCADE,
    indicator_id INTEGER NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    PRIMARY KEY (goal_id, indicator_id)
);
CREATE INDEX goal_indicators_by_indicator ON goal_indicators (indicator_id);

-- One figure per indicator, area (a municipality's code, the region's or the
-- country's) and period ("2025", "2025K2", "2025M03"). `value` is NULL when the
-- source or the suppression rule hides it; `expected` is the benchmark's
-- expectation where the source gives one.
CREATE TABLE indicator_values (
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    indicator_id INTEGER NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
    area TEXT NOT NULL,
    period TEXT NOT NULL,
    year INTEGER NOT NULL,
    value REAL,
    expected REAL,
    suppressed BOOLEAN NOT NULL DEFAULT FALSE,
    source TEXT NOT NULL,
    fetched_at TEXT NOT NULL,
    PRIMARY KEY (indicator_id, area, period)
);

-- The goals an initiative serves, walked both ways (the goal's page lists its
-- initiatives). It replaces the JSON list initiatives.goal_refs, never filled.
CREATE TABLE initiative_goals (
    initiative_id INTEGER NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,
    goal_id INTEGER NOT NULL REFERENCES policy_goals(id) ON DELETE CASCADE,
    PRIMARY KEY (initiative_id, goal_id)
);
CREATE INDEX initiative_goals_by_goal ON initiative_goals (goal_id);
ALTER TABLE initiatives DROP COLUMN goal_refs;
