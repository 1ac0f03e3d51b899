namespace Fleet.Server.Apis.Models;

/// <summary>Body of <c>POST /api/v1/terminals/{terminalId}/heartbeat</c>; every field is optional.</summary>
public sealed record HeartbeatRequest(string? AppVersion, string? IpAddress, int? LocalPort, int? Battery, string? Status);
