namespace Fleet.Server.Apis.Models;

/// <summary>Body of <c>PUT /api/v1/pos/{posId}</c>: the store is part of the POS's identity (it may
/// also come as <c>?store=</c>).</summary>
public sealed record PosRequest(string? StoreId, string? Name);
