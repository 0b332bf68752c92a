-- 0007: the tamper-evident audit log. audit_entry is a hash chain (hash = SHA-256(prev_hash || canonical entry));
-- audit_head holds the chain's last sequence number and hash, and is what writers lock to extend the chain;
-- audit_seal holds signed checkpoints. Triggers refuse UPDATE and DELETE: the log is append-only, and changing it
-- takes a deliberate DROP TRIGGER that verification then exposes.
CREATE TABLE audit_entry (
    seq               INTEGER PRIMARY KEY,
    at                TEXT NOT NULL,
    action            TEXT NOT NULL,
    actor             TEXT NOT NULL,
    purpose           TEXT,
    subject_nik       TEXT,
    subject_person_id TEXT,
    fields            TEXT,
    request_id        TEXT,
    detail            TEXT,
    prev_hash         TEXT NOT NULL,
    hash              TEXT NOT NULL
);
CREATE INDEX ix_audit_entry_nik ON audit_entry (subject_nik, seq) WHERE subject_nik IS NOT NULL;
CREATE INDEX ix_audit_entry_person ON audit_entry (subject_person_id, seq) WHERE subject_person_id IS NOT NULL;
CREATE INDEX ix_audit_entry_actor ON audit_entry (actor, at);
CREATE INDEX ix_audit_entry_at ON audit_entry (at);

CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  INTEGER NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE audit_seal (
    up_to_seq INTEGER NOT NULL,
    hash      TEXT NOT NULL,
    at        TEXT NOT NULL,
    signature TEXT NOT NULL,
    key_id    TEXT NOT NULL,
    PRIMARY KEY (up_to_seq, key_id)
);

CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry BEGIN SELECT RAISE(ABORT, 'audit_entry is append-only'); END;
CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_entry BEGIN SELECT RAISE(ABORT, 'audit_entry is append-only'); END;
CREATE TRIGGER audit_seal_no_update BEFORE UPDATE ON audit_seal BEGIN SELECT RAISE(ABORT, 'audit_seal is append-only'); END;
CREATE TRIGGER audit_seal_no_delete BEFORE DELETE ON audit_seal BEGIN SELECT RAISE(ABORT, 'audit_seal is append-only'); END;
