namespace Fleet.Bench.Scenarios;

/// <summary>Every documented list filter and sort (README: terminals store, kind, status,
/// certificateExpiresWithinDays, sort; stores corporateId, sort; POS store, paired, licence), one
/// closed-loop run each at the read concurrency. Filters naming a store or corporation rotate over
/// all of them, so no single row stays hot in a cache.</summary>
public sealed class ListScenario : IScenario
{
    public string Name => "list";

    public async Task RunAsync(BenchContext c, CancellationToken ct)
    {
        var estate = c.Estate;
        long turn = 0;
        // A stride coprime with the counts spreads consecutive requests across the estate.
        string Store() => BenchFleet.StoreId(Interlocked.Increment(ref turn) * 7919 % estate.Stores);
        string Corporation() => BenchFleet.CorporateId(Interlocked.Increment(ref turn) * 7919 % estate.Corporations * BenchFleet.StoresPerCorporation);

        (string Name, Func<string> Path)[] variants =
        [
            ("terminals ?store=X (20 match)", () => $"/api/v1/terminals?store={Store()}"),
            ("terminals ?store=X&sort=-serialNumber", () => $"/api/v1/terminals?store={Store()}&sort=-serialNumber"),
            ("terminals ?kind=pax", () => "/api/v1/terminals?kind=pax"),
            ("terminals ?status=online", () => "/api/v1/terminals?status=online"),
            ("terminals ?status=offline", () => "/api/v1/terminals?status=offline"),
            ("terminals ?status=never", () => "/api/v1/terminals?status=never"),
            ("terminals ?certificateExpiresWithinDays=30", () => "/api/v1/terminals?certificateExpiresWithinDays=30"),
            ("terminals ?sort=serialNumber", () => "/api/v1/terminals?sort=serialNumber"),
            ("terminals ?sort=-lastSeen", () => "/api/v1/terminals?sort=-lastSeen"),
            ("terminals ?sort=storeId", () => "/api/v1/terminals?sort=storeId"),
            ("terminals ?sort=kind", () => "/api/v1/terminals?sort=kind"),
            ("terminals ?kind=android&status=online&sort=-lastSeen", () => "/api/v1/terminals?kind=android&status=online&sort=-lastSeen"),
            ("stores ?corporateId=X (50 match)", () => $"/api/v1/stores?corporateId={Corporation()}"),
            ("stores ?sort=name", () => "/api/v1/stores?sort=name"),
            ("pos ?store=X", () => $"/api/v1/pos?store={Store()}"),
            ("pos ?paired=false", () => "/api/v1/pos?paired=false"),
            ("pos ?licence=none", () => "/api/v1/pos?licence=none"),
        ];

        var settings = c.Settings(c.Options.ReadConcurrency, c.Options.ListDuration);
        var failures = new List<string>();
        foreach (var (name, path) in variants)
        {
            BenchRequest Next() => BenchRequest.Get(path());
            var (fleet, baseline) = await c.CompareAsync($"list {name}", Next, Next, settings, ct);
            try { BenchContext.RequireClean($"list {name}", fleet, baseline); }
            catch (BenchFailure e) { failures.Add(e.Message); }
            c.Report.Add("list", $"{name}: p50 / p99",
                $"{Report.Ms(fleet.Latency.Percentile(50))} / {Report.Ms(fleet.Latency.Percentile(99))}",
                $"{Report.Ms(baseline.Latency.Percentile(50))} / {Report.Ms(baseline.Latency.Percentile(99))}",
                $"{Report.Ratio(fleet.Latency.Percentile(50), baseline.Latency.Percentile(50))} / {Report.Ratio(fleet.Latency.Percentile(99), baseline.Latency.Percentile(99))}",
                $"{fleet.Ok:N0} requests{(fleet.Failures > 0 ? "; " + fleet.FailureSummary() : "")}");
        }
        if (failures.Count > 0) throw new BenchFailure(string.Join(" ⏎ ", failures));
    }
}
