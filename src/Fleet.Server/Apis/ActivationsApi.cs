using Fleet.Common;
using Fleet.Licences;
using Fleet.Server.Apis.Models;
using Fleet.Server.Audit;
using Fleet.Server.Http;
using Fleet.Server.Security;
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
        FleetReadModel readModel, TimeProvider time, CancellationToken ct,
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
            () => readModel.ListActivationsAsync(new ActivationFilter(filter, corporateId, posId), sort, limit, cursor, now, ct),
            page => new PageResource<ActivationResource>(page.Items.Select(r => ActivationResource.From(r, now)).ToArray(), page.NextCursor));
    }

    private static async Task<IResult> Get(string productionNumber, IGrainFactory grains, TimeProvider time)
    {
        if (!Ids.IsValid(productionNumber)) return NotFound(productionNumber);
        var grain = grains.GetGrain<IActivationGrain>(productionNumber);
        var view = await grain.Get();
        return view is null ? NotFound(productionNumber) : TypedResults.Ok(ActivationResource.From(view, time.GetUtcNow(), await grain.GetAudit()));
    }

    private static async Task<IResult> Audit(string productionNumber, IGrainFactory grains)
    {
        if (!Ids.IsValid(productionNumber)) return NotFound(productionNumber);
        var grain = grains.GetGrain<IActivationGrain>(productionNumber);
        if (await grain.Get() is null) return NotFound(productionNumber);
        return TypedResults.Ok((await grain.GetAudit()).Select(LicenceAuditEntryResource.From).ToArray());
    }

    private static Task<IResult> Approve(string productionNumber, HttpContext context, IGrainFactory grains, TimeProvider time, CancellationToken ct) =>
        DecideAsync(productionNumber, context, grains, time, ct, "activation.approved", (grain, actor, body) => grain.Approve(actor, body?.Note));

    private static Task<IResult> Reject(string productionNumber, HttpContext context, IGrainFactory grains, TimeProvider time, CancellationToken ct) =>
        DecideAsync(productionNumber, context, grains, time, ct, "activation.rejected", (grain, actor, body) => grain.Reject(actor, body?.Reason ?? ""));

    private static Task<IResult> Revoke(string productionNumber, HttpContext context, IGrainFactory grains, TimeProvider time, CancellationToken ct) =>
        DecideAsync(productionNumber, context, grains, time, ct, "activation.revoked", (grain, actor, body) => grain.Revoke(actor, body?.Reason ?? ""));

    private static async Task<IResult> DecideAsync(
        string productionNumber, HttpContext context, IGrainFactory grains, TimeProvider time, CancellationToken ct, string action,
        Func<IActivationGrain, string, LicenceDecisionRequest?, Task<CommandResult<ActivationView>>> decide)
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
        var grain = grains.GetGrain<IActivationGrain>(productionNumber);
        var result = await decide(grain, actor, body);
        if (!result.Succeeded) return Problems.From(result);
        // The licence key is the grain's secret; the trail keeps the decision and its words only.
        if (result.Status != CommandStatus.Unchanged)
            await context.RequestServices.GetRequiredService<AuditTrail>().RecordAsync(action, AuditTargets.Activation, productionNumber,
                new { result.Value!.Definition.PosId, note = body?.Note, reason = body?.Reason });
        return TypedResults.Ok(ActivationResource.From(result.Value!, time.GetUtcNow(), await grain.GetAudit()));
    }

    // Approve needs no body; a POST without one (Content-Length: 0, or none at all) is fine.
    private static bool HasBody(HttpRequest request) =>
        request.ContentLength is > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);

    private static IResult NotFound(string productionNumber) => Problems.NotFound($"Activation '{productionNumber}' does not exist.");
}
