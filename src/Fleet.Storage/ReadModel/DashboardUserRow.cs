namespace Fleet.Storage.ReadModel;

/// <summary>A dashboard user in the admin list (never the password hash).</summary>
public sealed record DashboardUserRow(
    string UserName, string Role, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? LastSignInAt);
