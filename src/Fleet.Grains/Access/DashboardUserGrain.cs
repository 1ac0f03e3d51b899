using System.Security.Cryptography;
using Fleet.Common;

namespace Fleet.Access;

/// <summary>One dashboard user. Every change of role or password draws a new security stamp, so
/// that sessions issued before it stop working at their next request.</summary>
public sealed class DashboardUserGrain(
    [PersistentState("dashboard-user", FleetStorage.Name)] IPersistentState<DashboardUserState> user,
    FleetClock time) : Grain, IDashboardUserGrain
{
    private DashboardUserState State => user.State;
    private bool Exists => user.RecordExists && State.PasswordHash.Length > 0;

    public async Task<CommandResult<DashboardUserView>> Create(ApiRole role, string passwordHash)
    {
        if (Exists) return CommandResult<DashboardUserView>.Conflict($"User '{this.GetPrimaryKeyString()}' already exists.");
        return CommandResult<DashboardUserView>.Ok(CommandStatus.Created, await Set(role, passwordHash));
    }

    public async Task<DashboardUserView> Set(ApiRole role, string passwordHash)
    {
        var now = time.GetUtcNow();
        if (!Exists)
        {
            State.UserName = this.GetPrimaryKeyString();
            State.CreatedAt = now;
            State.LastSignInAt = null;
        }
        State.Role = role;
        State.PasswordHash = passwordHash;
        await WriteAsync(now);
        return View();
    }

    public Task<DashboardUserView?> Get() => Task.FromResult(Exists ? View() : null);

    public Task<DashboardCredential?> GetCredential() => Task.FromResult(Exists
        ? new DashboardCredential(State.UserName, State.Role, State.PasswordHash, State.SecurityStamp)
        : null);

    public async Task<CommandResult<DashboardUserView>> SetRole(ApiRole role)
    {
        if (!Exists) return NotFound();
        if (State.Role == role) return CommandResult<DashboardUserView>.Ok(CommandStatus.Unchanged, View());
        State.Role = role;
        await WriteAsync(time.GetUtcNow());
        return CommandResult<DashboardUserView>.Ok(CommandStatus.Updated, View());
    }

    public async Task<CommandResult<DashboardUserView>> SetPassword(string passwordHash)
    {
        if (!Exists) return NotFound();
        State.PasswordHash = passwordHash;
        await WriteAsync(time.GetUtcNow());
        return CommandResult<DashboardUserView>.Ok(CommandStatus.Updated, View());
    }

    public async Task SignedIn()
    {
        if (!Exists) return;
        State.LastSignInAt = time.GetUtcNow();
        await user.WriteStateAsync();
    }

    public async Task<CommandResult<DashboardUserView>> Delete()
    {
        if (!Exists) return NotFound();
        var last = View();
        await user.ClearStateAsync();
        user.State = new DashboardUserState();
        return CommandResult<DashboardUserView>.Ok(CommandStatus.Deleted, last);
    }

    private Task WriteAsync(DateTimeOffset now)
    {
        State.SecurityStamp = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        State.UpdatedAt = now;
        return user.WriteStateAsync();
    }

    private CommandResult<DashboardUserView> NotFound() =>
        CommandResult<DashboardUserView>.NotFound($"User '{this.GetPrimaryKeyString()}' does not exist.");

    private DashboardUserView View() => new(State.UserName, State.Role, State.CreatedAt, State.UpdatedAt, State.LastSignInAt);
}
