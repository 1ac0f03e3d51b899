using System.Text.Json;

namespace Fleet.Server.Apis.Models;

/// <summary>Body of <c>POST …/order-n-pay/messages</c>: the payload is any JSON value (an order,
/// for example) and reaches the POS exactly as sent.</summary>
public sealed record OutletMessageRequest(string? MessageId, string? Type, JsonElement? Payload);
