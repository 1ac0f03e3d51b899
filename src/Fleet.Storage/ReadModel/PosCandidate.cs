namespace Fleet.Storage.ReadModel;

/// <summary>A POS a reference may mean: its Fleet id, store and posId.</summary>
public sealed record PosCandidate(string Id, string StoreId, string PosId);
