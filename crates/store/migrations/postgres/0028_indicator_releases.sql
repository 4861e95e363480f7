-- The days an indicator gets new figures are on the årshjul, so a change to
-- an indicator's definition moves the programme's version like the wheel's
-- other sources (see 0018). Kept equivalent to ../sqlite/0028_indicator_releases.sql.
CREATE TRIGGER indicators_programme AFTER INSERT OR UPDATE OR DELETE ON indicators FOR EACH ROW EXECUTE FUNCTION styr_bump_row('programme');
