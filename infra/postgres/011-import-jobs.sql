-- Bulk import jobs: lets a restarted silo find and resume imports that were accepted but not
-- finished (see ImportJobGrain). Kept current by the grain storage provider's projection.
CREATE TABLE IF NOT EXISTS import_jobs (
    id              TEXT    COLLATE "C" NOT NULL PRIMARY KEY,
    status          TEXT    NOT NULL,
    total           INTEGER NOT NULL,
    started_at_ms   BIGINT NOT NULL,
    completed_at_ms BIGINT NULL
);
CREATE INDEX IF NOT EXISTS ix_import_jobs_status ON import_jobs (status, id);
