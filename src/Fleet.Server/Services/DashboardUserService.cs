using Fleet.Access;
using Fleet.Common;
using Fleet.Server.Audit;
using Fleet.Server.Security;
using Fleet.Storage.ReadModel;

namespace Fleet.Server.Services;

/// <summary>Dashboard users: validation, hashing and the rules that keep an admin able to get in
/// (the last admin can be neither demoted nor deleted, nobody deletes themselves).</summary>
public sealed class DashboardUserService(IGrainFactory grains, FleetReadModel readModel, DashboardPasswords passwords, AuditTrail audit)
{
    public Task<Page<DashboardUserRow>> ListAsync(int limit, string? cursor, CancellationToken ct = default) =>
        readModel.ListDashboardUsersAsync(limit, cursor, ct);

    public async Task<CommandResult<DashboardUserView>> CreateAsync(string? userName, ApiRole role, string? password)
    {
        var errors = Validation.Collect(UserNames.Check("userName", userName), Passwords.Check("password", password));
        if (errors.Count > 0) return CommandResult<DashboardUserView>.Invalid([.. errors]);
        return await audit.IfChangedAsync(Grain(userName).Create(role, passwords.Hash(password!)),
            AuditTrail.Always("user.created"), AuditTargets.User, UserNames.Normalize(userName), _ => new { role = role.ToWire() });
    }

    public async Task<CommandResult<DashboardUserView>> SetRoleAsync(string userName, ApiRole role, CancellationToken ct = default)
    {
        if (UserNames.Check("userName", userName) is not null) return NotFound(userName);
        var current = await Grain(userName).Get();
        if (current is null) return NotFound(userName);
        if (current.Role == ApiRole.Admin && role != ApiRole.Admin && await IsLastAdminAsync(ct))
            return CommandResult<DashboardUserView>.Conflict("This is the last admin; make another user admin first.");
        return await audit.IfChangedAsync(Grain(userName).SetRole(role),
            AuditTrail.Always("user.role-changed"), AuditTargets.User, UserNames.Normalize(userName),
            _ => new { from = current.Role.ToWire(), to = role.ToWire() });
    }

    public async Task<CommandResult<DashboardUserView>> SetPasswordAsync(string userName, string? password)
    {
        if (Passwords.Check("password", password) is { } error) return CommandResult<DashboardUserView>.Invalid(error);
        if (UserNames.Check("userName", userName) is not null) return NotFound(userName);
        // That the password changed, never what to.
        return await audit.IfChangedAsync(Grain(userName).SetPassword(passwords.Hash(password!)),
            AuditTrail.Always("user.password-changed"), AuditTargets.User, UserNames.Normalize(userName));
    }

    public async Task<CommandResult<DashboardUserView>> DeleteAsync(string userName, string actingUser, CancellationToken ct = default)
    {
        if (UserNames.Check("userName", userName) is not null) return NotFound(userName);
        if (UserNames.Normalize(userName) == UserNames.Normalize(actingUser))
            return CommandResult<DashboardUserView>.Conflict("You cannot delete the account you are signed in with.");
        var current = await Grain(userName).Get();
        if (current is null) return NotFound(userName);
        if (current.Role == ApiRole.Admin && await IsLastAdminAsync(ct))
            return CommandResult<DashboardUserView>.Conflict("This is the last admin; make another user admin first.");
        return await audit.IfChangedAsync(Grain(userName).Delete(),
            AuditTrail.Always("user.deleted"), AuditTargets.User, UserNames.Normalize(userName));
    }

    /// <summary>The credential when name and password match, otherwise null. An unknown name costs
    /// the same hashing work as a wrong password, so timing does not tell which names exist.</summary>
    public async Task<DashboardCredential?> VerifyAsync(string? userName, string? password, System.Net.IPAddress? client = null)
    {
        var (credential, known) = await CheckAsync(userName, password);
        // A failed attempt names the account only when it exists: what was typed for an unknown
        // name may well be a password in the wrong field, and must not land in the trail.
        var actorName = credential?.UserName ?? (known ? UserNames.Normalize(userName) : "(unknown user)");
        await audit.RecordAsync(credential is null ? "dashboard.sign-in-failed" : "dashboard.signed-in",
            AuditTargets.User, known ? actorName : null, actor: AuditActor.User(actorName, client));
        return credential;
    }

    private async Task<(DashboardCredential? Credential, bool Known)> CheckAsync(string? userName, string? password)
    {
        if (string.IsNullOrEmpty(password) || password.Length > Passwords.MaxLength
            || UserNames.Check("userName", userName) is not null)
        {
            passwords.Burn(password ?? "");
            return (null, false);
        }
        var grain = Grain(userName);
        var credential = await grain.GetCredential();
        if (credential is null)
        {
            passwords.Burn(password);
            return (null, false);
        }
        var (ok, rehash) = passwords.Verify(credential.PasswordHash, password);
        if (!ok) return (null, true);
        if (rehash)
        {
            await grain.SetPassword(passwords.Hash(password));
            credential = await grain.GetCredential();
        }
        await grain.SignedIn();
        return (credential, true);
    }

    /// <summary>Whether a session issued with this stamp is still good (same stamp, user exists).</summary>
    public async Task<DashboardCredential?> CurrentAsync(string userName) =>
        UserNames.Check("userName", userName) is null ? await Grain(userName).GetCredential() : null;

    private async Task<bool> IsLastAdminAsync(CancellationToken ct) =>
        await readModel.CountDashboardUsersAsync(ApiRole.Admin.ToWire(), ct) <= 1;

    private IDashboardUserGrain Grain(string? userName) => grains.GetGrain<IDashboardUserGrain>(UserNames.Normalize(userName));

    private static CommandResult<DashboardUserView> NotFound(string userName) =>
        CommandResult<DashboardUserView>.NotFound($"User '{userName}' does not exist.");
}
