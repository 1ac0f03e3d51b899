namespace Fleet.Bench.Scenarios;

/// <summary>Heartbeats from N distinct terminals, round-robin, so each terminal reports once per
/// cycle of N requests. First closed-loop (the maximum rate; the cycle time it implies is the
/// cadence each terminal reported at), then open-loop at half that rate (or <c>--rate</c>) for the
/// latency a fleet sees when it is not saturated.</summary>
public sealed class HeartbeatsScenario : IScenario
{
    public string Name => "heartbeats";

    public async Task RunAsync(BenchContext c, CancellationToken ct)
    {
        var o = c.Options;
        var n = c.Estate.Terminals;
        var max = c.Settings(o.Concurrency, o.Duration);
        var before = c.HeartbeatCadence;
        var (fleet, baseline) = await c.CompareAsync("heartbeats, closed loop", c.FleetHeartbeats(), c.BaselineHeartbeats(), max, ct);
        BenchContext.RequireClean("heartbeats (closed loop)", fleet, baseline);
        var realistic = RealisticShare(before, c.HeartbeatCadence);

        var cycle = TimeSpan.FromSeconds(n / Math.Max(1, fleet.RequestsPerSecond));
        var cadence = $"a cycle over all terminals takes {cycle.TotalSeconds:0.#} s; {realistic}";
        c.Report.Add("heartbeats", $"req/s, closed loop, {o.Concurrency} workers, {n:N0} terminals round-robin",
            Report.Rate(fleet.RequestsPerSecond), Report.Rate(baseline.RequestsPerSecond),
            Report.Ratio(fleet.RequestsPerSecond, baseline.RequestsPerSecond), cadence);
        AddLatencies(c, "heartbeats", "closed loop", fleet, baseline);

        var rate = o.Rate ?? Math.Max(1, fleet.RequestsPerSecond / 2);
        var open = c.Settings(o.Concurrency, o.Duration, rate);
        before = c.HeartbeatCadence;
        var (fleetHalf, baselineHalf) = await c.CompareAsync($"heartbeats, open loop at {rate:0} req/s",
            c.FleetHeartbeats(), c.BaselineHeartbeats(), open, ct);
        BenchContext.RequireClean("heartbeats (open loop)", fleetHalf, baselineHalf);
        realistic = RealisticShare(before, c.HeartbeatCadence);
        var which = o.Rate is null ? "half Fleet's max" : "--rate";
        c.Report.Add("heartbeats", $"p99 open loop at {rate:N0} req/s ({which})",
            Report.Ms(fleetHalf.Latency.Percentile(99)), Report.Ms(baselineHalf.Latency.Percentile(99)),
            Report.Ratio(fleetHalf.Latency.Percentile(99), baselineHalf.Latency.Percentile(99)),
            $"achieved {fleetHalf.RequestsPerSecond:N0} req/s; p50 {Report.Ms(fleetHalf.Latency.Percentile(50))} vs {Report.Ms(baselineHalf.Latency.Percentile(50))}; latency from the scheduled start; {realistic}");
    }

    /// <summary>How much of a run was at a real fleet's cadence: with few terminals and a fast
    /// server the round-robin comes back to a terminal within seconds, which no real fleet does.</summary>
    private static string RealisticShare((long Sent, long AtRealisticCadence) before, (long Sent, long AtRealisticCadence) after)
    {
        var sent = after.Sent - before.Sent;
        var share = sent == 0 ? 0 : 100.0 * (after.AtRealisticCadence - before.AtRealisticCadence) / sent;
        return $"{share:0} % of its heartbeats (incl. warm-up) came ≥ {BenchContext.RealisticCadence.TotalSeconds:0} s after the terminal's previous one or were its first";
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
