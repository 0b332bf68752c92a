-- 0006: access. API clients and their roles, their keys (only a SHA-256 digest of each secret is kept, found by
-- the key's public id), and the access policies: per client and purpose, the fields and event types it may receive.
CREATE TABLE access_client (
    client_id  TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    roles      TEXT NOT NULL,
    created_at TEXT NOT NULL,
    revoked_at TEXT
) WITHOUT ROWID;

CREATE TABLE access_key (
    key_id      TEXT PRIMARY KEY,
    client_id   TEXT NOT NULL REFERENCES access_client (client_id),
    secret_hash TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    expires_at  TEXT,
    revoked_at  TEXT
) WITHOUT ROWID;
CREATE INDEX ix_access_key_client ON access_key (client_id);

CREATE TABLE access_policy (
    policy_id   TEXT PRIMARY KEY,
    client_id   TEXT NOT NULL REFERENCES access_client (client_id),
    purpose     TEXT NOT NULL,
    fields      TEXT NOT NULL,
    event_types TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    UNIQUE (client_id, purpose)
) WITHOUT ROWID;
