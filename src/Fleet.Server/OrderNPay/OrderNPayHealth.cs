namespace Fleet.Server.OrderNPay;

/// <summary>The <c>orderNPay</c> health section: outlets, live connections and the message backlog.
/// Serializable: it travels inside the fleet health snapshot.</summary>
[GenerateSerializer, Immutable, Alias("fleet.health.order-n-pay")]
public sealed record OrderNPayHealth(
    [property: Id(0)] int Outlets, [property: Id(1)] int Connected, [property: Id(2)] int Disconnected,
    [property: Id(3)] int PendingMessages, [property: Id(4)] int OutletsWithPending,
    [property: Id(5)] IReadOnlyList<OrderNPayBacklogHealth> LongestWaiting);

/// <summary>One outlet among those waiting longest for an ack.</summary>
[GenerateSerializer, Immutable, Alias("fleet.health.order-n-pay-backlog")]
public sealed record OrderNPayBacklogHealth(
    [property: Id(0)] string StoreId, [property: Id(1)] int Pending, [property: Id(2)] DateTimeOffset OldestPendingAt,
    [property: Id(3)] bool Connected);
