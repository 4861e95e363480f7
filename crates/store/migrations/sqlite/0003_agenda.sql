-- Agendas: proposals and items, their attachments, and when an agenda was
-- published. Kept equivalent to ../postgres/0003_agenda.sql.

ALTER TABLE meetings ADD COLUMN agenda_published_at TEXT;

CREATE TABLE agenda_items (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    forum_id INTEGER NOT NULL REFERENCES forums(id) ON DELETE CASCADE,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0,
    part INTEGER,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    recommendation TEXT NOT NULL DEFAULT '',
    background TEXT NOT NULL DEFAULT '',
    minutes INTEGER NOT NULL,
    closed BOOLEAN NOT NULL DEFAULT FALSE,
    proposer_person_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
    presenter_person_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
    perspective_key TEXT,
    value_key TEXT,
    status_reason TEXT NOT NULL DEFAULT '',
    deferred_to_item_id INTEGER REFERENCES agenda_items(id) ON DELETE SET NULL,
    changed_after_publish BOOLEAN NOT NULL DEFAULT FALSE,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX agenda_items_by_meeting ON agenda_items (tenant_id, meeting_id, status, position);
CREATE INDEX agenda_items_by_proposer ON agenda_items (tenant_id, proposer_person_id);

CREATE TABLE attachments (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    item_id INTEGER NOT NULL REFERENCES agenda_items(id) ON DELETE CASCADE,
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    data BLOB NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX attachments_by_item ON attachments (item_id);
