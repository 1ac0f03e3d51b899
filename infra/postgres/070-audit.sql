-- Audit trail (PostgreSQL): who did what, when, from where. Append-only: rows are inserted by
-- Fleet.Server's AuditTrail after a command succeeded and are never updated or deleted by Fleet.
-- The id is time-sortable (12 hex digits of unix ms, then a per-process sequence and a random
-- node part), so "newest first" and the from/to filters are ranges over the primary key.
-- detail is a short JSON object and never holds a secret. Times are unix milliseconds (UTC). Idempotent.

CREATE TABLE IF NOT EXISTS audit_events (
    id             TEXT    COLLATE "C" NOT NULL PRIMARY KEY,
    at_ms          BIGINT  NOT NULL,
    actor          TEXT    COLLATE "C" NOT NULL,
    actor_kind     TEXT    NOT NULL,
    actor_name     TEXT    NULL,
    client_address TEXT    NULL,
    action         TEXT    COLLATE "C" NOT NULL,
    target_type    TEXT    COLLATE "C" NOT NULL,
    target_id      TEXT    COLLATE "C" NULL,
    detail         TEXT    NULL
);
CREATE INDEX IF NOT EXISTS ix_audit_events_target ON audit_events (target_type, target_id, id);
CREATE INDEX IF NOT EXISTS ix_audit_events_actor ON audit_events (actor, id);
CREATE INDEX IF NOT EXISTS ix_audit_events_action ON audit_events (action, id);
