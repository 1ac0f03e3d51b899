using Fleet.Common;
using Fleet.Health;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

namespace Fleet.Tests.Health;

/// <summary>The health snapshot owner: the first read waits for a computation, later reads never
/// do, and however many readers find the snapshot stale only one refresh runs.</summary>
public sealed class FleetHealthGrainTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly GatedHealthSource _source;
    private InProcessTestCluster _cluster = null!;

    public FleetHealthGrainTests() => _source = new GatedHealthSource(_time);

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton(new FleetClock(_time));
            silo.Services.AddSingleton<IFleetHealthSource>(_source);
            // An hour of real time never passes in a test: only moving fleet time makes it stale.
            silo.Services.AddOptions<HealthSnapshotOptions>().Configure(o => o.SnapshotMaxAge = TimeSpan.FromHours(1));
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await _cluster.StopAllSilosAsync();
        await _cluster.DisposeAsync();
    }

    private IFleetHealthGrain Grain => _cluster.Client.GetGrain<IFleetHealthGrain>(IFleetHealthGrain.Key);

    [Fact]
    public async Task First_read_waits_then_stale_reads_are_answered_at_once_by_one_shared_refresh()
    {
        var first = Grain.Get();
        await _source.WaitUntilStartedAsync(1);
        Assert.False(first.IsCompleted); // nothing to serve yet: the first reader waits
        _source.Release();
        Assert.Equal(1, (await first).Counts.Stores);

        Assert.Equal(1, (await Grain.Get()).Counts.Stores);
        Assert.Equal(1, _source.Started); // fresh: no recomputation

        _time.Advance(TimeSpan.FromHours(2)); // the snapshot is now older than the max age
        var stale = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Grain.Get()));
        Assert.All(stale, s => Assert.Equal(1, s.Counts.Stores)); // answered while the refresh is held
        await _source.WaitUntilStartedAsync(2);
        Assert.Equal(2, _source.Started); // twenty stale readers, one refresh

        _source.Release();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        FleetHealthSnapshot latest;
        do latest = await Grain.Get(); while (latest.Counts.Stores != 2 && DateTime.UtcNow < deadline);
        Assert.Equal(2, latest.Counts.Stores);
        Assert.Equal(_time.GetUtcNow(), latest.GeneratedAt);
        Assert.Equal(2, _source.Started);
    }

    /// <summary>Counts its computations (the n-th reports n stores) and holds each one until the
    /// test releases it, so the test sees what readers get while a computation is running.</summary>
    private sealed class GatedHealthSource(TimeProvider time) : IFleetHealthSource
    {
        private readonly SemaphoreSlim _gate = new(0);
        private int _started;

        public int Started => Volatile.Read(ref _started);

        public void Release() => _gate.Release();

        public async Task<FleetHealthSnapshot> ComputeAsync(CancellationToken ct)
        {
            var n = Interlocked.Increment(ref _started);
            await _gate.WaitAsync(ct);
            return new FleetHealthSnapshot(time.GetUtcNow(), TimeSpan.FromMinutes(2),
                new FleetHealthCounts(n, new KindCounts(0, 0, 0, 0), new Dictionary<string, KindCounts>(), 0, 0, []),
                new Dictionary<string, object>());
        }

        public async Task WaitUntilStartedAsync(int count)
        {
            var deadline = DateTime.UtcNow.AddSeconds(15);
            while (Started < count && DateTime.UtcNow < deadline) await Task.Delay(10);
        }
    }
}
