namespace Fleet.Storage.ReadModel;

/// <summary>A revoked, not yet expired certificate: one CRL entry.</summary>
public sealed record RevokedCertificateRow(string SerialNumber, DateTimeOffset RevokedAt, int ReasonCode);
