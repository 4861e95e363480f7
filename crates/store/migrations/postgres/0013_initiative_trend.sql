-- An initiative's trend (better, same, worse, unknown), kept with it by
-- every status report, so lists of hundreds of initiatives need not read
-- every report. Kept equivalent to ../sqlite/0013_initiative_trend.sql.
ALTER TABLE initiatives ADD COLUMN trend TEXT NOT NULL DEFAULT 'unknown';
