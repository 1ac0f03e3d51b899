namespace Fleet.Pki;

/// <summary>The fleet's certificate authority record, one per fleet (key "fleet"). It creates the
/// root and issuing CA on first use, exactly once across all silos; every silo then signs locally
/// with the decrypted keys, so issuance never queues behind this one grain.</summary>
[Alias("fleet.certificate-authority")]
public interface ICertificateAuthorityGrain : IGrainWithStringKey
{
    public const string FleetKey = "fleet";

    [Alias("get-or-create")]
    Task<AuthorityMaterial> GetOrCreate();

    /// <summary>The current generation (0 before the CA exists): a cheap check for silos.</summary>
    [Alias("generation")]
    Task<int> GetGeneration();

    /// <summary>Replaces the issuing CA with a fresh one signed by the root. Certificates issued by
    /// the previous one stay valid: it is kept for chain verification until it expires.</summary>
    [Alias("rotate-issuing")]
    Task<AuthorityMaterial> RotateIssuing();
}
