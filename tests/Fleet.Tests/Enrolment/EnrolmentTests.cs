using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Fleet.Pki;
using Fleet.Tests.Infrastructure;
using Fleet.Tests.Pairing;

namespace Fleet.Tests.Enrolment;

/// <summary>Terminals with an identity of their own, over real HTTPS and mutual TLS on loopback: an
/// operator's one-time enrolment code buys the terminal a short-lived certificate, and with it the
/// terminal reports its heartbeat and reads its own setup code and pairing state — and nothing else.</summary>
public sealed class EnrolmentTests(EnrolmentTests.Fixture fixture) : IClassFixture<EnrolmentTests.Fixture>
{
    public const int MaxCodesPerStore = 3;
    public static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(10);

    public sealed class Fixture : IAsyncLifetime
    {
        public FleetServer Server { get; private set; } = null!;

        public async Task InitializeAsync() => Server = await FleetServer.StartAsync(new()
        {
            // Every test pairs and enrols from 127.0.0.1.
            ["Fleet:Pairing:MaxAddressFailures"] = "10000",
            ["Fleet:Enrolment:AddressFailures:Limit"] = "10000",
            ["Fleet:Enrolment:CodeLifetime"] = CodeLifetime.ToString(),
            ["Fleet:Enrolment:MaxCodesPerStore"] = MaxCodesPerStore.ToString(),
        });

        public async Task DisposeAsync() => await Server.DisposeAsync();
    }

    private readonly FleetServer _server = fixture.Server;
    private readonly HttpClient _admin = fixture.Server.Client();

    [Fact]
    public async Task An_enrolled_terminal_reports_and_reads_its_setup_code_and_pairing_state_with_its_own_certificate()
    {
        var (store, terminal) = await _server.CreateTerminalAsync();
        var code = await _server.IssueEnrolmentCodeAsync(terminal);
        Assert.Matches("^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$", code);
        var bundle = await _server.EnrolOkAsync(terminal, code);

        // Its own identity: an EC P-256 key, its own URN and purpose, no POS, short-lived, chained to our root.
        using var leaf = bundle.Leaf;
        Assert.Contains($"urn:fleet:enrolled-terminal:{terminal}", bundle.Uris);
        Assert.Contains($"urn:fleet:store:{store}", bundle.Uris);
        Assert.DoesNotContain(bundle.Uris, u => u.StartsWith("urn:fleet:pos:", StringComparison.Ordinal));
        var purposes = leaf.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value).ToArray();
        Assert.Contains(FleetKeyPurposes.Terminal, purposes);
        Assert.Contains(FleetKeyPurposes.ClientAuth, purposes);
        using (var key = leaf.GetECDsaPublicKey()) Assert.Equal(256, key!.KeySize);
        Assert.InRange(leaf.NotAfter.ToUniversalTime() - _server.Time.GetUtcNow().UtcDateTime, TimeSpan.FromDays(30) - TimeSpan.FromSeconds(2), TimeSpan.FromDays(30));
        Assert.Equal(_server.Root.Thumbprint, X509Certificate2.CreateFromPem(bundle.RootPem).Thumbprint);
        using var certificate = bundle.ClientCertificate();

        // The heartbeat: the operator route's body and answer.
        var beat = await _server.DeviceAsync(certificate, HttpMethod.Post, $"/terminals/{terminal}/heartbeat", EnrolmentClient.Heartbeat);
        Assert.Equal(HttpStatusCode.OK, beat.StatusCode);
        Assert.Equal("online", (await beat.JsonAsync())["health"]!.GetValue<string>());
        var view = await _admin.GetJsonAsync($"/api/v1/terminals/{terminal}");
        Assert.Equal("ready", view["lastHeartbeat"]!["status"]!.GetValue<string>());
        Assert.Equal(81, view["lastHeartbeat"]!["battery"]!.GetValue<int>());

        // The Generate Code screen: nothing while the window is closed, then the operator's code.
        await (await _server.DeviceAsync(certificate, HttpMethod.Get, $"/terminals/{terminal}/setup-code")).AssertProblemAsync(404);
        var screen = await _server.GenerateCodeAsync(terminal);
        var own = await (await _server.DeviceAsync(certificate, HttpMethod.Get, $"/terminals/{terminal}/setup-code")).JsonAsync();
        Assert.Equal(screen["code"]!.GetValue<string>(), own["code"]!.GetValue<string>());
        Assert.Equal(screen["expiresAt"]!.GetValue<DateTimeOffset>(), own["expiresAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(300, own["secondsRemaining"]!.GetValue<int>());
        Assert.Equal(_server.DevicePort, own["details"]!["port"]!.GetValue<int>());

        // "POS Activation Successful" once a POS has paired with that code.
        var before = await (await _server.DeviceAsync(certificate, HttpMethod.Get, $"/terminals/{terminal}/pairing")).JsonAsync();
        Assert.Null(before["lastActivation"]);
        var posId = Unique.Id("pos");
        await _server.PairOkAsync(posId, own["code"]!.GetValue<string>());
        var after = await (await _server.DeviceAsync(certificate, HttpMethod.Get, $"/terminals/{terminal}/pairing")).JsonAsync();
        Assert.Equal("POS Activation Successful", after["lastActivation"]!["message"]!.GetValue<string>());
        Assert.Equal(posId, after["lastActivation"]!["posId"]!.GetValue<string>());

        // Audited, with the terminal as the actor of its enrolment, and never the code.
        var events = (await _admin.GetJsonAsync($"/api/v1/audit?targetType=terminal&targetId={terminal}"))["items"]!.AsArray();
        Assert.Contains(events, e => e!["action"]!.GetValue<string>() == "terminal.enrolment-code-issued");
        var enrolled = events.Single(e => e!["action"]!.GetValue<string>() == "terminal.enrolled")!;
        Assert.Equal($"terminal:{terminal}", enrolled["actor"]!.GetValue<string>());
        Assert.Equal(bundle.Serial, enrolled["detail"]!["serialNumber"]!.GetValue<string>());
        Assert.DoesNotContain(code.Replace("-", ""), events.ToJsonString().Replace("-", ""));

        // The operator sees the terminal's certificate, recorded as a terminal's, without a POS.
        var credential = await _admin.GetJsonAsync($"/api/v1/terminals/{terminal}/credential");
        Assert.Equal(bundle.Serial, credential["certificates"]!.AsArray().Single()!["serialNumber"]!.GetValue<string>());
        Assert.Null(credential["enrolmentCode"]);
        var record = await _admin.GetJsonAsync($"/api/v1/certificates/{bundle.Serial}");
        Assert.Equal("enrolment", record["kind"]!.GetValue<string>());
        Assert.Null(record["posId"]);
        Assert.Equal(terminal, record["terminalId"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_code_enrols_once_until_it_expires_and_every_wrong_attempt_gets_the_same_answer()
    {
        var (_, terminal) = await _server.CreateTerminalAsync();
        var (_, other) = await _server.CreateTerminalAsync();
        var code = await _server.IssueEnrolmentCodeAsync(terminal);

        // Wrong code, another terminal's id, an unknown terminal, a malformed code: one answer, which
        // does not say which part was wrong, and the live code still works afterwards.
        var wrong = await _server.IssueEnrolmentCodeAsync(other);
        var refusals = new[]
        {
            await _server.EnrolAsync(terminal, wrong),
            await _server.EnrolAsync(other, code),
            await _server.EnrolAsync("no-such-terminal", code),
            await _server.EnrolAsync(terminal, "not-a-code"),
        };
        var details = new List<string>();
        foreach (var refusal in refusals) details.Add((await refusal.AssertProblemAsync(401))["detail"]!.GetValue<string>());
        Assert.Single(details.Distinct());
        await (await _server.DeviceClient().PostAsJsonAsync("/enrol", new { terminalId = terminal })).AssertProblemAsync(400);
        await (await _server.DeviceClient().PostAsync("/enrol", new StringContent("{\"terminalId\":", Encoding.UTF8, "application/json"))).AssertProblemAsync(400);

        // Typed as people do (lower case, spaces for dashes), once.
        await _server.EnrolOkAsync(terminal, code.ToLowerInvariant().Replace('-', ' '));
        var used = await (await _server.EnrolAsync(terminal, code)).AssertProblemAsync(401);
        Assert.Equal(details[0], used["detail"]!.GetValue<string>());

        // A new code supersedes the one before it.
        var first = await _server.IssueEnrolmentCodeAsync(terminal);
        var second = await _server.IssueEnrolmentCodeAsync(terminal);
        await (await _server.EnrolAsync(terminal, first)).AssertProblemAsync(401);
        await _server.EnrolOkAsync(terminal, second);

        // Expired: the clock moves past the code's lifetime.
        var late = await _server.IssueEnrolmentCodeAsync(terminal);
        Assert.NotNull((await _admin.GetJsonAsync($"/api/v1/terminals/{terminal}/credential"))["enrolmentCode"]);
        _server.Time.Advance(CodeLifetime + TimeSpan.FromSeconds(1));
        Assert.Equal(details[0], (await (await _server.EnrolAsync(terminal, late)).AssertProblemAsync(401))["detail"]!.GetValue<string>());
        Assert.Null((await _admin.GetJsonAsync($"/api/v1/terminals/{terminal}/credential"))["enrolmentCode"]);

        // Stored only as a keyed hash: no code Fleet issued appears in any of its data files.
        var kept = await _server.IssueEnrolmentCodeAsync(other);
        await _server.EnrolOkAsync(other, kept);
        var live = await _server.IssueEnrolmentCodeAsync(other);
        Assert.True(DataFilesContain(other), "The scan must find what storage does hold (the terminal's id).");
        foreach (var issued in new[] { code, wrong, first, second, late, kept, live })
            Assert.False(DataFilesContain(issued), $"The data files hold enrolment code {issued}.");
    }

    [Fact]
    public async Task A_terminal_certificate_acts_only_for_its_own_terminal_and_only_on_its_routes()
    {
        var (_, terminal) = await _server.CreateTerminalAsync();
        var (_, other) = await _server.CreateTerminalAsync();
        using var certificate = (await _server.EnrolNewAsync(terminal)).ClientCertificate();

        // Another terminal's id on every terminal route: 403, and nothing changes for that terminal.
        await (await _server.DeviceAsync(certificate, HttpMethod.Post, $"/terminals/{other}/heartbeat", EnrolmentClient.Heartbeat)).AssertProblemAsync(403);
        await (await _server.DeviceAsync(certificate, HttpMethod.Get, $"/terminals/{other}/setup-code")).AssertProblemAsync(403);
        await (await _server.DeviceAsync(certificate, HttpMethod.Get, $"/terminals/{other}/pairing")).AssertProblemAsync(403);
        await (await _server.DeviceAsync(certificate, HttpMethod.Post, $"/terminals/{other}/renew")).AssertProblemAsync(403);
        Assert.Null((await _admin.GetJsonAsync($"/api/v1/terminals/{other}"))["lastHeartbeat"]);

        // The POS routes are not a terminal's.
        await (await _server.DeviceAsync(certificate, HttpMethod.Get, "/session")).AssertProblemAsync(403);
        await (await _server.DeviceAsync(certificate, HttpMethod.Post, "/renew")).AssertProblemAsync(403);

        // Operator routes: none on the device listener, and the API listener wants an operator's credential.
        await (await _server.DeviceAsync(certificate, HttpMethod.Post, $"/api/v1/terminals/{terminal}/heartbeat", EnrolmentClient.Heartbeat)).AssertProblemAsync(404);
        await (await _server.DeviceAsync(certificate, HttpMethod.Get, "/api/v1/terminals")).AssertProblemAsync(404);
        var api = ApiClientPresenting(certificate);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.PostAsJsonAsync($"/api/v1/terminals/{terminal}/heartbeat", EnrolmentClient.Heartbeat)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.PostAsync($"/api/v1/terminals/{terminal}/setup-code", null)).StatusCode);

        // Without a certificate the terminal routes ask for one.
        await (await _server.DeviceAsync(null, HttpMethod.Post, $"/terminals/{terminal}/heartbeat", EnrolmentClient.Heartbeat)).AssertProblemAsync(401);
        await (await _server.DeviceAsync(null, HttpMethod.Get, $"/terminals/{terminal}/pairing")).AssertProblemAsync(401);
    }

    [Fact]
    public async Task A_pos_certificate_is_refused_on_the_terminal_routes()
    {
        var (_, terminal) = await _server.CreateTerminalAsync();
        var code = (await _server.GenerateCodeAsync(terminal))["code"]!.GetValue<string>();
        using var pos = (await _server.PairOkAsync(Unique.Id("pos"), code)).ClientCertificate();

        await (await _server.DeviceAsync(pos, HttpMethod.Post, $"/terminals/{terminal}/heartbeat", EnrolmentClient.Heartbeat)).AssertProblemAsync(403);
        await (await _server.DeviceAsync(pos, HttpMethod.Get, $"/terminals/{terminal}/setup-code")).AssertProblemAsync(403);
        await (await _server.DeviceAsync(pos, HttpMethod.Get, $"/terminals/{terminal}/pairing")).AssertProblemAsync(403);
        await (await _server.DeviceAsync(pos, HttpMethod.Post, $"/terminals/{terminal}/renew")).AssertProblemAsync(403);
        Assert.Null((await _admin.GetJsonAsync($"/api/v1/terminals/{terminal}"))["lastHeartbeat"]);
    }

    [Fact]
    public async Task A_revoked_terminal_certificate_is_refused_at_the_next_handshake()
    {
        var (_, terminal) = await _server.CreateTerminalAsync();
        var bundle = await _server.EnrolNewAsync(terminal);
        using var certificate = bundle.ClientCertificate();
        Assert.Equal(HttpStatusCode.OK, (await _server.DeviceAsync(certificate, HttpMethod.Post, $"/terminals/{terminal}/heartbeat", EnrolmentClient.Heartbeat)).StatusCode);

        var viewer = await CreateKeyAsync("viewer");
        Assert.Equal(HttpStatusCode.Forbidden, (await _server.Client(viewer).PostAsync($"/api/v1/terminals/{terminal}/credential/revoke", null)).StatusCode);
        var revoke = await _admin.PostAsJsonAsync($"/api/v1/terminals/{terminal}/credential/revoke", new { reason = "keyCompromise" });
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        var revoked = (await revoke.JsonAsync())["revoked"]!.AsArray().Single()!;
        Assert.Equal(bundle.Serial, revoked["serialNumber"]!.GetValue<string>());
        Assert.Equal("keyCompromise", revoked["revocationReason"]!.GetValue<string>());

        Assert.Null(await _server.TryDeviceAsync(certificate, HttpMethod.Post, $"/terminals/{terminal}/heartbeat", EnrolmentClient.Heartbeat));
        Assert.Null(await _server.TryDeviceAsync(certificate, HttpMethod.Post, $"/terminals/{terminal}/renew"));
        Assert.Empty((await _admin.GetJsonAsync($"/api/v1/terminals/{terminal}/credential"))["certificates"]!.AsArray());
        Assert.Contains((await _admin.GetJsonAsync($"/api/v1/audit?targetType=terminal&targetId={terminal}&action=terminal.credential-revoked"))["items"]!.AsArray(),
            e => e!["detail"]!["serialNumbers"]!.AsArray().Any(s => s!.GetValue<string>() == bundle.Serial));

        // It enrols again with a new code; a new enrolment supersedes whatever it held.
        var again = await _server.EnrolNewAsync(terminal);
        var third = await _server.EnrolNewAsync(terminal);
        var superseded = await _admin.GetJsonAsync($"/api/v1/certificates/{again.Serial}");
        Assert.Equal("superseded", superseded["revocationReason"]!.GetValue<string>());
        using var current = third.ClientCertificate();
        Assert.Equal(HttpStatusCode.OK, (await _server.DeviceAsync(current, HttpMethod.Get, $"/terminals/{terminal}/pairing")).StatusCode);
    }

    [Fact]
    public async Task Renewal_links_the_new_certificate_to_the_old_and_revocation_stops_the_renewed_one()
    {
        var (_, terminal) = await _server.CreateTerminalAsync();
        var first = await _server.EnrolNewAsync(terminal);
        using var firstCertificate = first.ClientCertificate();

        var response = await _server.DeviceAsync(firstCertificate, HttpMethod.Post, $"/terminals/{terminal}/renew");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString());
        var renewed = TerminalBundle.Parse(await response.Content.ReadAsStringAsync());
        Assert.NotEqual(first.Serial, renewed.Serial);
        Assert.Contains($"urn:fleet:enrolled-terminal:{terminal}", renewed.Uris);

        var credential = (await _admin.GetJsonAsync($"/api/v1/terminals/{terminal}/credential"))["certificates"]!.AsArray();
        Assert.Equal(first.Serial, credential.Single(c => c!["serialNumber"]!.GetValue<string>() == renewed.Serial)!["renewedFrom"]!.GetValue<string>());
        Assert.Equal("terminal-renewal", (await _admin.GetJsonAsync($"/api/v1/certificates/{renewed.Serial}"))["kind"]!.GetValue<string>());
        var audit = (await _admin.GetJsonAsync($"/api/v1/audit?targetType=terminal&targetId={terminal}&action=terminal.certificate-renewed"))["items"]!.AsArray().Single()!;
        Assert.Equal(first.Serial, audit["detail"]!["renewedFrom"]!.GetValue<string>());

        // The one it was renewed from stays good until the renewal is first used (issue 16: then it is superseded).
        Assert.Equal(HttpStatusCode.OK, (await _server.DeviceAsync(firstCertificate, HttpMethod.Get, $"/terminals/{terminal}/pairing")).StatusCode);
        using var renewedCertificate = renewed.ClientCertificate();
        Assert.Equal(HttpStatusCode.OK, (await _server.DeviceAsync(renewedCertificate, HttpMethod.Post, $"/terminals/{terminal}/heartbeat", EnrolmentClient.Heartbeat)).StatusCode);
        Assert.Null(await _server.TryDeviceAsync(firstCertificate, HttpMethod.Get, $"/terminals/{terminal}/pairing"));
        Assert.Equal("superseded", (await _admin.GetJsonAsync($"/api/v1/certificates/{first.Serial}"))["revocationReason"]!.GetValue<string>());
        Assert.Equal(first.Serial, (await _admin.GetJsonAsync($"/api/v1/certificates/{renewed.Serial}"))["predecessorSerial"]!.GetValue<string>());

        // Renewed once more (not used yet), then the middle one is revoked through the ordinary
        // certificate route: refused at the next handshake, on every route; without keyCompromise
        // the lineage is left alone.
        var third = TerminalBundle.Parse(await (await _server.DeviceAsync(renewedCertificate, HttpMethod.Post, $"/terminals/{terminal}/renew")).Content.ReadAsStringAsync());
        using var thirdCertificate = third.ClientCertificate();
        Assert.Equal(HttpStatusCode.OK, (await _admin.PostAsync($"/api/v1/certificates/{renewed.Serial}/revoke", null)).StatusCode);
        Assert.Null(await _server.TryDeviceAsync(renewedCertificate, HttpMethod.Post, $"/terminals/{terminal}/heartbeat", EnrolmentClient.Heartbeat));
        Assert.Null(await _server.TryDeviceAsync(renewedCertificate, HttpMethod.Post, $"/terminals/{terminal}/renew"));
        Assert.Equal("active", (await _admin.GetJsonAsync($"/api/v1/certificates/{third.Serial}"))["status"]!.GetValue<string>());

        // The CRL's next signing lists the revoked terminal certificate like any other.
        await _server.SignPendingCrlAsync();
        var crl = new Org.BouncyCastle.X509.X509CrlParser().ReadCrl(await _server.Client(apiKey: null).GetByteArrayAsync("/api/v1/ca/crl"));
        Assert.NotNull(crl.GetRevokedCertificate(new Org.BouncyCastle.Math.BigInteger(renewed.Serial, 16)));

        // Decommissioning the terminal revokes what it still holds.
        Assert.Equal(HttpStatusCode.NoContent, (await _admin.DeleteAsync($"/api/v1/terminals/{terminal}")).StatusCode);
        Assert.Equal("cessationOfOperation", (await _admin.GetJsonAsync($"/api/v1/certificates/{third.Serial}"))["revocationReason"]!.GetValue<string>());
        Assert.Null(await _server.TryDeviceAsync(thirdCertificate, HttpMethod.Get, $"/terminals/{terminal}/pairing"));
    }

    [Fact]
    public async Task Bulk_codes_give_every_terminal_of_a_store_its_own_code()
    {
        var admin = _admin;
        var store = Unique.Id("store");
        Assert.Equal(HttpStatusCode.Created, (await admin.PutJsonAsync($"/api/v1/stores/{store}", new { name = "Bulk", timeZone = "UTC" })).StatusCode);
        var terminals = new List<string>();
        for (var i = 0; i < MaxCodesPerStore; i++)
        {
            var id = Unique.Id("term");
            terminals.Add(id);
            Assert.Equal(HttpStatusCode.Created, (await admin.PutJsonAsync($"/api/v1/terminals/{id}", new { kind = "pax", serialNumber = "SN-" + id, storeId = store })).StatusCode);
        }

        var viewer = await CreateKeyAsync("viewer");
        Assert.Equal(HttpStatusCode.Forbidden, (await _server.Client(viewer).PostAsync($"/api/v1/stores/{store}/enrolment-codes", null)).StatusCode);
        var response = await admin.PostAsync($"/api/v1/stores/{store}/enrolment-codes", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString());
        var body = await response.JsonAsync();
        var codes = body["codes"]!.AsArray().ToDictionary(c => c!["terminalId"]!.GetValue<string>(), c => c!["enrolmentCode"]!.GetValue<string>());
        Assert.Equal(terminals.Order(), codes.Keys.Order());
        Assert.Equal(codes.Count, codes.Values.Distinct().Count());

        // Each code is its own terminal's: swapped, it enrols nobody; then each enrols its terminal.
        await (await _server.EnrolAsync(terminals[0], codes[terminals[1]])).AssertProblemAsync(401);
        foreach (var terminal in terminals)
        {
            using var certificate = (await _server.EnrolOkAsync(terminal, codes[terminal])).ClientCertificate();
            Assert.Equal(HttpStatusCode.OK, (await _server.DeviceAsync(certificate, HttpMethod.Post, $"/terminals/{terminal}/heartbeat", EnrolmentClient.Heartbeat)).StatusCode);
        }

        var audit = (await admin.GetJsonAsync($"/api/v1/audit?targetType=store&targetId={store}&action=store.enrolment-codes-issued"))["items"]!.AsArray().Single()!;
        Assert.Equal(terminals.Order(), audit["detail"]!["terminalIds"]!.AsArray().Select(t => t!.GetValue<string>()).Order());
        Assert.DoesNotContain(codes[terminals[0]], audit.ToJsonString());

        // Bounded: one more terminal than a request may cover is refused whole, and nothing is issued.
        var extra = Unique.Id("term");
        Assert.Equal(HttpStatusCode.Created, (await admin.PutJsonAsync($"/api/v1/terminals/{extra}", new { kind = "pax", serialNumber = "SN-" + extra, storeId = store })).StatusCode);
        await (await admin.PostAsync($"/api/v1/stores/{store}/enrolment-codes", null)).AssertProblemAsync(409);
        Assert.Null((await admin.GetJsonAsync($"/api/v1/terminals/{extra}/credential"))["enrolmentCode"]);
        await (await admin.PostAsync("/api/v1/stores/no-such-store/enrolment-codes", null)).AssertProblemAsync(404);
        await (await admin.PostAsync("/api/v1/terminals/no-such-terminal/enrolment-code", null)).AssertProblemAsync(404);
        Assert.Equal(HttpStatusCode.Forbidden, (await _server.Client(viewer).PostAsync($"/api/v1/terminals/{extra}/enrolment-code", null)).StatusCode);
    }

    private HttpClient ApiClientPresenting(X509Certificate2 certificate)
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, server, chain, _) => _server.ValidateServerCertificate(server, chain);
        handler.SslOptions.LocalCertificateSelectionCallback = (_, _, _, _, _) => certificate;
        return new HttpClient(handler) { BaseAddress = _server.ApiBase };
    }

    private bool DataFilesContain(string code)
    {
        var forms = new[] { code, code.Replace("-", "") }.Select(Encoding.ASCII.GetBytes).ToArray();
        foreach (var file in Directory.EnumerateFiles(_server.DataDirectory, "*", SearchOption.AllDirectories))
        {
            byte[] bytes;
            using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            using (var copy = new MemoryStream())
            {
                stream.CopyTo(copy);
                bytes = copy.ToArray();
            }
            if (forms.Any(form => bytes.AsSpan().IndexOf(form) >= 0)) return true;
        }
        return false;
    }

    private async Task<string> CreateKeyAsync(string role)
    {
        var response = await _admin.PostAsJsonAsync("/api/v1/api-keys", new { name = Unique.Id("key"), role });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.JsonAsync())["key"]!.GetValue<string>();
    }
}
