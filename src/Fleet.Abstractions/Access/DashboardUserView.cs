namespace Fleet.Access;

/// <summary>A dashboard user as admins see them: never the password hash.</summary>
[GenerateSerializer, Immutable, Alias("fleet.dashboard-user-view")]
public sealed record DashboardUserView(
    [property: Id(0)] string UserName,
    [property: Id(1)] ApiRole Role,
    [property: Id(2)] DateTimeOffset CreatedAt,
    [property: Id(3)] DateTimeOffset UpdatedAt,
    [property: Id(4)] DateTimeOffset? LastSignInAt);
