using System.Net;
using System.Net.Http.Json;
using Fleet.Tests.Infrastructure;

namespace Fleet.Tests.Api;

/// <summary>Wrong API keys are braked per client address (issue 15, point 4): 429 problem details
/// with Retry-After, backing off, never touching other addresses.</summary>
public sealed class ApiKeyGuessingTests
{
    [Fact]
    public async Task Wrong_keys_from_one_address_end_in_429_with_backoff_and_other_addresses_carry_on()
    {
        await using var server = await FleetServer.StartAsync(new()
        {
            ["Fleet:ApiKeys:Guessing:Limit"] = "5",
            ["Fleet:ApiKeys:Guessing:Window"] = "00:01:00",
        });
        var admin = server.Client();
        var created = await (await admin.PostAsJsonAsync("/api/v1/api-keys", new { name = "script", role = "viewer" })).JsonAsync();
        var scriptKey = created["key"]!.GetValue<string>();

        var guesser = server.Client("an-operator-chosen-bootstrap-key?", LoopbackSource.Second);
        for (var i = 0; i < 5; i++) await (await guesser.GetAsync("/api/v1/stores")).AssertProblemAsync(401);
        var blocked = await guesser.GetAsync("/api/v1/stores");
        var problem = await blocked.AssertProblemAsync(429);
        Assert.Contains("Too many wrong API keys", problem["detail"]!.GetValue<string>());
        Assert.InRange(blocked.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        // Not even a real key is checked from the blocked address (it could be the next guess).
        await (await server.Client(scriptKey, LoopbackSource.Second).GetAsync("/api/v1/stores")).AssertProblemAsync(429);

        // Other addresses are not affected, wrong keys there are still a plain 401.
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/v1/stores")).StatusCode);
        await (await server.Client("another-wrong-key-entirely", LoopbackSource.Third).GetAsync("/api/v1/stores")).AssertProblemAsync(401);

        server.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, (await server.Client(scriptKey, LoopbackSource.Second).GetAsync("/api/v1/stores")).StatusCode);
        // Guessing on after the block: the next block is twice as long.
        for (var i = 0; i < 5; i++) await (await guesser.GetAsync("/api/v1/stores")).AssertProblemAsync(401);
        var again = await guesser.GetAsync("/api/v1/stores");
        await again.AssertProblemAsync(429);
        Assert.True(again.Headers.RetryAfter!.Delta > TimeSpan.FromMinutes(1));
    }
}
