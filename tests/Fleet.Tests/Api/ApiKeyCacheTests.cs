using System.Net;
using System.Net.Http.Json;
using Fleet.Access;
using Fleet.Server.Security;
using Fleet.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Tests.Api;

/// <summary>Each silo keeps the keys it verified for up to 5 s (fleet clock): a revocation through
/// this silo applies at once, one made elsewhere within the TTL, and failures are never kept.
/// Each test owns its server: the cache is per silo.</summary>
public sealed class ApiKeyCacheTests
{
    private const string Probe = "/api/v1/terminals?limit=1";

    [Fact]
    public async Task A_key_revoked_behind_this_silos_back_works_from_the_cache_until_the_ttl_then_is_refused()
    {
        await using var server = await FleetServer.StartAsync();
        var (id, key) = await CreateKeyAsync(server);
        var client = server.Client(key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Probe)).StatusCode); // verified by the grain, now cached

        // What a revocation through another silo looks like from here: the grain knows, this
        // silo's cache was not told.
        var grains = server.Services.GetRequiredService<IGrainFactory>();
        Assert.Equal(Fleet.Common.CommandStatus.Deleted, (await grains.GetGrain<IApiKeyGrain>(id).Revoke()).Status);
        Assert.Null(await grains.GetGrain<IApiKeyGrain>(id).Verify(server.Services.GetRequiredService<ApiKeyHasher>().Hash(key), ApiKeyHasher.LegacyHash(key)));

        // The grain now refuses the key, so a 200 here can only come from the cache: no grain call.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Probe)).StatusCode);

        server.Time.Advance(TimeSpan.FromSeconds(5)); // the default TTL, the documented bound
        await (await client.GetAsync(Probe)).AssertProblemAsync(401);
    }

    [Fact]
    public async Task A_revocation_through_this_silo_applies_to_the_very_next_request()
    {
        await using var server = await FleetServer.StartAsync();
        var (id, key) = await CreateKeyAsync(server);
        var client = server.Client(key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Probe)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Probe)).StatusCode); // served from the cache

        Assert.Equal(HttpStatusCode.NoContent, (await server.Client().DeleteAsync($"/api/v1/api-keys/{id}")).StatusCode);
        await (await client.GetAsync(Probe)).AssertProblemAsync(401); // no clock moved: evicted, not expired
    }

    [Fact]
    public async Task Refused_keys_are_not_remembered()
    {
        // The guessing brake would answer 429 before the keys reach the cache: lift it here, it has
        // tests of its own (ApiKeyGuessingTests).
        await using var server = await FleetServer.StartAsync(new() { ["Fleet:ApiKeys:Guessing:Limit"] = "1000" });
        var cache = server.Services.GetRequiredService<ApiKeyVerificationCache>();
        Assert.Equal(HttpStatusCode.OK, (await server.Client().GetAsync(Probe)).StatusCode);
        var before = cache.Count;
        Assert.True(before >= 1);

        for (var i = 0; i < 50; i++)
        {
            var (_, bogus) = ApiKeyFormat.Generate();
            await (await server.Client(bogus).GetAsync(Probe)).AssertProblemAsync(401);
        }
        Assert.Equal(before, cache.Count);
    }

    private static async Task<(string Id, string Key)> CreateKeyAsync(FleetServer server)
    {
        var response = await server.Client().PostAsJsonAsync("/api/v1/api-keys", new { name = "cache test", role = "viewer" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.JsonAsync();
        return (body["id"]!.GetValue<string>(), body["key"]!.GetValue<string>());
    }
}
