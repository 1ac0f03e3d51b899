using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Fleet.Server.Licences;

/// <summary>Licence API keys look like <c>lic_{productionNumber}_{secret}</c>: the production
/// number names the activation grain (one grain call per request, no key index) and the secret is
/// 256 random bits, base64url. Only the SHA-256 of the whole key is stored.</summary>
public static class LicenceKeyFormat
{
    public const string Prefix = "lic_";
    private const int SecretLength = 43; // base64url of 32 bytes, unpadded
    private const int KeyLength = 4 + ProductionNumbers.Length + 1 + SecretLength;

    public static string Generate(string productionNumber) =>
        $"{Prefix}{productionNumber}_{Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32))}";

    /// <summary>The production number inside a well-formed key, or null for anything else.</summary>
    public static string? ProductionNumberOf(string key)
    {
        if (key.Length != KeyLength || !key.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        if (key[Prefix.Length + ProductionNumbers.Length] != '_') return null;
        var productionNumber = key.Substring(Prefix.Length, ProductionNumbers.Length);
        var secret = key.AsSpan(KeyLength - SecretLength);
        foreach (var c in secret)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')) return null;
        return ProductionNumbers.IsValid(productionNumber) ? productionNumber : null;
    }

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
