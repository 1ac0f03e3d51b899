-- Moves terminals.last_seen_ms and battery to terminal_presence (100-terminal-presence.sql), once per
-- database (schema_migrations). A database made by an earlier release keeps every terminal's last
-- sighting; in a new one terminals is empty and only the columns go. The three last-seen indexes of
-- terminals go first (a column under an index cannot be dropped). SQLite rewrites the
-- terminals table to drop a column: once, in this script's transaction (seconds at a million rows).
INSERT INTO terminal_presence (id, kind, last_seen_ms, battery)
    SELECT id, kind, last_seen_ms, battery FROM terminals WHERE true -- (SQLite reads "ON" after a bare FROM as a join's)
    ON CONFLICT (id) DO NOTHING;
DROP INDEX IF EXISTS ix_terminals_last_seen;
DROP INDEX IF EXISTS ix_terminals_store_last_seen;
DROP INDEX IF EXISTS ix_terminals_kind_last_seen;
ALTER TABLE terminals DROP COLUMN last_seen_ms;
ALTER TABLE terminals DROP COLUMN battery;
