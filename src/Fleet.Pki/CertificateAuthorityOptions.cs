namespace Fleet.Pki;

/// <summary>Names, lifetimes and published URLs of the Fleet certificate authority.</summary>
public sealed class CertificateAuthorityOptions
{
    /// <summary>Organisation (O) in every subject name.</summary>
    public string Organization { get; set; } = "Fleet";

    /// <summary>Common name of the root certificate.</summary>
    public string RootCommonName { get; set; } = "Fleet Root CA";

    /// <summary>Common name prefix of issuing certificates; the generation number is appended ("Fleet Issuing CA 2").</summary>
    public string IssuingCommonNamePrefix { get; set; } = "Fleet Issuing CA";

    /// <summary>Key algorithm for a new root and issuing CA.</summary>
    public CaKeyAlgorithm Algorithm { get; set; } = CaKeyAlgorithm.Rsa2048;

    /// <summary>Lifetime of the root certificate.</summary>
    public TimeSpan RootValidity { get; set; } = TimeSpan.FromDays(20 * 365 + 5);

    /// <summary>Lifetime of an issuing certificate; never extends past the root's.</summary>
    public TimeSpan IssuingValidity { get; set; } = TimeSpan.FromDays(5 * 365 + 1);

    /// <summary>
    /// How far notBefore is set into the past, so devices with a slightly slow clock accept a
    /// certificate the moment it is issued.
    /// </summary>
    public TimeSpan ClockSkewAllowance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>When set, leaves carry a CRL distribution point with this URL (e.g. <c>https://fleet.example/pki/crl</c>).</summary>
    public string? CrlDistributionPointUrl { get; set; }

    /// <summary>When set, leaves carry an AIA caIssuers entry pointing to the issuing certificate.</summary>
    public string? CaIssuersUrl { get; set; }

    /// <summary>When set, leaves carry an AIA OCSP entry with this responder URL.</summary>
    public string? OcspUrl { get; set; }
}
