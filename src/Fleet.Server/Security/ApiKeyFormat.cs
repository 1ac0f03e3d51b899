using System.Buffers.Text;
using System.Security.Cryptography;

namespace Fleet.Server.Security;

/// <summary>API keys look like <c>fleet_{id}_{secret}</c>: the id names the key's grain (so a
/// request costs one grain call, no lookup table) and the secret is 256 random bits. A bearer
/// token that does not have this shape can only be the configured bootstrap key.</summary>
public static class ApiKeyFormat
{
    public const string Prefix = "fleet_";
    public const string BootstrapId = "bootstrap";

    public static (string Id, string Key) Generate(string? id = null)
    {
        id ??= Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var secret = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        return (id, $"{Prefix}{id}_{secret}");
    }

    /// <summary>The id of the grain that holds this key's hash.</summary>
    public static string GrainIdOf(string token)
    {
        if (token.StartsWith(Prefix, StringComparison.Ordinal))
        {
            var end = token.IndexOf('_', Prefix.Length);
            if (end > Prefix.Length && end - Prefix.Length <= 32)
            {
                var id = token[Prefix.Length..end];
                if (id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c))) return id;
            }
        }
        return BootstrapId;
    }
}
