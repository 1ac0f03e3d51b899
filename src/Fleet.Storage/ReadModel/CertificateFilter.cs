namespace Fleet.Storage.ReadModel;

/// <summary>Filters of the certificate list; <c>Status</c> is active, revoked or expired.</summary>
public sealed record CertificateFilter(string? PosId = null, string? TerminalId = null, string? StoreId = null, string? Status = null);
