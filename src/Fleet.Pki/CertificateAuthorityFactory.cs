using System.Security.Cryptography;
using Org.BouncyCastle.Asn1.X509;

namespace Fleet.Pki;

/// <summary>Creates a brand-new Fleet certificate authority: a root and its first issuing CA.</summary>
public static class CertificateAuthorityFactory
{
    /// <summary>
    /// Generates a root (pathLen 1) and an issuing intermediate (pathLen 0) signed by it, with keys
    /// protected by <paramref name="protector"/>. Only the returned material needs to be stored.
    /// </summary>
    public static CertificateAuthorityMaterial Create(CertificateAuthorityOptions options, KeyProtector protector, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(protector);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Organization);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.RootCommonName);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.IssuingCommonNamePrefix);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.RootValidity, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.IssuingValidity, TimeSpan.Zero);

        var now = timeProvider.GetUtcNow();
        var (rootSigner, rootPkcs8) = CaSigner.Generate(options.Algorithm);
        var (issuingSigner, issuingPkcs8) = CaSigner.Generate(options.Algorithm);
        using (rootSigner)
        using (issuingSigner)
        {
            try
            {
                var rootName = CertificateTemplates.Name(options.Organization, null, options.RootCommonName);
                var root = CertificateTemplates.CreateCa(
                    rootSigner,
                    rootName,
                    issuerKeyId: null,
                    rootName,
                    SubjectPublicKeyInfo.GetInstance(rootSigner.SubjectPublicKeyInfo),
                    CertificateTemplates.TruncateToSeconds(now - options.ClockSkewAllowance),
                    CertificateTemplates.TruncateToSeconds(now + options.RootValidity),
                    pathLength: 1);
                var issuing = CertificateTemplates.CreateIssuing(rootSigner, root, issuingSigner, options, generation: 1, now);

                return new CertificateAuthorityMaterial(
                    Pem.Certificate(root.GetEncoded()),
                    protector.Protect(rootPkcs8),
                    Pem.Certificate(issuing.GetEncoded()),
                    protector.Protect(issuingPkcs8),
                    [],
                    options.Algorithm);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(rootPkcs8);
                CryptographicOperations.ZeroMemory(issuingPkcs8);
            }
        }
    }
}
