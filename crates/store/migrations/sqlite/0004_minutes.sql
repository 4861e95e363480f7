-- Minutes, decisions, their way to each unit, and follow-up actions. Kept
-- equivalent to ../postgres/0004_minutes.sql.

CREATE TABLE minutes (
    meeting_id INTEGER PRIMARY KEY REFERENCES meetings(id) ON DELETE CASCADE,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    attendees TEXT NOT NULL DEFAULT '[]',
    status TEXT NOT NULL DEFAULT 'draft',
    approved_at TEXT,
    approved_by TEXT NOT NULL DEFAULT '',
    revision INTEGER NOT NULL DEFAULT 0,
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL
);

CREATE TABLE minute_entries (
    item_id INTEGER PRIMARY KEY REFERENCES agenda_items(id) ON DELETE CASCADE,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    text TEXT NOT NULL DEFAULT '',
    communicate TEXT NOT NULL DEFAULT 'none',
    concerns TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX minute_entries_by_meeting ON minute_entries (meeting_id);

CREATE TABLE minutes_revisions (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    revision INTEGER NOT NULL,
    snapshot TEXT NOT NULL,
    reason TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL
);

CREATE TABLE decisions (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    forum_id INTEGER NOT NULL REFERENCES forums(id) ON DELETE CASCADE,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    item_id INTEGER NOT NULL UNIQUE REFERENCES agenda_items(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    decided_at TEXT NOT NULL,
    communicate TEXT NOT NULL,
    whole_organisation BOOLEAN NOT NULL DEFAULT FALSE,
    perspective_key TEXT,
    value_key TEXT,
    search TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX decisions_by_time ON decisions (tenant_id, decided_at);
CREATE INDEX decisions_by_forum ON decisions (tenant_id, forum_id, decided_at);

CREATE TABLE decision_units (
    decision_id INTEGER NOT NULL REFERENCES decisions(id) ON DELETE CASCADE,
    unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    PRIMARY KEY (decision_id, unit_id)
);

CREATE TABLE implementations (
    decision_id INTEGER NOT NULL REFERENCES decisions(id) ON DELETE CASCADE,
    unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    status TEXT NOT NULL DEFAULT 'pending',
    note TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (decision_id, unit_id)
);
CREATE INDEX implementations_by_unit ON implementations (tenant_id, unit_id, status);

CREATE TABLE actions (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    forum_id INTEGER NOT NULL REFERENCES forums(id) ON DELETE CASCADE,
    decision_id INTEGER REFERENCES decisions(id) ON DELETE CASCADE,
    what TEXT NOT NULL,
    owner_person_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
    unit_id INTEGER REFERENCES units(id) ON DELETE SET NULL,
    due_date TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'open',
    done_at TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX actions_by_forum ON actions (tenant_id, forum_id, status, due_date);
CREATE INDEX actions_by_owner ON actions (tenant_id, owner_person_id, status);
