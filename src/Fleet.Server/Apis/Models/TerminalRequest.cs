namespace Fleet.Server.Apis.Models;

/// <summary>Body of <c>PUT /api/v1/terminals/{terminalId}</c>. <c>kind</c> is "android" or "pax".</summary>
public sealed record TerminalRequest(string? Kind, string? SerialNumber, string? StoreId, string? Model, string? AppVersion);
