-- The days an indicator gets new figures are on the årshjul, so a change to
-- an indicator's definition moves the programme's version like the wheel's
-- other sources (see 0018). Kept equivalent to ../postgres/0028_indicator_releases.sql.
CREATE TRIGGER indicators_insert_programme AFTER INSERT ON indicators BEGIN UPDATE tenants SET programme_version = programme_version + 1 WHERE id = NEW.tenant_id; END;
CREATE TRIGGER indicators_update_programme AFTER UPDATE ON indicators BEGIN UPDATE tenants SET programme_version = programme_version + 1 WHERE id = NEW.tenant_id; END;
CREATE TRIGGER indicators_delete_programme AFTER DELETE ON indicators BEGIN UPDATE tenants SET programme_version = programme_version + 1 WHERE id = OLD.tenant_id; END;
