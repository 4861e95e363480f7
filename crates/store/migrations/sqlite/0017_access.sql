-- A decision made on a closed item stays closed: only the forum's members
-- and the secretariat read it, whoever it is communicated to.
ALTER TABLE decisions ADD COLUMN closed BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE decisions SET closed = COALESCE((SELECT i.closed FROM agenda_items i WHERE i.id = decisions.item_id), FALSE);

-- Tokens of two kinds: API tokens, with a scope and an expiry, and the
-- calendar feeds' tokens, which read feeds only. Both can be revoked.
ALTER TABLE api_tokens ADD COLUMN kind TEXT NOT NULL DEFAULT 'api';
ALTER TABLE api_tokens ADD COLUMN scope TEXT NOT NULL DEFAULT 'all';
ALTER TABLE api_tokens ADD COLUMN expires_at TEXT;
ALTER TABLE api_tokens ADD COLUMN revoked_at TEXT;
ALTER TABLE api_tokens ADD COLUMN last_used_at TEXT;
UPDATE api_tokens SET kind = 'feed', scope = '' WHERE label = 'calendar';
CREATE INDEX api_tokens_by_account ON api_tokens (account_id, kind);

-- Login throttling keeps one row per key with a growing wait, written
-- atomically, instead of a row per failure counted afterwards.
DROP TABLE login_failures;
CREATE TABLE login_throttle (
    key TEXT PRIMARY KEY,
    failures BIGINT NOT NULL,
    next_ms BIGINT NOT NULL,
    updated_ms BIGINT NOT NULL
);
CREATE INDEX login_throttle_by_age ON login_throttle (updated_ms);

-- Search finds minutes once they are approved; drafts indexed before are dropped.
DELETE FROM search_docs WHERE kind = 'minute' AND meeting_id IN (SELECT meeting_id FROM minutes WHERE approved_at IS NULL);
