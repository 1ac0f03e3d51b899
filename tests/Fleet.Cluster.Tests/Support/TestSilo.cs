using System.Net;
using System.Net.Sockets;
using Fleet.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Runtime;

namespace Fleet.Cluster.Tests.Support;

/// <summary>A co-hosted silo (a generic host) with Fleet grain storage; clustering is localhost or ADO.NET on PostgreSQL.</summary>
public sealed class TestSilo : IAsyncDisposable
{
    public const string StorageName = "fleet";

    private TestSilo(IHost host) => Host = host;

    public IHost Host { get; }

    public IGrainFactory Grains => Host.Services.GetRequiredService<IGrainFactory>();

    public SiloAddress Address => Host.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;

    /// <summary>A single silo, localhost clustering.</summary>
    public static Task<TestSilo> StartLocalAsync(FleetDatabase database) =>
        StartAsync(database, silo => silo.UseLocalhostClustering(FreePort(), FreePort(), serviceId: "fleet-tests", clusterId: $"local-{Guid.NewGuid():N}"));

    /// <summary>One member of a cluster whose membership lives in PostgreSQL (Fleet's 002-membership.sql).</summary>
    public static Task<TestSilo> StartClusteredAsync(FleetDatabase database, string connectionString, string clusterId) =>
        StartAsync(database, silo =>
        {
            silo.UseAdoNetClustering(o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = connectionString;
            });
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = clusterId;
                o.ServiceId = "fleet-tests";
            });
            silo.ConfigureEndpoints(IPAddress.Loopback, FreePort(), FreePort());
            // Measured on these machines (shared/ENVIRONMENT.md): a dead silo is declared dead in ≈ 1.5 s.
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(1);
                o.NumMissedProbesLimit = 2;
                o.NumVotesForDeathDeclaration = 1;
                o.TableRefreshTimeout = TimeSpan.FromSeconds(5);
                o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
            });
        });

    private static async Task<TestSilo> StartAsync(FleetDatabase database, Action<ISiloBuilder> configure)
    {
        var host = new HostBuilder()
            .ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .UseOrleans(silo =>
            {
                configure(silo);
                silo.AddFleetGrainStorage(StorageName, database);
            })
            .Build();
        await host.StartAsync();
        return new TestSilo(host);
    }

    /// <summary>Stops without the graceful shutdown protocol: the membership row stays Active until others vote it dead.</summary>
    public async Task KillAsync()
    {
        try
        {
            await Host.StopAsync(new CancellationToken(canceled: true));
        }
        catch (OperationCanceledException)
        {
        }
        Host.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await Host.StopAsync(cts.Token);
        }
        catch (Exception)
        {
            // Already killed, or stopping failed: disposal still releases the ports.
        }
        Host.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
