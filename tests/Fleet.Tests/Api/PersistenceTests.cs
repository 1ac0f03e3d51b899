using System.Net;
using Fleet.Tests.Infrastructure;

namespace Fleet.Tests.Api;

/// <summary>The issue's "done when": create over REST, restart the server, read back unchanged.</summary>
public sealed class PersistenceTests
{
    [Fact]
    public async Task Store_terminals_and_pos_survive_a_restart_unchanged()
    {
        await using var server = await FleetServer.StartAsync();
        var client = server.Client();
        Assert.Equal(HttpStatusCode.Created, (await client.PutJsonAsync("/api/v1/stores/oslo-1",
            new { name = "Oslo Sentrum", timeZone = "Europe/Oslo", corporateId = "NO-991" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.PutJsonAsync("/api/v1/terminals/t-100",
            new { kind = "android", serialNumber = "AND-100", storeId = "oslo-1", model = "Pixel" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.PutJsonAsync("/api/v1/terminals/t-200",
            new { kind = "pax", serialNumber = "PAX-200", storeId = "oslo-1", model = "A920", appVersion = "5.1" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.PutJsonAsync("/api/v1/pos/123",
            new { storeId = "oslo-1", name = "Till 1" })).StatusCode);
        (await client.PostAsync("/api/v1/terminals/t-100/heartbeat", new StringContent(
            "{\"appVersion\":\"5.2\",\"ipAddress\":\"10.0.0.7\",\"localPort\":8443,\"battery\":80,\"status\":\"ready\"}",
            System.Text.Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();

        var before = new[]
        {
            (await client.GetJsonAsync("/api/v1/stores/oslo-1")).ToJsonString(),
            (await client.GetJsonAsync("/api/v1/terminals/t-100")).ToJsonString(),
            (await client.GetJsonAsync("/api/v1/terminals/t-200")).ToJsonString(),
            (await client.GetJsonAsync("/api/v1/pos/123")).ToJsonString(),
            (await client.GetJsonAsync("/api/v1/terminals?store=oslo-1")).ToJsonString(),
        };

        await server.RestartAsync();
        client = server.Client();
        var after = new[]
        {
            (await client.GetJsonAsync("/api/v1/stores/oslo-1")).ToJsonString(),
            (await client.GetJsonAsync("/api/v1/terminals/t-100")).ToJsonString(),
            (await client.GetJsonAsync("/api/v1/terminals/t-200")).ToJsonString(),
            (await client.GetJsonAsync("/api/v1/pos/123")).ToJsonString(),
            (await client.GetJsonAsync("/api/v1/terminals?store=oslo-1")).ToJsonString(),
        };
        Assert.Equal(before, after);
        Assert.Contains("\"ipAddress\":\"10.0.0.7\"", after[1]);
    }

    [Fact]
    public async Task A_clean_shutdown_keeps_the_latest_heartbeat_that_was_only_in_memory()
    {
        await using var server = await FleetServer.StartAsync();
        var client = server.Client();
        await client.PutJsonAsync("/api/v1/stores/s", new { name = "S", timeZone = "UTC" });
        await client.PutJsonAsync("/api/v1/terminals/t", new { kind = "pax", serialNumber = "1", storeId = "s" });
        var beat = () => client.PostAsync("/api/v1/terminals/t/heartbeat",
            new StringContent("{\"status\":\"ready\"}", System.Text.Encoding.UTF8, "application/json"));
        (await beat()).EnsureSuccessStatusCode();
        server.Time.Advance(TimeSpan.FromSeconds(5));
        var latest = (await (await beat()).JsonAsync())["receivedAt"]!.GetValue<DateTimeOffset>();

        await server.RestartAsync();
        var restarted = (await server.Client().GetJsonAsync("/api/v1/terminals/t"))["lastHeartbeat"]!["receivedAt"]!.GetValue<DateTimeOffset>();
        Assert.Equal(latest.ToUnixTimeMilliseconds(), restarted.ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task Api_keys_survive_a_restart_and_revocations_stay_revoked()
    {
        await using var server = await FleetServer.StartAsync();
        var admin = server.Client();
        var created = await (await admin.PostAsync("/api/v1/api-keys", new StringContent(
            "{\"name\":\"script\",\"role\":\"operator\"}", System.Text.Encoding.UTF8, "application/json"))).JsonAsync();
        var key = created["key"]!.GetValue<string>();
        var revoked = await (await admin.PostAsync("/api/v1/api-keys", new StringContent(
            "{\"name\":\"old\",\"role\":\"operator\"}", System.Text.Encoding.UTF8, "application/json"))).JsonAsync();
        await admin.DeleteAsync($"/api/v1/api-keys/{revoked["id"]!.GetValue<string>()}");

        await server.RestartAsync();
        Assert.Equal(HttpStatusCode.OK, (await server.Client(key).GetAsync("/api/v1/stores")).StatusCode);
        await (await server.Client(revoked["key"]!.GetValue<string>()).GetAsync("/api/v1/stores")).AssertProblemAsync(401);
    }
}
