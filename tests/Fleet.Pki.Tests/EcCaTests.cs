using System.Security.Cryptography.X509Certificates;
using Fleet.Pki;
using Microsoft.Extensions.Time.Testing;

namespace Fleet.Pki.Tests;

[Collection(CaCollection.Name)]
public sealed class EcCaTests(CaFixture fixture)
{
    [Fact]
    public void EcCaIssuesRsaAndEcLeavesThatOpenSslVerifies()
    {
        var protector = new KeyProtector("ec", KeyProtector.MinimumIterations);
        var time = new FakeTimeProvider(CaFixture.Start);
        var material = CertificateAuthorityFactory.Create(new CertificateAuthorityOptions { Algorithm = CaKeyAlgorithm.EcP256 }, protector, time);
        using var ca = new CertificateAuthority(material, protector, time);

        Assert.Equal(CaKeyAlgorithm.EcP256, material.Algorithm);
        Assert.Equal("1.2.840.10045.4.3.2", ca.IssuingCertificate.SignatureAlgorithm.Value); // ecdsa-with-SHA256
        var root = fixture.WriteFile("ec-root.pem", ca.RootPem);
        var intermediate = fixture.WriteFile("ec-issuing.pem", ca.IssuingCertificate.ExportCertificatePem());
        foreach (var algorithm in new[] { LeafKeyAlgorithm.EcP256, LeafKeyAlgorithm.Rsa2048 })
        {
            var issued = ca.IssueClientCertificate(new ClientCertificateRequest { PosId = "p", TerminalId = "t", KeyAlgorithm = algorithm });
            OpenSsl.Succeed("verify", "-attime", CaFixture.Start.ToUnixTimeSeconds().ToString(), "-CAfile", root, "-untrusted", intermediate,
                fixture.WriteFile("ec-leaf.pem", issued.LeafPem));
            using var cert = X509Certificate2.CreateFromPem(issued.LeafPem);
            Assert.True(ca.VerifyChain(cert, out var error), error);
        }

        var crl = ca.GenerateCrl([new RevokedCertificate("abc", CaFixture.Start, RevocationReason.KeyCompromise)], 1, CaFixture.Start, CaFixture.Start.AddDays(1));
        OpenSsl.Succeed("crl", "-inform", "DER", "-in", fixture.WriteFile("ec.crl", crl), "-CAfile", intermediate, "-verify", "-noout");
    }

    [Fact]
    public void IssuingCaFromAnotherRootIsRefused()
    {
        var protector = new KeyProtector("ec", KeyProtector.MinimumIterations);
        var options = new CertificateAuthorityOptions { Algorithm = CaKeyAlgorithm.EcP256 };
        var a = CertificateAuthorityFactory.Create(options, protector, TimeProvider.System);
        var b = CertificateAuthorityFactory.Create(options, protector, TimeProvider.System);
        var mixed = a with { IssuingCertificatePem = b.IssuingCertificatePem, IssuingKeyProtected = b.IssuingKeyProtected };

        var ex = Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => new CertificateAuthority(mixed, protector, TimeProvider.System));
        Assert.Contains("not signed by the root", ex.Message, StringComparison.Ordinal);
    }
}
