-- Fleet grain state (PostgreSQL). Idempotent: applied at every start by FleetDatabase.EnsureSchemaAsync.
-- One row per (storage state name, grain id). version is the ETag; payload is Orleans-serialized bytes of the
-- state, type_alias the state type's [Alias]. updated_at is unix milliseconds.
CREATE TABLE IF NOT EXISTS grain_state (
    state_name  text   NOT NULL,
    grain_id    text   NOT NULL,
    type_alias  text   NOT NULL,
    payload     bytea  NOT NULL,
    version     bigint NOT NULL,
    updated_at  bigint NOT NULL,
    PRIMARY KEY (state_name, grain_id)
);
