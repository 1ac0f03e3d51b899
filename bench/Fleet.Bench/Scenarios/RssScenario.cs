namespace Fleet.Bench.Scenarios;

/// <summary>Fleet's resident memory (VmRSS from <c>/proc/&lt;pid&gt;/status</c>) with all N terminals
/// active, and the cost per terminal over the RSS Fleet had when it was first ready with no
/// terminals. Heartbeats continue the round-robin where earlier scenarios stopped, until each
/// terminal has reported at least once (or --rss-timeout): memory is read then (every terminal has
/// just reported for the first time) and again after the terminals kept reporting for --rss-settle
/// (the steady state of a fleet that reports every minute).</summary>
public sealed class RssScenario : IScenario
{
    public string Name => "rss";

    public async Task RunAsync(BenchContext c, CancellationToken ct)
    {
        var n = c.Estate.Terminals;
        var missing = n - c.TerminalsHeartbeated;
        if (missing > 0)
        {
            c.Log($"rss: {missing} terminals have not reported yet; sending them a heartbeat each");
            var settings = c.Settings(c.Options.Concurrency, c.Options.RssTimeout, maxRequests: missing) with { Warmup = TimeSpan.Zero };
            var pass = await c.RunAsync(c.Fleet, "heartbeats until every terminal has reported", c.FleetHeartbeats(), settings, ct);
            BenchContext.RequireClean("rss (heartbeat pass)", pass);
        }
        // Let in-flight work and the write-behind (if any) settle before reading memory.
        await Task.Delay(c.Options.Smoke ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(5), ct);
        BenchContext.EnsureRunning(c.Fleet);
        var active = c.TerminalsHeartbeated;
        var rss = c.Fleet.Process.ResidentBytes();
        var baselineRss = c.Baseline.Process.ResidentBytes();
        var perTerminal = (rss - c.RssAtReady) / (double)Math.Max(1, active);
        var coverage = active == n ? $"all {n:N0} terminals have reported" : $"only {active:N0} of {n:N0} terminals reported within --rss-timeout";
        c.Report.Add("rss", "VmRSS, every terminal just reported for the first time", Report.Mb(rss), Report.Mb(baselineRss), Report.Ratio(rss, baselineRss),
            $"{coverage}; at ready (empty) {Report.Mb(c.RssAtReady)}"
            + (c.RssAfterSeed is { } seeded ? $", after the import {Report.Mb(seeded)}" : ""));
        c.Report.Add("rss", "bytes per terminal, first reports", $"{perTerminal:N0} B", "–", "–",
            "(RSS now − RSS at ready) / terminals that reported; includes SQLite's page cache and the GC's headroom");
        if (active < n) throw new BenchFailure(coverage);

        c.Log($"rss: the terminals keep reporting for {c.Options.RssSettle.TotalSeconds:0} s (--rss-settle)");
        var settle = c.Settings(c.Options.Concurrency, c.Options.RssSettle) with { Warmup = TimeSpan.Zero };
        var steady = await c.RunAsync(c.Fleet, "steady heartbeats before reading memory", c.FleetHeartbeats(), settle, ct);
        BenchContext.RequireClean("rss (steady heartbeats)", steady);
        BenchContext.EnsureRunning(c.Fleet);
        var steadyRss = c.Fleet.Process.ResidentBytes();
        var steadyPerTerminal = (steadyRss - c.RssAtReady) / (double)n;
        var cycle = steady.RequestsPerSecond > 0 ? n / steady.RequestsPerSecond : double.PositiveInfinity;
        c.Report.Add("rss", "VmRSS, all terminals reporting (steady state)", Report.Mb(steadyRss), Report.Mb(baselineRss), Report.Ratio(steadyRss, baselineRss),
            $"after {c.Options.RssSettle.TotalSeconds:0} s more of heartbeats ({steady.Ok:N0}; each terminal every {cycle:0.#} s)");
        c.Report.Add("rss", "bytes per terminal, steady state", $"{steadyPerTerminal:N0} B", "–", "–",
            "(RSS now − RSS at ready) / N; the issue's target is ≤ 4 KB (4 GB at 1M)");
    }
}
