using System.Diagnostics;
using Fleet.Cluster.Tests.Grains;
using Fleet.Cluster.Tests.Support;
using Fleet.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Orleans.Configuration;
using Orleans.Runtime;

namespace Fleet.Cluster.Tests;

/// <summary>Two silos in one cluster through ADO.NET clustering on PostgreSQL, using Fleet's own membership schema.</summary>
public sealed class PostgresClusterTests
{
    [Fact]
    public async Task Two_silos_form_one_cluster_and_the_survivor_serves_the_grain_after_one_dies()
    {
        var connectionString = TestDatabases.PostgresConnectionString;
        var database = await TestDatabases.CreateReadyAsync(DatabaseKind.Postgres);
        var clusterId = TestDatabases.UniqueKey("cluster");

        await using var first = await TestSilo.StartClusteredAsync(database, connectionString, clusterId);
        await using var second = await TestSilo.StartClusteredAsync(database, connectionString, clusterId);

        // Both silos see each other as Active, in the table our schema holds.
        await WaitUntilAsync(async () => (await ActiveSilosAsync(connectionString, clusterId)).Count == 2, TimeSpan.FromSeconds(20));
        await WaitUntilAsync(() => Task.FromResult(ActiveMembers(first).Count == 2 && ActiveMembers(second).Count == 2), TimeSpan.FromSeconds(20));

        var key = TestDatabases.UniqueKey("counter");
        Assert.Equal(4, await first.Grains.GetGrain<ICounterGrain>(key).Add(4));
        Assert.Equal(4, await second.Grains.GetGrain<ICounterGrain>(key).Get());
        // An external client finds the gateways through our GatewaysQueryKey.
        using (var client = await StartClientAsync(connectionString, clusterId))
        {
            Assert.Equal(4, await client.Services.GetRequiredService<IClusterClient>().GetGrain<ICounterGrain>(key).Get());
            await client.StopAsync();
        }

        var hostingSilo = await second.Grains.GetGrain<ICounterGrain>(key).Silo();
        Assert.Equal(hostingSilo, await first.Grains.GetGrain<ICounterGrain>(key).Silo());

        // Kill the silo that holds the activation, without the graceful shutdown protocol.
        var (victim, survivor) = hostingSilo == first.Address.ToString() ? (first, second) : (second, first);
        var victimAddress = victim.Address;
        await victim.KillAsync();

        var clock = Stopwatch.StartNew();
        var count = await RetryAsync(() => survivor.Grains.GetGrain<ICounterGrain>(key).Get(), TimeSpan.FromSeconds(30));
        var recoveredIn = clock.Elapsed;
        Assert.Equal(4, count);
        Assert.Equal(survivor.Address.ToString(), await survivor.Grains.GetGrain<ICounterGrain>(key).Silo());
        Assert.Equal(5, await survivor.Grains.GetGrain<ICounterGrain>(key).Add(1));
        Assert.True(recoveredIn < TimeSpan.FromSeconds(15), $"survivor took {recoveredIn} to serve the grain");

        // The survivor declared the victim dead through our UpdateMembershipKey query.
        await WaitUntilAsync(async () => await StatusOfAsync(connectionString, clusterId, victimAddress) == (int)SiloStatus.Dead, TimeSpan.FromSeconds(20));

        // The provider's defunct-silo clean-up runs our clean-up query and removes the dead row.
        var table = survivor.Host.Services.GetRequiredService<IMembershipTable>();
        await table.CleanupDefunctSiloEntriesAsync(DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Null(await StatusOfAsync(connectionString, clusterId, victimAddress));
        Assert.Single(await ActiveSilosAsync(connectionString, clusterId));
    }

    private static async Task<IHost> StartClientAsync(string connectionString, string clusterId)
    {
        var host = new HostBuilder()
            .UseOrleansClient(client =>
            {
                client.UseAdoNetClustering(o =>
                {
                    o.Invariant = "Npgsql";
                    o.ConnectionString = connectionString;
                });
                client.Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = clusterId;
                    o.ServiceId = "fleet-tests";
                });
            })
            .Build();
        await host.StartAsync();
        return host;
    }

    private static IReadOnlyCollection<SiloAddress> ActiveMembers(TestSilo silo) =>
        silo.Host.Services.GetRequiredService<IClusterMembershipService>().CurrentSnapshot.Members.Values
            .Where(m => m.Status == SiloStatus.Active)
            .Select(m => m.SiloAddress)
            .ToList();

    private static async Task<List<string>> ActiveSilosAsync(string connectionString, string clusterId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT address || ':' || port FROM orleans_membership WHERE deployment_id = @c AND status = 3", connection);
        command.Parameters.AddWithValue("c", clusterId);
        var result = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            result.Add(reader.GetString(0));
        }
        return result;
    }

    private static async Task<int?> StatusOfAsync(string connectionString, string clusterId, SiloAddress silo)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT status FROM orleans_membership WHERE deployment_id = @c AND address = @a AND port = @p AND generation = @g",
            connection);
        command.Parameters.AddWithValue("c", clusterId);
        command.Parameters.AddWithValue("a", silo.Endpoint.Address.ToString());
        command.Parameters.AddWithValue("p", silo.Endpoint.Port);
        command.Parameters.AddWithValue("g", silo.Generation);
        return await command.ExecuteScalarAsync() is int status ? status : null;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"Condition not met within {timeout}.");
            }
            await Task.Delay(200);
        }
    }

    // Until the dead silo is declared dead, calls routed to it fail fast; a caller retries.
    private static async Task<T> RetryAsync<T>(Func<Task<T>> call, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await call();
            }
            catch (Exception) when (deadline.Elapsed < timeout)
            {
                await Task.Delay(200);
            }
        }
    }
}
