-- 0003: identity resolution. Where each source record is linked and how, the persisted blocking keys that
-- make candidate search an indexed lookup, every match decision with its score breakdown, the review queue,
-- "not a match" decisions, manual field overrides, and a history of everything done to a person.
ALTER TABLE person ADD COLUMN status text NOT NULL DEFAULT 'active';
ALTER TABLE person ADD COLUMN merged_into uuid;
ALTER TABLE source_record ADD COLUMN rules jsonb;
ALTER TABLE person_field ADD COLUMN decision_id bigint;

-- The current link of each source record key. person_id is null while the record waits in review.
CREATE TABLE source_link (
    source      text NOT NULL,
    source_key  text NOT NULL,
    person_id   uuid REFERENCES person (person_id),
    state       text NOT NULL,
    method      text NOT NULL,
    decision_id bigint,
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (source, source_key)
);
CREATE INDEX ix_source_link_person ON source_link (person_id);

CREATE TABLE person_block (
    block_key text NOT NULL,
    person_id uuid NOT NULL REFERENCES person (person_id),
    PRIMARY KEY (block_key, person_id)
);
CREATE INDEX ix_person_block_person ON person_block (person_id);

CREATE TABLE match_decision (
    decision_id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source           text NOT NULL,
    source_key       text NOT NULL,
    source_record_id bigint,
    person_id        uuid,
    outcome          text NOT NULL,
    method           text NOT NULL,
    weight           double precision,
    probability      double precision,
    breakdown        jsonb,
    model_version    text,
    actor            text,
    reason           text,
    run_id           uuid,
    created_at       timestamptz NOT NULL
);
CREATE INDEX ix_match_decision_key ON match_decision (source, source_key, decision_id);

CREATE TABLE review_item (
    review_id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind             text NOT NULL,
    source           text NOT NULL,
    source_key       text NOT NULL,
    source_record_id bigint,
    person_id        uuid NOT NULL,
    decision_id      bigint NOT NULL,
    weight           double precision,
    probability      double precision,
    status           text NOT NULL DEFAULT 'open',
    decided_by       text,
    reason           text,
    decided_at       timestamptz,
    created_at       timestamptz NOT NULL
);
CREATE UNIQUE INDEX ux_review_item_open ON review_item (source, source_key, person_id) WHERE status = 'open';
CREATE INDEX ix_review_item_status ON review_item (status, review_id);

CREATE TABLE not_a_match (
    source      text NOT NULL,
    source_key  text NOT NULL,
    person_id   uuid NOT NULL,
    decision_id bigint NOT NULL,
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (source, source_key, person_id)
);

CREATE TABLE field_override (
    person_id  uuid NOT NULL REFERENCES person (person_id),
    field      text NOT NULL,
    value      text NOT NULL,
    actor      text NOT NULL,
    reason     text NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (person_id, field)
);

CREATE TABLE person_event (
    event_id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    person_id       uuid NOT NULL,
    kind            text NOT NULL,
    source          text,
    source_key      text,
    other_person_id uuid,
    decision_id     bigint,
    actor           text,
    reason          text,
    detail          jsonb,
    created_at      timestamptz NOT NULL
);
CREATE INDEX ix_person_event_person ON person_event (person_id, event_id);

-- Records linked before identity resolution existed keep their links.
INSERT INTO source_link (source, source_key, person_id, state, method, updated_at)
SELECT r.source, r.source_key, r.person_id, 'linked', 'nik', r.received_at
  FROM source_record r
 WHERE r.person_id IS NOT NULL
   AND r.record_id = (SELECT MAX(x.record_id) FROM source_record x WHERE x.source = r.source AND x.source_key = r.source_key);
