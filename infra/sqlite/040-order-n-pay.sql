-- Order N Pay outlets (SQLite): one row per store with a PowerEPOS integration, projected by the
-- outlet grain in the same transaction as its state (see docs/order-n-pay.md). The fleet health
-- section counts connected outlets and waiting messages from here. Times are unix milliseconds.
CREATE TABLE IF NOT EXISTS order_n_pay_outlets (
    id                 TEXT    NOT NULL PRIMARY KEY,
    pos_remote_id      TEXT    NOT NULL,
    connection_id      TEXT    NULL,
    connected_since_ms INTEGER NULL,
    last_seen_ms       INTEGER NULL,
    last_ack_ms        INTEGER NULL,
    pending_count      INTEGER NOT NULL DEFAULT 0,
    oldest_pending_ms  INTEGER NULL,
    created_at_ms      INTEGER NOT NULL,
    updated_at_ms      INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_order_n_pay_outlets_oldest_pending ON order_n_pay_outlets (oldest_pending_ms, id);
