-- Counts of the decision register and the follow-up list are kept in memory
-- per filter and are good while this version stands: every change to
-- decisions, implementations or actions moves it on, in the same transaction.
ALTER TABLE tenants ADD COLUMN register_version INTEGER NOT NULL DEFAULT 0;

-- The register filtered by a unit walks the unit's decisions newest first
-- and stops at the page's end, instead of joining every decision that
-- reaches the unit and sorting them. A decision's time never changes.
ALTER TABLE implementations ADD COLUMN decided_at TEXT;
UPDATE implementations SET decided_at = (SELECT d.decided_at FROM decisions d WHERE d.id = implementations.decision_id);
CREATE INDEX implementations_by_unit_time ON implementations (unit_id, decided_at, decision_id);
