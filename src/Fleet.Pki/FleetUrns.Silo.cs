namespace Fleet.Pki;

/// <summary>The silo part of a certificate's identity: <c>urn:fleet:silo:{name}</c>, the Orleans
/// silo name, for logs and for people reading the certificate. What admits a silo is the
/// <see cref="FleetKeyPurposes.Silo"/> purpose, not its name: every silo of a fleet is alike.</summary>
internal static partial class FleetUrns
{
    public const string SiloPrefix = "urn:fleet:silo:";

    public static string Silo(string siloName) => SiloPrefix + Uri.EscapeDataString(siloName);
}
