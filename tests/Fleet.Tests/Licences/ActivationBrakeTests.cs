using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Fleet.Tests.Infrastructure;
using Fleet.Tests.Pairing;

namespace Fleet.Tests.Licences;

/// <summary>The anonymous srv4pos activation endpoint under a brake (issue 15, point 4).</summary>
public sealed class ActivationBrakeTests
{
    [Fact]
    public async Task Activations_and_refused_renewals_per_address_end_in_429_and_answers_never_tell_what_exists()
    {
        await using var server = await FleetServer.StartAsync(new()
        {
            ["Fleet:Licences:Activations:Limit"] = "3",
            ["Fleet:Licences:Activations:Window"] = "01:00:00",
        });
        var admin = server.Client();
        var corporate = Unique.Id("corp");
        var store = Unique.Id("store");
        (await admin.PutJsonAsync($"/api/v1/stores/{store}", new { name = "S", timeZone = "UTC", corporateId = corporate })).EnsureSuccessStatusCode();
        var pos = await server.PairNewPosAsync();

        // A declared corporate id with a posId of the fleet, and ids that name nothing: the same
        // answer, so the endpoint cannot be used to find out which companies or POS ids exist.
        var flood = new LicenceClient(server, LoopbackSource.Second);
        var known = await flood.CreateAsync(flood.NewActivation(corporate, pos.PosId));
        var unknown = await flood.CreateAsync(flood.NewActivation(Unique.Id("nobody"), Unique.Id("nopos")));
        Assert.Equal(Shape(known.Body), Shape(unknown.Body));
        Assert.Equal(known.Body["status"]!.GetValue<string>(), unknown.Body["status"]!.GetValue<string>());

        // A request that is not valid counts nothing; the third activation reaches the limit.
        await (await flood.PostAsync(new JsonObject { ["corporateId"] = corporate })).AssertProblemAsync(400);
        await flood.CreateAsync(flood.NewActivation(corporate));
        var blocked = await flood.PostAsync(flood.NewActivation(corporate));
        await blocked.AssertProblemAsync(429);
        Assert.True(blocked.Headers.RetryAfter!.Delta > TimeSpan.Zero);
        var pending = await admin.GetJsonAsync($"/api/v1/activations?corporateId={corporate}&limit=100");
        Assert.Equal(2, pending["items"]!.AsArray().Count); // the refused one queued nothing

        // Another address activates as usual; wrong keys on renewal count there like activations.
        var other = new LicenceClient(server, LoopbackSource.Third);
        var (productionNumber, _, _) = await other.CreateAsync(other.NewActivation(corporate));
        for (var i = 0; i < 2; i++)
        {
            var renewal = other.NewActivation(corporate);
            renewal["productionNumber"] = productionNumber;
            renewal["apiKey"] = $"{productionNumber}.wrong-key-{i}";
            await (await other.PostAsync(renewal)).AssertProblemAsync(401);
        }
        await (await other.PostAsync(other.NewActivation(corporate))).AssertProblemAsync(429);

        server.Time.Advance(TimeSpan.FromHours(1));
        await flood.CreateAsync(flood.NewActivation(corporate));
    }

    private static string Shape(JsonNode body) => string.Join(",", body.AsObject().Select(p => p.Key).Order());
}
