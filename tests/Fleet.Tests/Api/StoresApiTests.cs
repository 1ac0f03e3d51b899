using System.Net;
using Fleet.Tests.Infrastructure;

namespace Fleet.Tests.Api;

public sealed class StoresApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private readonly HttpClient _client = fixture.Server.Client();

    [Fact]
    public async Task Put_creates_then_is_idempotent_and_updates()
    {
        var id = Unique.Id("store");
        var created = await _client.PutJsonAsync($"/api/v1/stores/{id}",
            new { name = "Main Street", timeZone = "Europe/Stockholm", corporateId = "556677-8899" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/api/v1/stores/{id}", created.Headers.Location?.ToString());

        var again = await _client.PutJsonAsync($"/api/v1/stores/{id}",
            new { name = "Main Street", timeZone = "Europe/Stockholm", corporateId = "556677-8899" });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);

        var renamed = await _client.PutJsonAsync($"/api/v1/stores/{id}", new { name = "High Street", timeZone = "Europe/Stockholm" });
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);

        var store = await _client.GetJsonAsync($"/api/v1/stores/{id}");
        Assert.Equal("High Street", store["name"]!.GetValue<string>());
        Assert.Null(store["corporateId"]);
    }

    [Fact]
    public async Task Store_page_lists_its_terminals_and_pos_from_the_store_grain()
    {
        var store = Unique.Id("store");
        await _client.PutJsonAsync($"/api/v1/stores/{store}", new { name = "S", timeZone = "UTC" });
        var t1 = Unique.Id("term");
        var t2 = Unique.Id("term");
        (await _client.PutJsonAsync($"/api/v1/terminals/{t1}", new { kind = "android", serialNumber = "A1", storeId = store })).EnsureSuccessStatusCode();
        (await _client.PutJsonAsync($"/api/v1/terminals/{t2}", new { kind = "pax", serialNumber = "P1", storeId = store, model = "A920" })).EnsureSuccessStatusCode();
        var pos = Unique.Id("pos");
        (await _client.PutJsonAsync($"/api/v1/pos/{pos}", new { storeId = store, name = "Till 1" })).EnsureSuccessStatusCode();

        var page = await _client.GetJsonAsync($"/api/v1/stores/{store}");
        var terminals = page["terminals"]!.AsArray().Select(t => t!["terminalId"]!.GetValue<string>()).ToArray();
        Assert.Equal(new[] { t1, t2 }.Order(StringComparer.Ordinal), terminals);
        Assert.Equal("never", page["terminals"]![0]!["health"]!.GetValue<string>());
        Assert.Equal(pos, page["pos"]![0]!["posId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Delete_refuses_a_store_with_devices_then_succeeds_once_empty()
    {
        var store = Unique.Id("store");
        await _client.PutJsonAsync($"/api/v1/stores/{store}", new { name = "S", timeZone = "UTC" });
        var terminal = Unique.Id("term");
        await _client.PutJsonAsync($"/api/v1/terminals/{terminal}", new { kind = "pax", serialNumber = "X", storeId = store });

        await (await _client.DeleteAsync($"/api/v1/stores/{store}")).AssertProblemAsync(409);
        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/api/v1/terminals/{terminal}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/api/v1/stores/{store}")).StatusCode);
        await (await _client.GetAsync($"/api/v1/stores/{store}")).AssertProblemAsync(404);
        await (await _client.GetAsync($"/api/v1/terminals/{terminal}")).AssertProblemAsync(404);
    }

    [Fact]
    public async Task Unknown_ids_are_404_problems()
    {
        await (await _client.GetAsync("/api/v1/stores/no-such-store")).AssertProblemAsync(404);
        await (await _client.GetAsync("/api/v1/terminals/no-such-terminal")).AssertProblemAsync(404);
        await (await _client.GetAsync("/api/v1/pos/no-such-pos")).AssertProblemAsync(404);
        await (await _client.DeleteAsync("/api/v1/pos/no-such-pos")).AssertProblemAsync(404);
        await (await _client.PostAsync("/api/v1/terminals/no-such-terminal/heartbeat",
            new StringContent("{}", System.Text.Encoding.UTF8, "application/json"))).AssertProblemAsync(404);
    }
}
