-- A POS is identified by (store, posId) (issue 14): its Fleet id — the grain key and pos.id — is
-- '{storeId}~{posId}' (PosKey), and pos.pos_id holds the posId. Runs once per database
-- (schema_migrations): a database of the previous release keyed each POS by its posId alone, which was
-- then unique fleet-wide and in Fleet's id alphabet, so its Fleet id is store_id || '~' || posId with
-- nothing to escape. The grain state moves to the new key in the same transaction as the row.
ALTER TABLE pos ADD COLUMN IF NOT EXISTS pos_id TEXT COLLATE "C" NULL;

UPDATE grain_state g
   SET grain_id = 'pos/' || p.store_id || '~' || p.id
  FROM pos p
 WHERE g.state_name = 'pos'
   AND g.grain_id = 'pos/' || p.id
   AND p.pos_id IS NULL;

UPDATE pos SET pos_id = id, id = store_id || '~' || id WHERE pos_id IS NULL;

CREATE UNIQUE INDEX IF NOT EXISTS ux_pos_store_pos_id ON pos (store_id, pos_id);
CREATE INDEX IF NOT EXISTS ix_pos_pos_id ON pos (pos_id, id);
