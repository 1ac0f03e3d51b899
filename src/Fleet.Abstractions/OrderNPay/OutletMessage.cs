namespace Fleet.OrderNPay;

/// <summary>A message for the outlet's POS. <see cref="Sequence"/> orders delivery;
/// <see cref="PayloadJson"/> is the payload exactly as the operator sent it (a JSON value).</summary>
[GenerateSerializer, Immutable, Alias("fleet.onp-message")]
public sealed record OutletMessage(
    [property: Id(0)] string MessageId,
    [property: Id(1)] long Sequence,
    [property: Id(2)] string Type,
    [property: Id(3)] string PayloadJson,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] DateTimeOffset? AckedAt);
