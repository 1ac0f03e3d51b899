using Fleet.Common;

namespace Fleet.OrderNPay;

/// <summary>A message an operator enqueues. <see cref="MessageId"/> is optional: a caller that
/// supplies one can retry safely, because a second enqueue with the same id changes nothing.</summary>
[GenerateSerializer, Immutable, Alias("fleet.onp-new-message")]
public sealed record NewOutletMessage(
    [property: Id(0)] string? MessageId,
    [property: Id(1)] string Type,
    [property: Id(2)] string PayloadJson)
{
    /// <summary>Types the channel itself uses (see docs/order-n-pay.md); a message may not take them.</summary>
    public static readonly IReadOnlySet<string> ReservedTypes =
        new HashSet<string>(["ack", "ping", "pong", "error"], StringComparer.OrdinalIgnoreCase);

    public IReadOnlyList<FieldError> Validate(int maxPayloadBytes) => Validation.Collect(
        MessageId is null ? null : Ids.Check("messageId", MessageId),
        Ids.Check("type", Type) ?? (ReservedTypes.Contains(Type)
            ? new FieldError("type", $"'{Type}' is a channel control type; choose another message type.")
            : null),
        System.Text.Encoding.UTF8.GetByteCount(PayloadJson) > maxPayloadBytes
            ? new FieldError("payload", $"'payload' must be at most {maxPayloadBytes} bytes of JSON.")
            : null);
}
