using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Fleet.Pki;
using Microsoft.Extensions.Time.Testing;

namespace Fleet.Pki.Tests;

/// <summary>The certificates of the Orleans cluster's members: what a silo carries, and that only a
/// silo certificate of this fleet passes the peer check — not a POS certificate under the same root,
/// not a look-alike from another CA or self-signed.</summary>
[Collection(CaCollection.Name)]
public sealed class SiloCertificateTests(CaFixture fixture)
{
    [Fact]
    public void A_silo_certificate_names_the_silo_and_carries_both_tls_purposes_and_the_silo_purpose()
    {
        using var silo = fixture.Ca.IssueSiloCertificate("silo-a", TimeSpan.FromDays(90));

        Assert.True(silo.HasPrivateKey);
        Assert.Equal("CN=silo:silo-a, OU=cluster, O=Fleet", silo.Subject);
        var purposes = silo.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value).ToList();
        Assert.Equal([FleetKeyPurposes.ServerAuth, FleetKeyPurposes.ClientAuth, FleetKeyPurposes.Silo], purposes);
        var san = silo.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Contains("URI:urn:fleet:silo:silo-a", san.Format(multiLine: false).Replace("URL=", "URI:"), StringComparison.Ordinal);
        Assert.Equal(CaFixture.Start.AddDays(90), silo.NotAfter.ToUniversalTime());
        Assert.False(silo.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
    }

    [Fact]
    public void A_silo_certificate_of_this_fleet_passes_and_one_of_a_previous_issuing_ca_too()
    {
        using var silo = PublicOnly(fixture.Ca.IssueSiloCertificate("silo-a", TimeSpan.FromDays(90)));
        Assert.True(fixture.Ca.VerifySiloCertificate(silo, [], out var error), error);

        // A peer that loaded a rotation sends its new issuing CA; one that did not still knows the old one.
        using var rotated = new CertificateAuthority(fixture.Ca.RotateIssuing(), fixture.Protector, new FakeTimeProvider(CaFixture.Start));
        using var fromNew = PublicOnly(rotated.IssueSiloCertificate("silo-b", TimeSpan.FromDays(90)));
        Assert.False(fixture.Ca.VerifySiloCertificate(fromNew, [], out _));
        Assert.True(fixture.Ca.VerifySiloCertificate(fromNew, [rotated.IssuingCertificate], out error), error);
        Assert.True(rotated.VerifySiloCertificate(silo, [], out error), error);
    }

    [Fact]
    public void A_pos_certificate_under_the_same_root_is_refused()
    {
        var pos = fixture.Ca.IssueClientCertificate(new ClientCertificateRequest { PosId = "p", TerminalId = "t", KeyAlgorithm = LeafKeyAlgorithm.EcP256 });
        using var certificate = X509Certificate2.CreateFromPem(pos.LeafPem);

        Assert.True(fixture.Ca.VerifyChain(certificate, out _));
        Assert.False(fixture.Ca.VerifySiloCertificate(certificate, [], out var error));
        Assert.Contains("Fleet silo", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_silo_certificate_from_another_ca_is_refused_even_with_its_own_intermediate()
    {
        var protector = new KeyProtector("other", KeyProtector.MinimumIterations);
        using var other = new CertificateAuthority(
            CertificateAuthorityFactory.Create(new CertificateAuthorityOptions { Algorithm = CaKeyAlgorithm.EcP256 }, protector, new FakeTimeProvider(CaFixture.Start)),
            protector, new FakeTimeProvider(CaFixture.Start));
        using var foreign = PublicOnly(other.IssueSiloCertificate("intruder", TimeSpan.FromDays(90)));

        Assert.True(other.VerifySiloCertificate(foreign, [], out _));
        Assert.False(fixture.Ca.VerifySiloCertificate(foreign, [other.IssuingCertificate, other.RootCertificate], out var error));
        Assert.Contains("chain is not valid", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_self_signed_certificate_with_the_silo_purpose_is_refused()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=silo:intruder, OU=cluster, O=Fleet", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid(FleetKeyPurposes.ServerAuth), new Oid(FleetKeyPurposes.ClientAuth), new Oid(FleetKeyPurposes.Silo)], critical: false));
        using var selfSigned = request.CreateSelfSigned(CaFixture.Start.AddDays(-1), CaFixture.Start.AddDays(30));

        Assert.False(fixture.Ca.VerifySiloCertificate(selfSigned, [selfSigned], out var error));
        Assert.Contains("chain is not valid", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_expired_silo_certificate_is_refused()
    {
        var (ca, time) = fixture.WithOwnClock();
        using (ca)
        {
            using var silo = PublicOnly(ca.IssueSiloCertificate("silo-a", TimeSpan.FromDays(1)));
            time.Advance(TimeSpan.FromDays(2));
            Assert.False(ca.VerifySiloCertificate(silo, [], out var error));
            Assert.Contains("not valid at", error, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("bad\nname")]
    [InlineData(" padded")]
    public void A_silo_name_a_certificate_cannot_carry_is_refused(string name) =>
        Assert.Throws<ArgumentException>(() => fixture.Ca.IssueSiloCertificate(name, TimeSpan.FromDays(1)));

    private static X509Certificate2 PublicOnly(X509Certificate2 withKey)
    {
        using (withKey) return X509CertificateLoader.LoadCertificate(withKey.RawData);
    }
}
