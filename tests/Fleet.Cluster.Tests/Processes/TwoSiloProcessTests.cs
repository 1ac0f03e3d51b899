using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Fleet.Cluster.Tests.Support;
using Npgsql;
using Xunit.Abstractions;

namespace Fleet.Cluster.Tests.Processes;

/// <summary>The docker-compose topology with real processes: PostgreSQL and two Fleet silos forming
/// one Orleans cluster over mutual TLS, which no other silo can join. Killing one (SIGKILL) leaves
/// the other serving the same grains with their state.</summary>
public sealed class TwoSiloProcessTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Only_fleet_silos_join_and_killing_one_leaves_the_other_serving_every_grain_with_its_state()
    {
        await using var schema = await IsolatedSchema.CreateAsync();
        var connectionString = schema.ConnectionString;
        var clusterId = "procs-" + Guid.NewGuid().ToString("N")[..8];
        await using var a = FleetProcess.Start("silo-a", connectionString, clusterId);
        await using var b = FleetProcess.Start("silo-b", connectionString, clusterId);
        await Task.WhenAll(a.WaitUntilReadyAsync(TimeSpan.FromSeconds(90)), b.WaitUntilReadyAsync(TimeSpan.FromSeconds(90)));
        await WaitForActiveSilosAsync(connectionString, clusterId, 2, TimeSpan.FromSeconds(30));

        // The Orleans ports: each silo listens only where it was told (its API, device and silo
        // ports, on its advertised address; no gateway, nothing on every address)...
        foreach (var silo in new[] { a, b })
        {
            var listening = silo.ListeningEndpoints();
            Assert.Equal(new[] { silo.ApiPort, silo.DevicePort, silo.SiloPort }.Order(), listening.Select(e => e.Port).Order());
            Assert.All(listening, endpoint => Assert.Equal(IPAddress.Loopback, endpoint.Address));
        }
        // ...and a silo that is not Fleet's cannot join: neither a plain one nor one holding another
        // fleet's silo certificate. The two Fleet silos admitting each other is the control.
        using var otherFleets = RogueSilo.OtherFleetsSiloCertificate();
        var rogues = await Task.WhenAll(
            RogueSilo.TryJoinAsync(connectionString, clusterId, certificate: null),
            RogueSilo.TryJoinAsync(connectionString, clusterId, otherFleets));
        Assert.True(rogues[0] is not null, "A plain Orleans silo joined the cluster.");
        Assert.True(rogues[1] is not null, "A silo with another fleet's certificate joined the cluster.");
        await WaitForActiveSilosAsync(connectionString, clusterId, 2, TimeSpan.FromSeconds(15));

        using var viaA = a.Client();
        using var viaB = b.Client();
        var store = "store-" + clusterId;
        await ExpectAsync(await viaA.PutAsJsonAsync($"/api/v1/stores/{store}", new { name = "Two silos", timeZone = "UTC" }),
            HttpStatusCode.Created, a, b);
        // Enough terminals that some activate on each silo (placement does not follow the caller).
        var terminals = Enumerable.Range(0, 24).Select(i => $"{store}-t{i}").ToArray();
        foreach (var (id, i) in terminals.Select((id, i) => (id, i)))
        {
            var put = await (i % 2 == 0 ? viaA : viaB).PutAsJsonAsync($"/api/v1/terminals/{id}",
                new { kind = "pax", serialNumber = $"SN-{i}", storeId = store, model = "A920" });
            await ExpectAsync(put, HttpStatusCode.Created, a, b);
        }
        foreach (var id in terminals)
            Assert.Equal(HttpStatusCode.OK, (await viaB.GetAsync($"/api/v1/terminals/{id}")).StatusCode);

        var killedAt = Stopwatch.StartNew();
        a.Kill();

        // Calls may fail fast until the survivor declares the dead silo dead; then every grain
        // answers again from B, with the state it had.
        var recovered = new HashSet<string>();
        var deadline = TimeSpan.FromSeconds(30);
        while (recovered.Count < terminals.Length && killedAt.Elapsed < deadline)
        {
            foreach (var id in terminals.Where(t => !recovered.Contains(t)))
            {
                try
                {
                    var response = await viaB.GetAsync($"/api/v1/terminals/{id}");
                    if (response.StatusCode != HttpStatusCode.OK) continue;
                    var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
                    Assert.Equal(store, body["storeId"]!.GetValue<string>());
                    Assert.Equal("A920", body["model"]!.GetValue<string>());
                    recovered.Add(id);
                }
                catch (HttpRequestException) { }
                catch (TaskCanceledException) { }
            }
            if (recovered.Count < terminals.Length) await Task.Delay(250);
        }
        output.WriteLine($"All {recovered.Count}/{terminals.Length} terminals served by the survivor {killedAt.Elapsed.TotalSeconds:F1} s after SIGKILL.");
        Assert.True(recovered.Count == terminals.Length, $"Only {recovered.Count} of {terminals.Length} recovered.\nB:\n{b.Output}");

        // The survivor detected the death itself (no graceful goodbye from A).
        await WaitForActiveSilosAsync(connectionString, clusterId, 1, TimeSpan.FromSeconds(15));
        var storePage = JsonNode.Parse(await viaB.GetStringAsync($"/api/v1/stores/{store}"))!;
        Assert.Equal(terminals.Length, storePage["terminals"]!.AsArray().Count);
        Assert.Equal(HttpStatusCode.Created, (await viaB.PutAsJsonAsync($"/api/v1/pos/{store}-pos",
            new { storeId = store, name = "after failover" })).StatusCode);
    }

    private static async Task ExpectAsync(HttpResponseMessage response, HttpStatusCode expected, params FleetProcess[] silos)
    {
        if (response.StatusCode == expected) return;
        var logs = string.Join("\n", silos.Select(s => $"--- {s.Name} ---\n{s.Output}"));
        Assert.Fail($"Expected {expected}, got {response.StatusCode}: {await response.Content.ReadAsStringAsync()}\n{logs}");
    }

    private static async Task WaitForActiveSilosAsync(string connectionString, string clusterId, int expected, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        int active;
        do
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                "SELECT count(*) FROM orleans_membership WHERE deployment_id = @id AND status = 3", connection);
            command.Parameters.AddWithValue("id", clusterId);
            active = Convert.ToInt32(await command.ExecuteScalarAsync());
            if (active == expected) return;
            await Task.Delay(250);
        } while (DateTime.UtcNow < deadline);
        Assert.Fail($"Expected {expected} active silo(s) in cluster {clusterId}, found {active}.");
    }
}
