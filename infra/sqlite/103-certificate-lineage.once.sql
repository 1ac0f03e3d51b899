-- Certificate lineage (issue 16): a renewed certificate names the certificate it was renewed from,
-- and that one names its newest renewal. The lineage itself lives in the certificate grains (which
-- the revocation walk asks); these columns show it in lists and to SQL. Runs once per database
-- (schema_migrations): SQLite has no ADD COLUMN IF NOT EXISTS. Rows of certificates issued before
-- keep NULL in both: their renewals were not linked.
ALTER TABLE certificates ADD COLUMN predecessor_serial TEXT NULL;
ALTER TABLE certificates ADD COLUMN successor_serial TEXT NULL;
