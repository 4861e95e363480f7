-- A decision carries its own wording: the recommendation as it stood when
-- the minutes were approved, beside the minutes' decision text, so those it
-- reaches read what was decided without reading the meeting.
ALTER TABLE decisions ADD COLUMN recommendation TEXT NOT NULL DEFAULT '';
UPDATE decisions SET recommendation = COALESCE((SELECT i.recommendation FROM agenda_items i WHERE i.id = decisions.item_id), '');
