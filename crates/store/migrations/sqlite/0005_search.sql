-- Full-text search over agenda items, minutes and decisions. The text is
-- stemmed in Rust (Snowball Danish) before it is stored, so both databases
-- match the same words. Written twice on purpose: here an FTS5 index,
-- in ../postgres/0005_search.sql a tsvector with a GIN index.

CREATE TABLE search_docs (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    kind TEXT NOT NULL,
    ref_id INTEGER NOT NULL,
    forum_id INTEGER NOT NULL REFERENCES forums(id) ON DELETE CASCADE,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    closed BOOLEAN NOT NULL DEFAULT FALSE,
    communicate TEXT NOT NULL DEFAULT 'none',
    title TEXT NOT NULL,
    snippet TEXT NOT NULL,
    at TEXT NOT NULL,
    stems TEXT NOT NULL
);
CREATE INDEX search_docs_by_meeting ON search_docs (tenant_id, meeting_id);

CREATE VIRTUAL TABLE search_fts USING fts5(stems, content='search_docs', content_rowid='id', tokenize='unicode61 remove_diacritics 0');

CREATE TRIGGER search_docs_ai AFTER INSERT ON search_docs BEGIN
    INSERT INTO search_fts (rowid, stems) VALUES (new.id, new.stems);
END;
CREATE TRIGGER search_docs_ad AFTER DELETE ON search_docs BEGIN
    INSERT INTO search_fts (search_fts, rowid, stems) VALUES ('delete', old.id, old.stems);
END;
