namespace Fleet.Storage.ReadModel;

/// <summary>An outlet with unacknowledged messages: how many, since when, and whether its POS is connected.</summary>
public sealed record OrderNPayBacklog(string StoreId, int Pending, DateTimeOffset OldestPendingAt, bool Connected);
