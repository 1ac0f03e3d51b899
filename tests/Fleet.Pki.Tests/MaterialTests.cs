using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Fleet.Pki;
using Microsoft.Extensions.Time.Testing;

namespace Fleet.Pki.Tests;

[Collection(CaCollection.Name)]
public sealed class MaterialTests(CaFixture fixture)
{
    [Fact]
    public void SerializedMaterialReloadsAndStillVerifiesEarlierLeaves()
    {
        var before = fixture.Ca.IssueClientCertificate(new ClientCertificateRequest { PosId = "p1", TerminalId = "t1" });
        var json = JsonSerializer.Serialize(fixture.Material);

        var restored = JsonSerializer.Deserialize<CertificateAuthorityMaterial>(json)!;
        using var reloaded = new CertificateAuthority(restored, new KeyProtector(CaFixture.Passphrase), new FakeTimeProvider(CaFixture.Start));

        Assert.Equal(fixture.Ca.RootCertificate.Thumbprint, reloaded.RootCertificate.Thumbprint);
        Assert.Equal(fixture.Ca.ChainPem, reloaded.ChainPem);
        using var leaf = X509Certificate2.CreateFromPem(before.LeafPem);
        Assert.True(reloaded.VerifyChain(leaf, out var error), error);

        // And the reloaded keys sign: a new leaf verifies against the original instance.
        using var after = X509Certificate2.CreateFromPem(reloaded.IssueClientCertificate(
            new ClientCertificateRequest { PosId = "p2", TerminalId = "t2", KeyAlgorithm = LeafKeyAlgorithm.EcP256 }).LeafPem);
        Assert.True(fixture.Ca.VerifyChain(after, out error), error);
    }

    [Fact]
    public void WrongPassphraseFailsClearly()
    {
        var ex = Assert.ThrowsAny<CryptographicException>(() =>
            new CertificateAuthority(fixture.Material, new KeyProtector("not the passphrase"), TimeProvider.System));

        Assert.Contains("passphrase is wrong", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ProtectedKeysDoNotContainTheClearKey()
    {
        foreach (var blob in new[] { fixture.Material.RootKeyProtected, fixture.Material.IssuingKeyProtected })
        {
            var pkcs8 = fixture.Protector.Unprotect(blob);
            using var rsa = RSA.Create();
            rsa.ImportPkcs8PrivateKey(pkcs8, out _);
            var pkcs1 = rsa.ExportRSAPrivateKey();
            var privateExponent = rsa.ExportParameters(true).D!;

            Assert.True(blob.AsSpan().IndexOf(pkcs8.AsSpan(0, 32)) < 0, "the blob contains PKCS#8 key bytes");
            Assert.True(blob.AsSpan().IndexOf(pkcs1.AsSpan(0, 32)) < 0, "the blob contains PKCS#1 key bytes");
            Assert.True(blob.AsSpan().IndexOf(privateExponent.AsSpan(0, 16)) < 0, "the blob contains the private exponent");
            Assert.Equal(1, blob[0]); // format version
        }
    }

    [Fact]
    public void MaterialWithKeysSwappedIsRefused()
    {
        var swapped = fixture.Material with { RootKeyProtected = fixture.Material.IssuingKeyProtected };

        var ex = Assert.ThrowsAny<CryptographicException>(() => new CertificateAuthority(swapped, fixture.Protector, TimeProvider.System));
        Assert.Contains("does not belong", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RootAndIssuingProfiles()
    {
        var root = fixture.Ca.RootCertificate;
        var issuing = fixture.Ca.IssuingCertificate;

        Assert.Equal("CN=Fleet Root CA, O=Fleet", root.Subject);
        Assert.Equal(root.Subject, root.Issuer);
        Assert.Equal("CN=Fleet Issuing CA 1, O=Fleet", issuing.Subject);
        Assert.Equal(root.Subject, issuing.Issuer);
        var rootBasic = root.Extensions.OfType<X509BasicConstraintsExtension>().Single();
        Assert.True(rootBasic is { CertificateAuthority: true, HasPathLengthConstraint: true, PathLengthConstraint: 1, Critical: true });
        var issuingBasic = issuing.Extensions.OfType<X509BasicConstraintsExtension>().Single();
        Assert.True(issuingBasic is { CertificateAuthority: true, HasPathLengthConstraint: true, PathLengthConstraint: 0, Critical: true });
        Assert.True(issuing.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages.HasFlag(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign));
        Assert.Equal("1.2.840.113549.1.1.11", issuing.SignatureAlgorithm.Value); // sha256WithRSAEncryption
        Assert.InRange((root.NotAfter - root.NotBefore).TotalDays, 20 * 365, 20 * 365 + 6);
        Assert.InRange((issuing.NotAfter - issuing.NotBefore).TotalDays, 5 * 365, 5 * 365 + 2);
        Assert.Empty(fixture.Material.PreviousIssuingCertificatesPem);
        Assert.Equal(CaKeyAlgorithm.Rsa2048, fixture.Material.Algorithm);
    }
}
