-- Dashboard users (SQLite): the list admins see. The user grains hold the truth, including the
-- password hash, which never enters this table. Kept current in the same transaction as the grain
-- state. Times are unix milliseconds (UTC). Idempotent.

CREATE TABLE IF NOT EXISTS dashboard_users (
    id              TEXT    NOT NULL PRIMARY KEY,
    role            TEXT    NOT NULL,
    created_at_ms   INTEGER NOT NULL,
    updated_at_ms   INTEGER NOT NULL,
    last_sign_in_ms INTEGER NULL
);
CREATE INDEX IF NOT EXISTS ix_dashboard_users_role ON dashboard_users (role, id);
