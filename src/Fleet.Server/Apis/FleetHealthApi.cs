using Fleet.Health;
using Fleet.Server.Health;
using Fleet.Server.Security;

namespace Fleet.Server.Apis;

/// <summary><c>GET /api/v1/fleet/health</c>: the counts headquarters watches, from the read model.</summary>
public static class FleetHealthApi
{
    public static IEndpointRouteBuilder MapFleetHealthApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/fleet/health", Get)
            .RequireAuthorization(FleetPolicies.Viewer)
            .WithTags("Fleet").WithName("GetFleetHealth")
            .WithSummary("Totals, online/offline terminals by kind, POS paired/unpaired, stores with most offline terminals, and each area's section.");
        return routes;
    }

    private static async Task<IResult> Get(FleetHealthService health, CancellationToken ct)
    {
        var report = await health.ReadAsync(ct);
        var counts = report.Counts;
        var body = new Dictionary<string, object?>
        {
            ["generatedAt"] = report.GeneratedAt,
            ["offlineAfterSeconds"] = (int)report.OfflineAfter.TotalSeconds,
            ["stores"] = counts.Stores,
            ["terminals"] = new
            {
                total = counts.Terminals.Total,
                online = counts.Terminals.Online,
                offline = counts.Terminals.Offline,
                never = counts.Terminals.Never,
                byKind = counts.TerminalsByKind,
            },
            ["pos"] = new { total = counts.Pos, paired = counts.PosPaired, unpaired = counts.Pos - counts.PosPaired },
            ["storesMostOffline"] = counts.StoresMostOffline,
        };
        foreach (var (name, section) in report.Sections) body[name] = section;
        return TypedResults.Ok(body);
    }
}
