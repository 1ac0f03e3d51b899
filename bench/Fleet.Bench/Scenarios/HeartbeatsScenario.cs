namespace Fleet.Bench.Scenarios;

/// <summary>Heartbeats from N distinct terminals, round-robin, so each terminal reports once per
/// cycle of N requests. First closed-loop (the maximum rate; the cycle time it implies is the
/// cadence each terminal reported at), then open-loop at half that rate (or <c>--rate</c>) for the
/// latency a fleet sees when it is not saturated.</summary>
public sealed class HeartbeatsScenario : IScenario
{
    /// <summary>Fleet persists a terminal's last-seen when the stored one is at least this old
    /// (Fleet:Health:PersistLastSeenEvery, 30 s in the shipped settings): a cycle this long means
    /// every heartbeat took the path a real fleet (reporting every 30–60 s) takes.</summary>
    private static readonly TimeSpan RealisticCadence = TimeSpan.FromSeconds(30);

    public string Name => "heartbeats";

    public async Task RunAsync(BenchContext c, CancellationToken ct)
    {
        var o = c.Options;
        var n = c.Estate.Terminals;
        var max = c.Settings(o.Concurrency, o.Duration);
        var (fleet, baseline) = await c.CompareAsync("heartbeats, closed loop", c.FleetHeartbeats(), c.BaselineHeartbeats(), max, ct);
        BenchContext.RequireClean("heartbeats (closed loop)", fleet, baseline);

        var cycle = TimeSpan.FromSeconds(n / Math.Max(1, fleet.RequestsPerSecond));
        var cadence = cycle >= RealisticCadence
            ? $"each terminal every {cycle.TotalSeconds:0} s (≥ 30 s: a real fleet's cadence)"
            : $"each terminal every {cycle.TotalSeconds:0.0} s (< 30 s: faster than a real fleet; more terminals give a realistic cadence)";
        c.Report.Add("heartbeats", $"req/s, closed loop, {o.Concurrency} workers, {n:N0} terminals round-robin",
            Report.Rate(fleet.RequestsPerSecond), Report.Rate(baseline.RequestsPerSecond),
            Report.Ratio(fleet.RequestsPerSecond, baseline.RequestsPerSecond), cadence);
        AddLatencies(c, "heartbeats", "closed loop", fleet, baseline);

        var rate = o.Rate ?? Math.Max(1, fleet.RequestsPerSecond / 2);
        var open = c.Settings(o.Concurrency, o.Duration, rate);
        var (fleetHalf, baselineHalf) = await c.CompareAsync($"heartbeats, open loop at {rate:0} req/s",
            c.FleetHeartbeats(), c.BaselineHeartbeats(), open, ct);
        BenchContext.RequireClean("heartbeats (open loop)", fleetHalf, baselineHalf);
        var which = o.Rate is null ? "half Fleet's max" : "--rate";
        c.Report.Add("heartbeats", $"p99 open loop at {rate:N0} req/s ({which})",
            Report.Ms(fleetHalf.Latency.Percentile(99)), Report.Ms(baselineHalf.Latency.Percentile(99)),
            Report.Ratio(fleetHalf.Latency.Percentile(99), baselineHalf.Latency.Percentile(99)),
            $"achieved {fleetHalf.RequestsPerSecond:N0} req/s; p50 {Report.Ms(fleetHalf.Latency.Percentile(50))} vs {Report.Ms(baselineHalf.Latency.Percentile(50))}; latency from the scheduled start");
    }

    /// <summary>p50 / p90 / p99 / max rows, shared with the read scenarios.</summary>
    public static void AddLatencies(BenchContext c, string scenario, string how, LoadResult fleet, LoadResult baseline)
    {
        foreach (var p in new[] { 50, 90, 99 })
            c.Report.Add(scenario, $"p{p} ({how})", Report.Ms(fleet.Latency.Percentile(p)), Report.Ms(baseline.Latency.Percentile(p)),
                Report.Ratio(fleet.Latency.Percentile(p), baseline.Latency.Percentile(p)));
        c.Report.Add(scenario, $"max ({how})", Report.Ms(fleet.Latency.Max), Report.Ms(baseline.Latency.Max),
            Report.Ratio(fleet.Latency.Max, baseline.Latency.Max), $"{fleet.Ok:N0} vs {baseline.Ok:N0} requests");
    }
}
