using System.Security.Cryptography;
using System.Text;

namespace Fleet.Pki;

/// <summary>
/// Secrets of one deployment derived from the CA key passphrase, which every silo shares and the
/// database never holds: whoever has only a copy of the database cannot compute them.
/// </summary>
/// <remarks>
/// One PBKDF2 run (so a weak configured passphrase is slow to guess offline) gives a master
/// secret; each purpose gets its own key from it by HKDF with its own label, so a key serving one
/// purpose never says anything about another.
/// </remarks>
public sealed class DeploymentKeys
{
    private const int Iterations = 200_000;

    private DeploymentKeys(byte[] master)
    {
        ApiKeyHashKey = HKDF.Expand(HashAlgorithmName.SHA256, master, 32, Encoding.UTF8.GetBytes("fleet:api-key-hash:v1"));
        SetupCodeIndexKey = HKDF.Expand(HashAlgorithmName.SHA256, master, 32, Encoding.UTF8.GetBytes("fleet:setup-code-index:v1"));
        SetupCodeDrawKey = HKDF.Expand(HashAlgorithmName.SHA256, master, 32, Encoding.UTF8.GetBytes("fleet:setup-code-draw:v1"));
        CryptographicOperations.ZeroMemory(master);
    }

    /// <summary>HMAC-SHA256 key for API-key hashes (see Fleet.Server's ApiKeyHasher).</summary>
    public byte[] ApiKeyHashKey { get; }

    /// <summary>HMAC-SHA256 key that turns a setup code into the id it is stored under.</summary>
    public byte[] SetupCodeIndexKey { get; }

    /// <summary>HMAC-SHA256 key that turns a terminal's stored draw seed into its current code.</summary>
    public byte[] SetupCodeDrawKey { get; }

    public static DeploymentKeys FromPassphrase(string passphrase)
    {
        ArgumentException.ThrowIfNullOrEmpty(passphrase);
        return new DeploymentKeys(Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(passphrase),
            Encoding.UTF8.GetBytes("fleet:deployment-keys:v1"), Iterations, HashAlgorithmName.SHA256, 32));
    }
}
