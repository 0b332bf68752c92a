-- 0004: the change feed (outbox), subscriptions and webhook deliveries.
-- change_event is appended in the same transaction as the master-index change it describes. Writers take a
-- transaction-level advisory lock just before appending (at the end of their transaction), so sequence numbers
-- become visible in order and a reader reading "after seq N" never skips an event committed later with a lower seq.
CREATE TABLE change_event (
    seq             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id        uuid NOT NULL UNIQUE,
    type            text NOT NULL,
    person_id       uuid NOT NULL,
    other_person_id uuid,
    changed_fields  text,
    province_code   text,
    person          jsonb NOT NULL,
    occurred_at     timestamptz NOT NULL
);
CREATE INDEX ix_change_event_time ON change_event (occurred_at);

CREATE TABLE feed_subscription (
    subscription_id       uuid PRIMARY KEY,
    client_id             text NOT NULL,
    purpose               text NOT NULL,
    event_types           text NOT NULL,
    provinces             text NOT NULL,
    delivery              text NOT NULL,
    url                   text,
    secret                text,
    previous_secret       text,
    previous_secret_until timestamptz,
    status                text NOT NULL,
    fanout_seq            bigint NOT NULL DEFAULT 0,
    last_error            text,
    last_error_at         timestamptz,
    created_at            timestamptz NOT NULL,
    updated_at            timestamptz NOT NULL
);

-- One row per (subscription, event) to push. Claimed by a node with FOR UPDATE SKIP LOCKED and a lease
-- (claimed_by, claimed_until); a node that dies leaves a lease that expires and another node takes the row.
CREATE TABLE feed_delivery (
    delivery_id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    subscription_id uuid NOT NULL REFERENCES feed_subscription (subscription_id) ON DELETE CASCADE,
    seq             bigint NOT NULL,
    person_id       uuid NOT NULL,
    occurred_at     timestamptz NOT NULL,
    status          text NOT NULL,
    attempts        integer NOT NULL DEFAULT 0,
    generation      integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    first_attempt_at timestamptz,
    claimed_by      text,
    claimed_until   timestamptz,
    last_error      text,
    delivered_at    timestamptz,
    UNIQUE (subscription_id, seq)
);
CREATE INDEX ix_feed_delivery_due ON feed_delivery (next_attempt_at, seq) WHERE status = 'pending';
CREATE INDEX ix_feed_delivery_person ON feed_delivery (subscription_id, person_id, seq) WHERE status = 'pending';
CREATE INDEX ix_feed_delivery_dead ON feed_delivery (subscription_id, seq) WHERE status = 'dead';

-- Every attempt, written when it is claimed. The key makes it impossible for two nodes to make the same attempt.
CREATE TABLE feed_delivery_attempt (
    delivery_id     bigint NOT NULL REFERENCES feed_delivery (delivery_id) ON DELETE CASCADE,
    generation      integer NOT NULL,
    attempt         integer NOT NULL,
    subscription_id uuid NOT NULL,
    seq             bigint NOT NULL,
    node_id         text NOT NULL,
    started_at      timestamptz NOT NULL,
    finished_at     timestamptz,
    outcome         text,
    status_code     integer,
    error           text,
    PRIMARY KEY (delivery_id, generation, attempt)
);
