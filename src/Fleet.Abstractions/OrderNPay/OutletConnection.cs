namespace Fleet.OrderNPay;

/// <summary>The outlet's WebSocket as last recorded. <see cref="Connected"/> is derived when the
/// view is made: a connection whose socket loop has not been seen for
/// <c>Fleet:OrderNPay:ConnectionStaleAfter</c> (its silo died) no longer counts.</summary>
[GenerateSerializer, Immutable, Alias("fleet.onp-outlet-connection")]
public sealed record OutletConnection(
    [property: Id(0)] bool Connected,
    [property: Id(1)] DateTimeOffset? ConnectedSince,
    [property: Id(2)] DateTimeOffset? LastSeenAt,
    [property: Id(3)] DateTimeOffset? LastAckAt,
    [property: Id(4)] DateTimeOffset? LastDisconnectedAt);
