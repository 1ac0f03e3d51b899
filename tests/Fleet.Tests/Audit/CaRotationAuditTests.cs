using System.Net;
using Fleet.Tests.Infrastructure;

namespace Fleet.Tests.Audit;

/// <summary>Rotating the issuing CA is audited. (Its own server: the rotation re-issues the TLS
/// certificate that the other tests' clients pinned.)</summary>
public sealed class CaRotationAuditTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Rotating_the_issuing_ca_is_recorded()
    {
        var admin = fixture.Server.Client();
        var before = await admin.GetJsonAsync("/api/v1/ca");
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync("/api/v1/ca/rotate-issuing", null)).StatusCode);

        var events = (await fixture.Server.Client().GetJsonAsync("/api/v1/audit?action=ca.")).AsObject()["items"]!.AsArray();
        var rotated = Assert.Single(events)!;
        Assert.Equal("ca.issuing-rotated", rotated["action"]!.GetValue<string>());
        Assert.Equal("127.0.0.1", rotated["clientAddress"]!.GetValue<string>());
        Assert.StartsWith("api-key:", rotated["actor"]!.GetValue<string>());
        Assert.NotEqual(before["issuing"]!["serialNumber"]!.GetValue<string>(), rotated["detail"]!["issuingSerial"]!.GetValue<string>());
    }
}
