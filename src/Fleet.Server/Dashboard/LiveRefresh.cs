using Fleet.Common;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Dashboard;

/// <summary>One clock per silo that tells open dashboard pages to re-read what they show. Pages
/// re-read the read model (lists, counts) or the one grain they display, so the cost grows with the
/// number of open pages, never with the number of devices.</summary>
public sealed class LiveRefresh : IDisposable
{
    private readonly ITimer _timer;
    private readonly ILogger<LiveRefresh> _logger;
    private readonly Lock _gate = new();
    private Func<Task>[] _subscribers = [];

    public LiveRefresh(FleetClock time, IOptions<DashboardOptions> options, ILogger<LiveRefresh> logger)
    {
        _logger = logger;
        var interval = options.Value.RefreshInterval;
        _timer = time.CreateTimer(_ => Tick(), null, interval, interval);
    }

    /// <summary>Calls <paramref name="onTick"/> at every tick until the returned handle is disposed.</summary>
    public IDisposable Subscribe(Func<Task> onTick)
    {
        lock (_gate) _subscribers = [.. _subscribers, onTick];
        return new Subscription(this, onTick);
    }

    private void Tick()
    {
        foreach (var subscriber in Volatile.Read(ref _subscribers)) _ = RunAsync(subscriber);
    }

    private async Task RunAsync(Func<Task> subscriber)
    {
        try
        {
            await subscriber();
        }
        catch (Exception e)
        {
            // A page that cannot refresh keeps what it shows; the next tick tries again.
            _logger.LogDebug(e, "A dashboard page failed to refresh.");
        }
    }

    private void Unsubscribe(Func<Task> onTick)
    {
        lock (_gate) _subscribers = _subscribers.Where(s => s != onTick).ToArray();
    }

    public void Dispose() => _timer.Dispose();

    private sealed class Subscription(LiveRefresh owner, Func<Task> onTick) : IDisposable
    {
        public void Dispose() => owner.Unsubscribe(onTick);
    }
}
