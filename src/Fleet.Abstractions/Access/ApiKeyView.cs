namespace Fleet.Access;

/// <summary>An API key as admins see it: never the key itself, which is shown once at creation.</summary>
[GenerateSerializer, Immutable, Alias("fleet.api-key-view")]
public sealed record ApiKeyView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] ApiRole Role,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] DateTimeOffset? RevokedAt);
