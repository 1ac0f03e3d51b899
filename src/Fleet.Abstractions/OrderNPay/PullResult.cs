namespace Fleet.OrderNPay;

/// <summary>What a connection should send next. <see cref="Version"/> is the grain's change
/// counter to pass to <see cref="IOutletGrain.WaitForChange"/> when there is nothing to send.</summary>
[GenerateSerializer, Immutable, Alias("fleet.onp-pull-result")]
public sealed record PullResult(
    [property: Id(0)] bool Superseded,
    [property: Id(1)] IReadOnlyList<OutletMessage> Messages,
    [property: Id(2)] long Version);
