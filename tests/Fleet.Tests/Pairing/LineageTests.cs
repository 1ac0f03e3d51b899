using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Fleet.Pairing;
using Fleet.Pki;
using Fleet.Server.Pki;
using Fleet.Tests.Enrolment;
using Fleet.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fleet.Tests.Pairing;

/// <summary>Renewal cannot outlive revocation (issue 16 point 4): renewals are linked into a lineage,
/// a key compromise revokes the whole lineage, a renewal's first use supersedes its predecessor (or
/// the renewal grace does), and the gate compares the identity a certificate carries with its record.</summary>
public sealed class LineageTests(PairingFixture fixture) : IClassFixture<PairingFixture>
{
    private readonly FleetServer _server = fixture.Server;
    private readonly HttpClient _admin = fixture.Server.Client();

    [Fact]
    public async Task Key_compromise_of_the_middle_certificate_revokes_the_whole_renewal_chain()
    {
        var first = await _server.PairNewPosAsync();
        using var firstCertificate = first.ClientCertificate();
        var second = await RenewAsync(firstCertificate);
        // The answer to that renewal was "lost" and the POS renewed again: a second branch.
        var retried = await RenewAsync(firstCertificate);
        using var retriedCertificate = retried.ClientCertificate();
        using var secondCertificate = second.ClientCertificate();
        var third = await RenewAsync(secondCertificate);
        using var thirdCertificate = third.ClientCertificate();

        // The links, on the resource and in the list (the read model's row).
        var middle = await _admin.GetJsonAsync($"/api/v1/certificates/{second.Serial}");
        Assert.Equal(first.Serial, middle["predecessorSerial"]!.GetValue<string>());
        Assert.Equal(third.Serial, middle["successorSerial"]!.GetValue<string>());
        Assert.Equal(retried.Serial, (await _admin.GetJsonAsync($"/api/v1/certificates/{first.Serial}"))["successorSerial"]!.GetValue<string>());
        var listed = (await _admin.GetJsonAsync($"/api/v1/certificates?store={first.StoreId}"))["items"]!.AsArray();
        Assert.Equal(4, listed.Count);
        Assert.Equal(second.Serial, listed.Single(c => c!["serialNumber"]!.GetValue<string>() == third.Serial)!["predecessorSerial"]!.GetValue<string>());
        Assert.Equal(third.Serial, listed.Single(c => c!["serialNumber"]!.GetValue<string>() == second.Serial)!["successorSerial"]!.GetValue<string>());
        Assert.Null(listed.Single(c => c!["serialNumber"]!.GetValue<string>() == first.Serial)!["predecessorSerial"]);

        // Renewing with the second certificate used it: the first is superseded, and so is the
        // branch nobody used.
        Assert.Equal("superseded", (await _admin.GetJsonAsync($"/api/v1/certificates/{first.Serial}"))["revocationReason"]!.GetValue<string>());
        Assert.Equal("superseded", (await _admin.GetJsonAsync($"/api/v1/certificates/{retried.Serial}"))["revocationReason"]!.GetValue<string>());
        Assert.Null(await _server.TrySessionAsync(retriedCertificate));

        var revoke = await _admin.PostAsJsonAsync($"/api/v1/certificates/{second.Serial}/revoke", new { reason = "keyCompromise" });
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        // The answer keeps its shape: the certificate named, revoked.
        var answer = await revoke.JsonAsync();
        Assert.Equal(second.Serial, answer["serialNumber"]!.GetValue<string>());
        Assert.Equal("keyCompromise", answer["revocationReason"]!.GetValue<string>());

        foreach (var bundle in new[] { first, second, third, retried })
            Assert.Equal("revoked", (await _admin.GetJsonAsync($"/api/v1/certificates/{bundle.Serial}"))["status"]!.GetValue<string>());
        Assert.Equal("keyCompromise", (await _admin.GetJsonAsync($"/api/v1/certificates/{third.Serial}"))["revocationReason"]!.GetValue<string>());
        Assert.Null(await _server.TrySessionAsync(firstCertificate));
        Assert.Null(await _server.TrySessionAsync(secondCertificate));
        Assert.Null(await _server.TrySessionAsync(thirdCertificate));

        // Each revocation is audited on its own, naming where the lineage revocation started.
        var events = (await _admin.GetJsonAsync($"/api/v1/audit?action=certificate.revoked&targetType=certificate&targetId={third.Serial}"))["items"]!.AsArray();
        Assert.Equal(second.Serial, Assert.Single(events)!["detail"]!["lineageOf"]!.GetValue<string>());
    }

    [Fact]
    public async Task Other_reasons_revoke_the_lineage_only_when_asked()
    {
        var first = await _server.PairNewPosAsync();
        using var firstCertificate = first.ClientCertificate();
        var renewed = await RenewAsync(firstCertificate);

        Assert.Equal(HttpStatusCode.OK, (await _admin.PostAsJsonAsync($"/api/v1/certificates/{renewed.Serial}/revoke", new { reason = "affiliationChanged" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _server.TrySessionAsync(firstCertificate))?.StatusCode);
        Assert.Equal("active", (await _admin.GetJsonAsync($"/api/v1/certificates/{first.Serial}"))["status"]!.GetValue<string>());
        // A revoked renewal replaces nothing: the renewal grace does not end the old certificate.
        _server.Time.Advance(new PairingOptions().RenewalGrace + TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, (await _server.TrySessionAsync(firstCertificate))?.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await _admin.PostAsJsonAsync($"/api/v1/certificates/{renewed.Serial}/revoke?lineage=true", new { reason = "affiliationChanged" })).StatusCode);
        var record = await _admin.GetJsonAsync($"/api/v1/certificates/{first.Serial}");
        Assert.Equal("affiliationChanged", record["revocationReason"]!.GetValue<string>());
        Assert.Null(await _server.TrySessionAsync(firstCertificate));
        await (await _admin.PostAsJsonAsync($"/api/v1/certificates/{first.Serial}/revoke?lineage=maybe", new { reason = "affiliationChanged" })).AssertProblemAsync(400);
    }

    [Fact]
    public async Task The_first_use_of_a_renewal_supersedes_its_predecessor()
    {
        var first = await _server.PairNewPosAsync();
        using var firstCertificate = first.ClientCertificate();
        var renewed = await RenewAsync(firstCertificate);
        using var renewedCertificate = renewed.ClientCertificate();

        // Until the renewal is used, the old certificate keeps working (the answer may have been lost).
        Assert.Equal(HttpStatusCode.OK, (await _server.TrySessionAsync(firstCertificate))?.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _server.TrySessionAsync(renewedCertificate))?.StatusCode);
        Assert.Null(await _server.TrySessionAsync(firstCertificate));
        var old = await _admin.GetJsonAsync($"/api/v1/certificates/{first.Serial}");
        Assert.Equal("superseded", old["revocationReason"]!.GetValue<string>());
        var superseded = (await _admin.GetJsonAsync($"/api/v1/audit?action=certificate.revoked&targetType=certificate&targetId={first.Serial}"))["items"]!.AsArray();
        var entry = Assert.Single(superseded)!;
        Assert.Equal(renewed.Serial, entry["detail"]!["supersededBy"]!.GetValue<string>());
        Assert.Equal($"pos:{first.PosKey}", entry["actor"]!.GetValue<string>());

        // Later uses write nothing more and supersede nothing more.
        Assert.Equal(HttpStatusCode.OK, (await _server.TrySessionAsync(renewedCertificate))?.StatusCode);
        Assert.Single((await _admin.GetJsonAsync($"/api/v1/audit?action=certificate.revoked&targetType=certificate&targetId={first.Serial}"))["items"]!.AsArray());
        Assert.Equal("active", (await _admin.GetJsonAsync($"/api/v1/certificates/{renewed.Serial}"))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_renewed_certificate_is_refused_once_the_renewal_grace_has_passed()
    {
        var first = await _server.PairNewPosAsync();
        using var firstCertificate = first.ClientCertificate();
        var renewed = await RenewAsync(firstCertificate);

        _server.Time.Advance(new PairingOptions().RenewalGrace - TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, (await _server.TrySessionAsync(firstCertificate))?.StatusCode);
        _server.Time.Advance(TimeSpan.FromMinutes(2));
        Assert.Null(await _server.TrySessionAsync(firstCertificate));
        var old = await _admin.GetJsonAsync($"/api/v1/certificates/{first.Serial}");
        Assert.Equal("superseded", old["revocationReason"]!.GetValue<string>());
        var audit = Assert.Single((await _admin.GetJsonAsync($"/api/v1/audit?action=certificate.revoked&targetType=certificate&targetId={first.Serial}"))["items"]!.AsArray())!;
        Assert.True(audit["detail"]!["graceEnded"]!.GetValue<bool>());

        // The renewal itself is unaffected.
        using var renewedCertificate = renewed.ClientCertificate();
        Assert.Equal(HttpStatusCode.OK, (await _server.TrySessionAsync(renewedCertificate))?.StatusCode);
    }

    [Fact]
    public async Task A_certificate_whose_identity_differs_from_its_record_is_refused_and_reported_once()
    {
        var genuine = await _server.PairNewPosAsync();
        var authority = _server.Services.GetRequiredService<AuthorityHost>().Authority;
        var mark = _server.Logs.Mark();

        // Signed by the fleet's own issuing CA under a recorded serial, but naming another POS, then another terminal.
        using var otherPos = Mint(authority, new ClientCertificateRequest
        {
            PosId = genuine.PosId + "-x", TerminalId = TerminalOf(genuine), StoreId = genuine.StoreId, KeyAlgorithm = LeafKeyAlgorithm.EcP256,
        }, genuine.Serial);
        using var otherTerminal = Mint(authority, new ClientCertificateRequest
        {
            PosId = genuine.PosId, TerminalId = TerminalOf(genuine) + "-x", StoreId = genuine.StoreId, KeyAlgorithm = LeafKeyAlgorithm.EcP256,
        }, genuine.Serial);
        Assert.Equal(genuine.Serial, otherPos.SerialNumber.TrimStart('0').ToLowerInvariant());

        Assert.Null(await _server.TrySessionAsync(otherPos));
        Assert.Null(await _server.TrySessionAsync(otherPos));
        Assert.Null(await _server.TrySessionAsync(otherTerminal));
        using var genuineCertificate = genuine.ClientCertificate();
        Assert.Equal(HttpStatusCode.OK, (await _server.TrySessionAsync(genuineCertificate))?.StatusCode);

        // One warning and one audit event for the serial, however often it is tried.
        var warnings = _server.Logs.Since(mark, typeof(ClientCertificateGate).FullName!)
            .Where(e => e.Level == LogLevel.Warning && e.Message.Contains("identity differs from its record")).ToArray();
        Assert.Single(warnings);
        Assert.Contains(genuine.Serial, warnings[0].Message);
        var reported = (await _admin.GetJsonAsync($"/api/v1/audit?action=certificate.identity-mismatch&targetType=certificate&targetId={genuine.Serial}"))["items"]!.AsArray();
        Assert.Equal(genuine.PosId + "-x", Assert.Single(reported)!["detail"]!["presented"]!["posId"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_terminal_certificate_naming_another_terminal_or_store_than_its_record_is_refused()
    {
        var (store, terminal) = await _server.CreateTerminalAsync();
        var genuine = await _server.EnrolNewAsync(terminal);
        var authority = _server.Services.GetRequiredService<AuthorityHost>().Authority;
        var (_, otherTerminal) = await _server.CreateTerminalAsync();

        using var forTerminal = MintTerminal(authority, new TerminalCertificateRequest { TerminalId = otherTerminal, StoreId = store }, genuine.Serial);
        using var forStore = MintTerminal(authority, new TerminalCertificateRequest { TerminalId = terminal, StoreId = store + "-x" }, genuine.Serial);
        Assert.Null(await _server.TryDeviceAsync(forTerminal, HttpMethod.Get, $"/terminals/{otherTerminal}/pairing"));
        Assert.Null(await _server.TryDeviceAsync(forStore, HttpMethod.Get, $"/terminals/{terminal}/pairing"));
        using var genuineCertificate = genuine.ClientCertificate();
        Assert.Equal(HttpStatusCode.OK, (await _server.DeviceAsync(genuineCertificate, HttpMethod.Get, $"/terminals/{terminal}/pairing")).StatusCode);
        var reported = (await _admin.GetJsonAsync($"/api/v1/audit?action=certificate.identity-mismatch&targetType=certificate&targetId={genuine.Serial}"))["items"]!.AsArray();
        Assert.Equal(otherTerminal, Assert.Single(reported)!["detail"]!["presented"]!["terminalId"]!.GetValue<string>());
    }

    private async Task<Bundle> RenewAsync(X509Certificate2 certificate)
    {
        using var device = _server.DeviceClient(certificate);
        var response = await device.PostAsync("/renew", null);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Renewal answered {(int)response.StatusCode}: {text}");
        return Bundle.Parse(text);
    }

    private static string TerminalOf(Bundle bundle) =>
        Uri.UnescapeDataString(bundle.Uris.Single(u => u.StartsWith("urn:fleet:terminal:"))["urn:fleet:terminal:".Length..]);

    private static X509Certificate2 MintTerminal(CertificateAuthority authority, TerminalCertificateRequest request, string serial)
    {
        var issued = authority.IssueTerminalCertificateWithSerial(request, serial);
        using var ephemeral = X509Certificate2.CreateFromPem(issued.LeafPem, issued.PrivateKeyPem);
        return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
    }

    private static X509Certificate2 Mint(CertificateAuthority authority, ClientCertificateRequest request, string serial)
    {
        var issued = authority.IssueClientCertificateWithSerial(request, serial);
        using var ephemeral = X509Certificate2.CreateFromPem(issued.LeafPem, issued.PrivateKeyPem);
        return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
    }
}
