using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Fleet.Bench;

/// <summary>What the scenarios share: the two targets, the estate, the report, and the heartbeat
/// round-robin position (so later runs keep cycling through the terminals where earlier ones stopped).</summary>
public sealed class BenchContext(BenchOptions options, BenchTarget fleet, BenchTarget baseline, Report report)
{
    /// <summary>A heartbeat this long after its terminal's previous one (or its first) is at a real
    /// fleet's cadence (terminals report every 30–60 s); Fleet's shipped settings also persist
    /// last-seen when the stored one is this old (Fleet:Health:PersistLastSeenEvery).</summary>
    public static readonly TimeSpan RealisticCadence = TimeSpan.FromSeconds(30);

    private long _fleetHeartbeats;
    private long _atRealisticCadence;
    private long[]? _lastHeartbeat;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public BenchOptions Options { get; } = options;
    public BenchTarget Fleet { get; } = fleet;
    public BenchTarget Baseline { get; } = baseline;
    public Report Report { get; } = report;
    public BenchFleet Estate { get; } = new(options.Terminals);

    /// <summary>Fleet's resident memory when it was first ready, before any terminal existed.</summary>
    public long RssAtReady { get; set; }
    public long? RssAfterSeed { get; set; }

    /// <summary>Distinct terminals that have sent Fleet a heartbeat so far (round-robin: the first N
    /// heartbeats cover every terminal once).</summary>
    public long TerminalsHeartbeated => Math.Min(Estate.Terminals, Interlocked.Read(ref _fleetHeartbeats));

    public void Log(string message) => Console.Error.WriteLine($"[bench {_clock.Elapsed:hh\\:mm\\:ss}] {message}");

    public LoadSettings Settings(int concurrency, TimeSpan duration, double? rate = null, long? maxRequests = null) =>
        new(concurrency, duration, Options.RequestTimeout, Options.Warmup, rate, maxRequests);

    /// <summary>Heartbeats to Fleet, round-robin over all terminals.</summary>
    public Func<BenchRequest> FleetHeartbeats()
    {
        _lastHeartbeat ??= new long[Estate.Terminals];
        var cadence = (long)(RealisticCadence.TotalSeconds * Stopwatch.Frequency);
        return () =>
        {
            var sequence = Interlocked.Increment(ref _fleetHeartbeats) - 1;
            var now = Stopwatch.GetTimestamp();
            var previous = Interlocked.Exchange(ref _lastHeartbeat[sequence % Estate.Terminals], now);
            if (previous == 0 || now - previous >= cadence) Interlocked.Increment(ref _atRealisticCadence);
            return Heartbeat(sequence);
        };
    }

    /// <summary>Heartbeats sent to Fleet so far, and how many of them came at least
    /// <see cref="RealisticCadence"/> after their terminal's previous one (or were its first).</summary>
    public (long Sent, long AtRealisticCadence) HeartbeatCadence =>
        (Interlocked.Read(ref _fleetHeartbeats), Interlocked.Read(ref _atRealisticCadence));

    /// <summary>The same requests for the baseline, with its own position.</summary>
    public Func<BenchRequest> BaselineHeartbeats()
    {
        long sent = 0;
        return () => Heartbeat(Interlocked.Increment(ref sent) - 1);
    }

    private BenchRequest Heartbeat(long sequence)
    {
        var i = sequence % Estate.Terminals;
        var body = BenchFleet.HeartbeatJson(i);
        return new BenchRequest(HttpMethod.Post, $"/api/v1/terminals/{BenchFleet.TerminalId(i)}/heartbeat",
            () => new StringContent(body, Encoding.UTF8, "application/json"));
    }

    /// <summary>Runs the same load against the baseline and then, straight after, against Fleet
    /// (the machine is shared and noisy: the two figures should see the same neighbours).</summary>
    public async Task<(LoadResult Fleet, LoadResult Baseline)> CompareAsync(
        string what, Func<BenchRequest> fleetRequests, Func<BenchRequest> baselineRequests, LoadSettings settings, CancellationToken ct)
    {
        var baseline = await RunAsync(Baseline, what, baselineRequests, settings, ct);
        var fleet = await RunAsync(Fleet, what, fleetRequests, settings, ct);
        return (fleet, baseline);
    }

    public async Task<LoadResult> RunAsync(BenchTarget target, string what, Func<BenchRequest> requests, LoadSettings settings, CancellationToken ct)
    {
        EnsureRunning(target);
        using var client = target.Client(settings.Rate is null ? settings.Concurrency : settings.MaxInFlight);
        var result = await target.Generator(client).RunAsync(requests, settings, ct);
        Log($"{what} on {target.Name}: {result.Ok} ok in {result.Elapsed.TotalSeconds:0.0} s = {result.RequestsPerSecond:0} req/s, "
            + $"p50 {Report.Ms(result.Latency.Percentile(50))}, p99 {Report.Ms(result.Latency.Percentile(99))}; {result.FailureSummary()}");
        foreach (var sample in result.FailureSamples) Log($"  failure on {target.Name}: {sample}");
        EnsureRunning(target);
        return result;
    }

    /// <summary>Any failed request makes the figure untrustworthy: the scenario fails and says why.</summary>
    public static void RequireClean(string what, LoadResult fleet, LoadResult? baseline = null)
    {
        if (fleet.Failures > 0)
            throw new BenchFailure($"{what}: Fleet: {fleet.FailureSummary()}; first: {string.Join(" ⏎ ", fleet.FailureSamples.Take(3))}");
        if (baseline is { Failures: > 0 })
            throw new BenchFailure($"{what}: baseline: {baseline.FailureSummary()}; first: {string.Join(" ⏎ ", baseline.FailureSamples.Take(3))}");
    }

    public static void EnsureRunning(BenchTarget target)
    {
        if (target.Process.HasExited)
            throw new BenchFailure($"{target.Name} is not running (it died); last log lines:\n{target.Process.Tail()}");
    }

    /// <summary><c>terminals.total</c> from <c>GET /api/v1/fleet/health</c>.</summary>
    public async Task<long> FleetTerminalTotalAsync(CancellationToken ct)
    {
        using var client = Fleet.Client(1);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(Options.RequestTimeout);
        using var response = await client.GetAsync("/api/v1/fleet/health", deadline.Token);
        var body = await response.Content.ReadAsStringAsync(deadline.Token);
        if (response.StatusCode != HttpStatusCode.OK)
            throw new BenchFailure($"GET /api/v1/fleet/health → {(int)response.StatusCode}: {LoadGenerator.Shorten(body)}");
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("terminals").GetProperty("total").GetInt64();
    }

    /// <summary>Waits (≤ 30 s, in case counts come from a periodically refreshed snapshot) until
    /// Fleet counts every imported terminal; fewer means an acknowledged change was lost.</summary>
    public async Task RequireAllTerminalsAsync(string when, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        long total;
        while ((total = await FleetTerminalTotalAsync(ct)) != Estate.Terminals && deadline.Elapsed < TimeSpan.FromSeconds(30))
            await Task.Delay(500, ct);
        if (total != Estate.Terminals)
            throw new BenchFailure($"{when}: Fleet counts {total} terminals, expected {Estate.Terminals}.");
    }
}
