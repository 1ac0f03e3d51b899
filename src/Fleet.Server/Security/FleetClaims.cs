namespace Fleet.Server.Security;

public static class FleetClaims
{
    public const string Role = "fleet:role";
    public const string KeyId = "fleet:key-id";
    public const string SecurityStamp = "fleet:stamp";
}
