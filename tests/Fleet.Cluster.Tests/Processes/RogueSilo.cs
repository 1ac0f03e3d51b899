using System.Net;
using System.Security.Cryptography.X509Certificates;
using Fleet.Pki;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Runtime;

namespace Fleet.Cluster.Tests.Processes;

/// <summary>A plain Orleans silo, no Fleet code in it, that tries to join a Fleet cluster through
/// its membership table, as anyone who reaches the silo ports (and the table) could: without TLS, or
/// with a certificate Fleet did not issue to a silo. Had it joined, it could call every grain.</summary>
internal static class RogueSilo
{
    /// <summary>Null when it joined; otherwise why its start failed.</summary>
    public static async Task<Exception?> TryJoinAsync(string connectionString, string clusterId, X509Certificate2? certificate)
    {
        using var host = new HostBuilder()
            .ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.None))
            .UseOrleans(silo =>
            {
                silo.UseAdoNetClustering(o =>
                {
                    o.Invariant = "Npgsql";
                    o.ConnectionString = connectionString;
                });
                silo.Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = clusterId;
                    o.ServiceId = "fleet";
                });
                silo.ConfigureEndpoints(IPAddress.Loopback, FleetProcess.FreePort(), gatewayPort: 0);
                // It gives up on joining after this (Orleans waits five minutes by default).
                silo.Configure<ClusterMembershipOptions>(o => o.MaxJoinAttemptTime = TimeSpan.FromSeconds(10));
                // Orleans ends the process when the cluster declares a silo dead: not the test runner.
                silo.Services.AddSingleton<IFatalErrorHandler, StayAlive>();
                // The rogue trusts anything; what is under test is whether Fleet trusts it.
                if (certificate is not null) silo.UseTls(certificate, tls => tls.AllowAnyRemoteCertificate());
            })
            .Build();
        try
        {
            await host.StartAsync();
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
        finally
        {
            try
            {
                await host.StopAsync(new CancellationToken(canceled: true));
            }
            catch (Exception)
            {
                // It never started, or is being torn down regardless.
            }
        }
    }

    private sealed class StayAlive : IFatalErrorHandler
    {
        public bool IsUnexpected(Exception exception) => true;

        public void OnFatalException(object? sender = null, string? context = null, Exception? exception = null)
        {
        }
    }

    /// <summary>A genuine silo certificate, of another Fleet installation (its own root).</summary>
    public static X509Certificate2 OtherFleetsSiloCertificate()
    {
        var protector = new KeyProtector("another fleet", KeyProtector.MinimumIterations);
        var material = CertificateAuthorityFactory.Create(new CertificateAuthorityOptions { Algorithm = CaKeyAlgorithm.EcP256 }, protector, TimeProvider.System);
        using var other = new CertificateAuthority(material, protector, TimeProvider.System);
        return other.IssueSiloCertificate("rogue", TimeSpan.FromDays(1));
    }
}
