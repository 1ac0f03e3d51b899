namespace Fleet.Pki;

/// <summary>
/// The URI SANs that carry a client's identity: <c>urn:fleet:pos:{posId}</c>,
/// <c>urn:fleet:terminal:{terminalId}</c> and <c>urn:fleet:store:{storeId}</c>.
/// Ids are percent-encoded (RFC 3986 unreserved characters pass through), so any id round-trips.
/// </summary>
internal static partial class FleetUrns
{
    public const string PosPrefix = "urn:fleet:pos:";
    public const string TerminalPrefix = "urn:fleet:terminal:";
    public const string StorePrefix = "urn:fleet:store:";

    /// <summary>Ids are short identifiers; the bound also keeps "pos:{id}" within X.520's 64-character CN limit.</summary>
    public const int MaxIdLength = 60;

    public static string Pos(string posId) => PosPrefix + Uri.EscapeDataString(posId);

    public static string Terminal(string terminalId) => TerminalPrefix + Uri.EscapeDataString(terminalId);

    public static string Store(string storeId) => StorePrefix + Uri.EscapeDataString(storeId);

    public static string? TryRead(string uri, string prefix) =>
        uri.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && uri.Length > prefix.Length
            ? Uri.UnescapeDataString(uri[prefix.Length..])
            : null;

    public static void ValidateId(string? id, string parameterName, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            if (required)
            {
                throw new ArgumentException("The id is required.", parameterName);
            }

            return;
        }

        if (id.Length > MaxIdLength)
        {
            throw new ArgumentException($"The id is longer than {MaxIdLength} characters.", parameterName);
        }

        if (id.Any(char.IsControl) || id != id.Trim())
        {
            throw new ArgumentException("The id contains control characters or surrounding white space.", parameterName);
        }
    }
}
