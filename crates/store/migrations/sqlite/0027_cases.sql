-- Case handling against published deadlines (docs/POLICY.md): the register
-- of case types with their deadlines, and cases as the case system exports
-- them (dates and status only, no names). Kept equivalent to
-- ../postgres/0027_cases.sql.

-- The register's words before its list.
CREATE TABLE case_registers (
    tenant_id INTEGER PRIMARY KEY REFERENCES tenants(id),
    intro TEXT NOT NULL
);

CREATE TABLE case_types (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    key TEXT NOT NULL,
    position INTEGER NOT NULL,
    area TEXT NOT NULL,
    title TEXT NOT NULL,
    days INTEGER NOT NULL,
    counted_from TEXT NOT NULL,
    owner_unit_id INTEGER REFERENCES units(id) ON DELETE SET NULL,
    reviewed_on TEXT NOT NULL,
    review_months INTEGER NOT NULL,
    indicator_key TEXT NOT NULL DEFAULT '',
    -- The last day a reminder to review it was sent for ('' before the first).
    reminded_for TEXT NOT NULL DEFAULT '',
    UNIQUE (tenant_id, key)
);

CREATE TABLE cases (
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    number TEXT NOT NULL,
    case_type TEXT NOT NULL,
    received_on TEXT NOT NULL,
    complete_on TEXT,
    decided_on TEXT,
    -- [["from", "to"], …]: waiting for the applicant.
    waits TEXT NOT NULL DEFAULT '[]',
    imported_at TEXT NOT NULL,
    PRIMARY KEY (tenant_id, number)
);
CREATE INDEX cases_by_type ON cases (tenant_id, case_type, decided_on);
