using System.Net;
using Fleet.Tests.Infrastructure;

namespace Fleet.Tests.Api;

public sealed class HostingTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private readonly HttpClient _anonymous = fixture.Server.Client(apiKey: null);

    [Fact]
    public async Task Liveness_and_readiness_need_no_key()
    {
        Assert.Equal(HttpStatusCode.OK, (await _anonymous.GetAsync("/healthz/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _anonymous.GetAsync("/healthz/ready")).StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_rest_api_and_its_bearer_auth_is_enforced()
    {
        var document = await _anonymous.GetJsonAsync("/openapi/v1.json");
        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToHashSet();
        foreach (var path in new[]
                 {
                     "/api/v1/stores/{storeId}", "/api/v1/terminals/{terminalId}", "/api/v1/pos/{posId}",
                     "/api/v1/terminals/{terminalId}/heartbeat", "/api/v1/import", "/api/v1/fleet/health",
                     "/api/v1/api-keys", "/api/v1/ca/root.pem",
                 })
        {
            Assert.Contains(path, paths);
        }
    }

    [Fact]
    public async Task The_server_certificate_chains_to_the_fleet_root_for_loopback()
    {
        // Client() trusts only the root fetched from /api/v1/ca/root.pem: a request succeeding at all
        // means the listener sent a certificate (with its issuing CA) that chains to it.
        var response = await fixture.Server.Client().GetAsync("/api/v1/fleet/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
