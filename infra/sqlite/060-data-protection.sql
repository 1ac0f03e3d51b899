-- ASP.NET Core data-protection keys (cookie and antiforgery signing), shared by every silo.
-- Each row's xml is encrypted with the CA key passphrase (see DataProtection/PassphraseXmlEncryptor).
CREATE TABLE IF NOT EXISTS data_protection_keys (
    id            TEXT   NOT NULL PRIMARY KEY,
    xml           TEXT   NOT NULL,
    created_at_ms INTEGER NOT NULL
);
