using Fleet.Common;

namespace Fleet.Access;

/// <summary>One API key, keyed by its public id (the part of the key before the secret). Holds
/// only the SHA-256 of the key: keys are 256-bit random values, so a fast hash is enough and the
/// check stays cheap on every request.</summary>
[Alias("fleet.api-key")]
public interface IApiKeyGrain : IGrainWithStringKey
{
    /// <summary>Creates the key; Conflict when the id is already taken.</summary>
    [Alias("create")]
    Task<CommandResult<ApiKeyView>> Create(string name, ApiRole role, byte[] keyHash);

    /// <summary>Sets the key's hash whatever it was before: how the configured bootstrap key
    /// replaces an earlier one.</summary>
    [Alias("set")]
    Task Set(string name, ApiRole role, byte[] keyHash);

    /// <summary>The key's role when the hash matches a live key, otherwise null.</summary>
    [Alias("verify")]
    Task<ApiRole?> Verify(byte[] keyHash);

    [Alias("exists")]
    Task<bool> Exists();

    [Alias("revoke")]
    Task<CommandResult<ApiKeyView>> Revoke();
}
