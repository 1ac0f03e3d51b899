using Fleet.Common;
using Fleet.Storage;

namespace Fleet.Access;

[GenerateSerializer, Alias("fleet.dashboard-user-state")]
public sealed class DashboardUserState : IProjectedState
{
    [Id(0)] public string UserName { get; set; } = "";
    [Id(1)] public ApiRole Role { get; set; }
    [Id(2)] public string PasswordHash { get; set; } = "";
    [Id(3)] public string SecurityStamp { get; set; } = "";
    [Id(4)] public DateTimeOffset CreatedAt { get; set; }
    [Id(5)] public DateTimeOffset UpdatedAt { get; set; }
    [Id(6)] public DateTimeOffset? LastSignInAt { get; set; }

    public ReadModelRow ToReadModelRow(string grainKey) => new("dashboard_users", UserName, new Dictionary<string, object?>
    {
        ["role"] = Role.ToWire(),
        ["created_at_ms"] = UnixTime.Ms(CreatedAt),
        ["updated_at_ms"] = UnixTime.Ms(UpdatedAt),
        ["last_sign_in_ms"] = UnixTime.Ms(LastSignInAt),
    });
}
