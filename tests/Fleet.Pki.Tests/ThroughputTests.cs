using System.Diagnostics;
using Fleet.Pki;
using Xunit.Abstractions;

namespace Fleet.Pki.Tests;

[Collection(CaCollection.Name)]
public sealed class ThroughputTests(CaFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public void RsaCaSignsFarFasterThanBouncyCastleAlone()
    {
        // BouncyCastle signing with an RSA-2048 key manages ≈ 230 certs/s here; signing through .NET
        // reaches thousands. The floor sits above the former and well below the latter, so it catches
        // a regression to BouncyCastle signing without flaking on a busy machine.
        var request = new ClientCertificateRequest { PosId = "p", TerminalId = "t", KeyAlgorithm = LeafKeyAlgorithm.EcP256 };
        for (var i = 0; i < 50; i++)
        {
            fixture.Ca.IssueClientCertificate(request); // warm up
        }

        const int count = 600;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            fixture.Ca.IssueClientCertificate(request);
        }

        var perSecond = count / watch.Elapsed.TotalSeconds;
        output.WriteLine($"{perSecond:F0} client certificates/s (EC P-256 leaves, RSA-2048 CA, one thread)");
        Assert.True(perSecond > 300, $"only {perSecond:F0} certificates/s");
    }
}
