namespace Fleet.Server.Apis.Models;

/// <summary>Body of <c>PUT /api/v1/pos/{posId}</c>.</summary>
public sealed record PosRequest(string? StoreId, string? Name);
