-- Entries typed into the årshjul can now be changed on their own page; two
-- people changing the same entry must not overwrite each other.
ALTER TABLE calendar_entries ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
