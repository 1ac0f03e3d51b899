using Fleet.Common;

namespace Fleet.Access;

/// <summary>One person who signs in to the dashboard, keyed by the normalised (lower-case) user
/// name. Holds only a password hash; hashing and verifying happen in the host, off the grain's
/// scheduler, because a strong KDF is deliberately slow.</summary>
[Alias("fleet.dashboard-user")]
public interface IDashboardUserGrain : IGrainWithStringKey
{
    /// <summary>Creates the user; Conflict when the name is taken.</summary>
    [Alias("create")]
    Task<CommandResult<DashboardUserView>> Create(ApiRole role, string passwordHash);

    /// <summary>Sets role and password whatever they were: how a configured admin password
    /// replaces an earlier one.</summary>
    [Alias("set")]
    Task<DashboardUserView> Set(ApiRole role, string passwordHash);

    [Alias("get")]
    Task<DashboardUserView?> Get();

    /// <summary>What sign-in needs: null when the user does not exist.</summary>
    [Alias("get-credential")]
    Task<DashboardCredential?> GetCredential();

    /// <summary>Changes the role; existing sessions of the user end (their stamp changes).</summary>
    [Alias("set-role")]
    Task<CommandResult<DashboardUserView>> SetRole(ApiRole role);

    /// <summary>Replaces the password hash; existing sessions of the user end.</summary>
    [Alias("set-password")]
    Task<CommandResult<DashboardUserView>> SetPassword(string passwordHash);

    /// <summary>Records a successful sign-in (for the user list).</summary>
    [Alias("signed-in")]
    Task SignedIn();

    [Alias("delete")]
    Task<CommandResult<DashboardUserView>> Delete();
}
