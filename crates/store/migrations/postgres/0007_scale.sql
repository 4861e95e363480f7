-- Search results come newest first, ordered by a sort key (the meeting's
-- start in seconds × 2^20 + a counter); see ../sqlite/0007_scale.sql,
-- where it is also the FTS5 rowid. Indexes that began with tenant_id are
-- replaced by ones that serve the lookups directly.

ALTER TABLE search_docs ADD COLUMN sort_key BIGINT NOT NULL DEFAULT 0;
UPDATE search_docs SET sort_key = EXTRACT(EPOCH FROM at)::BIGINT * 1048576 + (id % 1048576);
CREATE INDEX search_docs_by_sort_key ON search_docs (sort_key);
DROP INDEX search_docs_by_meeting;
CREATE INDEX search_docs_by_meeting ON search_docs (meeting_id);

DROP INDEX implementations_by_unit;
CREATE INDEX implementations_by_unit ON implementations (unit_id, status);

CREATE INDEX actions_by_decision ON actions (decision_id);
CREATE INDEX decisions_by_meeting ON decisions (meeting_id);

-- Bumped by every change to the organisation, so app servers know when their
-- copy of it in memory is stale.
ALTER TABLE tenants ADD COLUMN org_version BIGINT NOT NULL DEFAULT 0;

-- Each decision's progress counted where it is stored, so the register can
-- show and filter by status without aggregating every unit's report.
ALTER TABLE decisions ADD COLUMN units_reached BIGINT NOT NULL DEFAULT 0;
ALTER TABLE decisions ADD COLUMN units_implemented BIGINT NOT NULL DEFAULT 0;
ALTER TABLE decisions ADD COLUMN units_pending BIGINT NOT NULL DEFAULT 0;
UPDATE decisions SET
    units_reached = (SELECT COUNT(*) FROM implementations i WHERE i.decision_id = decisions.id),
    units_implemented = (SELECT COUNT(*) FROM implementations i WHERE i.decision_id = decisions.id AND i.status = 'implemented'),
    units_pending = (SELECT COUNT(*) FROM implementations i WHERE i.decision_id = decisions.id AND i.status = 'pending');

-- How the minutes were approved: at the next meeting, or by circulation.
ALTER TABLE minutes ADD COLUMN approved_how TEXT NOT NULL DEFAULT '';

-- Attachments may be kept in a configured folder instead of the database;
-- then this names the file there and data is empty.
ALTER TABLE attachments ADD COLUMN stored_at TEXT NOT NULL DEFAULT '';
