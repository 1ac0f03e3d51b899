using Fleet.Common;
using Fleet.Licences;
using Fleet.Server.Apis.Models;
using Fleet.Server.Http;
using Fleet.Server.Security;
using Fleet.Server.Services;
using Fleet.Storage.ReadModel;

namespace Fleet.Server.Apis;

/// <summary><c>/api/v1/activations</c>: headquarters' side of licences. Lists come from the read
/// model; approve ("Tax Authority notified"), reject and revoke are audited with the acting API
/// key's id, the time and the reason.</summary>
public static class ActivationsApi
{
    public static IEndpointRouteBuilder MapActivationsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/activations").WithTags("Licences (headquarters)")
            .RequireAuthorization(FleetPolicies.Viewer);
        group.MapGet("/", List).WithName("ListActivations")
            .WithSummary("Activations, paged; filter by status (PendingApproval, Active, ExpiringSoon, NotYetValid, Expired, Rejected, Revoked), corporateId, posId.");
        group.MapGet("/{productionNumber}", Get).WithName("GetActivation").WithSummary("An activation with its audit trail.");
        group.MapGet("/{productionNumber}/audit", Audit).WithName("GetActivationAudit");
        group.MapPost("/{productionNumber}/approve", Approve).RequireAuthorization(FleetPolicies.Operator)
            .WithName("ApproveActivation").Accepts<LicenceDecisionRequest>("application/json")
            .WithSummary("The Tax Authority was notified: the licence becomes usable (optional note).");
        group.MapPost("/{productionNumber}/reject", Reject).RequireAuthorization(FleetPolicies.Operator)
            .WithName("RejectActivation").Accepts<LicenceDecisionRequest>("application/json")
            .WithSummary("Refuses a pending activation (reason required).");
        group.MapPost("/{productionNumber}/revoke", Revoke).RequireAuthorization(FleetPolicies.Operator)
            .WithName("RevokeActivation").Accepts<LicenceDecisionRequest>("application/json")
            .WithSummary("Withdraws an activation; its key stops working at once (reason required).");
        return routes;
    }

    private static Task<IResult> List(
        LicenceService licences, FleetClock time, CancellationToken ct,
        string? status = null, string? corporateId = null, string? posId = null,
        string? sort = null, int limit = ListQuery.DefaultLimit, string? cursor = null)
    {
        LicenceStatusFilter? filter = null;
        if (status is not null)
        {
            if (!LicenceStatusRules.TryParseFilter(status, out var parsed))
                return Task.FromResult(Problems.BadRequest("A query parameter is not valid.", "status",
                    $"'status' must be one of {string.Join(", ", Enum.GetNames<LicenceStatusFilter>())}."));
            filter = parsed;
        }
        var now = time.GetUtcNow();
        return ListQuery.RunAsync(
            () => licences.ListAsync(new ActivationFilter(filter, corporateId, posId), sort, limit, cursor, ct),
            page => new PageResource<ActivationResource>(page.Items.Select(r => ActivationResource.From(r, now)).ToArray(), page.NextCursor));
    }

    private static async Task<IResult> Get(string productionNumber, LicenceService licences, FleetClock time)
    {
        var view = await licences.GetAsync(productionNumber);
        return view is null
            ? NotFound(productionNumber)
            : TypedResults.Ok(ActivationResource.From(view, time.GetUtcNow(), await licences.GetAuditAsync(productionNumber),
                await licences.IsUnknownCompanyAsync(view.Definition.CorporateId)));
    }

    private static async Task<IResult> Audit(string productionNumber, LicenceService licences)
    {
        if (await licences.GetAsync(productionNumber) is null) return NotFound(productionNumber);
        return TypedResults.Ok((await licences.GetAuditAsync(productionNumber)).Select(LicenceAuditEntryResource.From).ToArray());
    }

    private static Task<IResult> Approve(string productionNumber, HttpContext context, LicenceService licences, FleetClock time, CancellationToken ct) =>
        DecideAsync(productionNumber, context, licences, time, ct, (actor, body) => licences.ApproveAsync(productionNumber, actor, body?.Note));

    private static Task<IResult> Reject(string productionNumber, HttpContext context, LicenceService licences, FleetClock time, CancellationToken ct) =>
        DecideAsync(productionNumber, context, licences, time, ct, (actor, body) => licences.RejectAsync(productionNumber, actor, body?.Reason));

    private static Task<IResult> Revoke(string productionNumber, HttpContext context, LicenceService licences, FleetClock time, CancellationToken ct) =>
        DecideAsync(productionNumber, context, licences, time, ct, (actor, body) => licences.RevokeAsync(productionNumber, actor, body?.Reason));

    private static async Task<IResult> DecideAsync(
        string productionNumber, HttpContext context, LicenceService licences, FleetClock time, CancellationToken ct,
        Func<string, LicenceDecisionRequest?, Task<CommandResult<ActivationView>>> decide)
    {
        if (!Ids.IsValid(productionNumber)) return NotFound(productionNumber);
        LicenceDecisionRequest? body = null;
        if (HasBody(context.Request))
        {
            (body, var error) = await JsonBody.ReadAsync<LicenceDecisionRequest>(context.Request, ct);
            if (error is not null) return error;
        }
        var actor = context.User.FindFirst(FleetClaims.KeyId)?.Value
            ?? throw new InvalidOperationException("An authorized request has a key id.");
        var result = await decide(actor, body);
        if (!result.Succeeded) return Problems.From(result);
        return TypedResults.Ok(ActivationResource.From(result.Value!, time.GetUtcNow(), await licences.GetAuditAsync(productionNumber),
            await licences.IsUnknownCompanyAsync(result.Value!.Definition.CorporateId, ct)));
    }

    // Approve needs no body; a POST without one (Content-Length: 0, or none at all) is fine.
    private static bool HasBody(HttpRequest request) =>
        request.ContentLength is > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);

    private static IResult NotFound(string productionNumber) => Problems.NotFound($"Activation '{productionNumber}' does not exist.");
}
