-- 0001: ingest runs, quarantine, source records (every version), persons and their golden fields with lineage.
CREATE TABLE ingest_run (
    run_id            TEXT PRIMARY KEY,
    source            TEXT NOT NULL,
    location          TEXT,
    status            TEXT NOT NULL,
    accepted_count    INTEGER NOT NULL DEFAULT 0,
    unchanged_count   INTEGER NOT NULL DEFAULT 0,
    quarantined_count INTEGER NOT NULL DEFAULT 0,
    started_at        TEXT NOT NULL,
    finished_at       TEXT,
    error             TEXT
);
CREATE INDEX ix_ingest_run_source ON ingest_run (source, started_at);

CREATE TABLE person (
    person_id  TEXT PRIMARY KEY,
    nik        TEXT UNIQUE,
    version    INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- One row per distinct version of a source record; the latest version of a key is the one with the
-- highest record_id. Lineage points at the exact version a value came from.
CREATE TABLE source_record (
    record_id    INTEGER PRIMARY KEY AUTOINCREMENT,
    source       TEXT NOT NULL,
    source_key   TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    person_id    TEXT REFERENCES person (person_id),
    run_id       TEXT NOT NULL REFERENCES ingest_run (run_id),
    location     TEXT,
    line         INTEGER,
    received_at  TEXT NOT NULL,
    payload      TEXT NOT NULL
);
CREATE INDEX ix_source_record_key ON source_record (source, source_key, record_id);

CREATE TABLE person_field (
    person_id        TEXT NOT NULL REFERENCES person (person_id),
    field            TEXT NOT NULL,
    value            TEXT NOT NULL,
    source           TEXT NOT NULL,
    source_key       TEXT NOT NULL,
    source_record_id INTEGER REFERENCES source_record (record_id),
    run_id           TEXT NOT NULL,
    location         TEXT,
    line             INTEGER,
    received_at      TEXT NOT NULL,
    rule             TEXT,
    PRIMARY KEY (person_id, field)
) WITHOUT ROWID;

CREATE TABLE quarantine (
    quarantine_id INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id        TEXT NOT NULL REFERENCES ingest_run (run_id),
    source        TEXT NOT NULL,
    location      TEXT,
    line          INTEGER,
    reason        TEXT NOT NULL,
    field         TEXT,
    message       TEXT NOT NULL,
    raw_record    TEXT,
    -- SHA-256 of source, reason and raw text: the same bad row read again is not quarantined twice.
    raw_hash      TEXT NOT NULL,
    status        TEXT NOT NULL DEFAULT 'open',
    created_at    TEXT NOT NULL
);
CREATE INDEX ix_quarantine_run ON quarantine (run_id, quarantine_id);
CREATE INDEX ix_quarantine_raw ON quarantine (source, raw_hash);
