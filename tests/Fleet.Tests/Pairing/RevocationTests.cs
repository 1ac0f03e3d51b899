using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Fleet.Tests.Infrastructure;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Ocsp;
using Org.BouncyCastle.X509;

namespace Fleet.Tests.Pairing;

/// <summary>Revocation as a fast record (the gate and OCSP refuse at once), CRL signing batched by
/// its one owner, and bulk revocation of a store.</summary>
public sealed class RevocationTests(RevocationFixture fixture) : IClassFixture<RevocationFixture>
{
    private readonly FleetServer _server = fixture.Server;

    [Fact]
    public async Task A_burst_of_revocations_costs_one_crl_signing_that_lists_them_all()
    {
        var (_, terminal) = await _server.CreateTerminalAsync();
        var bundles = new List<Bundle>();
        for (var i = 0; i < 8; i++)
            bundles.Add(await _server.PairOkAsync(Unique.Id("pos"), (await _server.GenerateCodeAsync(terminal))["code"]!.GetValue<string>()));
        // Whatever earlier tests left pending is signed first, so the next number is this burst's.
        var before = await _server.SignPendingCrlAsync();

        var admin = _server.Client();
        var answers = await Task.WhenAll(bundles.Select(b =>
            admin.PostAsJsonAsync($"/api/v1/certificates/{b.Serial}/revoke", new { reason = "keyCompromise" })));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));

        // No revoke signed anything: the published CRL is still the one from before the burst.
        var served = await ReadCrlAsync();
        Assert.Equal(before.CrlNumber, CrlNumberOf(served));
        Assert.All(bundles, b => Assert.Null(served.GetRevokedCertificate(SerialOf(b))));

        // The owner's next signing: one new number, every revocation of the burst listed with its reason.
        var after = await _server.SignPendingCrlAsync();
        Assert.Equal(before.CrlNumber + 1, after.CrlNumber);
        served = await ReadCrlAsync();
        Assert.Equal(after.CrlNumber, CrlNumberOf(served));
        Assert.Equal(TimeSpan.FromDays(7), served.NextUpdate!.Value - served.ThisUpdate);
        served.Verify(new X509CertificateParser().ReadCertificate(Encoding.ASCII.GetBytes(bundles[0].IssuingPem)).GetPublicKey());
        foreach (var bundle in bundles)
        {
            var entry = served.GetRevokedCertificate(SerialOf(bundle));
            Assert.NotNull(entry);
            Assert.Equal(CrlReason.KeyCompromise, CrlReason.GetInstance(
                Org.BouncyCastle.X509.Extension.X509ExtensionUtilities.FromExtensionValue(entry.GetExtensionValue(X509Extensions.ReasonCode))).IntValueExact);
        }

        var status = await admin.GetJsonAsync("/api/v1/ca/crl/status");
        Assert.Equal(after.CrlNumber, status["crlNumber"]!.GetValue<long>());
        Assert.True(status["entries"]!.GetValue<int>() >= bundles.Count);
        Assert.Equal(after.Der.Length, status["sizeBytes"]!.GetValue<int>());

        // Nothing pending any more: no further signing.
        Assert.Equal(after.CrlNumber, (await _server.SignPendingCrlAsync()).CrlNumber);
    }

    [Fact]
    public async Task Ocsp_and_the_gate_refuse_a_revoked_certificate_before_any_crl_lists_it()
    {
        var bundle = await _server.PairNewPosAsync();
        using var certificate = bundle.ClientCertificate();
        var pending = await _server.SignPendingCrlAsync();
        Assert.Null(await AskOcspAsync(bundle)); // good
        Assert.Equal(HttpStatusCode.OK, (await _server.TrySessionAsync(certificate))?.StatusCode);

        var revoke = await _server.Client().PostAsJsonAsync($"/api/v1/certificates/{bundle.Serial}/revoke", new { reason = "keyCompromise" });
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);

        var status = await AskOcspAsync(bundle);
        var revoked = Assert.IsType<RevokedStatus>(status);
        Assert.Equal(CrlReason.KeyCompromise, revoked.RevocationReason);
        Assert.Null(await _server.TrySessionAsync(certificate));
        // The CRL has not been signed since: OCSP and the gate did not wait for it.
        var served = await ReadCrlAsync();
        Assert.Equal(pending.CrlNumber, CrlNumberOf(served));
        Assert.Null(served.GetRevokedCertificate(SerialOf(bundle)));
    }

    [Fact]
    public async Task Revoking_a_store_revokes_every_certificate_issued_in_it()
    {
        var (store, terminal) = await _server.CreateTerminalAsync();
        var bundles = new List<Bundle>();
        for (var i = 0; i < 5; i++)
            bundles.Add(await _server.PairOkAsync(Unique.Id("pos"), (await _server.GenerateCodeAsync(terminal))["code"]!.GetValue<string>()));
        var elsewhere = await _server.PairNewPosAsync();
        var admin = _server.Client();

        await (await admin.PostAsJsonAsync($"/api/v1/stores/{store}/certificates/revoke", new { reason = "certificateHold" })).AssertProblemAsync(400);
        await (await admin.PostAsync($"/api/v1/stores/{Unique.Id("store")}/certificates/revoke", null)).AssertProblemAsync(404);
        var viewer = (await (await admin.PostAsJsonAsync("/api/v1/api-keys", new { name = "viewer", role = "viewer" })).JsonAsync())["key"]!.GetValue<string>();
        await (await _server.Client(viewer).PostAsync($"/api/v1/stores/{store}/certificates/revoke", null)).AssertProblemAsync(403);

        var response = await admin.PostAsJsonAsync($"/api/v1/stores/{store}/certificates/revoke", new { reason = "affiliationChanged" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal(store, body["storeId"]!.GetValue<string>());
        var listed = body["revoked"]!.AsArray().Select(c => c!["serialNumber"]!.GetValue<string>()).Order().ToArray();
        Assert.Equal(bundles.Select(b => b.Serial).Order().ToArray(), listed);
        foreach (var bundle in bundles)
        {
            var view = await admin.GetJsonAsync($"/api/v1/certificates/{bundle.Serial}");
            Assert.Equal("revoked", view["status"]!.GetValue<string>());
            Assert.Equal("affiliationChanged", view["revocationReason"]!.GetValue<string>());
            using var certificate = bundle.ClientCertificate();
            Assert.Null(await _server.TrySessionAsync(certificate));
        }
        Assert.Equal("active", (await admin.GetJsonAsync($"/api/v1/certificates/{elsewhere.Serial}"))["status"]!.GetValue<string>());
        Assert.Empty((await admin.GetJsonAsync($"/api/v1/pos?store={store}&paired=true"))["items"]!.AsArray());

        var audit = (await admin.GetJsonAsync($"/api/v1/audit?targetType=store&targetId={store}&action=store.certificates-revoked"))["items"]!.AsArray().Single()!;
        Assert.Equal(bundles.Count, audit["detail"]!["serialNumbers"]!.AsArray().Count);

        // Again: nothing left to revoke, and the answer says so.
        var again = await (await admin.PostAsync($"/api/v1/stores/{store}/certificates/revoke", null)).JsonAsync();
        Assert.Empty(again["revoked"]!.AsArray());
    }

    [Fact]
    public async Task The_crl_owner_signs_on_its_own_timer_without_being_asked()
    {
        await using var server = await FleetServer.StartAsync(new()
        {
            ["Fleet:Pairing:CrlSigningInterval"] = "00:00:00.200",
        });
        var bundle = await server.PairNewPosAsync();
        var first = CrlNumberOf(await ReadCrlAsync(server));
        Assert.Equal(HttpStatusCode.OK, (await server.Client().PostAsync($"/api/v1/certificates/{bundle.Serial}/revoke", null)).StatusCode);

        // Only reads: the signing that lists it comes from the grain's timer.
        X509Crl crl;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((crl = await ReadCrlAsync(server)).GetRevokedCertificate(SerialOf(bundle)) is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "The CRL's timer never signed the revocation.");
            await Task.Delay(100);
        }
        Assert.True(CrlNumberOf(crl) > first);
    }

    private Task<X509Crl> ReadCrlAsync() => ReadCrlAsync(_server);

    private static async Task<X509Crl> ReadCrlAsync(FleetServer server) =>
        new X509CrlParser().ReadCrl(await server.Client(apiKey: null).GetByteArrayAsync("/api/v1/ca/crl"));

    private static long CrlNumberOf(X509Crl crl) =>
        DerInteger(crl.GetExtensionValue(X509Extensions.CrlNumber));

    private static long DerInteger(Org.BouncyCastle.Asn1.Asn1OctetString? value) =>
        Org.BouncyCastle.Asn1.DerInteger.GetInstance(Org.BouncyCastle.X509.Extension.X509ExtensionUtilities.FromExtensionValue(value!)).LongValueExact;

    private static Org.BouncyCastle.Math.BigInteger SerialOf(Bundle bundle) => new(bundle.Serial, 16);

    /// <summary>Asks the device listener's OCSP responder, as a relying party would; null is good.</summary>
    private async Task<object?> AskOcspAsync(Bundle bundle)
    {
        var issuing = new X509CertificateParser().ReadCertificate(Encoding.ASCII.GetBytes(bundle.IssuingPem));
        var generator = new OcspReqGenerator();
        generator.AddRequest(new CertificateID(CertificateID.DigestSha1, issuing, SerialOf(bundle)));
        var content = new ByteArrayContent(generator.Generate().GetEncoded());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/ocsp-request");
        var response = await _server.DeviceClient().PostAsync("/ocsp", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = new OcspResp(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(OcspRespStatus.Successful, answer.Status);
        var basic = (BasicOcspResp)answer.GetResponseObject();
        return basic.Responses.Single().GetCertStatus();
    }
}
