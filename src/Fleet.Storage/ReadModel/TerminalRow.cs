namespace Fleet.Storage.ReadModel;

/// <summary>A terminal in the fleet-wide list.</summary>
public sealed record TerminalRow(
    string Id, string StoreId, string Kind, string SerialNumber, string? Model, string? AppVersion,
    string? IpAddress, int? LocalPort, int? Battery, string? Status,
    DateTimeOffset? LastSeen, DateTimeOffset? CertificateNotAfter,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
