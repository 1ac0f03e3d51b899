-- Bulk import staging: every row of an import document, validated, written here in chunks while
-- the document streams in, so neither the request nor the job grain ever holds a whole import in
-- memory. Cross-row checks (duplicate ids, store references) are queries over these rows; the job
-- grain applies them chunk by chunk in (kind, seq) order and checkpoints the last seq it applied.
-- kind: 0 store, 1 terminal, 2 pos (stores are applied first: devices refer to them).
-- valid = 0 marks a row that failed a per-row check: it is kept only so that cross-row checks see
-- it (a duplicate of a bad row is still a duplicate), and the whole import is then refused.
-- Rows are deleted when their import is refused or completes.
CREATE TABLE IF NOT EXISTS import_rows (
    job_id        TEXT    NOT NULL,
    kind          INTEGER NOT NULL,
    seq           INTEGER NOT NULL,
    row_label     TEXT    NOT NULL,
    row_id        TEXT    NOT NULL,
    store_id      TEXT    NULL,
    name          TEXT    NULL,
    time_zone     TEXT    NULL,
    corporate_id  TEXT    NULL,
    terminal_kind TEXT    NULL,
    serial_number TEXT    NULL,
    model         TEXT    NULL,
    app_version   TEXT    NULL,
    valid         INTEGER NOT NULL,
    staged_at_ms  INTEGER NOT NULL,
    PRIMARY KEY (job_id, kind, seq)
) WITHOUT ROWID;
-- Duplicate ids and "is this store in the import" are seeks on this index.
CREATE INDEX IF NOT EXISTS ix_import_rows_id ON import_rows (job_id, kind, row_id, seq);
