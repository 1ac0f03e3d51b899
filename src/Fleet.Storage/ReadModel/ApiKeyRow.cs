namespace Fleet.Storage.ReadModel;

/// <summary>An API key in the admin list (never the key or its hash).</summary>
public sealed record ApiKeyRow(string Id, string Name, string Role, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);
