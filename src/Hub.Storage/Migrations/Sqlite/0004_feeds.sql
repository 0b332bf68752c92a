-- 0004: the change feed (outbox), subscriptions and webhook deliveries. SQLite has one writer at a time, so
-- sequence numbers become visible in order without further care.
CREATE TABLE change_event (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id        TEXT NOT NULL UNIQUE,
    type            TEXT NOT NULL,
    person_id       TEXT NOT NULL,
    other_person_id TEXT,
    changed_fields  TEXT,
    province_code   TEXT,
    person          TEXT NOT NULL,
    occurred_at     TEXT NOT NULL
);
CREATE INDEX ix_change_event_time ON change_event (occurred_at);

CREATE TABLE feed_subscription (
    subscription_id       TEXT PRIMARY KEY,
    client_id             TEXT NOT NULL,
    purpose               TEXT NOT NULL,
    event_types           TEXT NOT NULL,
    provinces             TEXT NOT NULL,
    delivery              TEXT NOT NULL,
    url                   TEXT,
    secret                TEXT,
    previous_secret       TEXT,
    previous_secret_until TEXT,
    status                TEXT NOT NULL,
    fanout_seq            INTEGER NOT NULL DEFAULT 0,
    last_error            TEXT,
    last_error_at         TEXT,
    created_at            TEXT NOT NULL,
    updated_at            TEXT NOT NULL
);

CREATE TABLE feed_delivery (
    delivery_id     INTEGER PRIMARY KEY AUTOINCREMENT,
    subscription_id TEXT NOT NULL REFERENCES feed_subscription (subscription_id) ON DELETE CASCADE,
    seq             INTEGER NOT NULL,
    person_id       TEXT NOT NULL,
    occurred_at     TEXT NOT NULL,
    status          TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    generation      INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    first_attempt_at TEXT,
    claimed_by      TEXT,
    claimed_until   TEXT,
    last_error      TEXT,
    delivered_at    TEXT,
    UNIQUE (subscription_id, seq)
);
CREATE INDEX ix_feed_delivery_due ON feed_delivery (next_attempt_at, seq) WHERE status = 'pending';
CREATE INDEX ix_feed_delivery_person ON feed_delivery (subscription_id, person_id, seq) WHERE status = 'pending';
CREATE INDEX ix_feed_delivery_dead ON feed_delivery (subscription_id, seq) WHERE status = 'dead';

CREATE TABLE feed_delivery_attempt (
    delivery_id     INTEGER NOT NULL REFERENCES feed_delivery (delivery_id) ON DELETE CASCADE,
    generation      INTEGER NOT NULL,
    attempt         INTEGER NOT NULL,
    subscription_id TEXT NOT NULL,
    seq             INTEGER NOT NULL,
    node_id         TEXT NOT NULL,
    started_at      TEXT NOT NULL,
    finished_at     TEXT,
    outcome         TEXT,
    status_code     INTEGER,
    error           TEXT,
    PRIMARY KEY (delivery_id, generation, attempt)
);
