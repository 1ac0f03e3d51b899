using Fleet.Common;
using Fleet.Server.Apis.Models;
using Fleet.Server.Http;
using Fleet.Server.Security;
using Fleet.Server.Services;
using Fleet.Storage.ReadModel;
using Fleet.Terminals;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Apis;

/// <summary><c>/api/v1/terminals</c>: registration, fleet-wide lists and heartbeats.</summary>
public static class TerminalsApi
{
    public static IEndpointRouteBuilder MapTerminalsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/terminals").WithTags("Terminals").RequireAuthorization(FleetPolicies.Viewer);
        group.MapGet("/", List).WithName("ListTerminals")
            .WithSummary("Terminals, paged; filter by store, kind, status (online|offline|never), certificate expiry.");
        group.MapGet("/{terminalId}", Get).WithName("GetTerminal");
        group.MapPut("/{terminalId}", Put).WithName("PutTerminal").Accepts<TerminalRequest>("application/json")
            .RequireAuthorization(FleetPolicies.Operator).WithSummary("Creates or updates a terminal (idempotent).");
        group.MapDelete("/{terminalId}", Delete).WithName("DeleteTerminal")
            .RequireAuthorization(FleetPolicies.Operator).WithSummary("Decommissions a terminal.");
        group.MapPost("/{terminalId}/heartbeat", PostHeartbeat).WithName("PostHeartbeat")
            .Accepts<HeartbeatRequest>("application/json")
            .RequireAuthorization(FleetPolicies.Operator).WithSummary("A terminal reports its health.");
        return routes;
    }

    private static Task<IResult> List(
        TerminalService terminals, FleetClock time, IOptions<HealthOptions> health, CancellationToken ct,
        string? store = null, string? kind = null, string? status = null, int? certificateExpiresWithinDays = null,
        string? sort = null, int limit = ListQuery.DefaultLimit, string? cursor = null)
    {
        var now = time.GetUtcNow();
        if (kind is not null && !TerminalKinds.TryParse(kind, out _))
            return Task.FromResult(Problems.BadRequest("A query parameter is not valid.", "kind", "'kind' must be android or pax."));
        var (expiringBy, invalid) = ListQuery.ExpiryWindow(certificateExpiresWithinDays, now);
        if (invalid is not null) return Task.FromResult(invalid);
        var filter = new TerminalFilter(store, kind?.ToLowerInvariant(), status, expiringBy);
        var window = health.Value.OfflineAfter;
        return ListQuery.RunAsync(
            () => terminals.ListAsync(filter, sort, limit, cursor, ct),
            page => new PageResource<TerminalListItem>(
                page.Items.Select(t => TerminalListItem.From(t, now, window)).ToArray(), page.NextCursor));
    }

    private static async Task<IResult> Get(string terminalId, TerminalService terminals, FleetClock time, IOptions<HealthOptions> health)
    {
        var view = await terminals.GetAsync(terminalId);
        return view is null
            ? Problems.NotFound($"Terminal '{terminalId}' does not exist.")
            : TypedResults.Ok(TerminalResource.From(view, time.GetUtcNow(), health.Value.OfflineAfter));
    }

    private static async Task<IResult> Put(
        string terminalId, HttpRequest request, TerminalService terminals, FleetClock time, IOptions<HealthOptions> health,
        CancellationToken ct)
    {
        if (Ids.Check("terminalId", terminalId) is { } idError) return Problems.Validation("The terminal id is not valid.", [idError]);
        var (body, error) = await JsonBody.ReadAsync<TerminalRequest>(request, ct);
        if (error is not null) return error;
        if (!TerminalKinds.TryParse(body!.Kind, out var kind))
            return Problems.BadRequest("One or more fields are invalid.", "kind", "'kind' is required and must be android or pax.");

        var result = await terminals.SaveAsync(terminalId,
            new TerminalDefinition(kind, body.SerialNumber ?? "", body.StoreId ?? "", body.Model, body.AppVersion));
        if (!result.Succeeded) return Problems.From(result);
        var resource = TerminalResource.From(result.Value!, time.GetUtcNow(), health.Value.OfflineAfter);
        return result.Status == CommandStatus.Created
            ? TypedResults.Created($"/api/v1/terminals/{terminalId}", resource)
            : TypedResults.Ok(resource);
    }

    private static async Task<IResult> Delete(string terminalId, TerminalService terminals)
    {
        var result = await terminals.DecommissionAsync(terminalId);
        return result.Succeeded ? TypedResults.NoContent() : Problems.From(result);
    }

    /// <summary>Also the terminal's own heartbeat on the device listener (<see cref="TerminalDeviceApi"/>): same body, same answer.</summary>
    internal static async Task<IResult> PostHeartbeat(
        string terminalId, HttpRequest request, TerminalService terminals, FleetClock time, IOptions<HealthOptions> health,
        CancellationToken ct)
    {
        if (!Ids.IsValid(terminalId)) return Problems.NotFound($"Terminal '{terminalId}' is not registered.");
        var (body, error) = await JsonBody.ReadAsync<HeartbeatRequest>(request, ct);
        if (error is not null) return error;

        var result = await terminals.HeartbeatAsync(terminalId,
            new Heartbeat(body!.AppVersion, body.IpAddress, body.LocalPort, body.Battery, body.Status));
        if (!result.Succeeded) return Problems.From(result);
        var now = time.GetUtcNow();
        return TypedResults.Ok(new
        {
            receivedAt = result.Value!.ReceivedAt,
            health = TerminalHealthRules.Derive(result.Value.ReceivedAt, now, health.Value.OfflineAfter).ToWire(),
        });
    }
}
