namespace Fleet.Server.Apis.Models;

/// <summary>Body of <c>PUT /api/v1/stores/{storeId}/order-n-pay</c>. <c>authSecret</c> may be left
/// out on an update to keep the current secret.</summary>
public sealed record OutletRequest(string? PosRemoteId, string? AuthSecret);
