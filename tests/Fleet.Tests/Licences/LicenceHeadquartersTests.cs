using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Fleet.Tests.Infrastructure;

namespace Fleet.Tests.Licences;

/// <summary>Headquarters' side: decisions and their audit trail, roles, lists, the POS link, and
/// that licences and the signing key survive a restart.</summary>
public sealed class LicenceHeadquartersTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string Corporate = "corp-hq";
    private readonly FleetServer _server = fixture.Server;
    private readonly LicenceClient _pos = new(fixture.Server);
    private readonly HttpClient _admin = fixture.Server.Client();

    [Fact]
    public async Task Decisions_follow_the_rules_and_are_audited_with_the_acting_key()
    {
        var operatorKey = await CreateKeyAsync("tax desk", "operator");
        var viewerKey = await CreateKeyAsync("dashboard", "viewer");
        var desk = _server.Client(operatorKey.Key);
        var viewer = _server.Client(viewerKey.Key);

        var (a, keyA, _) = await _pos.CreateAsync(_pos.NewActivation(Corporate));
        var (b, keyB, _) = await _pos.CreateAsync(_pos.NewActivation(Corporate));

        await (await viewer.PostAsync($"/api/v1/activations/{a}/approve", null)).AssertProblemAsync(403);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync($"/api/v1/activations/{a}")).StatusCode);
        await (await desk.PostAsync("/api/v1/activations/NOSUCHNUMBER/approve", null)).AssertProblemAsync(404);
        await (await desk.GetAsync("/api/v1/activations/NOSUCHNUMBER")).AssertProblemAsync(404);

        // Reject needs a reason; a rejected activation can be neither approved nor renewed.
        Assert.NotNull((await (await desk.PostAsJsonAsync($"/api/v1/activations/{b}/reject", new { reason = " " }))
            .AssertProblemAsync(400))["errors"]?["reason"]);
        await (await desk.PostAsync($"/api/v1/activations/{b}/reject", null)).AssertProblemAsync(400);
        var rejected = await (await desk.PostAsJsonAsync($"/api/v1/activations/{b}/reject", new { reason = "Unknown company" })).JsonAsync();
        Assert.Equal("Rejected", rejected["status"]!.GetValue<string>());
        await (await desk.PostAsync($"/api/v1/activations/{b}/approve", null)).AssertProblemAsync(409);
        await (await desk.PostAsJsonAsync($"/api/v1/activations/{b}/revoke", new { reason = "x" })).AssertProblemAsync(409);
        await LicenceClient.AssertRefusedAsync(await _pos.HandshakeAsync(keyB), "Rejected");
        await LicenceClient.AssertRefusedAsync(await _pos.PostAsync(new JsonObject
        {
            ["productionNumber"] = b, ["apiKey"] = keyB,
            ["validFrom"] = LicenceClient.Iso(_pos.Today), ["validTo"] = LicenceClient.Iso(_pos.Today.AddMonths(1)),
        }), "Rejected");

        // Approve is idempotent (one audit entry); an approved activation is revoked, not rejected.
        Assert.Equal(HttpStatusCode.OK, (await desk.PostAsync($"/api/v1/activations/{a}/approve", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await desk.PostAsync($"/api/v1/activations/{a}/approve", null)).StatusCode);
        await (await desk.PostAsJsonAsync($"/api/v1/activations/{a}/reject", new { reason = "late" })).AssertProblemAsync(409);
        Assert.NotNull((await (await desk.PostAsJsonAsync($"/api/v1/activations/{a}/approve", new { note = new string('n', 501) }))
            .AssertProblemAsync(400))["errors"]?["note"]);
        Assert.Equal(HttpStatusCode.OK, (await _pos.HandshakeAsync(keyA)).StatusCode);

        var detail = await viewer.GetJsonAsync($"/api/v1/activations/{a}");
        var audit = detail["audit"]!.AsArray();
        Assert.Equal(["created", "approved"], audit.Select(e => e!["action"]!.GetValue<string>()));
        Assert.Equal(operatorKey.Id, audit[1]!["actor"]!.GetValue<string>());
        Assert.Equal("approved", detail["approval"]!.GetValue<string>());
        Assert.NotNull(detail["decidedAt"]);
        var rejectedAudit = await viewer.GetJsonAsync($"/api/v1/activations/{b}/audit");
        Assert.Equal("Unknown company", rejectedAudit[1]!["reason"]!.GetValue<string>());
        Assert.Equal(operatorKey.Id, rejectedAudit[1]!["actor"]!.GetValue<string>());
        Assert.DoesNotContain(keyA, detail.ToJsonString());
    }

    [Fact]
    public async Task A_period_that_has_not_begun_is_NotYetValid_until_its_first_midnight()
    {
        var body = _pos.NewActivation(Corporate);
        body["validFrom"] = LicenceClient.Iso(_pos.Today.AddDays(1));
        body["validTo"] = LicenceClient.Iso(_pos.Today.AddDays(30));
        var (productionNumber, key, _) = await _pos.CreateAsync(body);
        (await _admin.PostAsync($"/api/v1/activations/{productionNumber}/approve", null)).EnsureSuccessStatusCode();

        await LicenceClient.AssertRefusedAsync(await _pos.HandshakeAsync(key), "NotYetValid");
        var list = await _admin.GetJsonAsync("/api/v1/activations?status=notyetvalid&limit=500");
        Assert.Contains(list["items"]!.AsArray(), a => a!["productionNumber"]!.GetValue<string>() == productionNumber);
        var health = await _admin.WaitForHealthAsync(h => h["licences"]!["notYetValid"]!.GetValue<int>() >= 1);
        Assert.True(health["licences"]!["notYetValid"]!.GetValue<int>() >= 1);
    }

    [Fact]
    public async Task Lists_page_and_refuse_bad_parameters()
    {
        for (var i = 0; i < 3; i++) await _pos.CreateAsync(_pos.NewActivation("corp-paging"));
        var first = await _admin.GetJsonAsync("/api/v1/activations?corporateId=corp-paging&limit=2");
        Assert.Equal(2, first["items"]!.AsArray().Count);
        var cursor = first["nextCursor"]!.GetValue<string>();
        var second = await _admin.GetJsonAsync($"/api/v1/activations?corporateId=corp-paging&limit=2&cursor={Uri.EscapeDataString(cursor)}");
        Assert.Single(second["items"]!.AsArray());
        Assert.Null(second["nextCursor"]);
        var ids = first["items"]!.AsArray().Concat(second["items"]!.AsArray()).Select(a => a!["productionNumber"]!.GetValue<string>()).ToArray();
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);

        Assert.NotNull((await (await _admin.GetAsync("/api/v1/activations?status=Sleeping")).AssertProblemAsync(400))["errors"]?["status"]);
        Assert.NotNull((await (await _admin.GetAsync("/api/v1/activations?sort=colour")).AssertProblemAsync(400))["errors"]?["sort"]);
        Assert.NotNull((await (await _admin.GetAsync("/api/v1/activations?limit=0")).AssertProblemAsync(400))["errors"]?["limit"]);
        Assert.NotNull((await (await _admin.GetAsync("/api/v1/pos?licence=Sleeping")).AssertProblemAsync(400))["errors"]?["licence"]);
        await (await _server.Client(apiKey: null).GetAsync("/api/v1/activations")).AssertProblemAsync(401);
    }

    [Fact]
    public async Task The_newest_activation_naming_a_POS_is_its_licence_and_survives_POS_updates()
    {
        var store = Unique.Id("store");
        var posId = Unique.Id("pos");
        (await _admin.PutJsonAsync($"/api/v1/stores/{store}", new { name = "S", timeZone = "UTC" })).EnsureSuccessStatusCode();
        (await _admin.PutJsonAsync($"/api/v1/pos/{posId}", new { storeId = store, name = "Till" })).EnsureSuccessStatusCode();

        var (older, _, _) = await _pos.CreateAsync(_pos.NewActivation(Corporate, posId));
        _server.Time.Advance(TimeSpan.FromSeconds(1));
        var (newer, _, _) = await _pos.CreateAsync(_pos.NewActivation(Corporate, posId));
        (await _admin.PostAsJsonAsync($"/api/v1/activations/{older}/revoke", new { reason = "replaced" })).EnsureSuccessStatusCode();

        var page = await _admin.GetJsonAsync($"/api/v1/pos/{posId}");
        Assert.Equal(newer, page["licence"]!["productionNumber"]!.GetValue<string>());
        Assert.Equal("PendingApproval", page["licence"]!["status"]!.GetValue<string>());

        (await _admin.PutJsonAsync($"/api/v1/pos/{posId}", new { storeId = store, name = "Till renamed" })).EnsureSuccessStatusCode();
        var storePage = await _admin.GetJsonAsync($"/api/v1/stores/{store}");
        Assert.Equal(newer, storePage["pos"]![0]!["licence"]!["productionNumber"]!.GetValue<string>());
        var byPos = await _admin.GetJsonAsync($"/api/v1/activations?posId={posId}");
        Assert.Equal(2, byPos["items"]!.AsArray().Count);
        var none = await _admin.GetJsonAsync($"/api/v1/pos?store={store}&licence=none");
        Assert.Empty(none["items"]!.AsArray());
    }

    [Fact]
    public async Task Licences_and_the_signing_key_survive_a_restart()
    {
        var body = _pos.NewActivation(Corporate);
        body["email"] = "owner@example.com";
        var (productionNumber, key, _) = await _pos.CreateAsync(body);
        (await _admin.PostAsync($"/api/v1/activations/{productionNumber}/approve", null)).EnsureSuccessStatusCode();
        var before = await _pos.Http.GetStringAsync("/activations/public-key");

        await _server.RestartAsync();
        var pos = new LicenceClient(_server);
        Assert.Equal(before, await pos.Http.GetStringAsync("/activations/public-key"));
        Assert.Equal(HttpStatusCode.OK, (await pos.HandshakeAsync(key)).StatusCode);
        var stored = await _server.Client().GetJsonAsync($"/api/v1/activations/{productionNumber}");
        Assert.Equal("owner@example.com", stored["auxiliary"]!["email"]!.GetValue<string>());
        Assert.Equal("approved", stored["approval"]!.GetValue<string>());
        var code = await (await pos.SendAsync(HttpMethod.Get, "/activations/activation-code", key)).JsonAsync();
        using var ecdsa = System.Security.Cryptography.ECDsa.Create();
        ecdsa.ImportFromPem(before);
        Assert.True(ecdsa.VerifyData(Convert.FromBase64String(code["descriptorBytes"]!.GetValue<string>()),
            Convert.FromBase64String(code["signature"]!.GetValue<string>()),
            System.Security.Cryptography.HashAlgorithmName.SHA256,
            System.Security.Cryptography.DSASignatureFormat.Rfc3279DerSequence));
    }

    private async Task<(string Id, string Key)> CreateKeyAsync(string name, string role)
    {
        var body = await (await _admin.PostAsJsonAsync("/api/v1/api-keys", new { name, role })).JsonAsync();
        return (body["id"]!.GetValue<string>(), body["key"]!.GetValue<string>());
    }
}
