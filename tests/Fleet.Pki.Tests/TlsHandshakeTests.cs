using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Fleet.Pki;

namespace Fleet.Pki.Tests;

[Collection(CaCollection.Name)]
public sealed class TlsHandshakeTests(CaFixture fixture)
{
    // Real wall-clock TLS: the server certificate must be valid now, so this CA runs on the system clock.
    private static readonly Lazy<(CertificateAuthority Ca, KeyProtector Protector)> SystemClockCa = new(() =>
    {
        var protector = new KeyProtector("tls", KeyProtector.MinimumIterations);
        var material = CertificateAuthorityFactory.Create(new CertificateAuthorityOptions(), protector, TimeProvider.System);
        return (new CertificateAuthority(material, protector, TimeProvider.System), protector);
    });

    [Fact]
    public async Task MutualTlsOverLoopbackWithAClientThatTrustsOnlyOurRoot()
    {
        var ca = SystemClockCa.Value.Ca;
        using var serverCert = ca.IssueServerCertificate(["localhost"], [IPAddress.Loopback], TimeSpan.FromDays(1));
        var issued = ca.IssueClientCertificate(new ClientCertificateRequest { PosId = "123", TerminalId = "T1" });
        using var clientCert = X509Certificate2.CreateFromPem(issued.LeafPem, issued.PrivateKeyPem);

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        ClientCertificateInfo? seenByServer = null;

        var serverTask = Task.Run(async () =>
        {
            using var tcp = await listener.AcceptTcpClientAsync();
            await using var ssl = new SslStream(tcp.GetStream());
            await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
            {
                ServerCertificateContext = SslStreamCertificateContext.Create(serverCert, [ca.IssuingCertificate], offline: true),
                ClientCertificateRequired = true,
                // What the Fleet host does: chain check against our CA, then read the identity.
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                    certificate is X509Certificate2 c && ca.VerifyChain(c, out _),
            });
            seenByServer = ca.ReadClientCertificate((X509Certificate2)ssl.RemoteCertificate!);
            await ssl.WriteAsync("hello"u8.ToArray());
        });

        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        await using var clientSsl = new SslStream(client.GetStream());
        await clientSsl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "127.0.0.1",
            ClientCertificates = [clientCert],
            CertificateChainPolicy = TrustOnly(ca.RootCertificate),
        });
        var buffer = new byte[5];
        await clientSsl.ReadExactlyAsync(buffer);
        await serverTask;

        Assert.Equal("hello"u8.ToArray(), buffer);
        Assert.Equal("123", seenByServer?.PosId);
        Assert.Equal("T1", seenByServer?.TerminalId);
    }

    [Fact]
    public async Task ClientTrustingAnotherRootRefusesOurServer()
    {
        var ca = SystemClockCa.Value.Ca;
        using var serverCert = ca.IssueServerCertificate(["localhost"], [IPAddress.Loopback], TimeSpan.FromDays(1));
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var serverTask = Task.Run(async () =>
        {
            using var tcp = await listener.AcceptTcpClientAsync();
            await using var ssl = new SslStream(tcp.GetStream());
            try
            {
                await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                {
                    ServerCertificateContext = SslStreamCertificateContext.Create(serverCert, [ca.IssuingCertificate], offline: true),
                });
            }
            catch (Exception ex) when (ex is AuthenticationException or IOException)
            {
                // Expected: the client aborts the handshake.
            }
        });

        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        await using var clientSsl = new SslStream(client.GetStream());
        await Assert.ThrowsAsync<AuthenticationException>(() => clientSsl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "127.0.0.1",
            CertificateChainPolicy = TrustOnly(fixture.Ca.RootCertificate),
        }));
        clientSsl.Close();
        await serverTask;
    }

    [Fact]
    public void ServerCertificateProfile()
    {
        using var cert = fixture.Ca.IssueServerCertificate(["fleet.local", "FLEET.local", "api.fleet.local"], [IPAddress.Parse("10.0.0.5"), IPAddress.IPv6Loopback], TimeSpan.FromDays(90));

        Assert.True(cert.HasPrivateKey);
        Assert.Equal("CN=fleet.local, O=Fleet", cert.Subject);
        var san = cert.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal(["fleet.local", "api.fleet.local"], san.EnumerateDnsNames());
        Assert.Equal([IPAddress.Parse("10.0.0.5"), IPAddress.IPv6Loopback], san.EnumerateIPAddresses());
        Assert.Equal(["1.3.6.1.5.5.7.3.1"], cert.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Select(o => o.Value));
        Assert.Equal(CaFixture.Start.AddDays(90), new DateTimeOffset(cert.NotAfter.ToUniversalTime()));
        Assert.Throws<ArgumentException>(() => fixture.Ca.IssueServerCertificate([], [], TimeSpan.FromDays(1)));
    }

    private static X509ChainPolicy TrustOnly(X509Certificate2 root)
    {
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
            DisableCertificateDownloads = true,
        };
        policy.CustomTrustStore.Add(root);
        return policy;
    }
}
