-- The business register after review. CVR's "Startdato" of a P-unit, when the
-- extract gives it: a past year's share of cooperating businesses counts only
-- those that existed then. Kept equivalent to ../sqlite/0032_business_extract.sql.

ALTER TABLE businesses ADD COLUMN started_on TEXT;
-- The day an extract first left the P-unit out (NULL while the newest has it):
-- it may have asked for reklamebeskyttelse since, so it stays off every list
-- until one has it again; and "Søg og udtræk" leaves ceased units out, so a
-- past year counts it only until then.
ALTER TABLE businesses ADD COLUMN left_on TEXT;

-- An event's note may hold what should not be kept (a name typed by mistake):
-- it can be erased, and nothing else about the event changes (the whole row
-- is compared, so a column added later is covered).
CREATE OR REPLACE FUNCTION styr_business_events_appended() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    erased business_events;
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.note = '' THEN
        erased := OLD;
        erased.note := '';
        IF erased IS NOT DISTINCT FROM NEW THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'business events are never edited; only a note can be erased';
END $$;
