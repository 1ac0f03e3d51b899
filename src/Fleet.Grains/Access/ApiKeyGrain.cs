using System.Security.Cryptography;
using Fleet.Common;

namespace Fleet.Access;

/// <summary>One API key. A revoked key stays recorded (for the audit trail and the admin list)
/// but never verifies again.</summary>
public sealed class ApiKeyGrain(
    [PersistentState("api-key", FleetStorage.Name)] IPersistentState<ApiKeyState> key,
    FleetClock time) : Grain, IApiKeyGrain
{
    private ApiKeyState State => key.State;

    public async Task<CommandResult<ApiKeyView>> Create(string name, ApiRole role, byte[] keyHash)
    {
        if (key.RecordExists) return CommandResult<ApiKeyView>.Conflict($"API key id '{this.GetPrimaryKeyString()}' is taken.");
        await Set(name, role, keyHash);
        return CommandResult<ApiKeyView>.Ok(CommandStatus.Created, View());
    }

    public async Task Set(string name, ApiRole role, byte[] keyHash)
    {
        State.Id = this.GetPrimaryKeyString();
        State.Name = name;
        State.Role = role;
        State.KeyHash = keyHash;
        State.HashVersion = ApiKeyState.KeyedHashVersion;
        State.CreatedAt = time.GetUtcNow();
        State.RevokedAt = null;
        await key.WriteStateAsync();
    }

    public async Task<ApiRole?> Verify(byte[] keyHash, byte[] legacyHash)
    {
        if (!key.RecordExists || State.RevokedAt is not null) return null;
        if (State.HashVersion >= ApiKeyState.KeyedHashVersion)
            return CryptographicOperations.FixedTimeEquals(State.KeyHash, keyHash) ? State.Role : null;
        if (!CryptographicOperations.FixedTimeEquals(State.KeyHash, legacyHash)) return null;

        // Stored by a version before keyed hashes: the key just proved itself, so its plain hash
        // leaves the database now and the key keeps working (an upgrade locks nobody out).
        State.KeyHash = keyHash;
        State.HashVersion = ApiKeyState.KeyedHashVersion;
        await key.WriteStateAsync();
        return State.Role;
    }

    public Task<bool> Exists() => Task.FromResult(key.RecordExists);

    public async Task<CommandResult<ApiKeyView>> Revoke()
    {
        if (!key.RecordExists) return CommandResult<ApiKeyView>.NotFound($"API key '{this.GetPrimaryKeyString()}' does not exist.");
        if (State.RevokedAt is not null) return CommandResult<ApiKeyView>.Ok(CommandStatus.Unchanged, View());
        State.RevokedAt = time.GetUtcNow();
        await key.WriteStateAsync();
        return CommandResult<ApiKeyView>.Ok(CommandStatus.Deleted, View());
    }

    private ApiKeyView View() => new(State.Id, State.Name, State.Role, State.CreatedAt, State.RevokedAt);
}
