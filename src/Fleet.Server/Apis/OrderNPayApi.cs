using Fleet.Common;
using Fleet.OrderNPay;
using Fleet.Server.Apis.Models;
using Fleet.Server.Http;
using Fleet.Server.OrderNPay;
using Fleet.Server.Security;
using Fleet.Server.Services;
using Fleet.Stores;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Apis;

/// <summary><c>/api/v1/stores/{storeId}/order-n-pay</c>: a store's PowerEPOS Order N Pay
/// integration and its message queue. The store id is the ProviderOutletID given to PowerEPOS.</summary>
public static class OrderNPayApi
{
    public const int MinSecretLength = OrderNPayService.MinSecretLength;
    public const int MaxSecretLength = OrderNPayService.MaxSecretLength;

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

    private static async Task<IResult> Get(string storeId, OrderNPayService orderNPay)
    {
        var view = await orderNPay.GetAsync(storeId);
        return view is null ? NoIntegration(storeId) : TypedResults.Ok(OutletResource.From(view));
    }

    private static async Task<IResult> Put(string storeId, HttpRequest request, OrderNPayService orderNPay, CancellationToken ct)
    {
        if (Ids.Check("storeId", storeId) is { } idError) return Problems.Validation("The store id is not valid.", [idError]);
        var (body, error) = await JsonBody.ReadAsync<OutletRequest>(request, ct);
        if (error is not null) return error;
        if (body!.AuthSecret is { } secret && OrderNPayService.CheckSecret(secret) is { } secretError)
            return Problems.Validation("One or more fields are invalid.", [secretError]);

        var result = await orderNPay.ConfigureAsync(storeId, body.PosRemoteId, body.AuthSecret);
        if (!result.Succeeded) return Problems.From(result);
        var resource = OutletResource.From(result.Value!);
        return result.Status == CommandStatus.Created
            ? TypedResults.Created($"/api/v1/stores/{storeId}/order-n-pay", resource)
            : TypedResults.Ok(resource);
    }

    private static async Task<IResult> Delete(string storeId, OrderNPayService orderNPay)
    {
        var result = await orderNPay.RemoveAsync(storeId);
        return result.Succeeded ? TypedResults.NoContent() : Problems.From(result);
    }

    private static async Task<IResult> Enqueue(string storeId, HttpRequest request, OrderNPayService orderNPay, CancellationToken ct)
    {
        if (!Ids.IsValid(storeId)) return NoIntegration(storeId);
        var (body, error) = await JsonBody.ReadAsync<OutletMessageRequest>(request, ct);
        if (error is not null) return error;
        if (body!.Payload is not { } payload || payload.ValueKind == System.Text.Json.JsonValueKind.Undefined)
            return Problems.BadRequest("One or more fields are invalid.", "payload", "'payload' is required (any JSON value).");

        var result = await orderNPay.EnqueueAsync(storeId, new NewOutletMessage(body.MessageId, body.Type ?? "", payload.GetRawText()));
        if (!result.Succeeded) return Problems.From(result);
        var resource = OutletMessageResource.From(result.Value!);
        var location = $"/api/v1/stores/{storeId}/order-n-pay/messages/{resource.MessageId}";
        return result.Status == CommandStatus.Created ? TypedResults.Created(location, resource) : TypedResults.Ok(resource);
    }

    private static async Task<IResult> List(string storeId, OrderNPayService orderNPay, string? state = null)
    {
        MessageState which;
        switch (state)
        {
            case null or "pending": which = MessageState.Pending; break;
            case "acked": which = MessageState.Acked; break;
            default: return Problems.BadRequest("The query is not valid.", "state", "'state' must be 'pending' or 'acked'.");
        }
        var result = await orderNPay.ListMessagesAsync(storeId, which);
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

    private static IResult NoIntegration(string storeId) =>
        Problems.NotFound($"Store '{storeId}' has no Order N Pay integration.");
}
