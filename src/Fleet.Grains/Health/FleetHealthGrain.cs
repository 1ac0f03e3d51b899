using Fleet.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Health;

/// <summary>Holds the last fleet health snapshot and recomputes it when it is older than
/// <see cref="HealthSnapshotOptions.SnapshotMaxAge"/>. Only the first call waits; afterwards a
/// stale snapshot is answered at once and one background refresh runs (concurrent callers share
/// it), so the aggregate queries run at most once per max age in the whole cluster, whatever the
/// request rate. Nothing is persisted: a new activation computes a fresh snapshot.</summary>
public sealed class FleetHealthGrain(
    IFleetHealthSource source,
    FleetClock fleetTime,
    TimeProvider runtimeTime,
    IOptions<HealthSnapshotOptions> options,
    ILogger<FleetHealthGrain> log) : Grain, IFleetHealthGrain
{
    private FleetHealthSnapshot? _current;
    private long _computedAt;
    private bool _refreshing;

    public async Task<FleetHealthSnapshot> Get()
    {
        if (_current is null)
        {
            // The very first caller waits; callers queued behind it (the grain is not reentrant)
            // then find the snapshot it computed.
            await RefreshAsync();
            return _current!;
        }
        if (IsStale() && !_refreshing)
        {
            _refreshing = true;
            _ = RefreshInBackgroundAsync();
        }
        return _current;
    }

    /// <summary>Age counts in real time (a snapshot goes stale while the fleet changes) and in
    /// fleet time too: when the fleet clock has moved past the snapshot, its online/offline
    /// split is no longer what that time says. In production both clocks agree.</summary>
    private bool IsStale()
    {
        var maxAge = options.Value.SnapshotMaxAge;
        return runtimeTime.GetElapsedTime(_computedAt) >= maxAge
            || (fleetTime.GetUtcNow() - _current!.GeneratedAt).Duration() >= maxAge;
    }

    private async Task RefreshInBackgroundAsync()
    {
        try
        {
            await RefreshAsync();
        }
        catch (Exception e)
        {
            // The last snapshot keeps being served; the next stale read tries again.
            log.LogWarning(e, "Refreshing the fleet health snapshot failed; serving the one from {GeneratedAt}.", _current?.GeneratedAt);
        }
        finally
        {
            _refreshing = false;
        }
    }

    private async Task RefreshAsync()
    {
        var started = runtimeTime.GetTimestamp();
        _current = await source.ComputeAsync(CancellationToken.None);
        _computedAt = started;
    }
}
