-- Composite indexes so that every documented list filter, combined with every documented sort, is
-- one index seek read in the sort's order (no full scan, no sort of the matches): the equality
-- filter first, then the sort column, then id (the keyset tie-breaker). Also serve the health
-- snapshot's per-kind and per-store counts as index ranges. The plans are recorded in
-- docs/storage.md ("Index use per list") and checked by ListIndexPlanTests. Idempotent.

-- terminals: store × serialNumber | kind, kind × serialNumber | storeId (last-seen filters and sorts
-- are served by terminal_presence, 100-terminal-presence.sql)
CREATE INDEX IF NOT EXISTS ix_terminals_store_serial ON terminals (store_id, serial_number, id);
CREATE INDEX IF NOT EXISTS ix_terminals_store_kind ON terminals (store_id, kind, id);
CREATE INDEX IF NOT EXISTS ix_terminals_kind_serial ON terminals (kind, serial_number, id);
CREATE INDEX IF NOT EXISTS ix_terminals_kind_store ON terminals (kind, store_id, id);

-- stores: corporateId × name
CREATE INDEX IF NOT EXISTS ix_stores_corporate_name ON stores (corporate_id, name, id);

-- pos: paired=true|false (partial indexes: a condition on a NULL test has no useful key order)
CREATE INDEX IF NOT EXISTS ix_pos_paired ON pos (id) WHERE cert_serial IS NOT NULL;
CREATE INDEX IF NOT EXISTS ix_pos_unpaired ON pos (id) WHERE cert_serial IS NULL;
CREATE INDEX IF NOT EXISTS ix_pos_paired_store ON pos (store_id, id) WHERE cert_serial IS NOT NULL;
CREATE INDEX IF NOT EXISTS ix_pos_unpaired_store ON pos (store_id, id) WHERE cert_serial IS NULL;
CREATE INDEX IF NOT EXISTS ix_pos_licence_store ON pos (licence_state, store_id, id);

-- certificates: store, status=revoked
CREATE INDEX IF NOT EXISTS ix_certificates_store ON certificates (store_id, id);
CREATE INDEX IF NOT EXISTS ix_certificates_revoked_id ON certificates (id) WHERE revoked_at_ms IS NOT NULL;

-- audit: targetType alone, targetId alone (ix_audit_events_target serves both together)
CREATE INDEX IF NOT EXISTS ix_audit_events_target_type ON audit_events (target_type, id);
CREATE INDEX IF NOT EXISTS ix_audit_events_target_id ON audit_events (target_id, id);

-- activations: sort createdAt, and status (approval) / corporateId / posId × validTo | createdAt
CREATE INDEX IF NOT EXISTS ix_activations_created ON activations (created_at_ms, id);
CREATE INDEX IF NOT EXISTS ix_activations_approval_valid_to ON activations (approval, valid_to_ms, id);
CREATE INDEX IF NOT EXISTS ix_activations_approval_created ON activations (approval, created_at_ms, id);
CREATE INDEX IF NOT EXISTS ix_activations_corporate_valid_to ON activations (corporate_id, valid_to_ms, id);
CREATE INDEX IF NOT EXISTS ix_activations_corporate_created ON activations (corporate_id, created_at_ms, id);
CREATE INDEX IF NOT EXISTS ix_activations_pos_valid_to ON activations (pos_id, valid_to_ms, id);
CREATE INDEX IF NOT EXISTS ix_activations_pos_created ON activations (pos_id, created_at_ms, id);
