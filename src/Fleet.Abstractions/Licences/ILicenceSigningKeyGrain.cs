namespace Fleet.Licences;

/// <summary>The one activation-code signing key of the fleet (key "fleet"). Created on first use,
/// exactly once across all silos; every silo then signs locally with the decrypted key.</summary>
[Alias("fleet.licence-signing-key")]
public interface ILicenceSigningKeyGrain : IGrainWithStringKey
{
    public const string FleetKey = "fleet";

    [Alias("get-or-create")]
    Task<LicenceSigningMaterial> GetOrCreate();
}
