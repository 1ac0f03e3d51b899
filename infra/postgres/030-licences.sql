-- srv4pos licences (PostgreSQL): one row per activation, projected by the activation grain's
-- storage in the same transaction as its state. Status is not stored: it is derived on read from
-- approval, the period and the clock (see docs/licences.md). Times are unix milliseconds (UTC).
-- Ids compare byte-wise (COLLATE "C") so keyset pagination orders them the same everywhere.

CREATE TABLE IF NOT EXISTS activations (
    id                  TEXT    COLLATE "C" NOT NULL PRIMARY KEY,
    cash_register_name  TEXT    NOT NULL,
    device_id           TEXT    NOT NULL,
    corporate_id        TEXT    NOT NULL,
    application_package TEXT    NOT NULL,
    pos_id              TEXT    COLLATE "C" NULL,
    approval            TEXT    NOT NULL,
    valid_from_ms       BIGINT  NOT NULL,
    valid_to_ms         BIGINT  NOT NULL,
    key_issued_at_ms    BIGINT  NOT NULL,
    decided_at_ms       BIGINT  NULL,
    created_at_ms       BIGINT  NOT NULL,
    updated_at_ms       BIGINT  NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_activations_approval ON activations (approval, id);
CREATE INDEX IF NOT EXISTS ix_activations_valid_to ON activations (valid_to_ms, id);
CREATE INDEX IF NOT EXISTS ix_activations_pos ON activations (pos_id, id);
CREATE INDEX IF NOT EXISTS ix_activations_corporate ON activations (corporate_id, id);
