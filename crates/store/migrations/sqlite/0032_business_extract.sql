-- The business register after review. CVR's "Startdato" of a P-unit, when the
-- extract gives it: a past year's share of cooperating businesses counts only
-- those that existed then. Kept equivalent to ../postgres/0032_business_extract.sql.

ALTER TABLE businesses ADD COLUMN started_on TEXT;
-- The day an extract first left the P-unit out (NULL while the newest has it):
-- it may have asked for reklamebeskyttelse since, so it stays off every list
-- until one has it again; and "Søg og udtræk" leaves ceased units out, so a
-- past year counts it only until then.
ALTER TABLE businesses ADD COLUMN left_on TEXT;

-- An event's note may hold what should not be kept (a name typed by mistake):
-- it can be erased, and nothing else about the event changes. A column added to
-- business_events later must be added to this check too.
DROP TRIGGER business_events_no_update;
CREATE TRIGGER business_events_no_update BEFORE UPDATE ON business_events
WHEN NOT (NEW.note = '' AND NEW.id = OLD.id AND NEW.tenant_id = OLD.tenant_id AND NEW.business_id = OLD.business_id AND NEW.kind = OLD.kind
    AND NEW.on_day = OLD.on_day AND NEW.refers_to IS OLD.refers_to AND NEW.occupation = OLD.occupation AND NEW.count = OLD.count
    AND NEW.missing_skills = OLD.missing_skills AND NEW.recorded_by = OLD.recorded_by AND NEW.recorded_at = OLD.recorded_at)
BEGIN SELECT RAISE(ABORT, 'business events are never edited; only a note can be erased'); END;
