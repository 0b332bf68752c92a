-- 0003: identity resolution. Where each source record is linked and how, the persisted blocking keys that
-- make candidate search an indexed lookup, every match decision with its score breakdown, the review queue,
-- "not a match" decisions, manual field overrides, and a history of everything done to a person.
ALTER TABLE person ADD COLUMN status TEXT NOT NULL DEFAULT 'active';
ALTER TABLE person ADD COLUMN merged_into TEXT;
ALTER TABLE source_record ADD COLUMN rules TEXT;
ALTER TABLE person_field ADD COLUMN decision_id INTEGER;

-- The current link of each source record key. person_id is null while the record waits in review.
CREATE TABLE source_link (
    source      TEXT NOT NULL,
    source_key  TEXT NOT NULL,
    person_id   TEXT REFERENCES person (person_id),
    state       TEXT NOT NULL,
    method      TEXT NOT NULL,
    decision_id INTEGER,
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (source, source_key)
) WITHOUT ROWID;
CREATE INDEX ix_source_link_person ON source_link (person_id);

CREATE TABLE person_block (
    block_key TEXT NOT NULL,
    person_id TEXT NOT NULL REFERENCES person (person_id),
    PRIMARY KEY (block_key, person_id)
) WITHOUT ROWID;
CREATE INDEX ix_person_block_person ON person_block (person_id);

CREATE TABLE match_decision (
    decision_id      INTEGER PRIMARY KEY AUTOINCREMENT,
    source           TEXT NOT NULL,
    source_key       TEXT NOT NULL,
    source_record_id INTEGER,
    person_id        TEXT,
    outcome          TEXT NOT NULL,
    method           TEXT NOT NULL,
    weight           REAL,
    probability      REAL,
    breakdown        TEXT,
    model_version    TEXT,
    actor            TEXT,
    reason           TEXT,
    run_id           TEXT,
    created_at       TEXT NOT NULL
);
CREATE INDEX ix_match_decision_key ON match_decision (source, source_key, decision_id);

CREATE TABLE review_item (
    review_id        INTEGER PRIMARY KEY AUTOINCREMENT,
    kind             TEXT NOT NULL,
    source           TEXT NOT NULL,
    source_key       TEXT NOT NULL,
    source_record_id INTEGER,
    person_id        TEXT NOT NULL,
    decision_id      INTEGER NOT NULL,
    weight           REAL,
    probability      REAL,
    status           TEXT NOT NULL DEFAULT 'open',
    decided_by       TEXT,
    reason           TEXT,
    decided_at       TEXT,
    created_at       TEXT NOT NULL
);
CREATE UNIQUE INDEX ux_review_item_open ON review_item (source, source_key, person_id) WHERE status = 'open';
CREATE INDEX ix_review_item_status ON review_item (status, review_id);

CREATE TABLE not_a_match (
    source      TEXT NOT NULL,
    source_key  TEXT NOT NULL,
    person_id   TEXT NOT NULL,
    decision_id INTEGER NOT NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (source, source_key, person_id)
) WITHOUT ROWID;

CREATE TABLE field_override (
    person_id  TEXT NOT NULL REFERENCES person (person_id),
    field      TEXT NOT NULL,
    value      TEXT NOT NULL,
    actor      TEXT NOT NULL,
    reason     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (person_id, field)
) WITHOUT ROWID;

CREATE TABLE person_event (
    event_id        INTEGER PRIMARY KEY AUTOINCREMENT,
    person_id       TEXT NOT NULL,
    kind            TEXT NOT NULL,
    source          TEXT,
    source_key      TEXT,
    other_person_id TEXT,
    decision_id     INTEGER,
    actor           TEXT,
    reason          TEXT,
    detail          TEXT,
    created_at      TEXT NOT NULL
);
CREATE INDEX ix_person_event_person ON person_event (person_id, event_id);

-- Records linked before identity resolution existed keep their links.
INSERT INTO source_link (source, source_key, person_id, state, method, updated_at)
SELECT r.source, r.source_key, r.person_id, 'linked', 'nik', r.received_at
  FROM source_record r
 WHERE r.person_id IS NOT NULL
   AND r.record_id = (SELECT MAX(x.record_id) FROM source_record x WHERE x.source = r.source AND x.source_key = r.source_key);
