namespace Fleet.Storage.ReadModel;

/// <summary>Filters of the fleet-wide POS list.</summary>
public sealed record PosFilter(
    string? StoreId = null, bool? Paired = null, string? LicenceState = null, DateTimeOffset? CertificateExpiresBefore = null);
