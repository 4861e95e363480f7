-- The policy pages' copy in memory (service::policy::Snapshot: policies, goals,
-- indicators and each indicator's newest figure) is checked against a version
-- per tenant, moved by these triggers like the others (see 0018), once per
-- transaction. Kept equivalent to ../sqlite/0031_policy_version.sql.

ALTER TABLE tenants ADD COLUMN policy_version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE tenants ADD COLUMN policy_txid BIGINT;

CREATE OR REPLACE FUNCTION styr_bump(tenant BIGINT, version TEXT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF tenant IS NULL THEN
        RETURN;
    ELSIF version = 'reference' THEN
        UPDATE tenants SET reference_version = reference_version + 1, reference_txid = txid_current()
         WHERE id = tenant AND reference_txid IS DISTINCT FROM txid_current();
    ELSIF version = 'register' THEN
        UPDATE tenants SET register_version = register_version + 1, register_txid = txid_current()
         WHERE id = tenant AND register_txid IS DISTINCT FROM txid_current();
    ELSIF version = 'policy' THEN
        UPDATE tenants SET policy_version = policy_version + 1, policy_txid = txid_current()
         WHERE id = tenant AND policy_txid IS DISTINCT FROM txid_current();
    ELSE
        UPDATE tenants SET programme_version = programme_version + 1, programme_txid = txid_current()
         WHERE id = tenant AND programme_txid IS DISTINCT FROM txid_current();
    END IF;
END $$;

CREATE TRIGGER policies_policy AFTER INSERT OR UPDATE OR DELETE ON policies FOR EACH ROW EXECUTE FUNCTION styr_bump_row('policy');
CREATE TRIGGER policy_versions_policy AFTER INSERT OR UPDATE OR DELETE ON policy_versions FOR EACH ROW EXECUTE FUNCTION styr_bump_row('policy');
CREATE TRIGGER policy_goals_policy AFTER INSERT OR UPDATE OR DELETE ON policy_goals FOR EACH ROW EXECUTE FUNCTION styr_bump_row('policy');
CREATE TRIGGER indicators_policy AFTER INSERT OR UPDATE OR DELETE ON indicators FOR EACH ROW EXECUTE FUNCTION styr_bump_row('policy');
CREATE TRIGGER indicator_values_policy AFTER INSERT OR UPDATE OR DELETE ON indicator_values FOR EACH ROW EXECUTE FUNCTION styr_bump_row('policy');
CREATE TRIGGER initiative_goals_policy AFTER INSERT OR UPDATE OR DELETE ON initiative_goals FOR EACH ROW EXECUTE FUNCTION styr_bump_via_initiative('policy');
