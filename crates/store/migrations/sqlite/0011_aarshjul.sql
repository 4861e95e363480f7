-- The årshjul: categories (its rings), entries typed in, the governance
-- cycle's rules that give entries each year, and their exceptions. The
-- forums' meetings and the programme's milestones are not copied here; the
-- wheel reads them from their own contexts. Kept equivalent to
-- ../postgres/0011_aarshjul.sql. Dates are 'YYYY-MM-DD' text on both.

CREATE TABLE calendar_categories (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    key TEXT NOT NULL,
    name TEXT NOT NULL,
    colour TEXT NOT NULL,
    icon TEXT NOT NULL DEFAULT '',
    rank INTEGER NOT NULL DEFAULT 0,
    UNIQUE (tenant_id, key)
);

CREATE TABLE calendar_entries (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    category_id INTEGER NOT NULL REFERENCES calendar_categories(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    glyph TEXT NOT NULL DEFAULT 'span',
    state TEXT NOT NULL DEFAULT 'planned',
    link TEXT NOT NULL DEFAULT '',
    unit_id INTEGER REFERENCES units(id) ON DELETE SET NULL,
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX calendar_entries_by_date ON calendar_entries (tenant_id, starts_on);

CREATE TABLE calendar_rules (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    category_id INTEGER NOT NULL REFERENCES calendar_categories(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    rule TEXT NOT NULL,
    glyph TEXT NOT NULL DEFAULT 'meeting',
    created_at TEXT NOT NULL
);

CREATE TABLE calendar_exceptions (
    rule_id INTEGER NOT NULL REFERENCES calendar_rules(id) ON DELETE CASCADE,
    on_date TEXT NOT NULL,
    to_date TEXT,
    reason TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (rule_id, on_date)
);
