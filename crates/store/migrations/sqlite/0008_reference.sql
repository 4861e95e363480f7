-- The version that app servers compare their in-memory copy against now
-- covers more than the organisation: forums and the framework too. Every
-- change to any of them moves it on.
ALTER TABLE tenants RENAME COLUMN org_version TO reference_version;
