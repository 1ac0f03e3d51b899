namespace Fleet.Server.Apis;

/// <summary>The RFC 5280 reason codes an operator may give, by their RFC names. certificateHold
/// and removeFromCRL are left out: Fleet's revocations are final.</summary>
public static class RevocationReasons
{
    private static readonly Dictionary<string, int> Codes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["unspecified"] = 0,
        ["keyCompromise"] = 1,
        ["affiliationChanged"] = 3,
        ["superseded"] = 4,
        ["cessationOfOperation"] = 5,
        ["privilegeWithdrawn"] = 9,
    };

    public static IReadOnlyCollection<string> Names => Codes.Keys;

    public static bool TryParse(string? name, out int code)
    {
        code = 0;
        return name is null || Codes.TryGetValue(name, out code);
    }

    public static string NameOf(int code) => code switch
    {
        0 => "unspecified",
        1 => "keyCompromise",
        2 => "cACompromise",
        3 => "affiliationChanged",
        4 => "superseded",
        5 => "cessationOfOperation",
        6 => "certificateHold",
        8 => "removeFromCRL",
        9 => "privilegeWithdrawn",
        10 => "aACompromise",
        _ => code.ToString(),
    };
}
