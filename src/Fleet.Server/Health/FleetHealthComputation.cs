using Fleet.Common;
using Fleet.Health;
using Fleet.Storage.ReadModel;
using Fleet.Terminals;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Health;

/// <summary>Computes the fleet health report from the read model: terminal and POS counts plus
/// each area's section. Runs only inside <see cref="FleetHealthGrain"/>, at most once per
/// <c>Fleet:Health:SnapshotMaxAge</c> in the whole cluster.</summary>
public sealed class FleetHealthComputation(
    FleetReadModel readModel,
    IEnumerable<IFleetHealthSection> sections,
    FleetClock time,
    IOptions<HealthOptions> health) : IFleetHealthSource
{
    public async Task<FleetHealthSnapshot> ComputeAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var window = health.Value.OfflineAfter;
        var counts = await readModel.GetHealthAsync(now, window, ct);
        var extra = new Dictionary<string, object>();
        foreach (var section in sections) extra[section.Name] = await section.ReadAsync(now, ct);
        return new FleetHealthSnapshot(now, window, counts, extra);
    }
}
