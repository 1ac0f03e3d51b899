namespace Fleet.Server.Security;

/// <summary>The host's default authentication scheme: a policy scheme that forwards the srv4pos
/// licence paths to the licence-key handler and everything else to the Fleet API-key handler.</summary>
public static class FleetAuthentication
{
    public const string Scheme = "Fleet";
}
