-- 0009: re-processing quarantined rows. A row keeps the source fields it was read with (so it can be mapped again
-- after a mapping fix), each attempt and its reasons, and once it passes: when, by which client, and the run that
-- ingested it. A resolved row is never deleted.
ALTER TABLE quarantine ADD COLUMN fields_json TEXT;
ALTER TABLE quarantine ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE quarantine ADD COLUMN last_attempt_at TEXT;
ALTER TABLE quarantine ADD COLUMN last_attempt_reasons TEXT;
ALTER TABLE quarantine ADD COLUMN resolved_at TEXT;
ALTER TABLE quarantine ADD COLUMN resolved_by TEXT;
ALTER TABLE quarantine ADD COLUMN resolved_run_id TEXT REFERENCES ingest_run (run_id);
CREATE INDEX ix_quarantine_status ON quarantine (status, quarantine_id);
