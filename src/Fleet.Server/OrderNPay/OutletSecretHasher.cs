using System.Security.Cryptography;
using System.Text;
using Fleet.OrderNPay;

namespace Fleet.Server.OrderNPay;

/// <summary>PBKDF2-HMAC-SHA256 for AuthSecrets. Runs in the request, never inside a grain: it is
/// slow on purpose and must not hold up the outlet's other calls.</summary>
public static class OutletSecretHasher
{
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    public static SecretHash Hash(string secret, int iterations)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        return new SecretHash(salt, iterations, Derive(secret, new SecretParameters(salt, iterations)));
    }

    public static byte[] Derive(string secret, SecretParameters parameters) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), parameters.Salt, parameters.Iterations,
            HashAlgorithmName.SHA256, HashBytes);
}
