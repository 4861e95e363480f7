-- The copies kept in memory (the reference data, the register's counts, the
-- programme and the årshjul) are checked against a version per tenant on every
-- request. These triggers move the version whenever a table the copy is made
-- from changes, so no write can forget to: the store's code names no version.
-- Table by table: reference_version for the organisation, the forums and the
-- framework; register_version for decisions, their units' progress and
-- follow-up actions; programme_version for the programme, the årshjul and
-- the meetings' dates.

CREATE TRIGGER units_insert_reference AFTER INSERT ON units BEGIN UPDATE tenants SET reference_version = reference_version + 1 WHERE id = NEW.tenant_id; END;
CREATE TRIGGER units_update_reference AFTER UPDATE ON units BEGIN UPDATE tenants SET reference_version = reference_version + 1 WHERE id = NEW.tenant_id; END;
CREATE TRIGGER units_delete_reference AFTER DELETE ON units BEGIN UPDATE tenants SET reference_version = reference_version + 1 WHERE id = OLD.tenant_id; END;
CREATE TRIGGER people_insert_reference AFTER INSERT ON people BEGIN UPDATE tenants SET reference_version = reference_version + 1 WHERE id = NEW.tenant_id; END;
CREATE TRIGGER people_update_reference AFTER UPDATE ON people BEGIN UPDATE tenants SET reference_version = reference_version + 1 WHERE id = NEW.tenant_id; END;
CREATE TRIGGER people_delete_reference AFTER DELETE ON people BEGIN UPDATE tenants SET reference_version = reference_version + 1 WHERE id = OLD.tenant_id; END;
CREATE TRIGGER positions_insert_reference AFTER INSERT ON positions BEGIN UPDATE tenants SET reference_version = reference_version + 1 WHERE id = NEW.tenant_id; END;
CREATE TRIGGER positions_update_reference AFTER UPDATE ON positions BEGIN UPDATE tenants SET reference_version = reference_version + 1 WHERE id = NEW.tenant_id; END;
CREATE TRIGGER positions_delete_reference AFTER DELETE ON positions BEGIN UPDATE tenants SET reference_version = reference_version + 1 WHERE id = OLD.tenant_id; END;
CREATE TRIGGER framework_versions_insert_reference AFTER INSERT ON framework_versions BEGIN UPDATE tenants SET reference_version = reference_version + 1 WHERE id = NEW.tenant_id; END;
CREATE TRIGGER framework_versions_update_reference AFTER UPDATE ON framework_versions BEGIN UPDATE tenants SET reference_version = reference_version + 1 WHERE id = NEW.tenant_id; END;
CREATE TRIGGER framework_versions_delete_reference AFTER DELETE ON framework_versions BEGIN UPDATE tenants SET reference_version = reference_version + 1 WHERE id = OLD.tenant_id; END;
CREATE TRIGGER framework_elements_insert_reference AFTER INSERT ON framework_elements BEGIN UPDATE tenants SET reference_version = reference_version + 1 WHERE id = NEW.tenant_id; END;
CREATE TRIGGER framework_elements_update_reference AFTER UPDATE ON framework_elements BEGIN UPDATE tenants SET reference_version = reference_version + 1 WHERE id = NEW.tenant_id; END;
CREATE TRIGGER framework_elements_delete_reference AFTER DELETE ON framework_elements BEGIN UPDATE tenants SET reference_version = reference_version + 1 WHERE id = OLD.tenant_id; END;
CREATE TRIGGER forums_insert_reference AFTER INSERT ON forums BEGIN UPDATE tenants SET reference_version = reference_version + 1 WHERE id = NEW.tenant_id; END;
CREATE TRIGGER forums_update_reference AFTER UPDATE ON forums BEGIN UPDATE tenants SET reference_version = reference_version + 1 WHERE id = NEW.tenant_id; END;
CREATE TRIGGER forums_delete_reference AFTER DELETE ON forums BEGIN UPDATE tenants SET reference_version = reference_version + 1 WHERE id = OLD.tenant_id; END;
CREATE TRIGGER decisions_insert_register AFTER INSERT ON decisions BEGIN UPDATE tenants SET register_version = register_version + 1 WHERE id = NEW.tenant_id; END;
CREATE TRIGGER decisions_update_register AFTER UPDATE ON decisions BEGIN UPDATE tenants SET register_version = register_version + 1 WHERE id = NEW.tenant_id; END;
CREATE TRIGGER decisions_delete_register AFTER DELETE ON decisions BEGIN UPDATE tenants SET register_version = register_version + 1 WHERE id = OLD.tenant_id; END;
CREATE TRIGGER implementations_insert_register AFTER INSERT ON implementations BEGIN UPDATE tenants SET register_version = register_version + 1 WHERE id = NEW.tenant_id; END;
CREATE TRIGGER implementations_update_register AFTER UPDATE ON implementations BEGIN UPDATE tenants SET register_version = register_version + 1 WHERE id = NEW.tenant_id; END;
CREATE TRIGGER implementations_delete_register AFTER DELETE ON implementations BEGIN UPDATE tenants SET register_version = register_version + 1 WHERE id = OLD.tenant_id; END;
CREATE TRIGGER actions_insert_register AFTER INSERT ON actions BEGIN UPDATE tenants SET register_version = register_version + 1 WHERE id = NEW.tenant_id; END;
CREATE TRIGGER actions_update_register AFTER UPDATE ON actions BEGIN UPDATE tenants SET register_version = register_version + 1 WHERE id = NEW.tenant_id; END;
CREATE TRIGGER actions_delete_register AFTER DELETE ON actions BEGIN UPDATE tenants SET register_version = register_version + 1 WHERE id = OLD.tenant_id; END;
CREATE TRIGGER programmes_insert_programme AFTER INSERT ON programmes BEGIN UPDATE tenants SET programme_version = programme_version + 1 WHERE id = NEW.tenant_id; END;
CREATE TRIGGER programmes_update_programme AFTER UPDATE ON programmes BEGIN UPDATE tenants SET programme_version = programme_version + 1 WHERE id = NEW.tenant_id; END;
CREATE TRIGGER programmes_delete_programme AFTER DELETE ON programmes BEGIN UPDATE tenants SET programme_version = programme_version + 1 WHERE id = OLD.tenant_id; END;
CREATE TRIGGER initiatives_insert_programme AFTER INSERT ON initiatives BEGIN UPDATE tenants SET programme_version = programme_version + 1 WHERE id = NEW.tenant_id; END;
CREATE TRIGGER initiatives_update_programme AFTER UPDATE ON initiatives BEGIN UPDATE tenants SET programme_version = programme_version + 1 WHERE id = NEW.tenant_id; END;
CREATE TRIGGER initiatives_delete_programme AFTER DELETE ON initiatives BEGIN UPDATE tenants SET programme_version = programme_version + 1 WHERE id = OLD.tenant_id; END;
CREATE TRIGGER milestones_insert_programme AFTER INSERT ON milestones BEGIN UPDATE tenants SET programme_version = programme_version + 1 WHERE id = NEW.tenant_id; END;
CREATE TRIGGER milestones_update_programme AFTER UPDATE ON milestones BEGIN UPDATE tenants SET programme_version = programme_version + 1 WHERE id = NEW.tenant_id; END;
CREATE TRIGGER milestones_delete_programme AFTER DELETE ON milestones BEGIN UPDATE tenants SET programme_version = programme_version + 1 WHERE id = OLD.tenant_id; END;
CREATE TRIGGER status_reports_insert_programme AFTER INSERT ON status_reports BEGIN UPDATE tenants SET programme_version = programme_version + 1 WHERE id = NEW.tenant_id; END;
CREATE TRIGGER status_reports_update_programme AFTER UPDATE ON status_reports BEGIN UPDATE tenants SET programme_version = programme_version + 1 WHERE id = NEW.tenant_id; END;
CREATE TRIGGER status_reports_delete_programme AFTER DELETE ON status_reports BEGIN UPDATE tenants SET programme_version = programme_version + 1 WHERE id = OLD.tenant_id; END;
CREATE TRIGGER calendar_categories_insert_programme AFTER INSERT ON calendar_categories BEGIN UPDATE tenants SET programme_version = programme_version + 1 WHERE id = NEW.tenant_id; END;
CREATE TRIGGER calendar_categories_update_programme AFTER UPDATE ON calendar_categories BEGIN UPDATE tenants SET programme_version = programme_version + 1 WHERE id = NEW.tenant_id; END;
CREATE TRIGGER calendar_categories_delete_programme AFTER DELETE ON calendar_categories BEGIN UPDATE tenants SET programme_version = programme_version + 1 WHERE id = OLD.tenant_id; END;
CREATE TRIGGER calendar_entries_insert_programme AFTER INSERT ON calendar_entries BEGIN UPDATE tenants SET programme_version = programme_version + 1 WHERE id = NEW.tenant_id; END;
CREATE TRIGGER calendar_entries_update_programme AFTER UPDATE ON calendar_entries BEGIN UPDATE tenants SET programme_version = programme_version + 1 WHERE id = NEW.tenant_id; END;
CREATE TRIGGER calendar_entries_delete_programme AFTER DELETE ON calendar_entries BEGIN UPDATE tenants SET programme_version = programme_version + 1 WHERE id = OLD.tenant_id; END;
CREATE TRIGGER calendar_rules_insert_programme AFTER INSERT ON calendar_rules BEGIN UPDATE tenants SET programme_version = programme_version + 1 WHERE id = NEW.tenant_id; END;
CREATE TRIGGER calendar_rules_update_programme AFTER UPDATE ON calendar_rules BEGIN UPDATE tenants SET programme_version = programme_version + 1 WHERE id = NEW.tenant_id; END;
CREATE TRIGGER calendar_rules_delete_programme AFTER DELETE ON calendar_rules BEGIN UPDATE tenants SET programme_version = programme_version + 1 WHERE id = OLD.tenant_id; END;
CREATE TRIGGER meetings_insert_programme AFTER INSERT ON meetings BEGIN UPDATE tenants SET programme_version = programme_version + 1 WHERE id = NEW.tenant_id; END;
CREATE TRIGGER meetings_update_programme AFTER UPDATE ON meetings BEGIN UPDATE tenants SET programme_version = programme_version + 1 WHERE id = NEW.tenant_id; END;
CREATE TRIGGER meetings_delete_programme AFTER DELETE ON meetings BEGIN UPDATE tenants SET programme_version = programme_version + 1 WHERE id = OLD.tenant_id; END;
CREATE TRIGGER initiative_units_insert_programme AFTER INSERT ON initiative_units BEGIN UPDATE tenants SET programme_version = programme_version + 1 WHERE id = (SELECT p.tenant_id FROM initiatives p WHERE p.id = NEW.initiative_id); END;
CREATE TRIGGER initiative_units_update_programme AFTER UPDATE ON initiative_units BEGIN UPDATE tenants SET programme_version = programme_version + 1 WHERE id = (SELECT p.tenant_id FROM initiatives p WHERE p.id = NEW.initiative_id); END;
CREATE TRIGGER initiative_units_delete_programme AFTER DELETE ON initiative_units BEGIN UPDATE tenants SET programme_version = programme_version + 1 WHERE id = (SELECT p.tenant_id FROM initiatives p WHERE p.id = OLD.initiative_id); END;
CREATE TRIGGER initiative_dependencies_insert_programme AFTER INSERT ON initiative_dependencies BEGIN UPDATE tenants SET programme_version = programme_version + 1 WHERE id = (SELECT p.tenant_id FROM initiatives p WHERE p.id = NEW.initiative_id); END;
CREATE TRIGGER initiative_dependencies_update_programme AFTER UPDATE ON initiative_dependencies BEGIN UPDATE tenants SET programme_version = programme_version + 1 WHERE id = (SELECT p.tenant_id FROM initiatives p WHERE p.id = NEW.initiative_id); END;
CREATE TRIGGER initiative_dependencies_delete_programme AFTER DELETE ON initiative_dependencies BEGIN UPDATE tenants SET programme_version = programme_version + 1 WHERE id = (SELECT p.tenant_id FROM initiatives p WHERE p.id = OLD.initiative_id); END;
CREATE TRIGGER decision_initiatives_insert_programme AFTER INSERT ON decision_initiatives BEGIN UPDATE tenants SET programme_version = programme_version + 1 WHERE id = (SELECT p.tenant_id FROM initiatives p WHERE p.id = NEW.initiative_id); END;
CREATE TRIGGER decision_initiatives_update_programme AFTER UPDATE ON decision_initiatives BEGIN UPDATE tenants SET programme_version = programme_version + 1 WHERE id = (SELECT p.tenant_id FROM initiatives p WHERE p.id = NEW.initiative_id); END;
CREATE TRIGGER decision_initiatives_delete_programme AFTER DELETE ON decision_initiatives BEGIN UPDATE tenants SET programme_version = programme_version + 1 WHERE id = (SELECT p.tenant_id FROM initiatives p WHERE p.id = OLD.initiative_id); END;
CREATE TRIGGER calendar_exceptions_insert_programme AFTER INSERT ON calendar_exceptions BEGIN UPDATE tenants SET programme_version = programme_version + 1 WHERE id = (SELECT p.tenant_id FROM calendar_rules p WHERE p.id = NEW.rule_id); END;
CREATE TRIGGER calendar_exceptions_update_programme AFTER UPDATE ON calendar_exceptions BEGIN UPDATE tenants SET programme_version = programme_version + 1 WHERE id = (SELECT p.tenant_id FROM calendar_rules p WHERE p.id = NEW.rule_id); END;
CREATE TRIGGER calendar_exceptions_delete_programme AFTER DELETE ON calendar_exceptions BEGIN UPDATE tenants SET programme_version = programme_version + 1 WHERE id = (SELECT p.tenant_id FROM calendar_rules p WHERE p.id = OLD.rule_id); END;

-- PostgreSQL moves each version once per transaction (see its migration);
-- these columns keep the two schemas alike and are not used here.
ALTER TABLE tenants ADD COLUMN reference_txid BIGINT;
ALTER TABLE tenants ADD COLUMN register_txid BIGINT;
ALTER TABLE tenants ADD COLUMN programme_txid BIGINT;
