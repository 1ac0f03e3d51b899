namespace Fleet.Storage.ReadModel;

/// <summary>A POS system in the fleet-wide list: <see cref="Id"/> is its Fleet id (store~posId).</summary>
public sealed record PosRow(
    string Id, string PosId, string StoreId, string? Name, string? TerminalId,
    string? CertificateSerial, DateTimeOffset? CertificateNotAfter,
    string? LicenceState, DateTimeOffset? LicenceValidTo,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
