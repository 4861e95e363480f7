-- The leader evaluation: rounds, their frozen questionnaire, the leaders they
-- evaluate, and, kept apart, who is asked and what was answered.
-- Kept equivalent to ../postgres/0023_evaluation.sql.
--
-- Identity and answers never share a key: invitations (who is asked, and
-- until the round closes whether they have answered) hold no answers;
-- drafts are keyed by a hash of a secret the round drops at close; the
-- answers a closed round keeps carry only the leader and the group, under
-- a random key, in tables without a rowid, so no column, key or insertion
-- order ties them to a person or to each other.

CREATE TABLE evaluation_rounds (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    title TEXT NOT NULL,
    framework_version_id INTEGER NOT NULL REFERENCES framework_versions(id),
    state TEXT NOT NULL DEFAULT 'draft',
    opens_on TEXT NOT NULL,
    closes_on TEXT NOT NULL,
    min_employees INTEGER NOT NULL DEFAULT 5,
    min_peers INTEGER NOT NULL DEFAULT 3,
    peer_cap INTEGER NOT NULL DEFAULT 5,
    release TEXT NOT NULL DEFAULT 'hr_first',
    retention_months INTEGER NOT NULL DEFAULT 36,
    -- The secret drafts are keyed under; NULL once the round has closed.
    draft_salt TEXT,
    closed_on TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX evaluation_rounds_by_tenant ON evaluation_rounds (tenant_id, state);

CREATE TABLE evaluation_items (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    round_id INTEGER NOT NULL REFERENCES evaluation_rounds(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    part TEXT NOT NULL,
    statement_key TEXT NOT NULL,
    statement_title TEXT NOT NULL,
    element_key TEXT NOT NULL DEFAULT '',
    about_leader TEXT NOT NULL,
    about_self TEXT NOT NULL
);
CREATE INDEX evaluation_items_by_round ON evaluation_items (round_id, position);

CREATE TABLE evaluation_subjects (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    round_id INTEGER NOT NULL REFERENCES evaluation_rounds(id) ON DELETE CASCADE,
    person_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
    unit_id INTEGER REFERENCES units(id) ON DELETE SET NULL,
    manager_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
    name TEXT NOT NULL,
    unit_name TEXT NOT NULL,
    validated BOOLEAN NOT NULL DEFAULT FALSE,
    -- Answers per group ([{"group", "invited", "answered"}]), counted at most once a day.
    progress TEXT NOT NULL DEFAULT '[]',
    progress_on TEXT,
    -- How each group stood at close and what was kept ([{"group", "invited", "answered", "keep"}]).
    settled TEXT NOT NULL DEFAULT '[]',
    released BOOLEAN NOT NULL DEFAULT FALSE,
    UNIQUE (round_id, person_id)
);
CREATE INDEX evaluation_subjects_by_person ON evaluation_subjects (tenant_id, person_id);

CREATE TABLE evaluation_invitations (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    round_id INTEGER NOT NULL REFERENCES evaluation_rounds(id) ON DELETE CASCADE,
    subject_id INTEGER NOT NULL REFERENCES evaluation_subjects(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    grp TEXT NOT NULL,
    -- Whether they have answered; NULL once the round has closed, when no one needs to know.
    completed BOOLEAN DEFAULT FALSE,
    reminders INTEGER NOT NULL DEFAULT 0,
    UNIQUE (subject_id, person_id)
);
CREATE INDEX evaluation_invitations_by_person ON evaluation_invitations (tenant_id, person_id);
CREATE INDEX evaluation_invitations_by_round ON evaluation_invitations (round_id, completed);

-- Personal links, one per mail sent; the token itself is never stored.
CREATE TABLE evaluation_links (
    token_hash TEXT PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    invitation_id INTEGER NOT NULL REFERENCES evaluation_invitations(id) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE evaluation_drafts (
    key_hash TEXT PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    round_id INTEGER NOT NULL REFERENCES evaluation_rounds(id) ON DELETE CASCADE,
    subject_id INTEGER NOT NULL REFERENCES evaluation_subjects(id) ON DELETE CASCADE,
    grp TEXT NOT NULL,
    answers TEXT NOT NULL DEFAULT '{}',
    comments TEXT NOT NULL DEFAULT '{}',
    submitted BOOLEAN NOT NULL DEFAULT FALSE
) WITHOUT ROWID;
CREATE INDEX evaluation_drafts_by_round ON evaluation_drafts (round_id);

CREATE TABLE evaluation_responses (
    id TEXT PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    round_id INTEGER NOT NULL REFERENCES evaluation_rounds(id) ON DELETE CASCADE,
    subject_id INTEGER NOT NULL REFERENCES evaluation_subjects(id) ON DELETE CASCADE,
    grp TEXT NOT NULL,
    answers TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX evaluation_responses_by_subject ON evaluation_responses (subject_id);

CREATE TABLE evaluation_comments (
    id TEXT PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    round_id INTEGER NOT NULL REFERENCES evaluation_rounds(id) ON DELETE CASCADE,
    subject_id INTEGER NOT NULL REFERENCES evaluation_subjects(id) ON DELETE CASCADE,
    statement_key TEXT NOT NULL,
    body TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX evaluation_comments_by_subject ON evaluation_comments (subject_id);
