using Fleet.Server.Apis.Models;
using Fleet.Server.Audit;
using Fleet.Server.Security;
using Fleet.Storage.ReadModel;

namespace Fleet.Server.Apis;

/// <summary><c>GET /api/v1/audit</c> (admin only): the fleet-wide audit trail, newest first.</summary>
public static class AuditApi
{
    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/audit", List).WithTags("Audit").RequireAuthorization(FleetPolicies.Admin).WithName("ListAuditEvents")
            .WithSummary("Who did what, when, from where; newest first, keyset-paged. Filters: actor (e.g. api-key:{id}, user:{name}, "
                + "pos:{posId}, system), action (prefix, e.g. store. or activation.approved), targetType + targetId, from (inclusive) and to (exclusive).");
        return routes;
    }

    private static Task<IResult> List(
        AuditTrail audit, CancellationToken ct,
        string? actor = null, string? action = null, string? targetType = null, string? targetId = null,
        DateTimeOffset? from = null, DateTimeOffset? to = null, int limit = ListQuery.DefaultLimit, string? cursor = null) =>
        ListQuery.RunAsync(
            () => audit.ListAsync(new AuditFilter(actor, action, targetType, targetId, from, to), limit, cursor, ct),
            page => new PageResource<AuditEventResource>(page.Items.Select(AuditEventResource.From).ToArray(), page.NextCursor));
}
