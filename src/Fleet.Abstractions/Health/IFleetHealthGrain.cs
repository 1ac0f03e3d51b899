namespace Fleet.Health;

/// <summary>The one owner of the fleet health snapshot in the cluster, keyed <see cref="Key"/>.
/// Health counts are aggregate queries over the whole read model; running them per request grows
/// with the fleet, so this grain runs them at most every <c>Fleet:Health:SnapshotMaxAge</c> and
/// everyone else reads its last result.</summary>
[Alias("fleet.health")]
public interface IFleetHealthGrain : IGrainWithStringKey
{
    public const string Key = "fleet";

    /// <summary>The current snapshot. Only the very first call waits for a computation; once a
    /// snapshot exists a stale one is answered at once and a single refresh runs behind it.</summary>
    [Alias("get")]
    Task<FleetHealthSnapshot> Get();
}
