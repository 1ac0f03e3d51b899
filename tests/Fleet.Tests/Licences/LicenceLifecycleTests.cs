using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Fleet.Tests.Infrastructure;
using Fleet.Pki.Tests;

namespace Fleet.Tests.Licences;

/// <summary>The whole srv4pos licence lifecycle over real HTTP, with the host's fake clock moved
/// instead of sleeping. One test per class: it moves its server's clock.</summary>
public sealed class LicenceLifecycleTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private readonly FleetServer _server = fixture.Server;

    [Fact]
    public async Task Create_pending_approve_sign_expire_renew_revoke()
    {
        var pos = new LicenceClient(_server);
        var admin = _server.Client();

        // No store declares a corporate id yet, so any corporate id is accepted.
        var early = await pos.CreateAsync(pos.NewActivation("not-declared-anywhere"));
        Assert.Equal("PendingApproval", early.Body["status"]!.GetValue<string>());

        var store = Unique.Id("store");
        var posId = Unique.Id("pos");
        const string corporate = "556677-8899";
        (await admin.PutJsonAsync($"/api/v1/stores/{store}", new { name = "Main St", timeZone = "UTC", corporateId = corporate })).EnsureSuccessStatusCode();
        (await admin.PutJsonAsync($"/api/v1/pos/{posId}", new { storeId = store, name = "Till 1" })).EnsureSuccessStatusCode();

        // Create: 201, a generated production number, a key shown once, pending approval.
        // A one-day period: the fake clock fires every periodic timer of the host once per elapsed
        // period when moved, so a test moves it by hours, not by a year.
        var body = pos.NewActivation(corporate, posId);
        body["validTo"] = LicenceClient.Iso(pos.Today.AddDays(1));
        body["email"] = "owner@example.com";
        var (productionNumber, key, created) = await pos.CreateAsync(body);
        Assert.Matches("^[0-9A-Z]{12}$", productionNumber);
        Assert.StartsWith($"lic_{productionNumber}_", key);
        Assert.Equal("PendingApproval", created["status"]!.GetValue<string>());

        // 403 PendingApproval on the handshake, with either header form.
        await LicenceClient.AssertRefusedAsync(await pos.HandshakeAsync(key), "PendingApproval");
        await LicenceClient.AssertRefusedAsync(await pos.HandshakeAsync(key, bearer: true), "PendingApproval");
        await LicenceClient.AssertRefusedAsync(
            await pos.SendAsync(HttpMethod.Get, "/activations/activation-code", key), "PendingApproval");

        // Headquarters sees it pending: list, POS page, store page, fleet health.
        var pending = await admin.GetJsonAsync("/api/v1/activations?status=PendingApproval&limit=500");
        Assert.Contains(pending["items"]!.AsArray(), a => a!["productionNumber"]!.GetValue<string>() == productionNumber);
        Assert.Equal("PendingApproval", (await admin.GetJsonAsync($"/api/v1/pos/{posId}"))["licence"]!["status"]!.GetValue<string>());
        var storePage = await admin.GetJsonAsync($"/api/v1/stores/{store}");
        Assert.Equal("PendingApproval", storePage["pos"]![0]!["licence"]!["status"]!.GetValue<string>());
        Assert.Equal(1, storePage["licences"]!["pendingApproval"]!.GetValue<int>());
        var health = await admin.WaitForHealthAsync(h => h["licences"]!["pendingApproval"]!.GetValue<int>() == 2);
        Assert.Equal(2, health["licences"]!["pendingApproval"]!.GetValue<int>());
        Assert.Equal(0, health["licences"]!["active"]!.GetValue<int>());
        var posList = await admin.GetJsonAsync($"/api/v1/pos?store={store}&licence=pendingapproval");
        Assert.Equal(posId, posList["items"]![0]!["posId"]!.GetValue<string>());
        Assert.Equal($"{store}~{posId}", posList["items"]![0]!["id"]!.GetValue<string>());

        // Approve ("Tax Authority notified"), audited with the acting key's id.
        var approved = await admin.PostAsJsonAsync($"/api/v1/activations/{productionNumber}/approve", new { note = "Skatteverket notified" });
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        var approvedBody = await approved.JsonAsync();
        Assert.Equal("Active", approvedBody["status"]!.GetValue<string>());
        var audit = approvedBody["audit"]!.AsArray();
        Assert.Equal(["created", "approved"], audit.Select(e => e!["action"]!.GetValue<string>()));
        Assert.Equal("bootstrap", audit[1]!["actor"]!.GetValue<string>());
        Assert.Equal("Skatteverket notified", audit[1]!["reason"]!.GetValue<string>());

        // 200 on the handshake, by Authorization (bare or Bearer) and by ActivationCredentials.
        var shake = await pos.HandshakeAsync(key);
        Assert.Equal(HttpStatusCode.OK, shake.StatusCode);
        var shakeBody = await shake.JsonAsync();
        Assert.Equal("Active", shakeBody["status"]!.GetValue<string>());
        Assert.Equal(productionNumber, shakeBody["productionNumber"]!.GetValue<string>());
        Assert.Equal("Till 1", shakeBody["cashRegisterName"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await pos.SendAsync(HttpMethod.Post, "/auth/handshake", key, bearer: true)).StatusCode);
        var credentials = new HttpRequestMessage(HttpMethod.Get, "/auth/handshake");
        credentials.Headers.Add("X-Production-Number", productionNumber);
        credentials.Headers.Add("X-Api-Key", key);
        Assert.Equal(HttpStatusCode.OK, (await pos.Http.SendAsync(credentials)).StatusCode);
        await (await pos.SendAsync(HttpMethod.Get, "/auth/handshake", key, productionNumberHeader: early.ProductionNumber))
            .AssertProblemAsync(401);
        Assert.Equal("Active", (await admin.GetJsonAsync($"/api/v1/pos/{posId}"))["licence"]!["status"]!.GetValue<string>());

        // The activation code verifies with the published key, in-process and with openssl.
        var publicKeyPem = await pos.Http.GetStringAsync("/activations/public-key");
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", publicKeyPem);
        var codeResponse = await pos.SendAsync(HttpMethod.Post, "/activations/activation-code", key,
            content: JsonContent.Create(new { customFields = new Dictionary<string, string> { ["till"] = "7", ["db"] = "ä\"\\" } }));
        var code = await codeResponse.JsonAsync();
        Assert.True(codeResponse.IsSuccessStatusCode, code.ToJsonString());
        Assert.Equal("SHA256withECDSA", code["algorithm"]!.GetValue<string>());
        var descriptorBytes = Convert.FromBase64String(code["descriptorBytes"]!.GetValue<string>());
        var signature = Convert.FromBase64String(code["signature"]!.GetValue<string>());
        var descriptor = JsonNode.Parse(descriptorBytes)!.AsObject();
        Assert.True(JsonNode.DeepEquals(descriptor, code["descriptor"]));
        Assert.Equal(productionNumber, descriptor["productionNumber"]!.GetValue<string>());
        Assert.Equal("owner@example.com", descriptor["auxiliary"]!["email"]!.GetValue<string>());
        Assert.Equal("7", descriptor["customFields"]!["till"]!.GetValue<string>());
        Assert.Equal("ä\"\\", descriptor["customFields"]!["db"]!.GetValue<string>());
        Assert.Equal(descriptor.Select(p => p.Key).Order(StringComparer.Ordinal), descriptor.Select(p => p.Key));
        var text = System.Text.Encoding.UTF8.GetString(descriptorBytes);
        Assert.StartsWith("{\"applicationPackage\":\"com.example.pos\",\"approvedAt\":\"", text); // sorted, no whitespace
        Assert.Contains("\"db\":\"ä\\\"\\\\\"", text); // escapes per JCS, non-ASCII literal

        using (var ecdsa = ECDsa.Create())
        {
            ecdsa.ImportFromPem(publicKeyPem);
            Assert.True(ecdsa.VerifyData(descriptorBytes, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
            var tampered = (byte[])descriptorBytes.Clone();
            var at = System.Text.Encoding.UTF8.GetString(tampered).IndexOf("Till 1", StringComparison.Ordinal);
            tampered[at] = (byte)'B';
            Assert.False(ecdsa.VerifyData(tampered, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));

            var dir = Directory.CreateTempSubdirectory("fleet-licence-").FullName;
            try
            {
                File.WriteAllText(Path.Combine(dir, "public-key.pem"), publicKeyPem);
                File.WriteAllBytes(Path.Combine(dir, "descriptor.bin"), descriptorBytes);
                File.WriteAllBytes(Path.Combine(dir, "sig.bin"), signature);
                File.WriteAllBytes(Path.Combine(dir, "tampered.bin"), tampered);
                var verified = OpenSsl.Succeed("dgst", "-sha256", "-verify", Path.Combine(dir, "public-key.pem"),
                    "-signature", Path.Combine(dir, "sig.bin"), Path.Combine(dir, "descriptor.bin"));
                Assert.Contains("Verified OK", verified);
                var (exit, output) = OpenSsl.Run("dgst", "-sha256", "-verify", Path.Combine(dir, "public-key.pem"),
                    "-signature", Path.Combine(dir, "sig.bin"), Path.Combine(dir, "tampered.bin"));
                Assert.NotEqual(0, exit);
                Assert.Contains("Verification failure", output);
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        }

        // Within 30 days of validTo: still usable, flagged as expiring soon everywhere.
        var validTo = DateTimeOffset.Parse(created["validTo"]!.GetValue<string>());
        if (_server.Time.GetUtcNow() < validTo.AddHours(-1)) _server.Time.SetUtcNow(validTo.AddHours(-1));
        var soon = await (await pos.HandshakeAsync(key)).JsonAsync();
        Assert.True(soon["expiringSoon"]!.GetValue<bool>());
        Assert.Equal(1, soon["daysLeft"]!.GetValue<int>());
        var expiring = await admin.GetJsonAsync("/api/v1/activations?status=ExpiringSoon");
        Assert.Contains(expiring["items"]!.AsArray(), a => a!["productionNumber"]!.GetValue<string>() == productionNumber);
        var soonHealth = (await admin.WaitForHealthAsync(h => h["licences"]!["expiringSoon"]!.GetValue<int>() == 1))["licences"]!;
        Assert.Equal(1, soonHealth["active"]!.GetValue<int>());
        Assert.Equal(1, soonHealth["expiringSoon"]!.GetValue<int>());
        Assert.True((await admin.GetJsonAsync($"/api/v1/pos/{posId}"))["licence"]!["expiringSoon"]!.GetValue<bool>());
        Assert.Equal(1, (await admin.GetJsonAsync($"/api/v1/stores/{store}"))["licences"]!["expiringSoon"]!.GetValue<int>());

        // Expiry: move the clock to validTo (exclusive). 403 Expired, no timer involved.
        _server.Time.SetUtcNow(validTo);
        await LicenceClient.AssertRefusedAsync(await pos.HandshakeAsync(key), "Expired");
        Assert.Equal("Expired", (await admin.GetJsonAsync($"/api/v1/pos/{posId}"))["licence"]!["status"]!.GetValue<string>());
        var expiredStore = await admin.GetJsonAsync($"/api/v1/stores/{store}");
        Assert.Equal(1, expiredStore["licences"]!["expired"]!.GetValue<int>());
        var expiredHealth = (await admin.WaitForHealthAsync(h => h["licences"]!["expired"]!.GetValue<int>() == 1))["licences"]!;
        Assert.Equal(1, expiredHealth["expired"]!.GetValue<int>());
        Assert.Equal(1, expiredHealth["pendingApproval"]!.GetValue<int>()); // the early one, valid for a year
        Assert.Equal(0, expiredHealth["active"]!.GetValue<int>());
        var expiredList = await admin.GetJsonAsync("/api/v1/activations?status=expired");
        Assert.Contains(expiredList["items"]!.AsArray(), a => a!["productionNumber"]!.GetValue<string>() == productionNumber);
        var expiredPos = await admin.GetJsonAsync($"/api/v1/pos?store={store}&licence=Expired");
        Assert.Equal("Expired", expiredPos["items"]![0]!["licenceStatus"]!.GetValue<string>());

        // Renewal with less data: production number, the (expired) key, a new period.
        var renewed = await pos.PostAsync(new JsonObject
        {
            ["productionNumber"] = productionNumber,
            ["apiKey"] = key,
            ["validFrom"] = LicenceClient.Iso(pos.Today),
            ["validTo"] = LicenceClient.Iso(pos.Today.AddMonths(6)),
        });
        Assert.Equal(HttpStatusCode.OK, renewed.StatusCode);
        var renewedBody = await renewed.JsonAsync();
        var newKey = renewedBody["apiKey"]!.GetValue<string>();
        Assert.NotEqual(key, newKey);
        Assert.Equal(productionNumber, renewedBody["productionNumber"]!.GetValue<string>());
        Assert.Equal("Active", renewedBody["status"]!.GetValue<string>()); // approval is kept

        Assert.Equal(HttpStatusCode.OK, (await pos.HandshakeAsync(newKey)).StatusCode);
        await (await pos.HandshakeAsync(key)).AssertProblemAsync(401);
        Assert.Equal("Active", (await admin.GetJsonAsync($"/api/v1/pos/{posId}"))["licence"]!["status"]!.GetValue<string>());
        Assert.Equal(1, (await admin.WaitForHealthAsync(h => h["licences"]!["active"]!.GetValue<int>() == 1))["licences"]!["active"]!.GetValue<int>());

        // Once the new key is used, the replaced key cannot renew any more either.
        await (await pos.PostAsync(new JsonObject
        {
            ["productionNumber"] = productionNumber, ["apiKey"] = key,
            ["validFrom"] = LicenceClient.Iso(pos.Today), ["validTo"] = LicenceClient.Iso(pos.Today.AddMonths(1)),
        })).AssertProblemAsync(401);

        // Revocation: the key stops at once, renewal is refused with the reason.
        var revoked = await admin.PostAsJsonAsync($"/api/v1/activations/{productionNumber}/revoke", new { reason = "Register stolen" });
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        await LicenceClient.AssertRefusedAsync(await pos.HandshakeAsync(newKey), "Revoked");
        await LicenceClient.AssertRefusedAsync(await pos.PostAsync(new JsonObject
        {
            ["productionNumber"] = productionNumber, ["apiKey"] = newKey,
            ["validFrom"] = LicenceClient.Iso(pos.Today), ["validTo"] = LicenceClient.Iso(pos.Today.AddMonths(1)),
        }), "Revoked");
        Assert.Equal("Revoked", (await admin.GetJsonAsync($"/api/v1/pos/{posId}"))["licence"]!["status"]!.GetValue<string>());

        var trail = await admin.GetJsonAsync($"/api/v1/activations/{productionNumber}/audit");
        Assert.Equal(["created", "approved", "renewed", "revoked"], trail.AsArray().Select(e => e!["action"]!.GetValue<string>()));
        Assert.Equal("cash-register", trail[2]!["actor"]!.GetValue<string>());
        Assert.Equal("Register stolen", trail[3]!["reason"]!.GetValue<string>());
        Assert.Equal(_server.Time.GetUtcNow(), trail[3]!["at"]!.GetValue<DateTimeOffset>());
    }
}
