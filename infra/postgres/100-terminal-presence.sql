-- Terminal presence (issue 13): when each terminal was last seen and the battery it reported, apart
-- from the terminal's other read-model columns. A heartbeat that changes nothing else writes only this
-- row: a narrow row found by its key, and its entry in the one last-seen index, where the wide terminals
-- row and its three last-seen indexes cost five random page writes per heartbeat. kind is copied here
-- (the terminal's grain writes both rows in one transaction) and carried in the index, so the health
-- counts per kind and a kind filter walking the last-seen order read the index alone. A row exists for
-- every terminal; last_seen_ms = -1: never seen. Idempotent.
CREATE TABLE IF NOT EXISTS terminal_presence (
    id           TEXT    COLLATE "C" NOT NULL PRIMARY KEY,
    kind         TEXT    NOT NULL,
    last_seen_ms BIGINT  NOT NULL DEFAULT -1,
    battery      INTEGER NULL
);
CREATE INDEX IF NOT EXISTS ix_terminal_presence_seen ON terminal_presence (last_seen_ms, id, kind);
