-- The policy pages' copy in memory (service::policy::Snapshot: policies, goals,
-- indicators and each indicator's newest figure) is checked against a version
-- per tenant, moved by these triggers like the others (see 0018). Kept
-- equivalent to ../postgres/0031_policy_version.sql.

ALTER TABLE tenants ADD COLUMN policy_version INTEGER NOT NULL DEFAULT 1;
-- Unused here (SQLite has no transaction ids); kept so the two schemas have the same columns.
ALTER TABLE tenants ADD COLUMN policy_txid BIGINT;
CREATE TRIGGER policies_insert_policy AFTER INSERT ON policies BEGIN UPDATE tenants SET policy_version = policy_version + 1 WHERE id = NEW.tenant_id; END;
CREATE TRIGGER policies_update_policy AFTER UPDATE ON policies BEGIN UPDATE tenants SET policy_version = policy_version + 1 WHERE id = NEW.tenant_id; END;
CREATE TRIGGER policies_delete_policy AFTER DELETE ON policies BEGIN UPDATE tenants SET policy_version = policy_version + 1 WHERE id = OLD.tenant_id; END;
CREATE TRIGGER policy_versions_insert_policy AFTER INSERT ON policy_versions BEGIN UPDATE tenants SET policy_version = policy_version + 1 WHERE id = NEW.tenant_id; END;
CREATE TRIGGER policy_versions_update_policy AFTER UPDATE ON policy_versions BEGIN UPDATE tenants SET policy_version = policy_version + 1 WHERE id = NEW.tenant_id; END;
CREATE TRIGGER policy_versions_delete_policy AFTER DELETE ON policy_versions BEGIN UPDATE tenants SET policy_version = policy_version + 1 WHERE id = OLD.tenant_id; END;
CREATE TRIGGER policy_goals_insert_policy AFTER INSERT ON policy_goals BEGIN UPDATE tenants SET policy_version = policy_version + 1 WHERE id = NEW.tenant_id; END;
CREATE TRIGGER policy_goals_update_policy AFTER UPDATE ON policy_goals BEGIN UPDATE tenants SET policy_version = policy_version + 1 WHERE id = NEW.tenant_id; END;
CREATE TRIGGER policy_goals_delete_policy AFTER DELETE ON policy_goals BEGIN UPDATE tenants SET policy_version = policy_version + 1 WHERE id = OLD.tenant_id; END;
CREATE TRIGGER indicators_insert_policy AFTER INSERT ON indicators BEGIN UPDATE tenants SET policy_version = policy_version + 1 WHERE id = NEW.tenant_id; END;
CREATE TRIGGER indicators_update_policy AFTER UPDATE ON indicators BEGIN UPDATE tenants SET policy_version = policy_version + 1 WHERE id = NEW.tenant_id; END;
CREATE TRIGGER indicators_delete_policy AFTER DELETE ON indicators BEGIN UPDATE tenants SET policy_version = policy_version + 1 WHERE id = OLD.tenant_id; END;
CREATE TRIGGER indicator_values_insert_policy AFTER INSERT ON indicator_values BEGIN UPDATE tenants SET policy_version = policy_version + 1 WHERE id = NEW.tenant_id; END;
CREATE TRIGGER indicator_values_update_policy AFTER UPDATE ON indicator_values BEGIN UPDATE tenants SET policy_version = policy_version + 1 WHERE id = NEW.tenant_id; END;
CREATE TRIGGER indicator_values_delete_policy AFTER DELETE ON indicator_values BEGIN UPDATE tenants SET policy_version = policy_version + 1 WHERE id = OLD.tenant_id; END;
CREATE TRIGGER initiative_goals_insert_policy AFTER INSERT ON initiative_goals BEGIN UPDATE tenants SET policy_version = policy_version + 1 WHERE id = (SELECT tenant_id FROM initiatives WHERE id = NEW.initiative_id); END;
CREATE TRIGGER initiative_goals_update_policy AFTER UPDATE ON initiative_goals BEGIN UPDATE tenants SET policy_version = policy_version + 1 WHERE id = (SELECT tenant_id FROM initiatives WHERE id = NEW.initiative_id); END;
CREATE TRIGGER initiative_goals_delete_policy AFTER DELETE ON initiative_goals BEGIN UPDATE tenants SET policy_version = policy_version + 1 WHERE id = (SELECT tenant_id FROM initiatives WHERE id = OLD.initiative_id); END;
