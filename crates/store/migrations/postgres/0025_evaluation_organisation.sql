-- The organisation's averages per statement, worked out once when a round
-- closes (a closed round never changes): [{"key", "figure"}] and the number
-- of anonymous raters they pool. A leader's report shows them beside the
-- leader's own where it is safe. Kept equivalent to ../sqlite/0025_evaluation_organisation.sql.
ALTER TABLE evaluation_rounds ADD COLUMN organisation TEXT NOT NULL DEFAULT '[]';
ALTER TABLE evaluation_rounds ADD COLUMN organisation_raters BIGINT NOT NULL DEFAULT 0;

-- The day HR opened the round (reminders count from it, not from the planned day).
ALTER TABLE evaluation_rounds ADD COLUMN opened_on TEXT;
