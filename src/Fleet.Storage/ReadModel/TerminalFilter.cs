namespace Fleet.Storage.ReadModel;

/// <summary>Filters of the fleet-wide terminal list. Health is one of "online", "offline", "never".</summary>
public sealed record TerminalFilter(
    string? StoreId = null, string? Kind = null, string? Health = null, DateTimeOffset? CertificateExpiresBefore = null);
