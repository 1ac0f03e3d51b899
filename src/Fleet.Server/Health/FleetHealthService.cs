using Fleet.Common;
using Fleet.Storage.ReadModel;
using Fleet.Terminals;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Health;

/// <summary>Builds the fleet health report for the REST API and the dashboard alike.</summary>
public sealed class FleetHealthService(
    FleetReadModel readModel,
    IEnumerable<IFleetHealthSection> sections,
    FleetClock time,
    IOptions<HealthOptions> health)
{
    public async Task<FleetHealthReport> ReadAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var window = health.Value.OfflineAfter;
        var counts = await readModel.GetHealthAsync(now, window, ct);
        var extra = new Dictionary<string, object>();
        foreach (var section in sections) extra[section.Name] = await section.ReadAsync(now, ct);
        return new FleetHealthReport(now, window, counts, extra);
    }
}
