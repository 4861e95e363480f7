-- The index now also holds the parts of compound words. Documents written
-- before carry scheme 1 and are rewritten by the worker when it starts
-- (store::search::reindex_stale); new ones are written with the current scheme.
ALTER TABLE search_docs ADD COLUMN scheme INTEGER NOT NULL DEFAULT 1;
CREATE INDEX search_docs_by_scheme ON search_docs (scheme);
