namespace Fleet.OrderNPay;

/// <summary>At most <see cref="Limit"/> failures within <see cref="Window"/>; then blocked until the
/// oldest of them leaves the window.</summary>
[GenerateSerializer, Immutable, Alias("fleet.onp-throttle-policy")]
public sealed record ThrottlePolicy(
    [property: Id(0)] int Limit,
    [property: Id(1)] TimeSpan Window);
