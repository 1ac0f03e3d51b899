using System.Security.Cryptography.X509Certificates;
using Fleet.Pki;
using Microsoft.Extensions.Time.Testing;

namespace Fleet.Pki.Tests;

[Collection(CaCollection.Name)]
public sealed class VerifyChainTests(CaFixture fixture)
{
    [Fact]
    public void ValidThroughItsLifetimeAndRejectedOutsideIt()
    {
        var (ca, time) = fixture.WithOwnClock();
        using (ca)
        {
            var issued = ca.IssueClientCertificate(new ClientCertificateRequest
            {
                PosId = "p", TerminalId = "t", KeyAlgorithm = LeafKeyAlgorithm.EcP256, Validity = TimeSpan.FromDays(30),
            });
            using var cert = X509Certificate2.CreateFromPem(issued.LeafPem);

            Assert.True(ca.VerifyChain(cert, out var error), error);
            Assert.Null(error);

            time.Advance(TimeSpan.FromDays(29));
            Assert.True(ca.VerifyChain(cert, out error), error);

            time.Advance(TimeSpan.FromDays(2));
            Assert.False(ca.VerifyChain(cert, out error));
            Assert.Contains("not valid at", error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void NotYetValidIsRejected()
    {
        var issued = fixture.Ca.IssueClientCertificate(new ClientCertificateRequest { PosId = "p", TerminalId = "t", KeyAlgorithm = LeafKeyAlgorithm.EcP256 });
        using var cert = X509Certificate2.CreateFromPem(issued.LeafPem);
        using var earlier = new CertificateAuthority(fixture.Material, fixture.Protector, new FakeTimeProvider(CaFixture.Start.AddHours(-1)));

        Assert.False(earlier.VerifyChain(cert, out var error));
        Assert.NotNull(error);
    }

    [Fact]
    public void CertificateFromAnotherCaIsRejected()
    {
        var protector = new KeyProtector("other", KeyProtector.MinimumIterations);
        var options = new CertificateAuthorityOptions { Algorithm = CaKeyAlgorithm.EcP256 };
        using var other = new CertificateAuthority(
            CertificateAuthorityFactory.Create(options, protector, new FakeTimeProvider(CaFixture.Start)), protector, new FakeTimeProvider(CaFixture.Start));
        var foreign = other.IssueClientCertificate(new ClientCertificateRequest { PosId = "p", TerminalId = "t", KeyAlgorithm = LeafKeyAlgorithm.EcP256 });
        using var cert = X509Certificate2.CreateFromPem(foreign.LeafPem);

        Assert.True(other.VerifyChain(cert, out var error), error);
        Assert.False(fixture.Ca.VerifyChain(cert, out error));
        Assert.Contains("chain is not valid", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ServerCertificateIsNotAClientCertificate()
    {
        using var server = fixture.Ca.IssueServerCertificate(["fleet.local"], [], TimeSpan.FromDays(30));

        Assert.False(fixture.Ca.VerifyChain(server, out var error));
        Assert.Contains("clientAuth", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ConcurrentIssuanceAndVerificationIsSafe()
    {
        var issued = new System.Collections.Concurrent.ConcurrentBag<IssuedClientCertificate>();
        Parallel.For(0, 400, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var result = fixture.Ca.IssueClientCertificate(new ClientCertificateRequest
            {
                PosId = "pos-" + i, TerminalId = "t", KeyAlgorithm = LeafKeyAlgorithm.EcP256,
            });
            using var cert = X509Certificate2.CreateFromPem(result.LeafPem);
            Assert.True(fixture.Ca.VerifyChain(cert, out var error), error);
            Assert.Equal("pos-" + i, fixture.Ca.ReadClientCertificate(cert)!.PosId);
            issued.Add(result);
        });

        Assert.Equal(400, issued.Select(i => i.SerialNumber).Distinct().Count());
    }
}
