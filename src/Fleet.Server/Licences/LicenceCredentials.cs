namespace Fleet.Server.Licences;

/// <summary>How a POS presents its licence: the API key in <c>Authorization</c> (bare, or
/// <c>Bearer &lt;key&gt;</c>) or in <c>X-Api-Key</c>, optionally with <c>X-Production-Number</c>
/// (srv4pos ActivationCredentials). The production number must match the one inside the key.</summary>
public sealed record LicenceCredentials(string ProductionNumber, string Key)
{
    public const string ProductionNumberHeader = "X-Production-Number";
    public const string ApiKeyHeader = "X-Api-Key";

    /// <summary>The key the request carries, if any (not yet checked).</summary>
    public static string? PresentedKey(HttpRequest request)
    {
        var key = request.Headers[ApiKeyHeader].ToString();
        if (key.Length == 0)
        {
            key = request.Headers.Authorization.ToString();
            if (key.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) key = key["Bearer ".Length..];
        }
        key = key.Trim();
        return key.Length == 0 ? null : key;
    }

    /// <summary>Null when the request carries no key, or one that cannot be a licence key.</summary>
    public static LicenceCredentials? From(HttpRequest request, string? key)
    {
        if (key is null || LicenceKeyFormat.ProductionNumberOf(key) is not { } productionNumber) return null;
        var claimed = request.Headers[ProductionNumberHeader].ToString().Trim();
        if (claimed.Length > 0 && !string.Equals(claimed, productionNumber, StringComparison.Ordinal)) return null;
        return new LicenceCredentials(productionNumber, key);
    }
}
