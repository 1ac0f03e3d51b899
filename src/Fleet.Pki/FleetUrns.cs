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

    /// <summary>X.520's upper bound for a CN or OU (ub-common-name, ub-organizational-unit-name).</summary>
    public const int MaxNameLength = 64;

    public static string Pos(string posId) => PosPrefix + Uri.EscapeDataString(posId);

    public static string Terminal(string terminalId) => TerminalPrefix + Uri.EscapeDataString(terminalId);

    public static string Store(string storeId) => StorePrefix + Uri.EscapeDataString(storeId);

    public static string? TryRead(string uri, string prefix) =>
        uri.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && uri.Length > prefix.Length
            ? Uri.UnescapeDataString(uri[prefix.Length..])
            : null;

    /// <summary>What X.509 demands of an id that goes into a certificate, or null when it fits:
    /// present (unless optional), no control characters or surrounding white space, at most
    /// <paramref name="maxLength"/> characters. These are encoding limits only; which ids exist is
    /// the fleet's rule, which stays within them.</summary>
    public static string? CheckId(string? id, string name, int maxLength, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return required ? $"'{name}' is required." : null;
        }

        if (id.Length > maxLength)
        {
            return $"'{name}' is longer than the {maxLength} characters a certificate can carry.";
        }

        if (id.Any(char.IsControl) || id != id.Trim())
        {
            return $"'{name}' contains control characters or surrounding white space.";
        }

        return null;
    }
}
