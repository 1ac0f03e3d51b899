namespace Fleet.Server.Licences;

public static class LicenceClaims
{
    public const string ProductionNumber = "fleet:licence:production-number";

    /// <summary>The licence status derived when the request was authenticated.</summary>
    public const string Status = "fleet:licence:status";
}
