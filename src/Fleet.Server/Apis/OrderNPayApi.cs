using Fleet.Common;
using Fleet.OrderNPay;
using Fleet.Server.Apis.Models;
using Fleet.Server.Audit;
using Fleet.Server.Http;
using Fleet.Server.OrderNPay;
using Fleet.Server.Security;
using Fleet.Stores;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Apis;

/// <summary><c>/api/v1/stores/{storeId}/order-n-pay</c>: a store's PowerEPOS Order N Pay
/// integration and its message queue. The store id is the ProviderOutletID given to PowerEPOS.</summary>
public static class OrderNPayApi
{
    public const int MinSecretLength = 8;
    public const int MaxSecretLength = 256;

    public static IEndpointRouteBuilder MapOrderNPayApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/stores/{storeId}/order-n-pay").WithTags("Order N Pay")
            .RequireAuthorization(FleetPolicies.Viewer);
        group.MapGet("/", Get).WithName("GetOrderNPay").WithSummary("The store's Order N Pay integration and connection (never the secret).");
        group.MapPut("/", Put).WithName("PutOrderNPay").Accepts<OutletRequest>("application/json")
            .RequireAuthorization(FleetPolicies.Operator)
            .WithSummary("Creates or updates the integration; a new secret or POSRemoteID invalidates tokens and the live connection.");
        group.MapDelete("/", Delete).WithName("DeleteOrderNPay").RequireAuthorization(FleetPolicies.Operator)
            .WithSummary("Removes the integration once no message is waiting.");
        group.MapPost("/messages", Enqueue).WithName("EnqueueOrderNPayMessage").Accepts<OutletMessageRequest>("application/json")
            .RequireAuthorization(FleetPolicies.Operator)
            .WithSummary("Queues a message for the outlet's POS; kept until the POS acknowledges it.");
        group.MapGet("/messages", List).WithName("ListOrderNPayMessages")
            .WithSummary("Messages waiting for an ack (state=pending, the default, in delivery order) or recently acknowledged (state=acked).");
        group.MapGet("/messages/{messageId}", GetMessage).WithName("GetOrderNPayMessage");
        return routes;
    }

    private static async Task<IResult> Get(string storeId, IGrainFactory grains)
    {
        if (!Ids.IsValid(storeId)) return NoIntegration(storeId);
        var view = await grains.GetGrain<IOutletGrain>(storeId).Get();
        return view is null ? NoIntegration(storeId) : TypedResults.Ok(OutletResource.From(view));
    }

    private static async Task<IResult> Put(
        string storeId, HttpRequest request, IGrainFactory grains, IOptions<OrderNPayOptions> options, AuditTrail audit, CancellationToken ct)
    {
        if (Ids.Check("storeId", storeId) is { } idError) return Problems.Validation("The store id is not valid.", [idError]);
        var (body, error) = await JsonBody.ReadAsync<OutletRequest>(request, ct);
        if (error is not null) return error;
        if (body!.AuthSecret is { } secret && CheckSecret(secret) is { } secretError)
            return Problems.Validation("One or more fields are invalid.", [secretError]);
        if (await grains.GetGrain<IStoreGrain>(storeId).Get() is null)
            return Problems.NotFound($"Store '{storeId}' does not exist.");

        var outlet = grains.GetGrain<IOutletGrain>(storeId);
        SecretHash? fresh = null;
        byte[]? underCurrent = null;
        if (body.AuthSecret is not null)
        {
            fresh = OutletSecretHasher.Hash(body.AuthSecret, options.Value.SecretHashIterations);
            if (await outlet.GetSecretParameters() is { } current) underCurrent = OutletSecretHasher.Derive(body.AuthSecret, current);
        }

        var result = await outlet.Configure(new OutletConfiguration(body.PosRemoteId ?? "", fresh, underCurrent));
        if (!result.Succeeded) return Problems.From(result);
        // Whether the AuthSecret changed, never the secret or its hash.
        if (result.Status != CommandStatus.Unchanged)
            await audit.RecordAsync("order-n-pay.configured", AuditTargets.OrderNPay, storeId,
                new { posRemoteId = body.PosRemoteId, secretSet = body.AuthSecret is not null });
        var resource = OutletResource.From(result.Value!);
        return result.Status == CommandStatus.Created
            ? TypedResults.Created($"/api/v1/stores/{storeId}/order-n-pay", resource)
            : TypedResults.Ok(resource);
    }

    private static async Task<IResult> Delete(string storeId, IGrainFactory grains, AuditTrail audit)
    {
        if (!Ids.IsValid(storeId)) return NoIntegration(storeId);
        var result = await grains.GetGrain<IOutletGrain>(storeId).Remove();
        if (!result.Succeeded) return Problems.From(result);
        await audit.RecordAsync("order-n-pay.deleted", AuditTargets.OrderNPay, storeId);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> Enqueue(string storeId, HttpRequest request, IGrainFactory grains, AuditTrail audit, CancellationToken ct)
    {
        if (!Ids.IsValid(storeId)) return NoIntegration(storeId);
        var (body, error) = await JsonBody.ReadAsync<OutletMessageRequest>(request, ct);
        if (error is not null) return error;
        if (body!.Payload is not { } payload || payload.ValueKind == System.Text.Json.JsonValueKind.Undefined)
            return Problems.BadRequest("One or more fields are invalid.", "payload", "'payload' is required (any JSON value).");

        var result = await grains.GetGrain<IOutletGrain>(storeId)
            .Enqueue(new NewOutletMessage(body.MessageId, body.Type ?? "", payload.GetRawText()));
        if (!result.Succeeded) return Problems.From(result);
        var resource = OutletMessageResource.From(result.Value!);
        // The payload is the merchant's business (orders, customers): id and type only.
        if (result.Status == CommandStatus.Created)
            await audit.RecordAsync("order-n-pay.message-enqueued", AuditTargets.OrderNPay, storeId,
                new { resource.MessageId, resource.Type });
        var location = $"/api/v1/stores/{storeId}/order-n-pay/messages/{resource.MessageId}";
        return result.Status == CommandStatus.Created ? TypedResults.Created(location, resource) : TypedResults.Ok(resource);
    }

    private static async Task<IResult> List(string storeId, IGrainFactory grains, string? state = null)
    {
        MessageState which;
        switch (state)
        {
            case null or "pending": which = MessageState.Pending; break;
            case "acked": which = MessageState.Acked; break;
            default: return Problems.BadRequest("The query is not valid.", "state", "'state' must be 'pending' or 'acked'.");
        }
        if (!Ids.IsValid(storeId)) return NoIntegration(storeId);
        var result = await grains.GetGrain<IOutletGrain>(storeId).ListMessages(which);
        return result.Succeeded
            ? TypedResults.Ok(new { state = state ?? "pending", items = result.Value!.Select(OutletMessageResource.From).ToArray() })
            : Problems.From(result);
    }

    private static async Task<IResult> GetMessage(string storeId, string messageId, IGrainFactory grains)
    {
        if (!Ids.IsValid(storeId)) return NoIntegration(storeId);
        var outlet = grains.GetGrain<IOutletGrain>(storeId);
        foreach (var state in new[] { MessageState.Pending, MessageState.Acked })
        {
            var result = await outlet.ListMessages(state);
            if (!result.Succeeded) return Problems.From(result);
            if (result.Value!.FirstOrDefault(m => m.MessageId == messageId) is { } found)
                return TypedResults.Ok(OutletMessageResource.From(found));
        }
        return Problems.NotFound($"Message '{messageId}' is neither pending nor among the recently acknowledged for store '{storeId}'.");
    }

    private static FieldError? CheckSecret(string secret) =>
        secret.Length < MinSecretLength
            ? new FieldError("authSecret", $"'authSecret' must be at least {MinSecretLength} characters.")
            : Text.Required("authSecret", secret, MaxSecretLength);

    private static IResult NoIntegration(string storeId) =>
        Problems.NotFound($"Store '{storeId}' has no Order N Pay integration.");
}
