using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Fleet.Cluster.Tests.Processes;

/// <summary>The embedded default killed (SIGKILL) while group-committed batches are in flight:
/// every write the API acknowledged is there after the restart, whatever batch it was in.</summary>
public sealed class CrashDuringWritesTests
{
    [Fact]
    public async Task Every_acknowledged_write_survives_a_kill_during_batches()
    {
        var settings = new Dictionary<string, string>
        {
            ["Fleet__DataDirectory"] = Directory.CreateTempSubdirectory("fleet-crash-").FullName,
            ["Fleet__Endpoints__Api"] = $"https://127.0.0.1:{FleetProcess.FreePort()}",
            ["Fleet__Admin__ApiKey"] = FleetProcess.AdminKey,
            ["Fleet__Pki__KeyPassphrase"] = "crash-test-passphrase",
        };

        var terminals = new ConcurrentBag<string>();
        var reports = new ConcurrentDictionary<string, string>();
        await using (var fleet = FleetProcess.Start("crash-1", settings))
        {
            await fleet.WaitUntilReadyAsync(TimeSpan.FromSeconds(90));
            using var setup = fleet.Client();
            (await setup.PutAsJsonAsync("/api/v1/stores/crash-store", new { name = "Crash", timeZone = "UTC" })).EnsureSuccessStatusCode();

            using var stop = new CancellationTokenSource();
            var workers = Enumerable.Range(0, 24).Select(w => Task.Run(async () =>
            {
                using var client = fleet.Client();
                for (var n = 0; !stop.IsCancellationRequested; n++)
                {
                    var id = $"crash-{w}-{n}";
                    try
                    {
                        var put = await client.PutAsJsonAsync($"/api/v1/terminals/{id}",
                            new { kind = "pax", serialNumber = $"SN-{w}-{n}", storeId = "crash-store" });
                        if (!put.IsSuccessStatusCode) continue;
                        terminals.Add(id);
                        var status = $"status-{n}";
                        var beat = await client.PostAsJsonAsync($"/api/v1/terminals/{id}/heartbeat", new { status, battery = 50 });
                        if (beat.IsSuccessStatusCode) reports[id] = status;
                    }
                    catch (Exception) when (stop.IsCancellationRequested || !fleet.IsRunning)
                    {
                        return;
                    }
                    catch (HttpRequestException)
                    {
                        return; // the process is gone
                    }
                }
            })).ToList();

            // Let the writes build up, then kill the process mid-flight.
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (terminals.Count < 200 && DateTime.UtcNow < deadline) await Task.Delay(50);
            fleet.Kill();
            await stop.CancelAsync();
            await Task.WhenAll(workers);
        }
        Assert.True(terminals.Count >= 200, $"only {terminals.Count} writes were acknowledged before the kill");

        await using var restarted = FleetProcess.Start("crash-2", settings);
        await restarted.WaitUntilReadyAsync(TimeSpan.FromSeconds(90));
        using var check = restarted.Client();
        var missing = new List<string>();
        foreach (var id in terminals)
        {
            var response = await check.GetAsync($"/api/v1/terminals/{id}");
            if (response.StatusCode != HttpStatusCode.OK)
            {
                missing.Add($"{id}: {(int)response.StatusCode}");
                continue;
            }
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            if (reports.TryGetValue(id, out var status) && body["lastHeartbeat"]?["status"]?.GetValue<string>() != status)
                missing.Add($"{id}: heartbeat '{status}' acknowledged, stored '{body["lastHeartbeat"]?["status"]}'");
        }
        Assert.True(missing.Count == 0, $"{missing.Count} of {terminals.Count} acknowledged writes lost:\n{string.Join("\n", missing.Take(20))}");
    }
}
