using System.Text.Json;
using Fleet.OrderNPay;

namespace Fleet.Server.Apis.Models;

/// <summary>A queued or acknowledged Order N Pay message.</summary>
public sealed record OutletMessageResource(
    string MessageId, long Sequence, string Type, string State, DateTimeOffset CreatedAt, DateTimeOffset? AckedAt,
    JsonElement Payload)
{
    public static OutletMessageResource From(OutletMessage message)
    {
        using var payload = JsonDocument.Parse(message.PayloadJson);
        return new OutletMessageResource(message.MessageId, message.Sequence, message.Type,
            message.AckedAt is null ? "pending" : "acked", message.CreatedAt, message.AckedAt, payload.RootElement.Clone());
    }
}
