using Fleet.Health;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Health;

/// <summary>The fleet health report for the REST API and the dashboard alike: the snapshot of the
/// cluster's one <see cref="IFleetHealthGrain"/>, reused by this silo for
/// <see cref="HealthSnapshotOptions.SiloCacheFor"/> so that a busy silo does not make a grain call
/// per request. Counts are therefore up to <c>SnapshotMaxAge</c> plus that long old.</summary>
public sealed class FleetHealthService(IGrainFactory grains, TimeProvider runtimeTime, IOptions<HealthSnapshotOptions> options)
{
    private sealed record Fetched(FleetHealthSnapshot Snapshot, long At);

    private volatile Fetched? _last;

    public async Task<FleetHealthSnapshot> ReadAsync(CancellationToken ct)
    {
        var last = _last;
        if (last is not null && runtimeTime.GetElapsedTime(last.At) < options.Value.SiloCacheFor) return last.Snapshot;
        var asked = runtimeTime.GetTimestamp();
        var snapshot = await grains.GetGrain<IFleetHealthGrain>(IFleetHealthGrain.Key).Get().WaitAsync(ct);
        _last = new Fetched(snapshot, asked);
        return snapshot;
    }
}
