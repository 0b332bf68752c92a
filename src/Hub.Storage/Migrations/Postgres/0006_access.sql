-- 0006: access. API clients and their roles, their keys (only a SHA-256 digest of each secret is kept, found by
-- the key's public id), and the access policies: per client and purpose, the fields and event types it may receive.
CREATE TABLE access_client (
    client_id  text PRIMARY KEY,
    name       text NOT NULL,
    roles      text NOT NULL,
    created_at timestamptz NOT NULL,
    revoked_at timestamptz
);

CREATE TABLE access_key (
    key_id      text PRIMARY KEY,
    client_id   text NOT NULL REFERENCES access_client (client_id),
    secret_hash text NOT NULL,
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz,
    revoked_at  timestamptz
);
CREATE INDEX ix_access_key_client ON access_key (client_id);

CREATE TABLE access_policy (
    policy_id   text PRIMARY KEY,
    client_id   text NOT NULL REFERENCES access_client (client_id),
    purpose     text NOT NULL,
    fields      text NOT NULL,
    event_types text NOT NULL,
    updated_at  timestamptz NOT NULL,
    UNIQUE (client_id, purpose)
);
