-- 0002: where each source's feed was read up to, committed in the same transaction as the batch it ends.
CREATE TABLE source_cursor (
    source     text NOT NULL,
    feed       text NOT NULL,
    cursor     text,
    run_id     uuid NOT NULL REFERENCES ingest_run (run_id),
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (source, feed)
);
-- Records without a NIK are kept unlinked until identity matching links them.
CREATE INDEX ix_source_record_unlinked ON source_record (source, record_id) WHERE person_id IS NULL;
