-- 0001: ingest runs, quarantine, source records (every version), persons and their golden fields with lineage.
CREATE TABLE ingest_run (
    run_id            uuid PRIMARY KEY,
    source            text NOT NULL,
    location          text,
    status            text NOT NULL,
    accepted_count    bigint NOT NULL DEFAULT 0,
    unchanged_count   bigint NOT NULL DEFAULT 0,
    quarantined_count bigint NOT NULL DEFAULT 0,
    started_at        timestamptz NOT NULL,
    finished_at       timestamptz,
    error             text
);
CREATE INDEX ix_ingest_run_source ON ingest_run (source, started_at);

CREATE TABLE person (
    person_id  uuid PRIMARY KEY,
    nik        text UNIQUE CHECK (nik ~ '^[0-9]{16}$'),
    version    bigint NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);

-- One row per distinct version of a source record; the latest version of a key is the one with the
-- highest record_id. Lineage points at the exact version a value came from.
CREATE TABLE source_record (
    record_id    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source       text NOT NULL,
    source_key   text NOT NULL,
    content_hash text NOT NULL,
    person_id    uuid REFERENCES person (person_id),
    run_id       uuid NOT NULL REFERENCES ingest_run (run_id),
    location     text,
    line         bigint,
    received_at  timestamptz NOT NULL,
    payload      jsonb NOT NULL
);
CREATE INDEX ix_source_record_key ON source_record (source, source_key, record_id);

CREATE TABLE person_field (
    person_id        uuid NOT NULL REFERENCES person (person_id),
    field            text NOT NULL,
    value            text NOT NULL,
    source           text NOT NULL,
    source_key       text NOT NULL,
    source_record_id bigint REFERENCES source_record (record_id),
    run_id           uuid NOT NULL,
    location         text,
    line             bigint,
    received_at      timestamptz NOT NULL,
    rule             text,
    PRIMARY KEY (person_id, field)
);

CREATE TABLE quarantine (
    quarantine_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    run_id        uuid NOT NULL REFERENCES ingest_run (run_id),
    source        text NOT NULL,
    location      text,
    line          bigint,
    reason        text NOT NULL,
    field         text,
    message       text NOT NULL,
    raw_record    text,
    -- SHA-256 of source, reason and raw text: the same bad row read again is not quarantined twice.
    raw_hash      text NOT NULL,
    status        text NOT NULL DEFAULT 'open',
    created_at    timestamptz NOT NULL
);
CREATE INDEX ix_quarantine_run ON quarantine (run_id, quarantine_id);
CREATE INDEX ix_quarantine_raw ON quarantine (source, raw_hash);
