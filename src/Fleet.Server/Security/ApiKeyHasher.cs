using System.Security.Cryptography;
using System.Text;
using Fleet.Pki;

namespace Fleet.Server.Security;

/// <summary>
/// How API keys are stored: HMAC-SHA256 under a per-deployment key derived from the CA passphrase.
/// A generated key has 256 random bits and needs no such help, but the bootstrap key
/// (<c>Fleet:Admin:ApiKey</c>) is chosen by a person: with a plain hash a copy of the database
/// would let anyone test guesses offline; with the HMAC they need the passphrase too.
/// </summary>
public sealed class ApiKeyHasher(DeploymentKeys keys)
{
    private readonly byte[] _key = keys.ApiKeyHashKey;

    /// <summary>The stored form of <paramref name="token"/> (hash version 1).</summary>
    public byte[] Hash(string token) => HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(token));

    /// <summary>The form Fleet stored before version 1 (plain SHA-256): verified once on upgrade,
    /// then replaced by <see cref="Hash"/>.</summary>
    public static byte[] LegacyHash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
