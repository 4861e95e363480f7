-- The skills gap (docs/POLICY.md): ESCO as the municipality last loaded it
-- (occupations, skills, which skills each occupation needs, green ones
-- marked) and vacancies by occupation from Jobindsats' Y25i07. Kept
-- equivalent to ../sqlite/0030_skills.sql.

CREATE TABLE esco_occupations (
    tenant_id BIGINT NOT NULL REFERENCES tenants(id),
    uri TEXT NOT NULL,
    label TEXT NOT NULL,
    -- ESCO's other labels, one a line.
    alt_labels TEXT NOT NULL DEFAULT '',
    isco TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (tenant_id, uri)
);

CREATE TABLE esco_skills (
    tenant_id BIGINT NOT NULL REFERENCES tenants(id),
    uri TEXT NOT NULL,
    label TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT '',
    green BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (tenant_id, uri)
);

CREATE TABLE esco_relations (
    tenant_id BIGINT NOT NULL REFERENCES tenants(id),
    occupation_uri TEXT NOT NULL,
    skill_uri TEXT NOT NULL,
    essential BOOLEAN NOT NULL,
    PRIMARY KEY (tenant_id, occupation_uri, skill_uri)
);

CREATE TABLE occupation_vacancies (
    tenant_id BIGINT NOT NULL REFERENCES tenants(id),
    period TEXT NOT NULL,
    occupation TEXT NOT NULL,
    count DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (tenant_id, period, occupation)
);

-- When each source was last loaded, and by what.
CREATE TABLE skills_sources (
    tenant_id BIGINT NOT NULL REFERENCES tenants(id),
    source TEXT NOT NULL,
    loaded_at TIMESTAMPTZ NOT NULL,
    detail TEXT NOT NULL,
    PRIMARY KEY (tenant_id, source)
);
