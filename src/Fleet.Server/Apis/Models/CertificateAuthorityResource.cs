using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Fleet.Server.Pki;

namespace Fleet.Server.Apis.Models;

/// <summary>What headquarters sees of the CA (never a key).</summary>
public sealed record CertificateAuthorityResource(
    int Generation, CaCertificateResource Root, CaCertificateResource Issuing, IReadOnlyList<CaCertificateResource> PreviousIssuing)
{
    public static CertificateAuthorityResource From(AuthorityHost host)
    {
        var ca = host.Authority;
        return new CertificateAuthorityResource(
            host.Generation,
            CaCertificateResource.From(ca.RootCertificate),
            CaCertificateResource.From(ca.IssuingCertificate),
            ca.Material.PreviousIssuingCertificatesPem.Select(pem =>
            {
                using var certificate = X509Certificate2.CreateFromPem(pem);
                return CaCertificateResource.From(certificate);
            }).ToArray());
    }
}

public sealed record CaCertificateResource(string Subject, string SerialNumber, DateTimeOffset NotBefore, DateTimeOffset NotAfter, string Sha256Fingerprint)
{
    public static CaCertificateResource From(X509Certificate2 certificate) => new(
        certificate.Subject, certificate.SerialNumber.ToLowerInvariant(),
        new DateTimeOffset(certificate.NotBefore.ToUniversalTime()), new DateTimeOffset(certificate.NotAfter.ToUniversalTime()),
        certificate.GetCertHashString(HashAlgorithmName.SHA256));
}
