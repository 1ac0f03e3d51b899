namespace Fleet.Server.Apis.Models;

/// <summary>Body of <c>POST /api/v1/api-keys</c>. <c>role</c> is admin, operator or viewer.</summary>
public sealed record ApiKeyRequest(string? Name, string? Role);
