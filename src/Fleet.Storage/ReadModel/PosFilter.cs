namespace Fleet.Storage.ReadModel;

/// <summary>Filters of the fleet-wide POS list. <see cref="LicenceState"/> is a derived licence status
/// (PendingApproval, Active, ExpiringSoon, Expired, Rejected, Revoked, case-insensitive) or
/// <c>none</c>, judged at <see cref="Now"/>. <see cref="PosId"/> finds a posId in every store (with
/// <see cref="StoreId"/>, the one POS it names there).</summary>
public sealed record PosFilter(
    string? StoreId = null, bool? Paired = null, string? LicenceState = null, DateTimeOffset? CertificateExpiresBefore = null,
    DateTimeOffset Now = default, string? PosId = null);
