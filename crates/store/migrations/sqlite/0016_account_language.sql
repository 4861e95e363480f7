-- The language a person reads styr in, remembered with their account, so
-- that mail to them (agendas, digests, reminders) is written in it too.
ALTER TABLE accounts ADD COLUMN lang TEXT NOT NULL DEFAULT 'da';
