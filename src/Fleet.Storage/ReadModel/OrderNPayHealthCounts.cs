namespace Fleet.Storage.ReadModel;

/// <summary>Order N Pay outlets across the fleet: how many are connected and what is waiting.</summary>
public sealed record OrderNPayHealthCounts(
    int Outlets,
    int Connected,
    int PendingMessages,
    int OutletsWithPending,
    IReadOnlyList<OrderNPayBacklog> LongestWaiting);
