-- The certificate authority page lists the latest issued certificates: an index on the issue time
-- keeps that a seek at any table size. Idempotent.

CREATE INDEX IF NOT EXISTS ix_certificates_issued ON certificates (issued_at_ms);
