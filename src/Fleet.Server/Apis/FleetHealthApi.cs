using Fleet.Server.Security;
using Fleet.Storage.ReadModel;
using Fleet.Terminals;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Apis;

/// <summary><c>GET /api/v1/fleet/health</c>: the counts headquarters watches, from the read model.</summary>
public static class FleetHealthApi
{
    public static IEndpointRouteBuilder MapFleetHealthApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/fleet/health", Get)
            .RequireAuthorization(FleetPolicies.Viewer)
            .WithTags("Fleet").WithName("GetFleetHealth")
            .WithSummary("Totals, online/offline terminals by kind, POS paired/unpaired, stores with most offline terminals.");
        return routes;
    }

    private static async Task<IResult> Get(
        FleetReadModel readModel, TimeProvider time, IOptions<HealthOptions> health, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var counts = await readModel.GetHealthAsync(now, health.Value.OfflineAfter, ct);
        return TypedResults.Ok(new
        {
            generatedAt = now,
            offlineAfterSeconds = (int)health.Value.OfflineAfter.TotalSeconds,
            stores = counts.Stores,
            terminals = new
            {
                total = counts.Terminals.Total,
                online = counts.Terminals.Online,
                offline = counts.Terminals.Offline,
                never = counts.Terminals.Never,
                byKind = counts.TerminalsByKind,
            },
            pos = new { total = counts.Pos, paired = counts.PosPaired, unpaired = counts.Pos - counts.PosPaired },
            storesMostOffline = counts.StoresMostOffline,
        });
    }
}
