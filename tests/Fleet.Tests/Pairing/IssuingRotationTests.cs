using System.Net;
using System.Net.Http.Json;
using Fleet.Tests.Infrastructure;

namespace Fleet.Tests.Pairing;

/// <summary>The issuing CA can be replaced without re-pairing: POS certificates it issued keep
/// working while valid, new pairings chain to the new one.</summary>
public sealed class IssuingRotationTests
{
    [Fact]
    public async Task Rotating_the_issuing_ca_keeps_old_pos_certificates_working_and_new_ones_chain_to_the_new_ca()
    {
        await using var server = await FleetServer.StartAsync();
        var before = await server.PairNewPosAsync();
        var ca = await server.Client().GetJsonAsync("/api/v1/ca");
        Assert.Equal(1, ca["generation"]!.GetValue<int>());

        var viewerKey = (await (await server.Client().PostAsJsonAsync("/api/v1/api-keys", new { name = "v", role = "viewer" })).JsonAsync())
            ["key"]!.GetValue<string>();
        await (await server.Client(viewerKey).PostAsync("/api/v1/ca/rotate-issuing", null)).AssertProblemAsync(403);

        var rotated = await server.Client().PostAsync("/api/v1/ca/rotate-issuing", null);
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        var after = await rotated.JsonAsync();
        Assert.Equal(2, after["generation"]!.GetValue<int>());
        Assert.Equal(ca["issuing"]!["sha256Fingerprint"]!.GetValue<string>(),
            Assert.Single(after["previousIssuing"]!.AsArray())!["sha256Fingerprint"]!.GetValue<string>());
        Assert.Equal(ca["root"]!["sha256Fingerprint"]!.GetValue<string>(), after["root"]!["sha256Fingerprint"]!.GetValue<string>());

        // The API listener's own certificate now chains through the new issuing CA; clients that
        // trust only the root still connect.
        Assert.Equal(HttpStatusCode.OK, (await server.Client().GetAsync("/api/v1/fleet/health")).StatusCode);

        using var old = before.ClientCertificate();
        Assert.Equal(HttpStatusCode.OK, (await server.TrySessionAsync(old))?.StatusCode);

        var fresh = await server.PairNewPosAsync();
        Assert.NotEqual(before.IssuingPem, fresh.IssuingPem);
        Assert.Equal(before.RootPem, fresh.RootPem);
        Assert.Contains("OK", await PairingTests.OpensslVerifyAsync(fresh));
        using var renewed = fresh.ClientCertificate();
        Assert.Equal(HttpStatusCode.OK, (await server.TrySessionAsync(renewed))?.StatusCode);

        // The rotation is stored: after a restart both generations' POS still get in.
        await server.RestartAsync();
        Assert.Equal(2, (await server.Client().GetJsonAsync("/api/v1/ca"))["generation"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.OK, (await server.TrySessionAsync(old))?.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.TrySessionAsync(renewed))?.StatusCode);
    }
}
