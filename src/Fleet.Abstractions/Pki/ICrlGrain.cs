namespace Fleet.Pki;

/// <summary>The fleet's certificate revocation list (key "fleet"). Regenerated from the revocation
/// records on every revocation and, lazily, before nextUpdate comes close; written only then, so it
/// is no hot spot: revocations are rare and reads are served from memory.</summary>
[Alias("fleet.crl")]
public interface ICrlGrain : IGrainWithStringKey
{
    public const string FleetKey = "fleet";

    [Alias("get")]
    Task<CrlSnapshot> Get();

    [Alias("regenerate")]
    Task<CrlSnapshot> Regenerate();
}
