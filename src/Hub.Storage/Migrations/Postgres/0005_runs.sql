-- 0005: scheduled runs. A run knows what started it, which node runs it and when that node last said it was
-- alive; a connector (source) has a pause flag and a lease that at most one run holds at a time, across nodes.
ALTER TABLE ingest_run
    ADD COLUMN trigger_kind text,
    ADD COLUMN scheduled_for timestamptz,
    ADD COLUMN retry_of uuid,
    ADD COLUMN node text,
    ADD COLUMN heartbeat_at timestamptz,
    ADD COLUMN last_batch_at timestamptz;
CREATE INDEX ix_ingest_run_status ON ingest_run (status, heartbeat_at);
CREATE INDEX ix_ingest_run_started ON ingest_run (started_at);

CREATE TABLE connector_state (
    source           text PRIMARY KEY,
    paused           integer NOT NULL DEFAULT 0,
    paused_at        timestamptz,
    lease_run_id     uuid,
    lease_node       text,
    lease_expires_at timestamptz
);
