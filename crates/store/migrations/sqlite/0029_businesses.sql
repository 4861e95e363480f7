-- The business service (docs/POLICY.md): businesses by P-number from the CVR
-- extract, their few contact persons (kept until a day, then deleted), what
-- the jobcenter did with them as events that are appended and never edited,
-- and cooperation agreements with their parties. Kept equivalent to
-- ../postgres/0029_businesses.sql.

CREATE TABLE businesses (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    cvr TEXT NOT NULL,
    p_number TEXT NOT NULL,
    name TEXT NOT NULL,
    address TEXT NOT NULL DEFAULT '',
    postcode TEXT NOT NULL DEFAULT '',
    city TEXT NOT NULL DEFAULT '',
    municipality TEXT NOT NULL DEFAULT '',
    industry_code TEXT NOT NULL DEFAULT '',
    industry TEXT NOT NULL DEFAULT '',
    employees TEXT NOT NULL DEFAULT '',
    -- Reklamebeskyttet: never on a list or in an export.
    protected BOOLEAN NOT NULL DEFAULT FALSE,
    ceased_on TEXT,
    name_lower TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    UNIQUE (tenant_id, p_number)
);
CREATE INDEX businesses_by_cvr ON businesses (tenant_id, cvr);
CREATE INDEX businesses_by_name ON businesses (tenant_id, name_lower);

CREATE TABLE business_contacts (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    business_id INTEGER NOT NULL REFERENCES businesses(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    added_at TEXT NOT NULL,
    -- Deleted by the worker after this day unless someone confirms it is still needed.
    keep_until TEXT NOT NULL
);
CREATE INDEX business_contacts_by_business ON business_contacts (tenant_id, business_id);

CREATE TABLE business_events (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    business_id INTEGER NOT NULL REFERENCES businesses(id),
    kind TEXT NOT NULL,
    on_day TEXT NOT NULL,
    refers_to INTEGER REFERENCES business_events(id),
    occupation TEXT NOT NULL DEFAULT '',
    count INTEGER NOT NULL DEFAULT 0,
    -- ["ESCO skill", …] lacking when a job order closed.
    missing_skills TEXT NOT NULL DEFAULT '[]',
    note TEXT NOT NULL DEFAULT '',
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX business_events_by_business ON business_events (tenant_id, business_id, id);
CREATE INDEX business_events_by_day ON business_events (tenant_id, on_day);
-- Appended, never edited: a mistake is annulled by a new event.
CREATE TRIGGER business_events_no_update BEFORE UPDATE ON business_events BEGIN SELECT RAISE(ABORT, 'business events are never edited'); END;
CREATE TRIGGER business_events_no_delete BEFORE DELETE ON business_events BEGIN SELECT RAISE(ABORT, 'business events are never deleted'); END;

CREATE TABLE agreements (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    title TEXT NOT NULL,
    obligations TEXT NOT NULL DEFAULT '',
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    notice_days INTEGER NOT NULL,
    owner_unit_id INTEGER REFERENCES units(id) ON DELETE SET NULL,
    -- The renewal day the last reminder was sent for ('' before the first).
    reminded_for TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    -- Optimistic concurrency, as elsewhere.
    version INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE agreement_parties (
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    agreement_id INTEGER NOT NULL REFERENCES agreements(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL,
    business_id INTEGER REFERENCES businesses(id),
    name TEXT NOT NULL,
    PRIMARY KEY (agreement_id, position)
);
CREATE INDEX agreement_parties_by_business ON agreement_parties (business_id);
-- Renewal days are on the årshjul (see 0018 and 0028).
CREATE TRIGGER agreements_insert_programme AFTER INSERT ON agreements BEGIN UPDATE tenants SET programme_version = programme_version + 1 WHERE id = NEW.tenant_id; END;
CREATE TRIGGER agreements_update_programme AFTER UPDATE ON agreements BEGIN UPDATE tenants SET programme_version = programme_version + 1 WHERE id = NEW.tenant_id; END;
CREATE TRIGGER agreements_delete_programme AFTER DELETE ON agreements BEGIN UPDATE tenants SET programme_version = programme_version + 1 WHERE id = OLD.tenant_id; END;

-- Reads of contact persons are in the audit log; the business page lists them.
CREATE INDEX audit_log_by_target ON audit_log (tenant_id, target, id);
