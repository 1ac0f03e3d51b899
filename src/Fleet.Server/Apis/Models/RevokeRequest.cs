namespace Fleet.Server.Apis.Models;

/// <summary>Body of a revocation: an RFC 5280 reason name (default unspecified).</summary>
public sealed record RevokeRequest(string? Reason);
