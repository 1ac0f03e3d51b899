-- Certificate lineage (issue 16): a renewed certificate names the certificate it was renewed from,
-- and that one names its newest renewal. The lineage itself lives in the certificate grains (which
-- the revocation walk asks); these columns show it in lists and to SQL. Runs once per database
-- (schema_migrations), as its SQLite twin must. Rows of certificates issued before keep NULL in
-- both: their renewals were not linked.
ALTER TABLE certificates ADD COLUMN IF NOT EXISTS predecessor_serial TEXT COLLATE "C" NULL;
ALTER TABLE certificates ADD COLUMN IF NOT EXISTS successor_serial TEXT COLLATE "C" NULL;
