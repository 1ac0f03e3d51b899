using System.Net.Http.Json;
using Fleet.OrderNPay;
using Fleet.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Runtime;

namespace Fleet.Tests.OrderNPay;

/// <summary>Two Fleet hosts in one cluster on PostgreSQL: the POS's socket lives on one silo, the
/// outlet grain on the other. Needs the suite's PostgreSQL (infra/test.sh); fails, never skips,
/// without it.</summary>
public sealed class ClusterDeliveryTests
{
    private const string PostgresVariable = "FLEET_TEST_POSTGRES";

    [Fact]
    public async Task Delivery_crosses_silos_and_survives_the_failure_of_the_grains_silo()
    {
        var suiteDatabase = Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } cs
            ? cs
            : throw new InvalidOperationException(
                $"{PostgresVariable} is not set: run infra/test.sh, or eval \"$(infra/postgres/temp-server.sh start)\" and export it.");
        // A schema of its own: the suite's other clusters run at the same time on the same database,
        // and cluster-wide singletons (the CA, the bootstrap API key) must not be shared with them.
        var schema = "onp_" + Guid.NewGuid().ToString("N")[..12];
        await ExecuteAsync(suiteDatabase, $"CREATE SCHEMA {schema}");
        var connectionString = new NpgsqlConnectionStringBuilder(suiteDatabase) { SearchPath = schema }.ConnectionString;
        try
        {
            await RunAsync(connectionString);
        }
        finally
        {
            await ExecuteAsync(suiteDatabase, $"DROP SCHEMA {schema} CASCADE");
        }
    }

    private static async Task RunAsync(string connectionString)
    {
        var settings = new Dictionary<string, string?>(OrderNPayFixture.Settings)
        {
            ["Fleet:Storage"] = "Postgres",
            ["ConnectionStrings:Fleet"] = connectionString,
            ["Fleet:Pki:KeyPassphrase"] = "order-n-pay-cluster-test",
            ["Fleet:Cluster:ClusterId"] = Unique.Id("onp-cluster"),
            ["Fleet:Cluster:AdvertisedAddress"] = "127.0.0.1",
        };
        await using var a = await FleetServer.StartAsync(settings);
        await using var b = await FleetServer.StartAsync(settings);
        var management = a.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
        await EventuallyAsync(async () => (await management.GetHosts(onlyActive: true)).Count == 2);

        var (outlet, remote, secret) = await new OrderNPayHarness(a).OutletAsync();
        var grain = a.Services.GetRequiredService<IGrainFactory>().GetGrain<IOutletGrain>(outlet);
        await grain.Get();
        SiloAddress? grainSilo = null;
        await EventuallyAsync(async () => (grainSilo = await management.GetActivationAddress(grain)) is not null);
        var (grainHost, socketHost) = Silo(a) == grainSilo ? (a, b) : (b, a);
        Assert.NotEqual(Silo(grainHost), Silo(socketHost));

        // The socket on one silo, the outlet grain on the other: an enqueue through the grain's
        // silo reaches the POS through the socket's silo.
        var onGrainHost = new OrderNPayHarness(grainHost);
        var onSocketHost = new OrderNPayHarness(socketHost);
        using var socket = await onSocketHost.ConnectAsync(await onGrainHost.TokenAsync(outlet, remote, secret));
        var first = (await onGrainHost.EnqueueAsync(outlet, "order", new { orderNo = 1 }))["messageId"]!.GetValue<string>();
        Assert.Equal(first, (await OrderNPayHarness.ReceiveAsync(socket))["messageId"]!.GetValue<string>());

        // The grain's silo dies. The socket stays up; its loop finds the outlet re-activated on
        // the survivor, from storage, and delivery carries on.
        await grainHost.KillAsync();
        string? second = null;
        await EventuallyAsync(async () =>
        {
            var response = await onSocketHost.Operator.PostAsJsonAsync($"/api/v1/stores/{outlet}/order-n-pay/messages",
                new { messageId = "after-failover", type = "order", payload = new { orderNo = 2 } });
            if (!response.IsSuccessStatusCode) return false;
            second = (await response.JsonAsync())["messageId"]!.GetValue<string>();
            return true;
        }, TimeSpan.FromSeconds(30));
        Assert.Equal(second, (await OrderNPayHarness.ReceiveAsync(socket, TimeSpan.FromSeconds(30)))["messageId"]!.GetValue<string>());

        await OrderNPayHarness.AckAsync(socket, second!);
        await onSocketHost.AssertPendingEventuallyAsync(outlet, first);
        await OrderNPayHarness.CloseAsync(socket);
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static SiloAddress Silo(FleetServer server) => server.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;

    private static async Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            try
            {
                if (await condition()) return;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                // The cluster is still settling (a silo joining or being declared dead).
            }
            if (DateTime.UtcNow >= deadline) throw new TimeoutException("The condition did not hold in time.");
            await Task.Delay(100);
        }
    }
}
