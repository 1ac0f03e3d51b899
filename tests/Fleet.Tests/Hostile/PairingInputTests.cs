using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using Fleet.Tests.Infrastructure;
using Fleet.Tests.Pairing;

namespace Fleet.Tests.Hostile;

/// <summary>Pairing input a real POS sends that Fleet used to refuse or fumble (issue 14, points 2 and 4).</summary>
[Collection(HostileCollection.Name)]
public sealed class PairingInputTests(HostileFixture fixture)
{
    private readonly FleetServer _server = fixture.Server;

    private async Task<(string Terminal, string Code)> TerminalWithCodeAsync(string? terminalId = null, string? storeId = null)
    {
        var admin = _server.Client();
        var store = storeId ?? Unique.Id("store");
        var terminal = terminalId ?? Unique.Id("term");
        var created = await admin.PutJsonAsync($"/api/v1/stores/{store}", new { name = "Store", timeZone = "UTC" });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        created = await admin.PutJsonAsync($"/api/v1/terminals/{terminal}", new { kind = "android", serialNumber = "SN-" + Guid.NewGuid().ToString("N")[..8], storeId = store });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        return (terminal, (await _server.GenerateCodeAsync(terminal))["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_utf8_bom_before_the_pairing_json_is_accepted()
    {
        var (_, code) = await TerminalWithCodeAsync();
        var body = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes($$"""{ "posId" : "{{Unique.Id("pos")}}", "setupCode" : "{{code}}" }""")).ToArray();
        var response = await _server.DeviceClient().PostAsync("/", new ByteArrayContent(body));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        Bundle.Parse(text);
    }

    [Fact]
    public async Task A_utf8_bom_before_the_pairing_json_is_accepted_on_the_websocket()
    {
        var (_, code) = await TerminalWithCodeAsync();
        using var socket = await _server.ConnectDeviceSocketAsync("/");
        var message = "\uFEFF" + $$"""{"posId":"{{Unique.Id("pos")}}","setupCode":"{{code}}"}""";
        await socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, true, CancellationToken.None);
        Bundle.Parse((await socket.ReceiveTextAsync())!);
    }

    [Fact]
    public async Task An_idle_pairing_websocket_is_closed_with_1008()
    {
        var mark = _server.Logs.Mark();
        using var socket = await _server.ConnectDeviceSocketAsync("/");
        // The fixture's MessageTimeout is 1 s; the client says nothing.
        Assert.Null(await socket.ReceiveTextAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, socket.CloseStatus);
        Assert.False(string.IsNullOrEmpty(socket.CloseStatusDescription));
        fixture.AssertNoErrorLogged(mark, "idle pairing socket");
    }

    [Fact]
    public async Task A_terminal_with_the_longest_id_the_fleet_accepts_pairs()
    {
        // Issue 14: a 64-character terminal id was accepted at creation, then pairing through it
        // answered 500 after spending the code (the CA allowed 60).
        var terminal = ("t" + Guid.NewGuid().ToString("N") + new string('x', 64))[..64];
        var store = ("s" + Guid.NewGuid().ToString("N") + new string('y', 64))[..64];
        var (_, code) = await TerminalWithCodeAsync(terminal, store);
        var mark = _server.Logs.Mark();
        var bundle = await _server.PairOkAsync(Unique.Id("pos"), code);
        Assert.Contains("urn:fleet:terminal:" + terminal, bundle.Uris);
        Assert.Contains("urn:fleet:store:" + store, bundle.Uris);
        fixture.AssertNoErrorLogged(mark, "pairing through a 64-character terminal id");
    }

    [Theory]
    [InlineData("""{"posId":"\ud800","setupCode":"CODE"}""")]
    [InlineData("""{"posId":"pos-1","setupCode":"\udfff"}""")]
    [InlineData("""{"posId":true,"setupCode":"CODE"}""")] // a number is a posId (its decimal text), a boolean is not
    [InlineData("""{"posId":["a"],"setupCode":"CODE"}""")]
    [InlineData("""[]""")]
    [InlineData("""null""")]
    [InlineData("""{"posId":"pos-1","setupCode":"CODE"} trailing""")]
    public async Task Malformed_pairing_requests_are_refused_without_spending_the_code(string template)
    {
        var (_, code) = await TerminalWithCodeAsync();
        var mark = _server.Logs.Mark();
        var response = await _server.DeviceClient().PostAsync("/", new StringContent(template.Replace("CODE", code), Encoding.UTF8));
        await fixture.AssertClientMistakeAsync(response, mark, "pairing " + template);
        // The code still works: a refusal before the claim spends nothing.
        await _server.PairOkAsync(Unique.Id("pos"), code);
    }

    [Fact]
    public async Task A_pos_id_no_certificate_can_carry_is_refused_before_the_code_is_spent()
    {
        var (_, code) = await TerminalWithCodeAsync();
        var mark = _server.Logs.Mark();
        var response = await _server.PairAsync(new string('p', 200), code);
        await fixture.AssertClientMistakeAsync(response, mark, "over-long posId");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await _server.PairOkAsync(Unique.Id("pos"), code);
    }

    private const string Gate = "Fleet.Server.Pki.ClientCertificateGate";

    [Fact]
    public async Task A_foreign_client_certificate_is_refused_with_a_logged_reason()
    {
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=foreign-pos", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new System.Security.Cryptography.X509Certificates.X509EnhancedKeyUsageExtension([new("1.3.6.1.5.5.7.3.2")], false));
        using var ephemeral = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        using var foreign = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12(
            ephemeral.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pkcs12), null);
        var mark = _server.Logs.Mark();
        Assert.Null(await _server.TrySessionAsync(foreign));
        var reasons = _server.Logs.Since(mark, Gate);
        Assert.Contains(reasons, e => e.Message.Contains("foreign-pos") && e.Message.Contains("handshake"));
        fixture.AssertNoErrorLogged(mark, "foreign client certificate");
    }

    [Fact]
    public async Task A_revoked_client_certificate_is_refused_with_a_logged_reason()
    {
        var (_, code) = await TerminalWithCodeAsync();
        var bundle = await _server.PairOkAsync(Unique.Id("pos"), code);
        using var certificate = bundle.ClientCertificate();
        Assert.Equal(HttpStatusCode.OK, (await _server.Client().PostAsync($"/api/v1/certificates/{bundle.Serial}/revoke", null)).StatusCode);
        var mark = _server.Logs.Mark();
        Assert.Null(await _server.TrySessionAsync(certificate));
        Assert.Contains(_server.Logs.Since(mark, Gate), e => e.Message.Contains(bundle.Serial) && e.Message.Contains("revoked"));
        fixture.AssertNoErrorLogged(mark, "revoked client certificate");
    }
}
