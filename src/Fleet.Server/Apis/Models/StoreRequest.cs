namespace Fleet.Server.Apis.Models;

/// <summary>Body of <c>PUT /api/v1/stores/{storeId}</c>.</summary>
public sealed record StoreRequest(string? Name, string? TimeZone, string? CorporateId);
