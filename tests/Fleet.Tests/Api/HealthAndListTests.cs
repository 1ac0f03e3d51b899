using System.Text.Json.Nodes;
using System.Text;
using Fleet.Terminals;
using Fleet.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;

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
    public async Task An_unchanged_heartbeat_is_recorded_without_activating_its_terminal_grain()
    {
        await using var server = await FleetServer.StartAsync();
        var client = server.Client();
        await client.PutJsonAsync("/api/v1/stores/s1", new { name = "S1", timeZone = "UTC" });
        await client.PutJsonAsync("/api/v1/terminals/t1", new { kind = "android", serialNumber = "1", storeId = "s1" });
        (await client.PostAsync("/api/v1/terminals/t1/heartbeat", Json("{\"status\":\"ready\",\"battery\":80}"))).EnsureSuccessStatusCode();

        // A restarted silo holds no activation at all; the terminal's state and presence are stored.
        await server.RestartAsync();
        client = server.Client();
        var grains = server.Services.GetRequiredService<IGrainFactory>();
        var management = grains.GetGrain<IManagementGrain>(0);
        var terminal = grains.GetGrain<ITerminalGrain>("t1");
        async Task<bool> Active() => await management.GetActivationAddress(terminal) is not null;
        Assert.False(await Active());

        server.Time.Advance(TimeSpan.FromSeconds(30));
        (await client.PostAsync("/api/v1/terminals/t1/heartbeat", Json("{\"status\":\"ready\",\"battery\":77}"))).EnsureSuccessStatusCode();
        var row = (await client.GetJsonAsync("/api/v1/terminals?store=s1"))["items"]![0]!;
        Assert.Equal(77, row["battery"]!.GetValue<int>());
        Assert.False(await Active()); // recorded in terminal_presence by the silo that took it

        (await client.PostAsync("/api/v1/terminals/t1/heartbeat", Json("{\"status\":\"busy\",\"battery\":77}"))).EnsureSuccessStatusCode();
        Assert.True(await Active()); // a changed report is the grain's to keep
    }

    [Fact]
    public async Task Unchanged_heartbeats_and_changed_reports_are_both_in_the_read_model_before_the_answer()
    {
        await using var server = await FleetServer.StartAsync();
        var client = server.Client();
        await client.PutJsonAsync("/api/v1/stores/s1", new { name = "S1", timeZone = "UTC" });
        await client.PutJsonAsync("/api/v1/terminals/t1", new { kind = "android", serialNumber = "1", storeId = "s1" });
        async Task<JsonNode> Listed() => (await client.GetJsonAsync("/api/v1/terminals"))["items"]![0]!;

        (await client.PostAsync("/api/v1/terminals/t1/heartbeat", Json("{\"status\":\"ready\",\"battery\":80}"))).EnsureSuccessStatusCode();
        var firstSeen = (await Listed())["lastSeen"]!.GetValue<DateTimeOffset>(); // the first report: its grain writes it

        server.Time.Advance(TimeSpan.FromSeconds(10));
        (await client.PostAsync("/api/v1/terminals/t1/heartbeat", Json("{\"status\":\"ready\",\"battery\":79}"))).EnsureSuccessStatusCode();
        // Unchanged: recorded in the read model itself before the answer, so every view has it at once.
        var row = await Listed();
        Assert.Equal(firstSeen.AddSeconds(10), row["lastSeen"]!.GetValue<DateTimeOffset>());
        Assert.Equal(79, row["battery"]!.GetValue<int>());
        var live = (await client.GetJsonAsync("/api/v1/terminals/t1"))["lastHeartbeat"]!;
        Assert.Equal(firstSeen.AddSeconds(10), live["receivedAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(79, live["battery"]!.GetValue<int>());
        Assert.Equal(firstSeen.AddSeconds(10),
            (await client.GetJsonAsync("/api/v1/stores/s1"))["terminals"]![0]!["lastSeen"]!.GetValue<DateTimeOffset>());
        // The grain, which did not see that heartbeat, writes its state: last-seen does not go back.
        await client.PutJsonAsync("/api/v1/terminals/t1", new { kind = "android", serialNumber = "1", storeId = "s1", model = "A920" });
        Assert.Equal(firstSeen.AddSeconds(10), (await Listed())["lastSeen"]!.GetValue<DateTimeOffset>());
        Assert.Equal(79, (await Listed())["battery"]!.GetValue<int>());

        server.Time.Advance(TimeSpan.FromSeconds(1));
        (await client.PostAsync("/api/v1/terminals/t1/heartbeat", Json("{\"status\":\"busy\",\"battery\":79}"))).EnsureSuccessStatusCode();
        row = await Listed();
        Assert.Equal("busy", row["status"]!.GetValue<string>()); // written at once by its grain: the report changed
        Assert.Equal(firstSeen.AddSeconds(11), row["lastSeen"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public async Task Terminal_keeps_a_health_history_of_spans_with_its_offline_gaps_across_a_restart()
    {
        await using var server = await FleetServer.StartAsync();
        var client = server.Client();
        await client.PutJsonAsync("/api/v1/stores/s1", new { name = "S1", timeZone = "UTC" });
        await client.PutJsonAsync("/api/v1/terminals/t1", new { kind = "android", serialNumber = "1", storeId = "s1" });
        async Task<DateTimeOffset> Beat(string body) =>
            (await (await client.PostAsync("/api/v1/terminals/t1/heartbeat", Json(body))).EnsureSuccessStatusCode().JsonAsync())
                ["receivedAt"]!.GetValue<DateTimeOffset>();

        var first = await Beat("{\"status\":\"ready\",\"battery\":90}");
        server.Time.Advance(TimeSpan.FromSeconds(40));
        var second = await Beat("{\"status\":\"ready\",\"battery\":89}"); // unchanged: extends the span
        server.Time.Advance(TimeSpan.FromSeconds(40));
        var busy = await Beat("{\"status\":\"busy\",\"battery\":88}"); // changed: a new span
        // Silent for longer than the 120 s window: offline. (Kept under the CA's 5-minute clock-skew
        // allowance: the server certificate re-issued at the restart below is dated by fleet time.)
        server.Time.Advance(TimeSpan.FromMinutes(3));
        var back = await Beat("{\"status\":\"busy\",\"battery\":70}"); // the same report after a gap: a new span

        void AssertHistory(JsonArray history)
        {
            Assert.Equal([90, 88, 70], history.Select(h => h!["battery"]!.GetValue<int>()));
            Assert.Equal([first, busy, back], history.Select(h => h!["receivedAt"]!.GetValue<DateTimeOffset>()));
            // The read model keeps milliseconds.
            Assert.Equal(second.ToUnixTimeMilliseconds(), history[0]!["seenUntil"]!.GetValue<DateTimeOffset>().ToUnixTimeMilliseconds());
            Assert.Null(history[1]!["seenUntil"]); // seen once, then silent
            Assert.True(back - busy > TimeSpan.FromSeconds(120), "the offline gap is visible in the history");
        }
        AssertHistory((await client.GetJsonAsync("/api/v1/terminals/t1"))["history"]!.AsArray());

        await server.RestartAsync();
        AssertHistory((await server.Client().GetJsonAsync("/api/v1/terminals/t1"))["history"]!.AsArray());
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
