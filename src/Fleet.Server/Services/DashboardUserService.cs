using System.Net;
using Fleet.Access;
using Fleet.Common;
using Fleet.Server.Audit;
using Fleet.Server.Security;
using Fleet.Server.Throttling;
using Fleet.Storage.ReadModel;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Services;

/// <summary>Dashboard users: validation, hashing and the rules that keep an admin able to get in
/// (the last admin can be neither demoted nor deleted, nobody deletes themselves), and sign-in with
/// its brakes (see <see cref="SignInOptions"/>).</summary>
public sealed class DashboardUserService(
    IGrainFactory grains,
    FleetReadModel readModel,
    DashboardPasswords passwords,
    HashingGate hashing,
    SignInDevices devices,
    Brakes brakes,
    IOptions<SignInOptions> signIn,
    AuditTrail audit)
{
    private readonly Brake _accounts = brakes.For("sign-in-account", () => signIn.Value.Account.Policy);
    private readonly Brake _addresses = brakes.For("sign-in-address", () => signIn.Value.Address.Policy);
    private readonly Brake _devices = brakes.For("sign-in-device", () => signIn.Value.Device.Policy);

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

    /// <summary>The credential when name and password match, otherwise null: <see cref="SignInAsync"/>
    /// for a client without a device cookie.</summary>
    public async Task<DashboardCredential?> VerifyAsync(string? userName, string? password, IPAddress? client = null) =>
        (await SignInAsync(userName, password, client, deviceCookie: null)).Credential;

    /// <summary>Signs in, braked. Blocked clients are answered before any hashing. An unknown name
    /// costs the same hashing work as a wrong password and is braked like a real account, so neither
    /// timing nor the brakes tell which names exist. Failures are audited in aggregate: the first of
    /// a burst (the first for both the account and the address in their windows) and each block
    /// that starts, with the count that led to it; a success records how many failures it forgave.</summary>
    public async Task<SignInOutcome> SignInAsync(
        string? userName, string? password, IPAddress? client, string? deviceCookie, CancellationToken ct = default)
    {
        var address = ClientAddresses.KeyOf(client);
        var name = UserNames.Check("userName", userName) is null ? UserNames.Normalize(userName) : null;
        // The account side: per device for a browser that signed in to this account before, else
        // per account; a name that cannot exist has only the address side.
        var device = name is null ? null : devices.DeviceOf(deviceCookie, name);
        var (accountBrake, accountKey) = device is not null ? (_devices, device) : name is not null ? (_accounts, name) : (null, null);

        var wait = await _addresses.RetryAfterAsync(address);
        if (accountBrake is not null && await accountBrake.RetryAfterAsync(accountKey!) is { } accountWait && !(wait >= accountWait))
            wait = accountWait;
        if (wait is { } blocked) return SignInOutcome.Throttled(blocked);

        var (ran, credential, known) = await CheckAsync(userName, password, ct);
        if (!ran) return SignInOutcome.TooBusy;
        // A failed attempt names the account only when it exists: what was typed for an unknown
        // name may well be a password in the wrong field, and must not land in the trail.
        var actorName = credential?.UserName ?? (known ? name! : "(unknown user)");
        var actor = AuditActor.User(actorName, client);
        if (credential is null)
        {
            var byAddress = await _addresses.CountAsync(address);
            var byAccount = accountBrake is null ? null : await accountBrake.CountAsync(accountKey!);
            if (byAccount?.BlockStarted == true || byAddress.BlockStarted)
            {
                var (scope, verdict) = byAccount?.BlockStarted == true ? (device is null ? "account" : "device", byAccount) : ("address", byAddress);
                await audit.RecordAsync("dashboard.sign-in-throttled", AuditTargets.User, known ? actorName : null,
                    new { brake = scope, failures = verdict.Counted, blockedForSeconds = (long)verdict.BlockedFor!.Value.TotalSeconds }, actor);
            }
            else if (byAddress.Counted == 1 && (byAccount is null || byAccount.Counted == 1))
            {
                await audit.RecordAsync("dashboard.sign-in-failed", AuditTargets.User, known ? actorName : null, null, actor);
            }
            return SignInOutcome.Refused;
        }

        var forgiven = await accountBrake!.ForgiveAsync(accountKey!);
        await audit.RecordAsync("dashboard.signed-in", AuditTargets.User, actorName,
            forgiven > 0 ? new { failedAttempts = forgiven } : null, actor);
        return SignInOutcome.SignedIn(credential, devices.Issue(name!));
    }

    private async Task<(bool Ran, DashboardCredential? Credential, bool Known)> CheckAsync(string? userName, string? password, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(password) || password.Length > Passwords.MaxLength
            || UserNames.Check("userName", userName) is not null)
            return (await BurnAsync(password ?? "", ct), null, false);
        var grain = Grain(userName);
        var credential = await grain.GetCredential();
        if (credential is null) return (await BurnAsync(password, ct), null, false);
        var (ran, (ok, rehash)) = await hashing.RunAsync(() => passwords.Verify(credential.PasswordHash, password), ct);
        if (!ran) return (false, null, true);
        if (!ok) return (true, null, true);
        if (rehash && await hashing.RunAsync(() => passwords.Hash(password), ct) is (true, var upgraded))
        {
            await grain.SetPassword(upgraded);
            credential = await grain.GetCredential();
        }
        await grain.SignedIn();
        return (true, credential, true);
    }

    private async Task<bool> BurnAsync(string password, CancellationToken ct) =>
        (await hashing.RunAsync(() => { passwords.Burn(password); return true; }, ct)).Ran;

    /// <summary>Whether a session issued with this stamp is still good (same stamp, user exists).</summary>
    public async Task<DashboardCredential?> CurrentAsync(string userName) =>
        UserNames.Check("userName", userName) is null ? await Grain(userName).GetCredential() : null;

    private async Task<bool> IsLastAdminAsync(CancellationToken ct) =>
        await readModel.CountDashboardUsersAsync(ApiRole.Admin.ToWire(), ct) <= 1;

    private IDashboardUserGrain Grain(string? userName) => grains.GetGrain<IDashboardUserGrain>(UserNames.Normalize(userName));

    private static CommandResult<DashboardUserView> NotFound(string userName) =>
        CommandResult<DashboardUserView>.NotFound($"User '{userName}' does not exist.");
}
