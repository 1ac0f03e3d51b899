namespace Fleet.Access;

/// <summary>What an API key may do. Ordered: each role can do everything the one before it can.</summary>
[GenerateSerializer, Alias("fleet.api-role")]
public enum ApiRole
{
    Viewer = 0,
    Operator = 1,
    Admin = 2,
}

public static class ApiRoles
{
    public static string ToWire(this ApiRole role) => role.ToString().ToLowerInvariant();

    public static bool TryParse(string? text, out ApiRole role)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "viewer": role = ApiRole.Viewer; return true;
            case "operator": role = ApiRole.Operator; return true;
            case "admin": role = ApiRole.Admin; return true;
            default: role = default; return false;
        }
    }
}
