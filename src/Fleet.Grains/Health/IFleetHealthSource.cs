namespace Fleet.Health;

/// <summary>Computes a fresh health snapshot from the read model. The host registers it: the
/// report's sections belong to areas (certificates, licences, Order N Pay) that live in the host,
/// and only <see cref="FleetHealthGrain"/> calls it.</summary>
public interface IFleetHealthSource
{
    Task<FleetHealthSnapshot> ComputeAsync(CancellationToken ct);
}
