using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Fleet.Server.Services;
using Fleet.Tests.Infrastructure;
using Fleet.Tests.Licences;
using Fleet.Tests.Pairing;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Tests.Audit;

/// <summary>The fleet-wide audit trail over real HTTP: every mutating endpoint leaves an event
/// naming the actor and the client address, no secret ever reaches the trail, only admins read it,
/// and the list pages and filters like the other lists.</summary>
public sealed class AuditTrailTests(AuditTrailTests.Fixture fixture) : IClassFixture<AuditTrailTests.Fixture>
{
    public const string DashboardPassword = "audit-dashboard-password";

    public sealed class Fixture : IAsyncLifetime
    {
        public FleetServer Server { get; private set; } = null!;
        public async Task InitializeAsync() => Server = await FleetServer.StartAsync(new() { ["Fleet:Admin:Password"] = DashboardPassword });
        public async Task DisposeAsync() => await Server.DisposeAsync();
    }

    private readonly FleetServer _server = fixture.Server;
    private readonly HttpClient _admin = fixture.Server.Client();

    private sealed record Step(string Name, Func<Task<(string Action, string TargetType, string TargetId)>> Run);

    [Fact]
    public async Task Every_mutation_leaves_an_event_with_actor_and_address()
    {
        var operatorKey = await CreateKeyAsync("rollout script", "operator");
        var op = _server.Client(operatorKey.Key);
        var store = Unique.Id("store");
        var terminal = Unique.Id("term");
        var pos = Unique.Id("pos");
        var importStore = Unique.Id("store");
        string? revokedKeyId = null;

        async Task<(string, string, string)> Expect(Task<HttpResponseMessage> call, HttpStatusCode status, string action, string type, string id)
        {
            var response = await call;
            Assert.True(response.StatusCode == status, $"{action}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            return (action, type, id);
        }

        // Operator steps: actor is the operator key.
        var operatorSteps = new Step[]
        {
            new("create store", () => Expect(op.PutJsonAsync($"/api/v1/stores/{store}", new { name = "Audit", timeZone = "UTC" }),
                HttpStatusCode.Created, "store.created", "store", store)),
            new("update store", () => Expect(op.PutJsonAsync($"/api/v1/stores/{store}", new { name = "Audit 2", timeZone = "UTC" }),
                HttpStatusCode.OK, "store.updated", "store", store)),
            new("create terminal", () => Expect(op.PutJsonAsync($"/api/v1/terminals/{terminal}", new { kind = "android", serialNumber = "SN-" + terminal, storeId = store }),
                HttpStatusCode.Created, "terminal.created", "terminal", terminal)),
            new("create pos", () => Expect(op.PutJsonAsync($"/api/v1/pos/{pos}", new { storeId = store, name = "Till" }),
                HttpStatusCode.Created, "pos.created", "pos", $"{store}~{pos}")),
            new("open setup code", () => Expect(op.PostAsync($"/api/v1/terminals/{terminal}/setup-code", null),
                HttpStatusCode.OK, "setup-code.opened", "terminal", terminal)),
            new("close setup code", () => Expect(op.DeleteAsync($"/api/v1/terminals/{terminal}/setup-code"),
                HttpStatusCode.NoContent, "setup-code.closed", "terminal", terminal)),
            new("configure order n pay", () => Expect(op.PutJsonAsync($"/api/v1/stores/{store}/order-n-pay", new { posRemoteId = "remote-1", authSecret = "first-secret-123" }),
                HttpStatusCode.Created, "order-n-pay.configured", "order-n-pay", store)),
            new("delete order n pay", () => Expect(op.DeleteAsync($"/api/v1/stores/{store}/order-n-pay"),
                HttpStatusCode.NoContent, "order-n-pay.deleted", "order-n-pay", store)),
            new("configure again", () => Expect(op.PutJsonAsync($"/api/v1/stores/{store}/order-n-pay", new { posRemoteId = "remote-2", authSecret = "second-secret-456" }),
                HttpStatusCode.Created, "order-n-pay.configured", "order-n-pay", store)),
            new("enqueue message", () => Expect(op.PostAsJsonAsync($"/api/v1/stores/{store}/order-n-pay/messages", new { type = "order", payload = new { table = 4 } }),
                HttpStatusCode.Created, "order-n-pay.message-enqueued", "order-n-pay", store)),
            new("decommission pos", () => Expect(op.DeleteAsync($"/api/v1/pos/{pos}"), HttpStatusCode.NoContent, "pos.decommissioned", "pos", $"{store}~{pos}")),
            new("decommission terminal", () => Expect(op.DeleteAsync($"/api/v1/terminals/{terminal}"),
                HttpStatusCode.NoContent, "terminal.decommissioned", "terminal", terminal)),
            new("import", async () =>
            {
                var json = $$"""{"stores":[{"storeId":"{{importStore}}","name":"Imported","timeZone":"UTC"}]}""";
                var response = await op.PostAsync("/api/v1/import", new StringContent(json, Encoding.UTF8, "application/json"));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var jobId = await AuditEventsAsync("action=import.accepted&limit=1");
                return ("import.accepted", "import", jobId.Single()["targetId"]!.GetValue<string>());
            }),
        };
        foreach (var step in operatorSteps)
            await AssertRecordedAsync(step, $"api-key:{operatorKey.Id}", "rollout script (operator)");

        // Admin steps: actor is the bootstrap admin key.
        var adminSteps = new Step[]
        {
            new("create api key", async () =>
            {
                var created = await CreateKeyAsync("temporary", "viewer");
                revokedKeyId = created.Id;
                return ("api-key.created", "api-key", created.Id);
            }),
            new("revoke api key", () => Expect(_admin.DeleteAsync($"/api/v1/api-keys/{revokedKeyId}"),
                HttpStatusCode.NoContent, "api-key.revoked", "api-key", revokedKeyId!)),
        };
        foreach (var step in adminSteps)
            await AssertRecordedAsync(step, null, null);

        // Device side: the POS is the actor, from its own address.
        var bundle = await _server.PairNewPosAsync();
        // The target and actor are the POS's Fleet id (store~posId): a posId is unique only in its store.
        var paired = await SingleEventAsync("pos", bundle.PosKey, "pos.paired");
        Assert.Equal($"pos:{bundle.PosKey}", paired["actor"]!.GetValue<string>());
        Assert.Equal("pos", paired["actorKind"]!.GetValue<string>());
        Assert.Equal("127.0.0.1", paired["clientAddress"]!.GetValue<string>());
        Assert.Equal(bundle.Serial, paired["detail"]!["serialNumber"]!.GetValue<string>());

        using (var certificate = bundle.ClientCertificate())
        using (var device = _server.DeviceClient(certificate))
            Assert.Equal(HttpStatusCode.OK, (await device.PostAsync("/renew", null)).StatusCode);
        var renewed = await SingleEventAsync("pos", bundle.PosKey, "certificate.renewed");
        Assert.Equal($"pos:{bundle.PosKey}", renewed["actor"]!.GetValue<string>());
        Assert.Equal("127.0.0.1", renewed["clientAddress"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.OK, (await op.PostAsJsonAsync($"/api/v1/certificates/{bundle.Serial}/revoke", new { reason = "keyCompromise" })).StatusCode);
        var revoked = await SingleEventAsync("certificate", bundle.Serial.ToLowerInvariant(), "certificate.revoked");
        Assert.Equal($"api-key:{operatorKey.Id}", revoked["actor"]!.GetValue<string>());
        Assert.Equal("keyCompromise", revoked["detail"]!["reason"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.OK, (await op.PostAsJsonAsync($"/api/v1/pos/{bundle.PosId}/revoke", new { reason = "cessationOfOperation" })).StatusCode);
        await SingleEventAsync("pos", bundle.PosKey, "pos.certificates-revoked");

        // Licences: headquarters' decisions, with the reason.
        var licences = new LicenceClient(_server);
        var (productionNumber, _, _) = await licences.CreateAsync(licences.NewActivation("corp-audit"));
        Assert.Equal(HttpStatusCode.OK, (await op.PostAsJsonAsync($"/api/v1/activations/{productionNumber}/approve", new { note = "Tax Authority notified" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await op.PostAsJsonAsync($"/api/v1/activations/{productionNumber}/revoke", new { reason = "Store closed" })).StatusCode);
        var approved = await SingleEventAsync("activation", productionNumber, "activation.approved");
        Assert.Equal("Tax Authority notified", approved["detail"]!["note"]!.GetValue<string>());
        Assert.Equal("rollout script (operator)", approved["actorName"]!.GetValue<string>());
        Assert.Equal("Store closed", (await SingleEventAsync("activation", productionNumber, "activation.revoked"))["detail"]!["reason"]!.GetValue<string>());

        // A refusal changes nothing and records nothing.
        await (await op.DeleteAsync($"/api/v1/stores/{Unique.Id("nosuch")}")).AssertProblemAsync(404);
        await (await op.PutJsonAsync($"/api/v1/stores/{store}", new { name = "", timeZone = "UTC" })).AssertProblemAsync(400);
        Assert.Equal(2, (await AuditEventsAsync($"targetType=store&targetId={store}&action=store.")).Count);
    }

    [Fact]
    public async Task Secrets_never_reach_the_trail()
    {
        var key = await CreateKeyAsync("secret holder", "operator");
        var store = Unique.Id("store");
        Assert.Equal(HttpStatusCode.Created, (await _admin.PutJsonAsync($"/api/v1/stores/{store}", new { name = "S", timeZone = "UTC" })).StatusCode);
        const string outletSecret = "outlet-auth-secret-do-not-log";
        Assert.Equal(HttpStatusCode.Created, (await _admin.PutJsonAsync($"/api/v1/stores/{store}/order-n-pay",
            new { posRemoteId = "remote", authSecret = outletSecret })).StatusCode);
        var licences = new LicenceClient(_server);
        var (productionNumber, licenceKey, _) = await licences.CreateAsync(licences.NewActivation("corp-secret"));
        Assert.Equal(HttpStatusCode.OK, (await _admin.PostAsync($"/api/v1/activations/{productionNumber}/approve", null)).StatusCode);
        var bundle = await _server.PairNewPosAsync();
        var users = _server.Services.GetRequiredService<DashboardUserService>();
        Assert.True((await users.CreateAsync("auditor", Fleet.Access.ApiRole.Viewer, "user-password-not-logged")).Succeeded);
        Assert.True((await users.SetPasswordAsync("auditor", "another-password-not-logged")).Succeeded);
        Assert.Null(await users.VerifyAsync("auditor", "wrong-password-not-logged", IPAddress.Loopback));
        Assert.Null(await users.VerifyAsync("user-password-not-logged", "x", IPAddress.Loopback));

        var everything = new StringBuilder();
        foreach (var row in await AuditEventsAsync("limit=500", allPages: true)) everything.AppendLine(row!.ToJsonString());
        var text = everything.ToString();
        Assert.Contains("api-key.created", text);
        Assert.Contains("order-n-pay.configured", text);
        Assert.Contains("activation.approved", text);
        Assert.Contains("pos.paired", text);
        Assert.Contains("dashboard.sign-in-failed", text);
        foreach (var secret in new[]
                 {
                     key.Key, key.Key.Split('_')[^1], outletSecret, licenceKey, "user-password-not-logged",
                     "another-password-not-logged", "wrong-password-not-logged", "PRIVATE KEY", "BEGIN CERTIFICATE",
                 })
            Assert.DoesNotContain(secret, text);
        Assert.DoesNotContain(bundle.KeyPem.Split('\n')[1], text);
    }

    [Fact]
    public async Task Dashboard_sign_ins_are_recorded_with_the_address()
    {
        var users = _server.Services.GetRequiredService<DashboardUserService>();
        Assert.NotNull(await users.VerifyAsync("admin", DashboardPassword, IPAddress.Parse("::ffff:192.0.2.7")));
        Assert.Null(await users.VerifyAsync("admin", "not-the-password", IPAddress.Parse("2001:db8::1")));
        var events = await AuditEventsAsync("actor=user:admin&action=dashboard.");
        var success = events.First(e => e!["action"]!.GetValue<string>() == "dashboard.signed-in")!;
        var failure = events.First(e => e!["action"]!.GetValue<string>() == "dashboard.sign-in-failed")!;
        Assert.Equal("192.0.2.7", success["clientAddress"]!.GetValue<string>());
        Assert.Equal("2001:db8::1", failure["clientAddress"]!.GetValue<string>());
        Assert.Equal("user", failure["actorKind"]!.GetValue<string>());
    }

    [Fact]
    public async Task Only_admins_read_the_trail()
    {
        var viewer = await CreateKeyAsync("viewer", "viewer");
        var @operator = await CreateKeyAsync("operator", "operator");
        await (await _server.Client(viewer.Key).GetAsync("/api/v1/audit")).AssertProblemAsync(403);
        await (await _server.Client(@operator.Key).GetAsync("/api/v1/audit")).AssertProblemAsync(403);
        await (await _server.Client(apiKey: null).GetAsync("/api/v1/audit")).AssertProblemAsync(401);
        Assert.Equal(HttpStatusCode.OK, (await _admin.GetAsync("/api/v1/audit")).StatusCode);
    }

    [Fact]
    public async Task The_trail_pages_newest_first_and_filters()
    {
        var key = await CreateKeyAsync("pager", "operator");
        var client = _server.Client(key.Key);
        var stores = Enumerable.Range(0, 5).Select(_ => Unique.Id("store")).ToArray();
        foreach (var store in stores)
            Assert.Equal(HttpStatusCode.Created, (await client.PutJsonAsync($"/api/v1/stores/{store}", new { name = "P", timeZone = "UTC" })).StatusCode);
        _server.Time.Advance(TimeSpan.FromHours(2));
        var later = _server.Time.GetUtcNow();
        var lateStore = Unique.Id("store");
        Assert.Equal(HttpStatusCode.Created, (await client.PutJsonAsync($"/api/v1/stores/{lateStore}", new { name = "Late", timeZone = "UTC" })).StatusCode);

        // Keyset pages of two, newest first, nothing lost or repeated.
        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await _admin.GetJsonAsync($"/api/v1/audit?actor=api-key:{key.Id}&limit=2" + (cursor is null ? "" : $"&cursor={cursor}"));
            seen.AddRange(page["items"]!.AsArray().Select(e => e!["targetId"]!.GetValue<string>()));
            cursor = page["nextCursor"]?.GetValue<string>();
            pages++;
        } while (cursor is not null);
        Assert.Equal(3, pages);
        Assert.Equal(stores.Append(lateStore).Reverse(), seen);

        var ids = (await AuditEventsAsync($"actor=api-key:{key.Id}")).Select(e => e!["id"]!.GetValue<string>()).ToList();
        Assert.Equal(ids.OrderByDescending(i => i, StringComparer.Ordinal), ids);

        var fromLater = await AuditEventsAsync($"actor=api-key:{key.Id}&from={Uri.EscapeDataString(later.ToString("O"))}");
        Assert.Equal([lateStore], fromLater.Select(e => e!["targetId"]!.GetValue<string>()));
        var beforeLater = await AuditEventsAsync($"actor=api-key:{key.Id}&to={Uri.EscapeDataString(later.ToString("O"))}");
        Assert.Equal(stores.Reverse(), beforeLater.Select(e => e!["targetId"]!.GetValue<string>()));
        Assert.Single(await AuditEventsAsync($"targetType=store&targetId={stores[2]}"));
        Assert.Equal(6, (await AuditEventsAsync($"actor=api-key:{key.Id}&action=store")).Count);
        Assert.Empty(await AuditEventsAsync($"actor=api-key:{key.Id}&action=terminal."));

        await (await _admin.GetAsync("/api/v1/audit?action=store%25")).AssertProblemAsync(400);
        await (await _admin.GetAsync("/api/v1/audit?cursor=not-a-cursor")).AssertProblemAsync(400);
        await (await _admin.GetAsync("/api/v1/audit?limit=0")).AssertProblemAsync(400);
    }

    private async Task AssertRecordedAsync(Step step, string? actor, string? actorName)
    {
        var (action, type, id) = await step.Run();
        var found = await SingleEventAsync(type, id, action);
        if (actor is not null) Assert.True(actor == found["actor"]!.GetValue<string>(), $"{step.Name}: actor {found["actor"]}");
        else Assert.StartsWith("api-key:", found["actor"]!.GetValue<string>());
        if (actorName is not null) Assert.Equal(actorName, found["actorName"]?.GetValue<string>());
        Assert.Equal("api-key", found["actorKind"]!.GetValue<string>());
        Assert.True("127.0.0.1" == found["clientAddress"]?.GetValue<string>(), $"{step.Name}: address {found["clientAddress"]}");
    }

    private async Task<JsonNode> SingleEventAsync(string targetType, string targetId, string action)
    {
        var events = await AuditEventsAsync($"targetType={targetType}&targetId={Uri.EscapeDataString(targetId)}&action={action}");
        Assert.True(events.Count >= 1, $"No {action} event for {targetType} {targetId}.");
        return events[0]!;
    }

    private async Task<List<JsonNode?>> AuditEventsAsync(string query, bool allPages = false)
    {
        var rows = new List<JsonNode?>();
        string? cursor = null;
        do
        {
            var page = await _admin.GetJsonAsync("/api/v1/audit?" + query + (cursor is null ? "" : $"&cursor={cursor}"));
            rows.AddRange(page["items"]!.AsArray());
            cursor = allPages ? page["nextCursor"]?.GetValue<string>() : null;
        } while (cursor is not null);
        return rows;
    }

    private async Task<(string Id, string Key)> CreateKeyAsync(string name, string role)
    {
        var created = await (await _admin.PostAsJsonAsync("/api/v1/api-keys", new { name, role })).JsonAsync();
        return (created["id"]!.GetValue<string>(), created["key"]!.GetValue<string>());
    }
}
