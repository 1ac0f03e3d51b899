using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Fleet.Pki;
using Fleet.Tests.Infrastructure;
using Org.BouncyCastle.X509;

namespace Fleet.Tests.Pairing;

public sealed class PairingTests(PairingFixture fixture) : IClassFixture<PairingFixture>
{
    private readonly FleetServer _server = fixture.Server;

    [Fact]
    public async Task Generate_code_shows_the_screen_with_its_details()
    {
        var (_, terminal) = await _server.CreateTerminalAsync();
        var screen = await _server.GenerateCodeAsync(terminal);
        var code = screen["code"]!.GetValue<string>();
        Assert.Equal(8, code.Length);
        Assert.All(code, c => Assert.Contains(c, SetupCodes.Alphabet));
        Assert.Equal(300, screen["secondsRemaining"]!.GetValue<int>());
        Assert.Equal(_server.Time.GetUtcNow().AddSeconds(300), screen["expiresAt"]!.GetValue<DateTimeOffset>());
        var details = screen["details"]!;
        Assert.Equal($"https://127.0.0.1:{_server.DevicePort}/", details["httpAddress"]!.GetValue<string>());
        Assert.Equal($"wss://127.0.0.1:{_server.DevicePort}/", details["wssAddress"]!.GetValue<string>());
        Assert.Equal(_server.DevicePort, details["port"]!.GetValue<int>());

        await (await _server.Client().PostAsync("/api/v1/terminals/no-such-terminal/setup-code", null)).AssertProblemAsync(404);
        var viewerKey = await CreateKeyAsync("viewer");
        await (await _server.Client(viewerKey).PostAsync($"/api/v1/terminals/{terminal}/setup-code", null)).AssertProblemAsync(403);
        await (await _server.Client(viewerKey).GetAsync($"/api/v1/terminals/{terminal}/setup-code")).AssertProblemAsync(403);
    }

    [Fact]
    public async Task Pair_over_https_then_mutual_tls_session_until_revoked()
    {
        var (store, terminal) = await _server.CreateTerminalAsync();
        var code = (await _server.GenerateCodeAsync(terminal))["code"]!.GetValue<string>();
        var posId = Unique.Id("pos");
        var bundle = await _server.PairOkAsync(posId, code);

        // The chain verifies, with .NET and with openssl, against the root the fleet publishes.
        using var root = X509Certificate2.CreateFromPem(bundle.RootPem);
        Assert.Equal(_server.Root.Thumbprint, root.Thumbprint);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.ExtraStore.Add(X509Certificate2.CreateFromPem(bundle.IssuingPem));
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.True(chain.Build(bundle.Leaf), string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
        Assert.Contains("OK", await OpensslVerifyAsync(bundle));
        var sans = bundle.Uris;
        Assert.Contains($"urn:fleet:pos:{posId}", sans);
        Assert.Contains($"urn:fleet:terminal:{terminal}", sans);

        // Mutual TLS with the issued certificate.
        using var certificate = bundle.ClientCertificate();
        var session = await _server.TrySessionAsync(certificate);
        Assert.NotNull(session);
        Assert.Equal(HttpStatusCode.OK, session!.StatusCode);
        var who = await session.JsonAsync();
        Assert.Equal(posId, who["posId"]!.GetValue<string>());
        Assert.Equal(terminal, who["terminalId"]!.GetValue<string>());
        Assert.Equal(bundle.Serial, who["serialNumber"]!.GetValue<string>());

        // Recorded before the answer: terminal, POS (created in the terminal's store), store, read model.
        var admin = _server.Client();
        var pairing = await admin.GetJsonAsync($"/api/v1/terminals/{terminal}/pairing");
        Assert.Equal("POS Activation Successful", pairing["lastActivation"]!["message"]!.GetValue<string>());
        Assert.Equal(bundle.Serial, pairing["lastActivation"]!["serialNumber"]!.GetValue<string>());
        Assert.Equal(store, (await admin.GetJsonAsync($"/api/v1/pos/{posId}"))["storeId"]!.GetValue<string>());
        var storeView = await admin.GetJsonAsync($"/api/v1/stores/{store}");
        Assert.Contains(storeView["pos"]!.AsArray(), p => p!["posId"]!.GetValue<string>() == posId);
        var listed = (await admin.GetJsonAsync($"/api/v1/pos?store={store}&paired=true"))["items"]!.AsArray().Single()!;
        Assert.Equal(bundle.Serial, listed["certificateSerial"]!.GetValue<string>());
        Assert.Equal(terminal, listed["terminalId"]!.GetValue<string>());

        // The code is spent.
        await (await _server.PairAsync(Unique.Id("pos"), code)).AssertProblemAsync(401);

        // Revoke; the very next handshake fails, and the CRL's next signing lists the serial.
        var revoke = await admin.PostAsJsonAsync($"/api/v1/certificates/{bundle.Leaf.SerialNumber}/revoke", new { reason = "keyCompromise" });
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        Assert.Equal("revoked", (await revoke.JsonAsync())["status"]!.GetValue<string>());
        Assert.Null(await _server.TrySessionAsync(certificate));
        await _server.SignPendingCrlAsync();
        var crl = await ReadCrlAsync();
        var entry = crl.GetRevokedCertificate(new Org.BouncyCastle.Math.BigInteger(bundle.Serial, 16));
        Assert.NotNull(entry);
        Assert.Equal(TimeSpan.FromDays(7), crl.NextUpdate!.Value - crl.ThisUpdate);
        crl.Verify(new X509CertificateParser().ReadCertificate(Encoding.ASCII.GetBytes(bundle.IssuingPem)).GetPublicKey());
        var pem = await _server.Client(apiKey: null).GetStringAsync("/api/v1/ca/crl.pem");
        Assert.StartsWith("-----BEGIN X509 CRL-----", pem);

        var unpaired = (await admin.GetJsonAsync($"/api/v1/pos?store={store}&paired=false"))["items"]!.AsArray();
        Assert.Single(unpaired);
        await (await admin.PostAsync("/api/v1/certificates/not-hex/revoke", null)).AssertProblemAsync(404);
        await (await admin.PostAsJsonAsync($"/api/v1/certificates/{bundle.Serial}/revoke", new { reason = "certificateHold" })).AssertProblemAsync(400);
    }

    [Fact]
    public async Task Pair_over_wss_one_message_each_way_then_normal_close()
    {
        var (_, terminal) = await _server.CreateTerminalAsync();
        var code = (await _server.GenerateCodeAsync(terminal))["code"]!.GetValue<string>();
        var posId = Unique.Id("pos");

        using var socket = await _server.ConnectDeviceSocketAsync("/");
        await socket.SendAsync(Encoding.UTF8.GetBytes($$"""{"posId":"{{posId}}","setupCode":"{{code}}"}"""), WebSocketMessageType.Text, true, default);
        var bundle = Bundle.Parse((await socket.ReceiveTextAsync())!);
        Assert.Null(await socket.ReceiveTextAsync());
        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
        Assert.Contains("OK", await OpensslVerifyAsync(bundle));
        using var certificate = bundle.ClientCertificate();
        Assert.Equal(HttpStatusCode.OK, (await _server.TrySessionAsync(certificate))?.StatusCode);

        // A refusal is one JSON message, then a normal close.
        using var again = await _server.ConnectDeviceSocketAsync("/");
        await again.SendAsync(Encoding.UTF8.GetBytes($$"""{"posId":"x1","setupCode":"{{code}}"}"""), WebSocketMessageType.Text, true, default);
        var error = JsonNode.Parse((await again.ReceiveTextAsync())!)!;
        Assert.Equal(401, error["status"]!.GetValue<int>());
        Assert.Null(await again.ReceiveTextAsync());
        Assert.Equal(WebSocketCloseStatus.NormalClosure, again.CloseStatus);
    }

    [Fact]
    public async Task Client_mistakes_get_400_or_401_never_500()
    {
        var device = _server.DeviceClient();
        await (await device.PostAsync("/", new StringContent("{not json"))).AssertProblemAsync(400);
        await (await device.PostAsync("/", new StringContent("""{"posId":"123"}"""))).AssertProblemAsync(400);
        await (await device.PostAsync("/", new StringContent("""{"setupCode":"ABCDEFGH"}"""))).AssertProblemAsync(400);
        // posId is user-defined text ("bad id!" pairs, see PosIdentityTests), but not a control character or an object.
        await (await device.PostAsync("/", new StringContent("""{"posId":"bad\u0007id","setupCode":"ABCDEFGH"}"""))).AssertProblemAsync(400);
        await (await device.PostAsync("/", new StringContent("""{"posId":{"a":1},"setupCode":"ABCDEFGH"}"""))).AssertProblemAsync(400);
        await (await device.PostAsync("/", new StringContent("""{"posId":"   ","setupCode":"ABCDEFGH"}"""))).AssertProblemAsync(400);
        await (await device.PostAsync("/", new StringContent("[]"))).AssertProblemAsync(400);
        var problem = await (await device.PostAsync("/", new StringContent("""{"posId":"123","setupCode":"8QW1YS1D"}"""))).AssertProblemAsync(401);
        Assert.Contains("not valid", problem["detail"]!.GetValue<string>());
        await (await device.GetAsync("/session")).AssertProblemAsync(401);
        await (await device.PostAsync("/renew", null)).AssertProblemAsync(401);
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", await device.GetStringAsync("/ca.pem"));
    }

    [Fact]
    public async Task Each_listener_serves_only_its_own_routes()
    {
        var device = _server.DeviceClient();
        device.DefaultRequestHeaders.Authorization = new("Bearer", FleetServer.AdminKey);
        await (await device.GetAsync("/api/v1/stores")).AssertProblemAsync(404);
        await (await device.GetAsync("/api/v1/ca/root.pem")).AssertProblemAsync(404);
        var api = _server.Client();
        await (await api.GetAsync("/ca.pem")).AssertProblemAsync(404);
        await (await api.PostAsync("/", new StringContent("{}"))).AssertProblemAsync(404);
        await (await api.GetAsync("/session")).AssertProblemAsync(404);
    }

    [Fact]
    public async Task A_certificate_from_a_foreign_ca_fails_at_the_handshake()
    {
        var protector = new KeyProtector("foreign-passphrase", KeyProtector.MinimumIterations);
        var material = CertificateAuthorityFactory.Create(new CertificateAuthorityOptions { Algorithm = CaKeyAlgorithm.EcP256 }, protector, TimeProvider.System);
        using var foreign = new CertificateAuthority(material, protector, TimeProvider.System);
        var issued = foreign.IssueClientCertificate(new ClientCertificateRequest
        {
            PosId = "123", TerminalId = "T1", StoreId = "S1", KeyAlgorithm = LeafKeyAlgorithm.EcP256,
        });
        using var ephemeral = X509Certificate2.CreateFromPem(issued.LeafPem, issued.PrivateKeyPem);
        using var certificate = X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
        Assert.Null(await _server.TrySessionAsync(certificate));
    }

    [Fact]
    public async Task Two_concurrent_requests_with_one_code_issue_exactly_one_certificate()
    {
        var (_, terminal) = await _server.CreateTerminalAsync();
        var code = (await _server.GenerateCodeAsync(terminal))["code"]!.GetValue<string>();
        var responses = await Task.WhenAll(_server.PairAsync(Unique.Id("pos"), code), _server.PairAsync(Unique.Id("pos"), code));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Unauthorized);
        var issued = await _server.Client().GetJsonAsync($"/api/v1/certificates?terminal={terminal}");
        Assert.Single(issued["items"]!.AsArray());
    }

    [Fact]
    public async Task Re_pairing_a_pos_supersedes_and_revokes_its_previous_certificate()
    {
        var (_, terminal) = await _server.CreateTerminalAsync();
        var posId = Unique.Id("pos");
        var first = await _server.PairOkAsync(posId, (await _server.GenerateCodeAsync(terminal))["code"]!.GetValue<string>());
        var second = await _server.PairOkAsync(posId, (await _server.GenerateCodeAsync(terminal))["code"]!.GetValue<string>());

        var old = await _server.Client().GetJsonAsync($"/api/v1/certificates/{first.Serial}");
        Assert.Equal("revoked", old["status"]!.GetValue<string>());
        Assert.Equal("superseded", old["revocationReason"]!.GetValue<string>());
        using var oldCertificate = first.ClientCertificate();
        using var newCertificate = second.ClientCertificate();
        Assert.Null(await _server.TrySessionAsync(oldCertificate));
        Assert.Equal(HttpStatusCode.OK, (await _server.TrySessionAsync(newCertificate))?.StatusCode);

        // The same posId through a terminal of another store is another POS (issue 14; it was a 409):
        // it pairs, and the first store's POS keeps its certificate.
        var (_, otherTerminal) = await _server.CreateTerminalAsync();
        var otherCode = (await _server.GenerateCodeAsync(otherTerminal))["code"]!.GetValue<string>();
        var other = await _server.PairOkAsync(posId, otherCode);
        using var otherCertificate = other.ClientCertificate();
        Assert.Equal(HttpStatusCode.OK, (await _server.TrySessionAsync(newCertificate))?.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _server.TrySessionAsync(otherCertificate))?.StatusCode);
        Assert.Equal("active", (await _server.Client().GetJsonAsync($"/api/v1/certificates/{second.Serial}"))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Renewal_over_mutual_tls_returns_a_fresh_bundle()
    {
        var bundle = await _server.PairNewPosAsync();
        using var certificate = bundle.ClientCertificate();
        using var client = _server.DeviceClient(certificate);
        var response = await client.PostAsync("/renew", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var renewed = Bundle.Parse(await response.Content.ReadAsStringAsync());
        Assert.NotEqual(bundle.Serial, renewed.Serial);
        Assert.Contains("OK", await OpensslVerifyAsync(renewed));
        using var renewedCertificate = renewed.ClientCertificate();
        var who = await (await _server.TrySessionAsync(renewedCertificate))!.JsonAsync();
        Assert.Equal(bundle.PosId, who["posId"]!.GetValue<string>());
        var record = await _server.Client().GetJsonAsync($"/api/v1/certificates/{renewed.Serial}");
        Assert.Equal("renewal", record["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task Renewals_of_one_certificate_are_braked_with_a_clear_429()
    {
        var bundle = await _server.PairNewPosAsync();
        using var certificate = bundle.ClientCertificate();
        using var client = _server.DeviceClient(certificate);
        // A burst of concurrent renewals from one certificate: exactly the limit get a certificate.
        var limit = new Fleet.Pairing.PairingOptions().RenewalsPerCertificate;
        var burst = await Task.WhenAll(Enumerable.Range(0, limit + 3).Select(_ => client.PostAsync("/renew", null)));
        Assert.Equal(limit, burst.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.All(burst.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Equal(HttpStatusCode.TooManyRequests, r.StatusCode));
        var newest = await burst.First(r => r.StatusCode == HttpStatusCode.OK).Content.ReadAsStringAsync();

        // One more from the same certificate mints nothing: 429 with a wait, as problem details.
        var braked = await client.PostAsync("/renew", null);
        var problem = await braked.AssertProblemAsync(429);
        Assert.NotNull(braked.Headers.RetryAfter?.Delta);
        Assert.Contains("renewed", problem["detail"]!.GetValue<string>());

        // The newest certificate renews on its own budget.
        using var renewedCertificate = Bundle.Parse(newest).ClientCertificate();
        using var renewedClient = _server.DeviceClient(renewedCertificate);
        Assert.Equal(HttpStatusCode.OK, (await renewedClient.PostAsync("/renew", null)).StatusCode);
    }

    [Fact]
    public async Task Revoking_a_pos_or_decommissioning_its_terminal_revokes_its_certificates()
    {
        var admin = _server.Client();
        var (_, terminal) = await _server.CreateTerminalAsync();
        var posA = await _server.PairOkAsync(Unique.Id("pos"), (await _server.GenerateCodeAsync(terminal))["code"]!.GetValue<string>());
        var posB = await _server.PairOkAsync(Unique.Id("pos"), (await _server.GenerateCodeAsync(terminal))["code"]!.GetValue<string>());
        var posAId = posA.PosId;

        var revoked = await admin.PostAsJsonAsync($"/api/v1/pos/{posAId}/revoke", new { reason = "privilegeWithdrawn" });
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.Single((await revoked.JsonAsync())["revoked"]!.AsArray());
        using var a = posA.ClientCertificate();
        using var b = posB.ClientCertificate();
        Assert.Null(await _server.TrySessionAsync(a));
        Assert.Equal(HttpStatusCode.OK, (await _server.TrySessionAsync(b))?.StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/terminals/{terminal}")).StatusCode);
        Assert.Null(await _server.TrySessionAsync(b));
        var record = await admin.GetJsonAsync($"/api/v1/certificates/{posB.Serial}");
        Assert.Equal("cessationOfOperation", record["revocationReason"]!.GetValue<string>());
        await (await admin.PostAsync("/api/v1/pos/no-such-pos/revoke", null)).AssertProblemAsync(404);
    }

    [Fact]
    public async Task The_events_socket_tells_the_pos_of_its_revocation()
    {
        var bundle = await _server.PairNewPosAsync();
        using var certificate = bundle.ClientCertificate();
        using var socket = await _server.ConnectDeviceSocketAsync("/session/events", certificate);
        var hello = JsonNode.Parse((await socket.ReceiveTextAsync())!)!;
        Assert.Equal("session", hello["type"]!.GetValue<string>());
        Assert.Equal(bundle.Serial, hello["serialNumber"]!.GetValue<string>());

        // Orleans holds the socket's observer weakly: a collection now must not cost the notice.
        // (The host runs in this process.) Give the server a moment to subscribe first.
        await Task.Delay(200);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.Equal(HttpStatusCode.OK, (await _server.Client().PostAsync($"/api/v1/certificates/{bundle.Serial}/revoke", null)).StatusCode);
        // Pushed through an Orleans observer; allow for a loaded CI machine (two cores, four test projects).
        var notice = JsonNode.Parse((await socket.ReceiveTextAsync(TimeSpan.FromSeconds(30)))!)!;
        Assert.Equal("revoked", notice["type"]!.GetValue<string>());
        Assert.Null(await socket.ReceiveTextAsync());
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, socket.CloseStatus);
    }

    [Fact]
    public async Task Codes_rotate_lazily_every_300_seconds_while_the_window_is_open()
    {
        var (_, terminal) = await _server.CreateTerminalAsync();
        var admin = _server.Client();
        var first = (await _server.GenerateCodeAsync(terminal))["code"]!.GetValue<string>();

        _server.Time.Advance(TimeSpan.FromSeconds(120));
        var same = await admin.GetJsonAsync($"/api/v1/terminals/{terminal}/setup-code");
        Assert.Equal(first, same["code"]!.GetValue<string>());
        Assert.Equal(180, same["secondsRemaining"]!.GetValue<int>());

        _server.Time.Advance(TimeSpan.FromSeconds(181));
        var next = await admin.GetJsonAsync($"/api/v1/terminals/{terminal}/setup-code");
        var second = next["code"]!.GetValue<string>();
        Assert.NotEqual(first, second);
        Assert.Equal(300, next["secondsRemaining"]!.GetValue<int>());
        await (await _server.PairAsync(Unique.Id("pos"), first)).AssertProblemAsync(401);

        // The window (30 minutes) ends: no more codes, and the live one stops working.
        _server.Time.Advance(TimeSpan.FromMinutes(30));
        await (await admin.GetAsync($"/api/v1/terminals/{terminal}/setup-code")).AssertProblemAsync(404);
        await (await _server.PairAsync(Unique.Id("pos"), second)).AssertProblemAsync(401);

        // DELETE closes a fresh window at once.
        var third = (await _server.GenerateCodeAsync(terminal))["code"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/terminals/{terminal}/setup-code")).StatusCode);
        await (await _server.PairAsync(Unique.Id("pos"), third)).AssertProblemAsync(401);
        await (await admin.GetAsync($"/api/v1/terminals/{terminal}/setup-code")).AssertProblemAsync(404);
    }

    [Fact]
    public async Task Health_report_counts_certificates()
    {
        await _server.PairNewPosAsync();
        var health = await _server.Client().WaitForHealthAsync(h =>
            h["certificates"]!["active"]!.GetValue<int>() >= 1 && h["pos"]!["paired"]!.GetValue<int>() >= 1);
        Assert.True(health["certificates"]!["active"]!.GetValue<int>() >= 1);
        Assert.NotNull(health["certificates"]!["expiringWithin30Days"]);
        Assert.NotNull(health["certificates"]!["revoked"]);
        Assert.True(health["pos"]!["paired"]!.GetValue<int>() >= 1);
    }

    private async Task<X509Crl> ReadCrlAsync()
    {
        var der = await _server.Client(apiKey: null).GetByteArrayAsync("/api/v1/ca/crl");
        return new X509CrlParser().ReadCrl(der);
    }

    private async Task<string> CreateKeyAsync(string role)
    {
        var response = await _server.Client().PostAsJsonAsync("/api/v1/api-keys", new { name = role, role });
        return (await response.JsonAsync())["key"]!.GetValue<string>();
    }

    internal static async Task<string> OpensslVerifyAsync(Bundle bundle)
    {
        var directory = Directory.CreateTempSubdirectory("fleet-verify-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(directory, "root.pem"), bundle.RootPem);
            await File.WriteAllTextAsync(Path.Combine(directory, "issuing.pem"), bundle.IssuingPem);
            await File.WriteAllTextAsync(Path.Combine(directory, "pos.pem"), bundle.LeafPem);
            return Fleet.Pki.Tests.OpenSsl.Succeed("verify", "-CAfile", Path.Combine(directory, "root.pem"),
                "-untrusted", Path.Combine(directory, "issuing.pem"), "-purpose", "sslclient", Path.Combine(directory, "pos.pem"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
