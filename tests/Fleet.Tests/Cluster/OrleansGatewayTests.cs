using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Fleet.Pki;
using Fleet.Server.Pki;
using Fleet.Tests.Infrastructure;
using Fleet.Tests.Pairing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;

namespace Fleet.Tests.Cluster;

/// <summary>
/// The Orleans gateway, when configured, is no back door: a real Orleans client on loopback gets in
/// only with a silo certificate of this fleet. Without TLS, or with any other certificate — one that
/// looks like a silo's but is self-signed or from another CA, or a genuine POS certificate of this
/// very fleet — it cannot even call the management grain (the security pass created an admin API key
/// this way). The admitted client is the control that the refusals are the gateway's doing.
/// </summary>
public sealed class OrleansGatewayTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private readonly int _gatewayPort = FreePort.Next();
    private FleetServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await FleetServer.StartAsync(new() { ["Fleet:Cluster:GatewayPort"] = _gatewayPort.ToString() });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Only_a_client_with_this_fleets_silo_certificate_gets_through_the_gateway()
    {
        var authority = _server.Services.GetRequiredService<AuthorityHost>().Authority;
        using var genuine = authority.IssueSiloCertificate("operator-tool", TimeSpan.FromDays(1));
        using var pos = (await _server.PairNewPosAsync()).ClientCertificate();
        using var selfSigned = SelfSignedSiloLookAlike();
        using var otherFleet = OtherFleetsSiloCertificate();

        Assert.Equal("refused", await TryAsync(certificate: null));
        Assert.Equal("refused", await TryAsync(selfSigned));
        Assert.Equal("refused", await TryAsync(otherFleet));
        Assert.Equal("refused", await TryAsync(pos));
        Assert.Equal("admitted", await TryAsync(genuine));
    }

    [Fact]
    public async Task After_an_issuing_ca_rotation_the_silo_presents_a_certificate_of_the_new_one_and_admits_both_generations()
    {
        var authority = _server.Services.GetRequiredService<AuthorityHost>();
        using var before = authority.Authority.IssueSiloCertificate("tool-before", TimeSpan.FromDays(1));
        string? presented = null;
        Assert.Equal("admitted", await TryAsync(before, issuer => presented = issuer));
        Assert.Equal("CN=Fleet Issuing CA 1, O=Fleet", presented);

        var rotation = await _server.Client().PostAsync("/api/v1/ca/rotate-issuing", null);
        Assert.True(rotation.IsSuccessStatusCode, $"rotation answered {(int)rotation.StatusCode}");
        using var after = authority.Authority.IssueSiloCertificate("tool-after", TimeSpan.FromDays(1));
        Assert.Equal("CN=Fleet Issuing CA 2, O=Fleet", after.Issuer);

        Assert.Equal("admitted", await TryAsync(after, issuer => presented = issuer));
        Assert.Equal("CN=Fleet Issuing CA 2, O=Fleet", presented);
        Assert.Equal("admitted", await TryAsync(before));
    }

    /// <summary>Starts an Orleans client against the gateway (with TLS when given a certificate) and
    /// asks the management grain for the silos: "admitted" when it answers, "refused" when the
    /// connection is.</summary>
    private async Task<string> TryAsync(X509Certificate2? certificate, Action<string>? serverIssuer = null)
    {
        using var host = new HostBuilder()
            .ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.None))
            .UseOrleansClient(client =>
            {
                client.UseStaticClustering(new IPEndPoint(IPAddress.Loopback, _gatewayPort));
                client.Services.AddSingleton<IClientConnectionRetryFilter, NoRetry>();
                client.Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = "fleet";
                    o.ServiceId = "fleet";
                });
                // The client's own trust in the server is not under test here, only what it is shown.
                if (certificate is not null)
                {
                    client.UseTls(certificate, tls => tls.RemoteCertificateValidation = (server, _, _) =>
                    {
                        serverIssuer?.Invoke(server.Issuer);
                        return true;
                    });
                }
            })
            .Build();
        using var bound = new CancellationTokenSource(Bound);
        try
        {
            await host.StartAsync(bound.Token);
            var silos = await host.Services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0)
                .GetHosts(onlyActive: true).WaitAsync(bound.Token);
            return silos.Count == 1 ? "admitted" : $"admitted, but saw {silos.Count} silos";
        }
        catch (ConnectionFailedException)
        {
            return "refused"; // the gateway dropped the connection before any message
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            return $"failed otherwise: {e}";
        }
        finally
        {
            try
            {
                await host.StopAsync(CancellationToken.None);
            }
            catch (Exception)
            {
                // A client that never connected may not stop cleanly; it is disposed either way.
            }
        }
    }

    /// <summary>One attempt: a refused client would otherwise retry until the bound.</summary>
    private sealed class NoRetry : IClientConnectionRetryFilter
    {
        public Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken) => Task.FromResult(false);
    }

    private static X509Certificate2 SelfSignedSiloLookAlike()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=silo:intruder, OU=cluster, O=Fleet", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid(FleetKeyPurposes.ServerAuth), new Oid(FleetKeyPurposes.ClientAuth), new Oid(FleetKeyPurposes.Silo)], critical: false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>A real silo certificate, of another Fleet installation (its own root).</summary>
    private static X509Certificate2 OtherFleetsSiloCertificate()
    {
        var protector = new KeyProtector("another fleet", KeyProtector.MinimumIterations);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var material = CertificateAuthorityFactory.Create(new CertificateAuthorityOptions { Algorithm = CaKeyAlgorithm.EcP256 }, protector, time);
        using var other = new CertificateAuthority(material, protector, time);
        return other.IssueSiloCertificate("intruder", TimeSpan.FromDays(1));
    }
}
