-- A terminal as the lists show it: its terminals row with its presence (100-terminal-presence.sql).
-- Both databases fold a view this simple into the query that reads it, so a list filtered by store
-- still seeks ix_terminals_store, and one sorted by last-seen still walks ix_terminal_presence_seen.
-- presence_id and presence_kind are the presence row's copies of id and kind: a planner does not
-- carry the order of one side's id over to the other's, so a page read in last-seen order (from
-- ix_terminal_presence_seen) is ordered and filtered by these. After 101 (which drops the moved
-- columns from terminals). Dropped and made again at every start, so it is always this release's.
DROP VIEW IF EXISTS terminal_rows;
CREATE VIEW terminal_rows AS
    SELECT t.id, t.store_id, t.kind, t.serial_number, t.model, t.app_version, t.ip_address, t.local_port,
           p.battery, t.status_text, p.last_seen_ms, t.cert_not_after_ms, t.created_at_ms, t.updated_at_ms,
           p.id AS presence_id, p.kind AS presence_kind
    FROM terminals AS t
    JOIN terminal_presence AS p ON p.id = t.id;
