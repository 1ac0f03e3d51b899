using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Fleet.Common;

namespace Fleet.Server.OrderNPay;

/// <summary>
/// Order N Pay access tokens: <c>{outlet}.{secret}</c>, where <c>outlet</c> is the base64url of the
/// ProviderOutletID (so the socket upgrade knows which outlet grain to ask, with no lookup table)
/// and <c>secret</c> is 256 bits from the CSPRNG. Opaque to the POS. Fleet keeps only the SHA-256
/// of the whole token, in the outlet's grain, which binds the token to that outlet.
/// </summary>
public static class AccessTokens
{
    private const int SecretBytes = 32;

    public static (string Token, byte[] Hash) Issue(string outletId)
    {
        var token = $"{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(outletId))}.{Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(SecretBytes))}";
        return (token, Hash(token));
    }

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    /// <summary>The outlet a token names, or null when it cannot be one of ours.</summary>
    public static string? OutletOf(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 256) return null;
        var dot = token.IndexOf('.');
        if (dot <= 0 || token.Length - dot - 1 != Base64Url.GetEncodedLength(SecretBytes)) return null;
        try
        {
            var outlet = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token.AsSpan(0, dot)));
            return Ids.IsValid(outlet) ? outlet : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
