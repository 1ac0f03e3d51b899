using Fleet.Common;
using Fleet.Pos;
using Fleet.Server.Apis.Models;
using Fleet.Server.Http;
using Fleet.Server.Security;
using Fleet.Server.Services;
using Fleet.Storage.ReadModel;

namespace Fleet.Server.Apis;

/// <summary>
/// <c>/api/v1/pos</c>: POS systems (cash registers). A POS is (store, posId); <c>{pos}</c> in a route
/// is its Fleet id (<c>store~posId</c>, the list's <c>id</c>), or a posId — with <c>?store=</c>, the
/// POS of that store; without, the one POS fleet-wide with that posId (409 naming the candidates when
/// several stores have it).
/// </summary>
public static class PosApi
{
    public static IEndpointRouteBuilder MapPosApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/pos").WithTags("POS").RequireAuthorization(FleetPolicies.Viewer);
        group.MapGet("/", List).WithName("ListPos")
            .WithSummary("POS systems, paged; filter by store, posId, paired, licence (a licence status, or none).");
        group.MapGet("/{posId}", Get).WithName("GetPos")
            .WithSummary("A POS by its Fleet id (store~posId), or by posId (with ?store= when several stores have it).");
        group.MapPut("/{posId}", Put).WithName("PutPos").Accepts<PosRequest>("application/json")
            .RequireAuthorization(FleetPolicies.Operator)
            .WithSummary("Creates or updates the POS (storeId, posId) (idempotent); {posId} may also be an existing POS's Fleet id.");
        group.MapDelete("/{posId}", Delete).WithName("DeletePos")
            .RequireAuthorization(FleetPolicies.Operator).WithSummary("Decommissions a POS.");
        return routes;
    }

    private static Task<IResult> List(
        PosService pos, FleetClock time, CancellationToken ct,
        string? store = null, string? posId = null, bool? paired = null, string? licence = null, int? certificateExpiresWithinDays = null,
        string? sort = null, int limit = ListQuery.DefaultLimit, string? cursor = null)
    {
        var now = time.GetUtcNow();
        var (expiringBy, invalid) = ListQuery.ExpiryWindow(certificateExpiresWithinDays, now);
        if (invalid is not null) return Task.FromResult(invalid);
        var filter = new PosFilter(store, paired, licence, expiringBy, now,
            posId is null ? null : PosIds.Normalize("posId", posId).PosId ?? posId);
        return ListQuery.RunAsync(
            () => pos.ListAsync(filter, sort, limit, cursor, ct),
            page => new PageResource<PosListItem>(page.Items.Select(p => PosListItem.From(p, now)).ToArray(), page.NextCursor));
    }

    private static async Task<IResult> Get(string posId, PosService pos, FleetClock time, CancellationToken ct, string? store = null)
    {
        var (key, refused) = await ResolveAsync(pos, posId, store, ct);
        if (refused is not null) return refused;
        var view = await pos.GetAsync(key!);
        return view is null ? NotFound(posId, store) : TypedResults.Ok(PosResource.From(view, time.GetUtcNow()));
    }

    private static async Task<IResult> Put(string posId, HttpRequest request, PosService pos, FleetClock time, CancellationToken ct, string? store = null)
    {
        var (body, error) = await JsonBody.ReadAsync<PosRequest>(request, ct);
        if (error is not null) return error;
        var storeId = body!.StoreId ?? store;

        // An existing POS addressed by its Fleet id keeps its identity; anything else is a posId of the
        // body's store ('/' arrives as %2F: ASP.NET Core does not decode it in a route value).
        var target = posId.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
        if (PosKey.TryParse(posId, out var keyStore, out var keyPosId) && await pos.GetAsync(posId) is not null)
        {
            if (storeId is not null && storeId != keyStore)
                return Problems.BadRequest($"POS '{keyPosId}' is in store '{keyStore}'.", "storeId",
                    "A POS cannot move to another store; register it there as a new POS.");
            (storeId, target) = (keyStore, keyPosId);
        }

        var result = await pos.SaveAsync(target, new PosDefinition(storeId ?? "", body.Name));
        if (!result.Succeeded) return Problems.From(result);
        var resource = PosResource.From(result.Value!, time.GetUtcNow());
        return result.Status == CommandStatus.Created
            ? TypedResults.Created($"/api/v1/pos/{Uri.EscapeDataString(resource.Id)}", resource)
            : TypedResults.Ok(resource);
    }

    private static async Task<IResult> Delete(string posId, PosService pos, CancellationToken ct, string? store = null)
    {
        var (key, refused) = await ResolveAsync(pos, posId, store, ct);
        if (refused is not null) return refused;
        var result = await pos.DecommissionAsync(key!);
        return result.Succeeded ? TypedResults.NoContent() : Problems.From(result);
    }

    /// <summary>The Fleet id a route's <c>{posId}</c> (and <c>?store=</c>) names, or the answer: 404
    /// when nothing matches, 409 with every candidate when the posId is in several stores.</summary>
    internal static async Task<(string? Key, IResult? Refused)> ResolveAsync(PosService pos, string reference, string? store, CancellationToken ct)
    {
        var lookup = await pos.FindAsync(reference, store, ct);
        if (lookup.Key is { } key) return (key, null);
        if (!lookup.IsAmbiguous) return (null, NotFound(reference, store));
        var candidates = lookup.Candidates.Select(c => new PosCandidateResource(c.Id, c.StoreId, c.PosId,
            $"/api/v1/pos/{Uri.EscapeDataString(c.Id)}")).ToArray();
        return (null, TypedResults.Problem(
            $"POS '{reference}' exists in {candidates.Length} stores ({string.Join(", ", candidates.Select(c => c.StoreId))}); "
            + "address it by its id (store~posId) or add ?store=.",
            statusCode: StatusCodes.Status409Conflict, title: "Ambiguous POS",
            extensions: new Dictionary<string, object?> { ["candidates"] = candidates }));
    }

    private static IResult NotFound(string reference, string? store) => Problems.NotFound(store is null
        ? $"POS '{reference}' does not exist."
        : $"POS '{reference}' does not exist in store '{store}'.");
}
