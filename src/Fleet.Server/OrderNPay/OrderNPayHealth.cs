namespace Fleet.Server.OrderNPay;

/// <summary>The <c>orderNPay</c> health section: outlets, live connections and the message backlog.</summary>
public sealed record OrderNPayHealth(
    int Outlets, int Connected, int Disconnected, int PendingMessages, int OutletsWithPending,
    IReadOnlyList<OrderNPayBacklogHealth> LongestWaiting);

/// <summary>One outlet among those waiting longest for an ack.</summary>
public sealed record OrderNPayBacklogHealth(string StoreId, int Pending, DateTimeOffset OldestPendingAt, bool Connected);
