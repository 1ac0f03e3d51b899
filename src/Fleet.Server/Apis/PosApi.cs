using Fleet.Common;
using Fleet.Pos;
using Fleet.Server.Apis.Models;
using Fleet.Server.Http;
using Fleet.Server.Security;
using Fleet.Server.Services;
using Fleet.Storage.ReadModel;

namespace Fleet.Server.Apis;

/// <summary><c>/api/v1/pos</c>: POS systems (cash registers), keyed by posId.</summary>
public static class PosApi
{
    public static IEndpointRouteBuilder MapPosApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/pos").WithTags("POS").RequireAuthorization(FleetPolicies.Viewer);
        group.MapGet("/", List).WithName("ListPos").WithSummary("POS systems, paged; filter by store, paired, licence (a licence status, or none).");
        group.MapGet("/{posId}", Get).WithName("GetPos");
        group.MapPut("/{posId}", Put).WithName("PutPos").Accepts<PosRequest>("application/json")
            .RequireAuthorization(FleetPolicies.Operator).WithSummary("Creates or updates a POS (idempotent).");
        group.MapDelete("/{posId}", Delete).WithName("DeletePos")
            .RequireAuthorization(FleetPolicies.Operator).WithSummary("Decommissions a POS.");
        return routes;
    }

    private static Task<IResult> List(
        PosService pos, FleetClock time, CancellationToken ct,
        string? store = null, bool? paired = null, string? licence = null, int? certificateExpiresWithinDays = null,
        string? sort = null, int limit = ListQuery.DefaultLimit, string? cursor = null)
    {
        var now = time.GetUtcNow();
        var (expiringBy, invalid) = ListQuery.ExpiryWindow(certificateExpiresWithinDays, now);
        if (invalid is not null) return Task.FromResult(invalid);
        var filter = new PosFilter(store, paired, licence, expiringBy, now);
        return ListQuery.RunAsync(
            () => pos.ListAsync(filter, sort, limit, cursor, ct),
            page => new PageResource<PosListItem>(page.Items.Select(p => PosListItem.From(p, now)).ToArray(), page.NextCursor));
    }

    private static async Task<IResult> Get(string posId, PosService pos, FleetClock time)
    {
        var view = await pos.GetAsync(posId);
        return view is null ? Problems.NotFound($"POS '{posId}' does not exist.") : TypedResults.Ok(PosResource.From(view, time.GetUtcNow()));
    }

    private static async Task<IResult> Put(string posId, HttpRequest request, PosService pos, FleetClock time, CancellationToken ct)
    {
        if (Ids.Check("posId", posId) is { } idError) return Problems.Validation("The POS id is not valid.", [idError]);
        var (body, error) = await JsonBody.ReadAsync<PosRequest>(request, ct);
        if (error is not null) return error;

        var result = await pos.SaveAsync(posId, new PosDefinition(body!.StoreId ?? "", body.Name));
        if (!result.Succeeded) return Problems.From(result);
        var resource = PosResource.From(result.Value!, time.GetUtcNow());
        return result.Status == CommandStatus.Created
            ? TypedResults.Created($"/api/v1/pos/{posId}", resource)
            : TypedResults.Ok(resource);
    }

    private static async Task<IResult> Delete(string posId, PosService pos)
    {
        var result = await pos.DecommissionAsync(posId);
        return result.Succeeded ? TypedResults.NoContent() : Problems.From(result);
    }
}
