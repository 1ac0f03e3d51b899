-- Moves terminals.last_seen_ms and battery to terminal_presence (100-terminal-presence.sql), once per
-- database (schema_migrations). A database made by an earlier release keeps every terminal's last
-- sighting; in a new one terminals is empty and only the columns go. The three last-seen indexes of
-- terminals go with the columns.
INSERT INTO terminal_presence (id, kind, last_seen_ms, battery)
    SELECT id, kind, last_seen_ms, battery FROM terminals
    ON CONFLICT (id) DO NOTHING;
DROP INDEX IF EXISTS ix_terminals_last_seen;
DROP INDEX IF EXISTS ix_terminals_store_last_seen;
DROP INDEX IF EXISTS ix_terminals_kind_last_seen;
ALTER TABLE terminals DROP COLUMN IF EXISTS last_seen_ms, DROP COLUMN IF EXISTS battery;
