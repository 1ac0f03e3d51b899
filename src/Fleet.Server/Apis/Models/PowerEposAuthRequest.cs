using System.Text.Json.Serialization;

namespace Fleet.Server.Apis.Models;

/// <summary>The PowerEPOS OrderNPayAuthTokenRequest, field names exactly as in the contract.</summary>
public sealed record PowerEposAuthRequest(
    [property: JsonPropertyName("ProviderOutletID")] string? ProviderOutletId,
    [property: JsonPropertyName("POSRemoteID")] string? PosRemoteId,
    [property: JsonPropertyName("AuthSecret")] string? AuthSecret);
