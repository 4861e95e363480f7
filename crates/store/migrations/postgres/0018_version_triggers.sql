-- The copies kept in memory (the reference data, the register's counts, the
-- programme and the årshjul) are checked against a version per tenant on every
-- request. These triggers move the version whenever a table the copy is made
-- from changes, so no write can forget to: the store's code names no version.
-- Table by table: reference_version for the organisation, the forums and the
-- framework; register_version for decisions, their units' progress and
-- follow-up actions; programme_version for the programme, the årshjul and
-- the meetings' dates.

-- Each version moves once per transaction however many rows it writes: the
-- transaction's id is kept beside the version, and a second change in the same
-- transaction finds it and leaves the row alone (a bulk load would otherwise
-- rewrite the tenant's row once per row it writes).

ALTER TABLE tenants ADD COLUMN reference_txid BIGINT;
ALTER TABLE tenants ADD COLUMN register_txid BIGINT;
ALTER TABLE tenants ADD COLUMN programme_txid BIGINT;

CREATE FUNCTION styr_bump(tenant BIGINT, version TEXT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF tenant IS NULL THEN
        RETURN;
    ELSIF version = 'reference' THEN
        UPDATE tenants SET reference_version = reference_version + 1, reference_txid = txid_current()
         WHERE id = tenant AND reference_txid IS DISTINCT FROM txid_current();
    ELSIF version = 'register' THEN
        UPDATE tenants SET register_version = register_version + 1, register_txid = txid_current()
         WHERE id = tenant AND register_txid IS DISTINCT FROM txid_current();
    ELSE
        UPDATE tenants SET programme_version = programme_version + 1, programme_txid = txid_current()
         WHERE id = tenant AND programme_txid IS DISTINCT FROM txid_current();
    END IF;
END $$;

-- A row with its own tenant_id.
CREATE FUNCTION styr_bump_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM styr_bump(OLD.tenant_id, TG_ARGV[0]);
    ELSE
        PERFORM styr_bump(NEW.tenant_id, TG_ARGV[0]);
    END IF;
    RETURN NULL;
END $$;

-- A row whose tenant is its initiative's.
CREATE FUNCTION styr_bump_via_initiative() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM styr_bump((SELECT tenant_id FROM initiatives WHERE id = OLD.initiative_id), TG_ARGV[0]);
    ELSE
        PERFORM styr_bump((SELECT tenant_id FROM initiatives WHERE id = NEW.initiative_id), TG_ARGV[0]);
    END IF;
    RETURN NULL;
END $$;

-- A row whose tenant is its rule's.
CREATE FUNCTION styr_bump_via_rule() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM styr_bump((SELECT tenant_id FROM calendar_rules WHERE id = OLD.rule_id), TG_ARGV[0]);
    ELSE
        PERFORM styr_bump((SELECT tenant_id FROM calendar_rules WHERE id = NEW.rule_id), TG_ARGV[0]);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER units_reference AFTER INSERT OR UPDATE OR DELETE ON units FOR EACH ROW EXECUTE FUNCTION styr_bump_row('reference');
CREATE TRIGGER people_reference AFTER INSERT OR UPDATE OR DELETE ON people FOR EACH ROW EXECUTE FUNCTION styr_bump_row('reference');
CREATE TRIGGER positions_reference AFTER INSERT OR UPDATE OR DELETE ON positions FOR EACH ROW EXECUTE FUNCTION styr_bump_row('reference');
CREATE TRIGGER framework_versions_reference AFTER INSERT OR UPDATE OR DELETE ON framework_versions FOR EACH ROW EXECUTE FUNCTION styr_bump_row('reference');
CREATE TRIGGER framework_elements_reference AFTER INSERT OR UPDATE OR DELETE ON framework_elements FOR EACH ROW EXECUTE FUNCTION styr_bump_row('reference');
CREATE TRIGGER forums_reference AFTER INSERT OR UPDATE OR DELETE ON forums FOR EACH ROW EXECUTE FUNCTION styr_bump_row('reference');
CREATE TRIGGER decisions_register AFTER INSERT OR UPDATE OR DELETE ON decisions FOR EACH ROW EXECUTE FUNCTION styr_bump_row('register');
CREATE TRIGGER implementations_register AFTER INSERT OR UPDATE OR DELETE ON implementations FOR EACH ROW EXECUTE FUNCTION styr_bump_row('register');
CREATE TRIGGER actions_register AFTER INSERT OR UPDATE OR DELETE ON actions FOR EACH ROW EXECUTE FUNCTION styr_bump_row('register');
CREATE TRIGGER programmes_programme AFTER INSERT OR UPDATE OR DELETE ON programmes FOR EACH ROW EXECUTE FUNCTION styr_bump_row('programme');
CREATE TRIGGER initiatives_programme AFTER INSERT OR UPDATE OR DELETE ON initiatives FOR EACH ROW EXECUTE FUNCTION styr_bump_row('programme');
CREATE TRIGGER milestones_programme AFTER INSERT OR UPDATE OR DELETE ON milestones FOR EACH ROW EXECUTE FUNCTION styr_bump_row('programme');
CREATE TRIGGER status_reports_programme AFTER INSERT OR UPDATE OR DELETE ON status_reports FOR EACH ROW EXECUTE FUNCTION styr_bump_row('programme');
CREATE TRIGGER calendar_categories_programme AFTER INSERT OR UPDATE OR DELETE ON calendar_categories FOR EACH ROW EXECUTE FUNCTION styr_bump_row('programme');
CREATE TRIGGER calendar_entries_programme AFTER INSERT OR UPDATE OR DELETE ON calendar_entries FOR EACH ROW EXECUTE FUNCTION styr_bump_row('programme');
CREATE TRIGGER calendar_rules_programme AFTER INSERT OR UPDATE OR DELETE ON calendar_rules FOR EACH ROW EXECUTE FUNCTION styr_bump_row('programme');
CREATE TRIGGER meetings_programme AFTER INSERT OR UPDATE OR DELETE ON meetings FOR EACH ROW EXECUTE FUNCTION styr_bump_row('programme');
CREATE TRIGGER initiative_units_programme AFTER INSERT OR UPDATE OR DELETE ON initiative_units FOR EACH ROW EXECUTE FUNCTION styr_bump_via_initiative('programme');
CREATE TRIGGER initiative_dependencies_programme AFTER INSERT OR UPDATE OR DELETE ON initiative_dependencies FOR EACH ROW EXECUTE FUNCTION styr_bump_via_initiative('programme');
CREATE TRIGGER decision_initiatives_programme AFTER INSERT OR UPDATE OR DELETE ON decision_initiatives FOR EACH ROW EXECUTE FUNCTION styr_bump_via_initiative('programme');
CREATE TRIGGER calendar_exceptions_programme AFTER INSERT OR UPDATE OR DELETE ON calendar_exceptions FOR EACH ROW EXECUTE FUNCTION styr_bump_via_rule('programme');
