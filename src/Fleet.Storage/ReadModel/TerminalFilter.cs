namespace Fleet.Storage.ReadModel;

/// <summary>Filters of the fleet-wide terminal list. Health is one of "online", "offline", "never".</summary>
public sealed record TerminalFilter(
    string? StoreId = null, string? Kind = null, string? Health = null, DateTimeOffset? CertificateExpiresBefore = null)
{
    /// <summary>How many terminals the online/offline filter matches and how many there are, as the
    /// last health snapshot counted them (null when unknown). It decides how a page sorted by
    /// another column is read: see <see cref="FleetReadModel.ListTerminalsAsync"/>.</summary>
    public (int Matching, int Total)? HealthShare { get; init; }
}
