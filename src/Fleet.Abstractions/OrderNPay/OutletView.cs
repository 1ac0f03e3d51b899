namespace Fleet.OrderNPay;

/// <summary>An outlet integration as operators see it: never the secret.</summary>
[GenerateSerializer, Immutable, Alias("fleet.onp-outlet-view")]
public sealed record OutletView(
    [property: Id(0)] string ProviderOutletId,
    [property: Id(1)] string PosRemoteId,
    [property: Id(2)] DateTimeOffset CreatedAt,
    [property: Id(3)] DateTimeOffset UpdatedAt,
    [property: Id(4)] DateTimeOffset SecretUpdatedAt,
    [property: Id(5)] OutletConnection Connection,
    [property: Id(6)] int PendingCount,
    [property: Id(7)] DateTimeOffset? OldestPendingAt);
