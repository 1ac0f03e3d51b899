using Fleet.Common;

namespace Fleet.Access;

/// <summary>One API key, keyed by its public id (the part of the key before the secret). Holds
/// only an HMAC-SHA256 of the key under a per-deployment secret (a fast keyed hash: generated keys
/// are 256-bit random values, and the key keeps an operator-chosen bootstrap key from being guessed
/// offline from a copy of the database). Keys stored by older versions as plain SHA-256 verify once
/// in that form and are re-stored in the keyed form.</summary>
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

    /// <summary>The key's role when the hash matches a live key, otherwise null.
    /// <paramref name="legacyHash"/> (plain SHA-256) is compared only while the stored hash is still
    /// in that older form; a match re-stores <paramref name="keyHash"/>.</summary>
    [Alias("verify-keyed")]
    Task<ApiRole?> Verify(byte[] keyHash, byte[] legacyHash);

    [Alias("exists")]
    Task<bool> Exists();

    [Alias("revoke")]
    Task<CommandResult<ApiKeyView>> Revoke();
}
