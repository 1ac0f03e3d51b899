-- Fleet grain state (SQLite). Idempotent: applied at every start by FleetDatabase.EnsureSchemaAsync.
-- One row per (storage state name, grain id). version is the ETag; payload is Orleans-serialized bytes of the
-- state, type_alias the state type's [Alias]. updated_at is unix milliseconds.
CREATE TABLE IF NOT EXISTS grain_state (
    state_name  TEXT    NOT NULL,
    grain_id    TEXT    NOT NULL,
    type_alias  TEXT    NOT NULL,
    payload     BLOB    NOT NULL,
    version     INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (state_name, grain_id)
) WITHOUT ROWID;
