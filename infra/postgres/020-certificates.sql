-- Issued POS client certificates (PostgreSQL), projected from the certificate grains in the same
-- transaction as their state. The CRL and the certificate health counts read this table.
-- Times are unix milliseconds (UTC). Every statement is idempotent.

CREATE TABLE IF NOT EXISTS certificates (
    id                TEXT    COLLATE "C" NOT NULL PRIMARY KEY,
    pos_id            TEXT    COLLATE "C" NOT NULL,
    terminal_id       TEXT    COLLATE "C" NOT NULL,
    store_id          TEXT    COLLATE "C" NOT NULL,
    kind              TEXT    NOT NULL,
    not_before_ms     BIGINT  NOT NULL,
    not_after_ms      BIGINT  NOT NULL,
    issued_at_ms      BIGINT  NOT NULL,
    revoked_at_ms     BIGINT  NULL,
    revocation_reason INTEGER NULL
);
CREATE INDEX IF NOT EXISTS ix_certificates_pos ON certificates (pos_id, id);
CREATE INDEX IF NOT EXISTS ix_certificates_terminal ON certificates (terminal_id, id);
CREATE INDEX IF NOT EXISTS ix_certificates_revoked ON certificates (revoked_at_ms, not_after_ms);
CREATE INDEX IF NOT EXISTS ix_certificates_not_after ON certificates (not_after_ms, id);
