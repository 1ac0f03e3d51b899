using System.Security.Cryptography.X509Certificates;
using Fleet.Pki;
using Microsoft.Extensions.Time.Testing;

namespace Fleet.Pki.Tests;

[Collection(CaCollection.Name)]
public sealed class RotationTests(CaFixture fixture)
{
    [Fact]
    public void RotationKeepsOldLeavesVerifyingAndNewLeavesChainToTheNewIntermediate()
    {
        var time = new FakeTimeProvider(CaFixture.Start);
        using var before = new CertificateAuthority(fixture.Material, fixture.Protector, time);
        var oldLeaf = before.IssueClientCertificate(new ClientCertificateRequest { PosId = "old", TerminalId = "t", KeyAlgorithm = LeafKeyAlgorithm.EcP256 });

        time.Advance(TimeSpan.FromDays(30));
        var rotated = before.RotateIssuing();
        using var after = new CertificateAuthority(rotated, fixture.Protector, time);
        var newLeaf = after.IssueClientCertificate(new ClientCertificateRequest { PosId = "new", TerminalId = "t", KeyAlgorithm = LeafKeyAlgorithm.EcP256 });

        Assert.Equal(fixture.Material.RootCertificatePem, rotated.RootCertificatePem);
        Assert.Equal(fixture.Material.RootKeyProtected, rotated.RootKeyProtected);
        Assert.Equal([fixture.Material.IssuingCertificatePem], rotated.PreviousIssuingCertificatesPem);
        Assert.Equal("CN=Fleet Issuing CA 2, O=Fleet", after.IssuingCertificate.Subject);
        Assert.NotEqual(before.IssuingCertificate.Thumbprint, after.IssuingCertificate.Thumbprint);

        using var oldCert = X509Certificate2.CreateFromPem(oldLeaf.LeafPem);
        using var newCert = X509Certificate2.CreateFromPem(newLeaf.LeafPem);
        Assert.True(after.VerifyChain(oldCert, out var error), error);
        Assert.True(after.VerifyChain(newCert, out error), error);
        Assert.Equal(after.IssuingCertificate.Subject, newCert.Issuer);
        Assert.Equal(before.IssuingCertificate.Subject, oldCert.Issuer);

        // The new bundle carries the new intermediate, and openssl agrees on both chains.
        Assert.Contains(after.IssuingCertificate.ExportCertificatePem(), newLeaf.PemBundle, StringComparison.Ordinal);
        var root = fixture.WriteFile("root.pem", after.RootPem);
        var attime = time.GetUtcNow().ToUnixTimeSeconds().ToString();
        OpenSsl.Succeed("verify", "-attime", attime, "-CAfile", root,
            "-untrusted", fixture.WriteFile("new-issuing.pem", after.IssuingCertificate.ExportCertificatePem()),
            fixture.WriteFile("new-leaf.pem", newLeaf.LeafPem));
        OpenSsl.Succeed("verify", "-attime", attime, "-CAfile", root,
            "-untrusted", fixture.WriteFile("old-issuing.pem", rotated.PreviousIssuingCertificatesPem[0]),
            fixture.WriteFile("old-leaf.pem", oldLeaf.LeafPem));

        // A second rotation keeps both earlier intermediates, oldest first.
        var twice = after.RotateIssuing();
        Assert.Equal([fixture.Material.IssuingCertificatePem, rotated.IssuingCertificatePem], twice.PreviousIssuingCertificatesPem);
        using var third = new CertificateAuthority(twice, fixture.Protector, time);
        Assert.Equal("CN=Fleet Issuing CA 3, O=Fleet", third.IssuingCertificate.Subject);
        Assert.True(third.VerifyChain(oldCert, out error), error);
    }

    [Fact]
    public void WithoutThePreviousIntermediateOldLeavesNoLongerVerify()
    {
        // Guards the test above: it is the kept previous certificate that makes old leaves verify.
        using var before = new CertificateAuthority(fixture.Material, fixture.Protector, new FakeTimeProvider(CaFixture.Start));
        var oldLeaf = before.IssueClientCertificate(new ClientCertificateRequest { PosId = "old", TerminalId = "t", KeyAlgorithm = LeafKeyAlgorithm.EcP256 });
        var rotated = before.RotateIssuing() with { PreviousIssuingCertificatesPem = [] };
        using var after = new CertificateAuthority(rotated, fixture.Protector, new FakeTimeProvider(CaFixture.Start));

        using var oldCert = X509Certificate2.CreateFromPem(oldLeaf.LeafPem);
        Assert.False(after.VerifyChain(oldCert, out _));
    }
}
