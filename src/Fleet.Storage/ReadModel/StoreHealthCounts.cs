namespace Fleet.Storage.ReadModel;

/// <summary>One store's terminal counts by health.</summary>
public sealed record StoreHealthCounts(string StoreId, int Terminals, int Online, int Offline);
