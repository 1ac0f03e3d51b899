using System.Net;
using System.Net.Http.Json;
using Fleet.Tests.Infrastructure;

namespace Fleet.Tests.Api;

public sealed class AuthTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private readonly FleetServer _server = fixture.Server;

    [Fact]
    public async Task Missing_or_unknown_keys_are_401_problems()
    {
        await (await _server.Client(apiKey: null).GetAsync("/api/v1/stores")).AssertProblemAsync(401);
        await (await _server.Client("fleet_abcdef012345_not-a-real-secret").GetAsync("/api/v1/stores")).AssertProblemAsync(401);
        await (await _server.Client("some-other-token-entirely").GetAsync("/api/v1/stores")).AssertProblemAsync(401);
    }

    [Fact]
    public async Task Root_certificate_needs_no_key()
    {
        var pem = await _server.Client(apiKey: null).GetStringAsync("/api/v1/ca/root.pem");
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", pem);
    }

    [Fact]
    public async Task Roles_limit_what_keys_can_do_and_revocation_is_immediate()
    {
        var admin = _server.Client();
        var viewerKey = await CreateKeyAsync(admin, "dashboard", "viewer");
        var operatorKey = await CreateKeyAsync(admin, "rollout script", "operator");

        var viewer = _server.Client(viewerKey.Key);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/v1/stores")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/v1/fleet/health")).StatusCode);
        var store = Unique.Id("store");
        await (await viewer.PutJsonAsync($"/api/v1/stores/{store}", new { name = "x", timeZone = "UTC" })).AssertProblemAsync(403);
        await (await viewer.DeleteAsync("/api/v1/stores/anything")).AssertProblemAsync(403);
        await (await admin.GetAsync($"/api/v1/stores/{store}")).AssertProblemAsync(404);

        var @operator = _server.Client(operatorKey.Key);
        Assert.Equal(HttpStatusCode.Created, (await @operator.PutJsonAsync($"/api/v1/stores/{store}", new { name = "x", timeZone = "UTC" })).StatusCode);
        await (await @operator.PostAsJsonAsync("/api/v1/api-keys", new { name = "sneaky", role = "admin" })).AssertProblemAsync(403);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/api-keys/{operatorKey.Id}")).StatusCode);
        await (await @operator.GetAsync("/api/v1/stores")).AssertProblemAsync(401);

        var keys = await admin.GetJsonAsync("/api/v1/api-keys?limit=500");
        var listed = keys["items"]!.AsArray().Single(k => k!["id"]!.GetValue<string>() == operatorKey.Id)!;
        Assert.Equal("operator", listed["role"]!.GetValue<string>());
        Assert.NotNull(listed["revokedAt"]);
        Assert.DoesNotContain(operatorKey.Key, keys.ToJsonString());
    }

    [Fact]
    public async Task Creating_a_key_validates_name_and_role()
    {
        var admin = _server.Client();
        var problem = await (await admin.PostAsJsonAsync("/api/v1/api-keys", new { name = "", role = "root" })).AssertProblemAsync(400);
        Assert.NotNull(problem["errors"]?["name"]);
        Assert.NotNull(problem["errors"]?["role"]);
        await (await admin.DeleteAsync("/api/v1/api-keys/nope")).AssertProblemAsync(404);
    }

    private static async Task<(string Id, string Key)> CreateKeyAsync(HttpClient admin, string name, string role)
    {
        var response = await admin.PostAsJsonAsync("/api/v1/api-keys", new { name, role });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.JsonAsync();
        return (body["id"]!.GetValue<string>(), body["key"]!.GetValue<string>());
    }
}
