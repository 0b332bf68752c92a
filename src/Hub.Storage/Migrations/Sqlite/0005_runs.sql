-- 0005: scheduled runs. A run knows what started it, which node runs it and when that node last said it was
-- alive; a connector (source) has a pause flag and a lease that at most one run holds at a time, across nodes.
ALTER TABLE ingest_run ADD COLUMN trigger_kind TEXT;
ALTER TABLE ingest_run ADD COLUMN scheduled_for TEXT;
ALTER TABLE ingest_run ADD COLUMN retry_of TEXT;
ALTER TABLE ingest_run ADD COLUMN node TEXT;
ALTER TABLE ingest_run ADD COLUMN heartbeat_at TEXT;
ALTER TABLE ingest_run ADD COLUMN last_batch_at TEXT;
CREATE INDEX ix_ingest_run_status ON ingest_run (status, heartbeat_at);
CREATE INDEX ix_ingest_run_started ON ingest_run (started_at);

CREATE TABLE connector_state (
    source           TEXT PRIMARY KEY,
    paused           INTEGER NOT NULL DEFAULT 0,
    paused_at        TEXT,
    lease_run_id     TEXT,
    lease_node       TEXT,
    lease_expires_at TEXT
);
