namespace Fleet.Pki;

/// <summary>
/// Everything needed to reload a certificate authority: certificates in PEM and private keys
/// encrypted by a <see cref="KeyProtector"/>. Safe to store as-is; the grain layer maps it to its own
/// persisted state type.
/// </summary>
/// <remarks>Record equality on the arrays and list is by reference; compare fields explicitly if you need value equality.</remarks>
/// <param name="RootCertificatePem">The self-signed root certificate.</param>
/// <param name="RootKeyProtected">The root's PKCS#8 private key, protected.</param>
/// <param name="IssuingCertificatePem">The current issuing (intermediate) certificate, signed by the root.</param>
/// <param name="IssuingKeyProtected">The issuing CA's PKCS#8 private key, protected.</param>
/// <param name="PreviousIssuingCertificatesPem">
/// Issuing certificates replaced by rotation, oldest first. Kept so leaves they signed still verify;
/// their private keys are not kept.
/// </param>
/// <param name="Algorithm">Key algorithm of the root and issuing keys.</param>
public sealed record CertificateAuthorityMaterial(
    string RootCertificatePem,
    byte[] RootKeyProtected,
    string IssuingCertificatePem,
    byte[] IssuingKeyProtected,
    IReadOnlyList<string> PreviousIssuingCertificatesPem,
    CaKeyAlgorithm Algorithm);
