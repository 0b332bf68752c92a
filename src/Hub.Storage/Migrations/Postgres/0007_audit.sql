-- 0007: the tamper-evident audit log. audit_entry is a hash chain (hash = SHA-256(prev_hash || canonical entry));
-- audit_head holds the chain's last sequence number and hash, and writers on every node lock its one row
-- (SELECT ... FOR UPDATE) to extend the chain, so the chain stays linear; audit_seal holds signed checkpoints.
-- Triggers refuse UPDATE, DELETE and TRUNCATE: the log is append-only, and changing it takes a deliberate
-- DISABLE TRIGGER (table owner or superuser) that verification then exposes.
CREATE TABLE audit_entry (
    seq               bigint PRIMARY KEY,
    at                timestamptz NOT NULL,
    action            text NOT NULL,
    actor             text NOT NULL,
    purpose           text,
    subject_nik       text,
    subject_person_id uuid,
    fields            text,
    request_id        text,
    detail            text,
    prev_hash         text NOT NULL,
    hash              text NOT NULL
);
CREATE INDEX ix_audit_entry_nik ON audit_entry (subject_nik, seq) WHERE subject_nik IS NOT NULL;
CREATE INDEX ix_audit_entry_person ON audit_entry (subject_person_id, seq) WHERE subject_person_id IS NOT NULL;
CREATE INDEX ix_audit_entry_actor ON audit_entry (actor, at);
CREATE INDEX ix_audit_entry_at ON audit_entry (at);

CREATE TABLE audit_head (
    id   integer PRIMARY KEY CHECK (id = 1),
    seq  bigint NOT NULL,
    hash text NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE audit_seal (
    up_to_seq bigint NOT NULL,
    hash      text NOT NULL,
    at        timestamptz NOT NULL,
    signature text NOT NULL,
    key_id    text NOT NULL,
    PRIMARY KEY (up_to_seq, key_id)
);

CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END
$$;
CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_seal_append_only BEFORE UPDATE OR DELETE ON audit_seal FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_seal_no_truncate BEFORE TRUNCATE ON audit_seal FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
