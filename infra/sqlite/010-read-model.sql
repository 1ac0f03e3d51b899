-- Fleet read model (SQLite). Rows are kept current by the grain storage provider, in the same
-- transaction as the grain state they are projected from (see docs/storage.md). Fleet-wide lists,
-- filters and health counts read these tables, never the device grains.
-- Times are unix milliseconds (UTC). Every statement is idempotent.

CREATE TABLE IF NOT EXISTS stores (
    id             TEXT    NOT NULL PRIMARY KEY,
    name           TEXT    NOT NULL,
    time_zone      TEXT    NOT NULL,
    corporate_id   TEXT    NULL,
    terminal_count INTEGER NOT NULL DEFAULT 0,
    pos_count      INTEGER NOT NULL DEFAULT 0,
    created_at_ms  INTEGER NOT NULL,
    updated_at_ms  INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_stores_corporate ON stores (corporate_id, id);
CREATE INDEX IF NOT EXISTS ix_stores_name ON stores (name, id);

-- battery and last_seen_ms live in terminal_presence (100-terminal-presence.sql); they stay in this
-- statement so that a new database and one made by an earlier release go through the same steps and
-- end with one schema: 101-terminal-presence-move.once.sql moves them out of both.
CREATE TABLE IF NOT EXISTS terminals (
    id                TEXT    NOT NULL PRIMARY KEY,
    store_id          TEXT    NOT NULL,
    kind              TEXT    NOT NULL,
    serial_number     TEXT    NOT NULL,
    model             TEXT    NULL,
    app_version       TEXT    NULL,
    ip_address        TEXT    NULL,
    local_port        INTEGER NULL,
    battery           INTEGER NULL,
    status_text       TEXT    NULL,
    last_seen_ms      INTEGER NOT NULL DEFAULT -1,
    cert_not_after_ms INTEGER NULL,
    created_at_ms     INTEGER NOT NULL,
    updated_at_ms     INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_terminals_store ON terminals (store_id, id);
CREATE INDEX IF NOT EXISTS ix_terminals_kind ON terminals (kind, id);
CREATE INDEX IF NOT EXISTS ix_terminals_serial ON terminals (serial_number, id);
CREATE INDEX IF NOT EXISTS ix_terminals_cert ON terminals (cert_not_after_ms, id);

CREATE TABLE IF NOT EXISTS pos (
    id                  TEXT    NOT NULL PRIMARY KEY,
    store_id            TEXT    NOT NULL,
    name                TEXT    NULL,
    terminal_id         TEXT    NULL,
    cert_serial         TEXT    NULL,
    cert_not_after_ms   INTEGER NULL,
    licence_state       TEXT    NULL,
    licence_valid_to_ms INTEGER NULL,
    created_at_ms       INTEGER NOT NULL,
    updated_at_ms       INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_pos_store ON pos (store_id, id);
CREATE INDEX IF NOT EXISTS ix_pos_cert ON pos (cert_not_after_ms, id);
CREATE INDEX IF NOT EXISTS ix_pos_licence ON pos (licence_state, id);

CREATE TABLE IF NOT EXISTS api_keys (
    id            TEXT    NOT NULL PRIMARY KEY,
    name          TEXT    NOT NULL,
    role          TEXT    NOT NULL,
    created_at_ms INTEGER NOT NULL,
    revoked_at_ms INTEGER NULL
);
