using Fleet.Common;
using Fleet.OrderNPay;
using Fleet.Server.Apis.Models;
using Fleet.Server.Http;
using Fleet.Server.Services;
using Fleet.Storage.ReadModel;
using Fleet.Stores;
using Fleet.Terminals;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Apis;

/// <summary><c>/api/v1/stores</c>: idempotent upserts for deployment scripts, reads, decommission.</summary>
public static class StoresApi
{
    public static IEndpointRouteBuilder MapStoresApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/stores").WithTags("Stores").RequireAuthorization(Security.FleetPolicies.Viewer);
        group.MapGet("/", List).WithName("ListStores").WithSummary("Stores, paged, optionally filtered by corporateId.");
        group.MapGet("/{storeId}", Get).WithName("GetStore").WithSummary("A store with its terminals and POS.");
        group.MapPut("/{storeId}", Put).WithName("PutStore").Accepts<StoreRequest>("application/json")
            .RequireAuthorization(Security.FleetPolicies.Operator)
            .WithSummary("Creates or updates a store (idempotent).");
        group.MapDelete("/{storeId}", Delete).WithName("DeleteStore")
            .RequireAuthorization(Security.FleetPolicies.Operator)
            .WithSummary("Decommissions a store that has no terminals or POS left.");
        return routes;
    }

    private static Task<IResult> List(
        StoreService stores, CancellationToken ct,
        string? corporateId = null, string? sort = null, int limit = ListQuery.DefaultLimit, string? cursor = null) =>
        ListQuery.RunAsync(
            () => stores.ListAsync(corporateId, sort, limit, cursor, ct),
            page => new PageResource<StoreRow>(page.Items, page.NextCursor));

    private static async Task<IResult> Get(string storeId, StoreService stores, IGrainFactory grains, FleetClock time, IOptions<HealthOptions> health)
    {
        var view = await stores.GetAsync(storeId);
        if (view is null) return Problems.NotFound($"Store '{storeId}' does not exist.");
        var orderNPay = await grains.GetGrain<IOutletGrain>(storeId).Get();
        return TypedResults.Ok(StoreResource.From(view, time.GetUtcNow(), health.Value.OfflineAfter, orderNPay));
    }

    private static async Task<IResult> Put(
        string storeId, HttpRequest request, StoreService stores, IGrainFactory grains, FleetClock time, IOptions<HealthOptions> health,
        CancellationToken ct)
    {
        if (Ids.Check("storeId", storeId) is { } idError) return Problems.Validation("The store id is not valid.", [idError]);
        var (body, error) = await JsonBody.ReadAsync<StoreRequest>(request, ct);
        if (error is not null) return error;

        var result = await stores.SaveAsync(storeId, new StoreDefinition(body!.Name ?? "", body.TimeZone ?? "", body.CorporateId));
        if (!result.Succeeded) return Problems.From(result);
        var orderNPay = result.Status == CommandStatus.Created ? null : await grains.GetGrain<IOutletGrain>(storeId).Get();
        var resource = StoreResource.From(result.Value!, time.GetUtcNow(), health.Value.OfflineAfter, orderNPay);
        return result.Status == CommandStatus.Created
            ? TypedResults.Created($"/api/v1/stores/{storeId}", resource)
            : TypedResults.Ok(resource);
    }

    private static async Task<IResult> Delete(string storeId, StoreService stores)
    {
        var result = await stores.DecommissionAsync(storeId);
        return result.Succeeded ? TypedResults.NoContent() : Problems.From(result);
    }
}
