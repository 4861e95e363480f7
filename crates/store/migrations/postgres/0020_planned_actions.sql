-- Follow-up tasks written in the minutes, as JSON ([{"what", "owner", "due"}]),
-- made actions of the item's decision when the minutes are approved.
ALTER TABLE minute_entries ADD COLUMN actions TEXT NOT NULL DEFAULT '[]';

-- Who sat in the forum when the minutes were written, so "absent" names
-- those members and not today's.
ALTER TABLE minutes ADD COLUMN members TEXT NOT NULL DEFAULT '[]';
