namespace Fleet.Storage.ReadModel;

/// <summary>An issued certificate in the fleet-wide list.</summary>
public sealed record CertificateRow(
    string SerialNumber, string PosId, string TerminalId, string StoreId, string Kind,
    DateTimeOffset NotBefore, DateTimeOffset NotAfter, DateTimeOffset IssuedAt,
    DateTimeOffset? RevokedAt, int? RevocationReason);
