using System.Text;
using Fleet.Tests.Infrastructure;

namespace Fleet.Tests.Api;

/// <summary>Health is derived on read from the last heartbeat and the (fake) clock; lists come from
/// the read model with filters and keyset cursors. Each test owns its server: counts are global.</summary>
public sealed class HealthAndListTests
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Terminal_goes_online_with_a_heartbeat_and_offline_after_the_window()
    {
        await using var server = await FleetServer.StartAsync();
        var client = server.Client();
        await client.PutJsonAsync("/api/v1/stores/s1", new { name = "S1", timeZone = "UTC" });
        await client.PutJsonAsync("/api/v1/terminals/t1", new { kind = "android", serialNumber = "1", storeId = "s1" });
        await client.PutJsonAsync("/api/v1/terminals/t2", new { kind = "pax", serialNumber = "2", storeId = "s1" });

        var health = await client.WaitForHealthAsync(h => h["terminals"]!["never"]!.GetValue<int>() == 2);
        Assert.Equal(2, health["terminals"]!["never"]!.GetValue<int>());

        (await client.PostAsync("/api/v1/terminals/t1/heartbeat", Json("{\"battery\":50}"))).EnsureSuccessStatusCode();
        health = await client.WaitForHealthAsync(h => h["terminals"]!["online"]!.GetValue<int>() == 1);
        Assert.Equal(1, health["terminals"]!["online"]!.GetValue<int>());
        Assert.Equal(1, health["terminals"]!["byKind"]!["android"]!["online"]!.GetValue<int>());
        Assert.Equal("online", (await client.GetJsonAsync("/api/v1/terminals/t1"))["health"]!.GetValue<string>());

        server.Time.Advance(TimeSpan.FromSeconds(121));
        health = await client.WaitForHealthAsync(h => h["terminals"]!["offline"]!.GetValue<int>() == 1);
        Assert.Equal(0, health["terminals"]!["online"]!.GetValue<int>());
        Assert.Equal(1, health["terminals"]!["offline"]!.GetValue<int>());
        Assert.Equal("s1", health["storesMostOffline"]![0]!["storeId"]!.GetValue<string>());
        Assert.Equal("offline", (await client.GetJsonAsync("/api/v1/terminals/t1"))["health"]!.GetValue<string>());
        Assert.Equal("offline", (await client.GetJsonAsync("/api/v1/stores/s1"))["terminals"]![0]!["health"]!.GetValue<string>());

        var offline = await client.GetJsonAsync("/api/v1/terminals?status=offline");
        Assert.Equal("t1", Assert.Single(offline["items"]!.AsArray())!["terminalId"]!.GetValue<string>());
        var never = await client.GetJsonAsync("/api/v1/terminals?status=never");
        Assert.Equal("t2", Assert.Single(never["items"]!.AsArray())!["terminalId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Unchanged_heartbeats_reach_the_read_model_behind_the_answer_and_changed_reports_before_it()
    {
        await using var server = await FleetServer.StartAsync();
        var client = server.Client();
        await client.PutJsonAsync("/api/v1/stores/s1", new { name = "S1", timeZone = "UTC" });
        await client.PutJsonAsync("/api/v1/terminals/t1", new { kind = "android", serialNumber = "1", storeId = "s1" });
        async Task<DateTimeOffset> Listed() =>
            (await client.GetJsonAsync("/api/v1/terminals"))["items"]![0]!["lastSeen"]!.GetValue<DateTimeOffset>();

        (await client.PostAsync("/api/v1/terminals/t1/heartbeat", Json("{\"status\":\"ready\",\"battery\":80}"))).EnsureSuccessStatusCode();
        var firstSeen = await Listed(); // the first report is written before the answer

        server.Time.Advance(TimeSpan.FromSeconds(10));
        (await client.PostAsync("/api/v1/terminals/t1/heartbeat", Json("{\"status\":\"ready\",\"battery\":79}"))).EnsureSuccessStatusCode();
        var live = (await client.GetJsonAsync("/api/v1/terminals/t1"))["lastHeartbeat"]!;
        // The grain answers with the latest (to the millisecond: the read model keeps milliseconds).
        Assert.Equal(firstSeen.AddSeconds(10).ToUnixTimeMilliseconds(), live["receivedAt"]!.GetValue<DateTimeOffset>().ToUnixTimeMilliseconds());
        Assert.Equal(79, live["battery"]!.GetValue<int>());

        // The list (read model) catches up with the next presence flush (every second by default).
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (await Listed() != firstSeen.AddSeconds(10) && DateTime.UtcNow < deadline) await Task.Delay(100);
        Assert.Equal(firstSeen.AddSeconds(10), await Listed());
        Assert.Equal(79, (await client.GetJsonAsync("/api/v1/terminals"))["items"]![0]!["battery"]!.GetValue<int>());
        // ... and so does the store page.
        Assert.Equal(firstSeen.AddSeconds(10),
            (await client.GetJsonAsync("/api/v1/stores/s1"))["terminals"]![0]!["lastSeen"]!.GetValue<DateTimeOffset>());

        server.Time.Advance(TimeSpan.FromSeconds(1));
        (await client.PostAsync("/api/v1/terminals/t1/heartbeat", Json("{\"status\":\"busy\",\"battery\":79}"))).EnsureSuccessStatusCode();
        var row = (await client.GetJsonAsync("/api/v1/terminals"))["items"]![0]!;
        Assert.Equal("busy", row["status"]!.GetValue<string>()); // written at once: the report changed
        Assert.Equal(firstSeen.AddSeconds(11), row["lastSeen"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public async Task Terminal_keeps_a_health_history_with_its_offline_gaps_across_a_restart()
    {
        await using var server = await FleetServer.StartAsync();
        var client = server.Client();
        await client.PutJsonAsync("/api/v1/stores/s1", new { name = "S1", timeZone = "UTC" });
        await client.PutJsonAsync("/api/v1/terminals/t1", new { kind = "android", serialNumber = "1", storeId = "s1" });
        async Task Beat(int battery) =>
            (await client.PostAsync("/api/v1/terminals/t1/heartbeat", Json($"{{\"battery\":{battery}}}"))).EnsureSuccessStatusCode();

        await Beat(90);
        server.Time.Advance(TimeSpan.FromSeconds(40));
        await Beat(89);
        // Silent for longer than the 120 s window: offline. (Kept under the CA's 5-minute clock-skew
        // allowance: the server certificate re-issued at the restart below is dated by fleet time.)
        server.Time.Advance(TimeSpan.FromMinutes(3));
        await Beat(70);

        var history = (await client.GetJsonAsync("/api/v1/terminals/t1"))["history"]!.AsArray();
        Assert.Equal([90, 89, 70], history.Select(h => h!["battery"]!.GetValue<int>()));
        var times = history.Select(h => h!["receivedAt"]!.GetValue<DateTimeOffset>()).ToArray();
        Assert.True(times[2] - times[1] > TimeSpan.FromSeconds(120), "the offline gap is visible in the history");

        await server.RestartAsync();
        var after = (await server.Client().GetJsonAsync("/api/v1/terminals/t1"))["history"]!.AsArray();
        Assert.Equal([90, 89, 70], after.Select(h => h!["battery"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Lists_page_with_cursors_filter_and_sort()
    {
        await using var server = await FleetServer.StartAsync();
        var client = server.Client();
        await client.PutJsonAsync("/api/v1/stores/a", new { name = "A", timeZone = "UTC", corporateId = "corp-1" });
        await client.PutJsonAsync("/api/v1/stores/b", new { name = "B", timeZone = "UTC" });
        for (var i = 0; i < 7; i++)
            await client.PutJsonAsync($"/api/v1/terminals/t{i}", new { kind = i % 2 == 0 ? "android" : "pax", serialNumber = $"SN{6 - i}", storeId = i < 5 ? "a" : "b" });

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await client.GetJsonAsync($"/api/v1/terminals?limit=3{(cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}")}");
            var items = page["items"]!.AsArray();
            Assert.True(items.Count <= 3);
            seen.AddRange(items.Select(t => t!["terminalId"]!.GetValue<string>()));
            cursor = page["nextCursor"]?.GetValue<string>();
        } while (cursor is not null);
        Assert.Equal(["t0", "t1", "t2", "t3", "t4", "t5", "t6"], seen);

        var pax = await client.GetJsonAsync("/api/v1/terminals?kind=pax&store=a");
        Assert.Equal(["t1", "t3"], pax["items"]!.AsArray().Select(t => t!["terminalId"]!.GetValue<string>()));

        var bySerialDesc = await client.GetJsonAsync("/api/v1/terminals?sort=-serialNumber&limit=2");
        Assert.Equal(["SN6", "SN5"], bySerialDesc["items"]!.AsArray().Select(t => t!["serialNumber"]!.GetValue<string>()));
        var next = bySerialDesc["nextCursor"]!.GetValue<string>();
        var second = await client.GetJsonAsync($"/api/v1/terminals?sort=-serialNumber&limit=2&cursor={Uri.EscapeDataString(next)}");
        Assert.Equal(["SN4", "SN3"], second["items"]!.AsArray().Select(t => t!["serialNumber"]!.GetValue<string>()));
        // A cursor belongs to its sort order.
        await (await client.GetAsync($"/api/v1/terminals?sort=id&cursor={Uri.EscapeDataString(next)}")).AssertProblemAsync(400);

        var stores = await client.GetJsonAsync("/api/v1/stores?corporateId=corp-1");
        var store = Assert.Single(stores["items"]!.AsArray())!;
        Assert.Equal(5, store["terminalCount"]!.GetValue<int>());
    }
}
