-- Search results come newest first. The FTS5 index now uses a sort key
-- (the meeting's start in seconds × 2^20 + a counter) as its rowid, so a
-- query walks the index backwards and stops at the page size instead of
-- sorting every match. Kept equivalent to ../postgres/0007_scale.sql.
-- Indexes that began with tenant_id led SQLite's planner to scan a whole
-- tenant; the lookups they serve do not need it.

ALTER TABLE search_docs ADD COLUMN sort_key INTEGER NOT NULL DEFAULT 0;
UPDATE search_docs SET sort_key = CAST(strftime('%s', at) AS INTEGER) * 1048576 + (id % 1048576);
CREATE UNIQUE INDEX search_docs_by_sort_key ON search_docs (sort_key);
DROP INDEX search_docs_by_meeting;
CREATE INDEX search_docs_by_meeting ON search_docs (meeting_id);

DROP TRIGGER search_docs_ai;
DROP TRIGGER search_docs_ad;
DROP TABLE search_fts;
CREATE VIRTUAL TABLE search_fts USING fts5(stems, content='search_docs', content_rowid='sort_key', tokenize='unicode61 remove_diacritics 0');
INSERT INTO search_fts (search_fts) VALUES ('rebuild');
CREATE TRIGGER search_docs_ai AFTER INSERT ON search_docs BEGIN
    INSERT INTO search_fts (rowid, stems) VALUES (new.sort_key, new.stems);
END;
CREATE TRIGGER search_docs_ad AFTER DELETE ON search_docs BEGIN
    INSERT INTO search_fts (search_fts, rowid, stems) VALUES ('delete', old.sort_key, old.stems);
END;

DROP INDEX implementations_by_unit;
CREATE INDEX implementations_by_unit ON implementations (unit_id, status);

CREATE INDEX actions_by_decision ON actions (decision_id);
CREATE INDEX decisions_by_meeting ON decisions (meeting_id);

-- Bumped by every change to the organisation, so app servers know when their
-- copy of it in memory is stale.
ALTER TABLE tenants ADD COLUMN org_version INTEGER NOT NULL DEFAULT 0;

-- Each decision's progress counted where it is stored, so the register can
-- show and filter by status without aggregating every unit's report.
ALTER TABLE decisions ADD COLUMN units_reached INTEGER NOT NULL DEFAULT 0;
ALTER TABLE decisions ADD COLUMN units_implemented INTEGER NOT NULL DEFAULT 0;
ALTER TABLE decisions ADD COLUMN units_pending INTEGER NOT NULL DEFAULT 0;
UPDATE decisions SET
    units_reached = (SELECT COUNT(*) FROM implementations i WHERE i.decision_id = decisions.id),
    units_implemented = (SELECT COUNT(*) FROM implementations i WHERE i.decision_id = decisions.id AND i.status = 'implemented'),
    units_pending = (SELECT COUNT(*) FROM implementations i WHERE i.decision_id = decisions.id AND i.status = 'pending');

-- How the minutes were approved: at the next meeting, or by circulation.
ALTER TABLE minutes ADD COLUMN approved_how TEXT NOT NULL DEFAULT '';

-- Attachments may be kept in a configured folder instead of the database;
-- then this names the file there and data is empty.
ALTER TABLE attachments ADD COLUMN stored_at TEXT NOT NULL DEFAULT '';
