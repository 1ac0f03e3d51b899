using System.Net;
using Fleet.Tests.Infrastructure;

namespace Fleet.Tests.Api;

/// <summary>Bad input gets a problem-details answer that names the field, and changes nothing.</summary>
public sealed class ValidationTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private readonly HttpClient _client = fixture.Server.Client();

    [Theory]
    [InlineData("{\"name\": \"x\", \"timeZone\": ", "timeZone")]
    [InlineData("{\"name\": 12, \"timeZone\": \"UTC\"}", "name")]
    [InlineData("{\"name\": \"x\", \"timeZone\": \"UTC\", \"colour\": \"red\"}", "colour")]
    [InlineData("[1,2,3]", "body")]
    [InlineData("null", "body")]
    public async Task Malformed_store_bodies_are_400_with_the_field_named(string body, string field)
    {
        var id = Unique.Id("store");
        var problem = await (await _client.PutRawAsync($"/api/v1/stores/{id}", body)).AssertProblemAsync(400);
        Assert.NotNull(problem["errors"]?[field]);
        await (await _client.GetAsync($"/api/v1/stores/{id}")).AssertProblemAsync(404);
    }

    [Theory]
    [InlineData("{\"timeZone\": \"UTC\"}", "name")]
    [InlineData("{\"name\": \"x\", \"timeZone\": \"Mars/Olympus\"}", "timeZone")]
    [InlineData("{\"name\": \"x\"}", "timeZone")]
    [InlineData("{\"name\": \"bad\\u0007bell\", \"timeZone\": \"UTC\"}", "name")]
    public async Task Invalid_store_fields_are_named(string body, string field)
    {
        var id = Unique.Id("store");
        var problem = await (await _client.PutRawAsync($"/api/v1/stores/{id}", body)).AssertProblemAsync(400);
        Assert.NotNull(problem["errors"]?[field]);
        await (await _client.GetAsync($"/api/v1/stores/{id}")).AssertProblemAsync(404);
    }

    [Fact]
    public async Task Overlong_name_is_refused()
    {
        var problem = await (await _client.PutJsonAsync($"/api/v1/stores/{Unique.Id("store")}",
            new { name = new string('x', 201), timeZone = "UTC" })).AssertProblemAsync(400);
        Assert.NotNull(problem["errors"]?["name"]);
    }

    [Fact]
    public async Task Ids_outside_the_allowed_alphabet_are_refused()
    {
        var problem = await (await _client.PutJsonAsync("/api/v1/stores/%E2%80%AEevil", new { name = "x", timeZone = "UTC" }))
            .AssertProblemAsync(400);
        Assert.NotNull(problem["errors"]?["storeId"]);
    }

    [Fact]
    public async Task Terminal_needs_a_known_kind_and_an_existing_store()
    {
        var id = Unique.Id("term");
        var kind = await (await _client.PutJsonAsync($"/api/v1/terminals/{id}", new { kind = "ios", serialNumber = "1", storeId = "s" }))
            .AssertProblemAsync(400);
        Assert.NotNull(kind["errors"]?["kind"]);

        var store = await (await _client.PutJsonAsync($"/api/v1/terminals/{id}", new { kind = "pax", serialNumber = "1", storeId = "missing-store" }))
            .AssertProblemAsync(400);
        Assert.Contains("does not exist", store["errors"]!["storeId"]![0]!.GetValue<string>());
        await (await _client.GetAsync($"/api/v1/terminals/{id}")).AssertProblemAsync(404);
    }

    [Fact]
    public async Task Heartbeat_fields_are_checked()
    {
        var store = Unique.Id("store");
        await _client.PutJsonAsync($"/api/v1/stores/{store}", new { name = "S", timeZone = "UTC" });
        var id = Unique.Id("term");
        await _client.PutJsonAsync($"/api/v1/terminals/{id}", new { kind = "pax", serialNumber = "1", storeId = store });
        var problem = await (await _client.PostAsync($"/api/v1/terminals/{id}/heartbeat", new StringContent(
            "{\"ipAddress\":\"999.1.1.1\",\"localPort\":70000,\"battery\":101}", System.Text.Encoding.UTF8, "application/json")))
            .AssertProblemAsync(400);
        Assert.NotNull(problem["errors"]?["ipAddress"]);
        Assert.NotNull(problem["errors"]?["localPort"]);
        Assert.NotNull(problem["errors"]?["battery"]);
    }

    [Fact]
    public async Task Bodies_over_the_limit_are_413()
    {
        var huge = "{\"name\":\"" + new string('x', 2 * 1024 * 1024) + "\",\"timeZone\":\"UTC\"}";
        // As curl does for large bodies: the server refuses on Content-Length before the body is sent.
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/stores/{Unique.Id("store")}")
        {
            Content = new StringContent(huge, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.ExpectContinue = true;
        var response = await _client.SendAsync(request);
        await response.AssertProblemAsync(413);
    }

    [Fact]
    public async Task Non_json_content_type_is_415()
    {
        await (await _client.PutRawAsync($"/api/v1/stores/{Unique.Id("store")}", "name=x", "application/x-www-form-urlencoded"))
            .AssertProblemAsync(415);
    }

    [Fact]
    public async Task Bad_list_parameters_are_400()
    {
        await (await _client.GetAsync("/api/v1/terminals?limit=0")).AssertProblemAsync(400);
        await (await _client.GetAsync("/api/v1/terminals?sort=colour")).AssertProblemAsync(400);
        await (await _client.GetAsync("/api/v1/terminals?cursor=not-a-cursor")).AssertProblemAsync(400);
        await (await _client.GetAsync("/api/v1/terminals?status=sleepy")).AssertProblemAsync(400);
        await (await _client.GetAsync("/api/v1/terminals?kind=ios")).AssertProblemAsync(400);
    }
}
