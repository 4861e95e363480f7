-- Moved on by every change to the work programme, the årshjul and the
-- meetings' dates: app servers keep the programme and the wheel in memory
-- while it stands.
ALTER TABLE tenants ADD COLUMN programme_version INTEGER NOT NULL DEFAULT 0;
