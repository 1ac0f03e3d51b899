namespace Fleet.Bench.Scenarios;

/// <summary><c>GET /api/v1/fleet/health</c> latency at the read concurrency (a few dashboards and
/// scripts polling at once), closed loop.</summary>
public sealed class HealthScenario : IScenario
{
    public string Name => "health";

    public async Task RunAsync(BenchContext c, CancellationToken ct)
    {
        var settings = c.Settings(c.Options.ReadConcurrency, c.Options.Duration);
        var request = BenchRequest.Get("/api/v1/fleet/health");
        var (fleet, baseline) = await c.CompareAsync("fleet health", () => request, () => request, settings, ct);
        BenchContext.RequireClean("fleet health", fleet, baseline);
        HeartbeatsScenario.AddLatencies(c, "health", $"{c.Options.ReadConcurrency} workers", fleet, baseline);
        c.Report.Add("health", "req/s", Report.Rate(fleet.RequestsPerSecond), Report.Rate(baseline.RequestsPerSecond),
            Report.Ratio(fleet.RequestsPerSecond, baseline.RequestsPerSecond));
    }
}
