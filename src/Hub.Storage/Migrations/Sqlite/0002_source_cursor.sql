-- 0002: where each source's feed was read up to, committed in the same transaction as the batch it ends.
CREATE TABLE source_cursor (
    source     TEXT NOT NULL,
    feed       TEXT NOT NULL,
    cursor     TEXT,
    run_id     TEXT NOT NULL REFERENCES ingest_run (run_id),
    updated_at TEXT NOT NULL,
    PRIMARY KEY (source, feed)
);
-- Records without a NIK are kept unlinked until identity matching links them.
CREATE INDEX ix_source_record_unlinked ON source_record (source, record_id) WHERE person_id IS NULL;
