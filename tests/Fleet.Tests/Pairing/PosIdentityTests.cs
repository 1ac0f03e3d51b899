using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fleet.Pos;
using Fleet.Tests.Infrastructure;

namespace Fleet.Tests.Pairing;

/// <summary>Issue 14, point 1: a POS is (store, posId); posId is whatever text a real POS sends.</summary>
public sealed class PosIdentityTests(PairingFixture fixture) : IClassFixture<PairingFixture>
{
    private readonly FleetServer _server = fixture.Server;

    public static TheoryData<string> RealPosIds => new()
    {
        "POS 1",
        "Kasse/1",
        "{6F9619FF-8B86-D011-B42D-00C04FC964FF}",
        "Kassa-ÅÄÖ",
        new string('7', 61),
        "Till " + new string('ß', 118) + " ½ ok",
        "a%2Fb?c#d\\e!f~g",
        "收银台 1 🧾",
    };

    [Theory]
    [MemberData(nameof(RealPosIds))]
    public async Task Every_posId_a_real_pos_sends_pairs(string posId)
    {
        Assert.True(posId.EnumerateRunes().Count() <= PosIds.MaxLength);
        var (store, terminal) = await _server.CreateTerminalAsync();
        var bundle = await PairOkAsync(terminal, JsonSerializer.Serialize(new { posId, setupCode = "" }), posId);
        Assert.Equal(posId, bundle.PosId);
        Assert.Equal(store, bundle.StoreId);
        using var certificate = bundle.ClientCertificate();
        var session = await (await _server.TrySessionAsync(certificate))!.JsonAsync();
        Assert.Equal(posId, session["posId"]!.GetValue<string>());

        var pos = await _server.Client().GetJsonAsync($"/api/v1/pos/{Uri.EscapeDataString(PosKey.Of(store, posId))}");
        Assert.Equal(posId, pos["posId"]!.GetValue<string>());
        Assert.Equal(store, pos["storeId"]!.GetValue<string>());
        Assert.Equal(PosKey.Of(store, posId), pos["id"]!.GetValue<string>());
        var listed = await _server.Client().GetJsonAsync($"/api/v1/pos?store={store}&posId={Uri.EscapeDataString(posId)}");
        Assert.Equal(PosKey.Of(store, posId), Assert.Single(listed["items"]!.AsArray())!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_json_number_posId_is_its_decimal_text()
    {
        var (store, terminal) = await _server.CreateTerminalAsync();
        var bundle = await PairOkAsync(terminal, """{ "posId" : 123, "setupCode" : "" }""", "123");
        Assert.Equal("123", bundle.PosId);
        var fraction = await PairOkAsync(terminal, """{ "posId" : 12.50, "setupCode" : "" }""", "12.50");
        Assert.Equal("12.50", fraction.PosId);
        await _server.Client().GetJsonAsync($"/api/v1/pos/{store}~123");
    }

    [Fact]
    public async Task PosId_is_kept_in_nfc_and_bounded()
    {
        var (store, terminal) = await _server.CreateTerminalAsync();
        var decomposed = "Kassa-A\u030AA\u0308O\u0308";
        var bundle = await PairOkAsync(terminal, JsonSerializer.Serialize(new { posId = decomposed, setupCode = "" }), "Kassa-ÅÄÖ");
        Assert.Equal("Kassa-ÅÄÖ", bundle.PosId);
        Assert.Equal(store, (await _server.Client().GetJsonAsync($"/api/v1/pos/{Uri.EscapeDataString(PosKey.Of(store, "Kassa-ÅÄÖ"))}"))["storeId"]!.GetValue<string>());

        foreach (var refused in new[] { new string('x', PosIds.MaxLength + 1), "Kasse\n1", "Kasse\u00851", "\t", "a\u2028b" })
        {
            var code = (await _server.GenerateCodeAsync(terminal))["code"]!.GetValue<string>();
            var response = await _server.DeviceClient().PostAsync("/",
                new StringContent(JsonSerializer.Serialize(new { posId = refused, setupCode = code }), Encoding.UTF8));
            await response.AssertProblemAsync(400);
            // The code was not spent on a refused request.
            await PairOkAsync(terminal, JsonSerializer.Serialize(new { posId = "after-refusal", setupCode = "" }), "after-refusal", code);
        }
    }

    [Fact]
    public async Task The_same_posId_in_two_stores_is_two_pos()
    {
        var (storeA, terminalA) = await _server.CreateTerminalAsync();
        var (storeB, terminalB) = await _server.CreateTerminalAsync();
        var a = await PairOkAsync(terminalA, """{ "posId" : "123", "setupCode" : "" }""", "123");
        var b = await PairOkAsync(terminalB, """{ "posId" : "123", "setupCode" : "" }""", "123");
        Assert.Equal((storeA, "123"), (a.StoreId, a.PosId));
        Assert.Equal((storeB, "123"), (b.StoreId, b.PosId));

        // Both certificates stay good: pairing in store B did not supersede store A's till.
        using var certA = a.ClientCertificate();
        using var certB = b.ClientCertificate();
        Assert.Equal(HttpStatusCode.OK, (await _server.TrySessionAsync(certA))?.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _server.TrySessionAsync(certB))?.StatusCode);

        var admin = _server.Client();
        var posA = await admin.GetJsonAsync($"/api/v1/pos/{storeA}~123");
        var posB = await admin.GetJsonAsync($"/api/v1/pos/{storeB}~123");
        Assert.Equal(storeA, posA["storeId"]!.GetValue<string>());
        Assert.Equal(storeB, posB["storeId"]!.GetValue<string>());
        Assert.Equal(storeB, (await admin.GetJsonAsync($"/api/v1/pos/123?store={storeB}"))["storeId"]!.GetValue<string>());
        Assert.Equal("123", Assert.Single((await admin.GetJsonAsync($"/api/v1/stores/{storeA}"))["pos"]!.AsArray())!["posId"]!.GetValue<string>());
        Assert.Equal(a.Serial, Assert.Single((await admin.GetJsonAsync($"/api/v1/certificates?pos=123&store={storeA}"))["items"]!.AsArray())!["serialNumber"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_bare_posId_still_addresses_its_pos_until_two_stores_have_it()
    {
        var admin = _server.Client();
        var posId = Unique.Id("till");
        var (storeA, terminalA) = await _server.CreateTerminalAsync();
        await PairOkAsync(terminalA, JsonSerializer.Serialize(new { posId, setupCode = "" }), posId);

        // The old single-id routes, while only one store has the posId.
        Assert.Equal(storeA, (await admin.GetJsonAsync($"/api/v1/pos/{posId}"))["storeId"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await admin.PutJsonAsync($"/api/v1/pos/{posId}", new { storeId = storeA, name = "Front till" })).StatusCode);
        Assert.Equal("Front till", (await admin.GetJsonAsync($"/api/v1/pos/{posId}"))["name"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/pos/{posId}/revoke", null)).StatusCode);

        // A second store pairs a till with the same posId: the bare posId is ambiguous now.
        var (storeB, terminalB) = await _server.CreateTerminalAsync();
        await PairOkAsync(terminalB, JsonSerializer.Serialize(new { posId, setupCode = "" }), posId);
        foreach (var response in new[]
                 {
                     await admin.GetAsync($"/api/v1/pos/{posId}"),
                     await admin.DeleteAsync($"/api/v1/pos/{posId}"),
                     await admin.PostAsync($"/api/v1/pos/{posId}/revoke", null),
                 })
        {
            var problem = await response.AssertProblemAsync(409);
            Assert.Contains(storeA, problem["detail"]!.GetValue<string>());
            var candidates = problem["candidates"]!.AsArray().Select(c => c!["id"]!.GetValue<string>()).Order(StringComparer.Ordinal).ToArray();
            Assert.Equal(new[] { PosKey.Of(storeA, posId), PosKey.Of(storeB, posId) }.Order(StringComparer.Ordinal).ToArray(), candidates);
            Assert.All(problem["candidates"]!.AsArray(), c => Assert.Equal(posId, c!["posId"]!.GetValue<string>()));
        }
        // Nothing was decommissioned or revoked by the refused calls; the unambiguous forms work.
        Assert.Equal(storeB, (await admin.GetJsonAsync($"/api/v1/pos/{posId}?store={storeB}"))["storeId"]!.GetValue<string>());
        Assert.Equal(storeA, (await admin.GetJsonAsync($"/api/v1/pos/{PosKey.Of(storeA, posId)}"))["storeId"]!.GetValue<string>());
        Assert.Single((await admin.GetJsonAsync($"/api/v1/certificates?pos={posId}&store={storeB}&status=active"))["items"]!.AsArray());
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/pos/{posId}?store={storeA}")).StatusCode);
        await (await admin.GetAsync($"/api/v1/pos/{PosKey.Of(storeA, posId)}")).AssertProblemAsync(404);
        Assert.Equal(storeB, (await admin.GetJsonAsync($"/api/v1/pos/{posId}"))["storeId"]!.GetValue<string>());
        await (await admin.GetAsync($"/api/v1/pos/{Unique.Id("none")}")).AssertProblemAsync(404);
    }

    [Fact]
    public async Task Rest_creates_and_finds_a_pos_whose_posId_holds_a_slash()
    {
        var admin = _server.Client();
        var (store, _) = await _server.CreateTerminalAsync();
        var posId = "Kasse/" + Unique.Id("k");
        var created = await admin.PutJsonAsync($"/api/v1/pos/{Uri.EscapeDataString(posId)}", new { storeId = store });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var resource = await created.JsonAsync();
        Assert.Equal(posId, resource["posId"]!.GetValue<string>());
        Assert.Equal($"/api/v1/pos/{Uri.EscapeDataString(PosKey.Of(store, posId))}", created.Headers.Location!.OriginalString);
        Assert.Equal(posId, (await admin.GetJsonAsync(created.Headers.Location.OriginalString))["posId"]!.GetValue<string>());
        Assert.Equal(posId, (await admin.GetJsonAsync($"/api/v1/pos/{Uri.EscapeDataString(posId)}"))["posId"]!.GetValue<string>());
        // A POS stays in its store: the same posId under another store id is a validation error, not a move.
        var (other, _) = await _server.CreateTerminalAsync();
        Assert.Equal(HttpStatusCode.Created, (await admin.PutJsonAsync($"/api/v1/pos/{Uri.EscapeDataString(posId)}", new { storeId = other })).StatusCode);
        await (await admin.PutJsonAsync($"/api/v1/pos/{Uri.EscapeDataString(PosKey.Of(store, posId))}", new { storeId = other }))
            .AssertProblemAsync(400);
    }

    [Fact]
    public async Task Re_pairing_the_same_pos_supersedes_its_certificate_visibly()
    {
        var admin = _server.Client();
        var (store, terminal) = await _server.CreateTerminalAsync();
        var first = await PairOkAsync(terminal, """{ "posId" : "1", "setupCode" : "" }""", "1");
        var second = await PairOkAsync(terminal, """{ "posId" : "1", "setupCode" : "" }""", "1");

        var old = await admin.GetJsonAsync($"/api/v1/certificates/{first.Serial}");
        Assert.Equal("superseded", old["revocationReason"]!.GetValue<string>());
        var events = (await admin.GetJsonAsync($"/api/v1/audit?targetType=pos&targetId={Uri.EscapeDataString(PosKey.Of(store, "1"))}&action=pos.paired"))["items"]!.AsArray();
        Assert.Equal(2, events.Count);
        var latest = events[0]!["detail"]!;
        Assert.Equal(second.Serial, latest["serialNumber"]!.GetValue<string>());
        Assert.Equal(new[] { first.Serial }, latest["superseded"]!.AsArray().Select(s => s!.GetValue<string>()).ToArray());
        Assert.Equal("1", latest["posId"]!.GetValue<string>());
        Assert.Empty(events[1]!["detail"]!["superseded"]!.AsArray());
    }

    /// <summary>Opens a fresh code on <paramref name="terminal"/> (unless one is given), puts it into
    /// <paramref name="json"/>'s empty setupCode and expects the bundle.</summary>
    private async Task<Bundle> PairOkAsync(string terminal, string json, string expectedPosId, string? code = null)
    {
        code ??= (await _server.GenerateCodeAsync(terminal))["code"]!.GetValue<string>();
        var body = json.Replace("\"setupCode\":\"\"", $"\"setupCode\":\"{code}\"").Replace("\"setupCode\" : \"\"", $"\"setupCode\" : \"{code}\"");
        var response = await _server.DeviceClient().PostAsync("/", new StringContent(body, Encoding.UTF8));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Pairing {expectedPosId} answered {(int)response.StatusCode}: {text}");
        var bundle = Bundle.Parse(text);
        Assert.Equal(expectedPosId, bundle.PosId);
        return bundle;
    }
}
