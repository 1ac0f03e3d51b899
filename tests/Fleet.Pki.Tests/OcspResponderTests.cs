using Fleet.Pki;

namespace Fleet.Pki.Tests;

[Collection(CaCollection.Name)]
public sealed class OcspResponderTests(CaFixture fixture)
{
    // openssl checks thisUpdate/nextUpdate against the real clock, so this CA and responder use it too.
    private static readonly Lazy<CertificateAuthority> SystemClockCa = new(() =>
    {
        var protector = new KeyProtector("ocsp", KeyProtector.MinimumIterations);
        var material = CertificateAuthorityFactory.Create(new CertificateAuthorityOptions { Algorithm = CaKeyAlgorithm.EcP256 }, protector, TimeProvider.System);
        return new CertificateAuthority(material, protector, TimeProvider.System);
    });

    [Fact]
    public async Task AnswersGoodRevokedAndUnknownAndOpenSslVerifiesTheResponses()
    {
        var ca = SystemClockCa.Value;
        var good = Issue(ca, "good");
        var revoked = Issue(ca, "revoked");
        var revokedAt = DateTimeOffset.UtcNow.AddMinutes(-10);
        var records = new Dictionary<string, OcspStatus>
        {
            [good.SerialNumber] = OcspStatus.Good,
            [revoked.SerialNumber] = OcspStatus.Revoked(revokedAt, RevocationReason.KeyCompromise),
        };
        var responder = new OcspResponder(ca, (serial, _) => ValueTask.FromResult(records.GetValueOrDefault(serial, OcspStatus.Unknown)), TimeProvider.System);
        var issuing = fixture.WriteFile("ocsp-issuing.pem", ca.IssuingCertificate.ExportCertificatePem());
        var root = fixture.WriteFile("ocsp-root.pem", ca.RootPem);

        var goodOut = await Ask(responder, issuing, root, fixture.WriteFile("good.pem", good.LeafPem));
        Assert.Contains("Response verify OK", goodOut, StringComparison.Ordinal);
        Assert.Contains(": good", goodOut, StringComparison.Ordinal);

        var revokedOut = await Ask(responder, issuing, root, fixture.WriteFile("revoked.pem", revoked.LeafPem));
        Assert.Contains("Response verify OK", revokedOut, StringComparison.Ordinal);
        Assert.Contains(": revoked", revokedOut, StringComparison.Ordinal);
        Assert.Contains("keyCompromise", revokedOut, StringComparison.Ordinal);

        // A leaf we signed but the records do not know (e.g. issued then lost before recording).
        var unknownOut = await Ask(responder, issuing, root, fixture.WriteFile("unknown.pem", Issue(ca, "unrecorded").LeafPem));
        Assert.Contains(": unknown", unknownOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LeafOfAPreviousIssuingCaIsUnknown()
    {
        var protector = new KeyProtector("ocsp-rotation", KeyProtector.MinimumIterations);
        var material = CertificateAuthorityFactory.Create(new CertificateAuthorityOptions { Algorithm = CaKeyAlgorithm.EcP256 }, protector, TimeProvider.System);
        using var before = new CertificateAuthority(material, protector, TimeProvider.System);
        var oldLeaf = Issue(before, "old");
        using var after = new CertificateAuthority(before.RotateIssuing(), protector, TimeProvider.System);
        var lookups = 0;
        var responder = new OcspResponder(after, (_, _) => { lookups++; return ValueTask.FromResult(OcspStatus.Good); }, TimeProvider.System);
        var oldIssuing = fixture.WriteFile("old-issuing.pem", before.IssuingCertificate.ExportCertificatePem());
        var request = Path.Combine(fixture.Directory, Guid.NewGuid().ToString("N") + ".req");
        OpenSsl.Succeed("ocsp", "-issuer", oldIssuing, "-cert", fixture.WriteFile("old-leaf.pem", oldLeaf.LeafPem), "-reqout", request);

        var response = fixture.WriteFile("old.resp", await responder.RespondAsync(await File.ReadAllBytesAsync(request)));

        var text = OpenSsl.Succeed("ocsp", "-respin", response, "-resp_text", "-noverify");
        Assert.Contains("Cert Status: unknown", text, StringComparison.Ordinal);
        Assert.Equal(0, lookups); // the records are not even asked about a certificate we cannot vouch for
    }

    [Fact]
    public async Task MalformedRequestGetsMalformedRequestStatus()
    {
        var responder = new OcspResponder(SystemClockCa.Value, (_, _) => ValueTask.FromResult(OcspStatus.Good), TimeProvider.System);

        var response = await responder.RespondAsync([0x30, 0x03, 0x02, 0x01, 0x00]);

        var (_, text) = OpenSsl.Run("ocsp", "-respin", fixture.WriteFile("malformed.der", response), "-resp_text", "-noverify");
        Assert.Contains("malformedrequest", text, StringComparison.OrdinalIgnoreCase);
    }

    private static IssuedClientCertificate Issue(CertificateAuthority ca, string posId) =>
        ca.IssueClientCertificate(new ClientCertificateRequest { PosId = posId, TerminalId = "t", KeyAlgorithm = LeafKeyAlgorithm.EcP256 });

    private async Task<string> Ask(OcspResponder responder, string issuing, string root, string leaf)
    {
        // openssl builds the request (with a nonce), we answer it, openssl checks signature, nonce and status.
        var request = Path.Combine(fixture.Directory, Guid.NewGuid().ToString("N") + ".req");
        OpenSsl.Succeed("ocsp", "-issuer", issuing, "-cert", leaf, "-reqout", request);
        var response = fixture.WriteFile("ocsp.resp", await responder.RespondAsync(await File.ReadAllBytesAsync(request)));

        // With -cert openssl would build a fresh request (new nonce), so the nonce echo is checked
        // against the saved request alone, then the per-certificate status with -cert.
        var nonceCheck = OpenSsl.Succeed("ocsp", "-reqin", request, "-respin", response, "-CAfile", root);
        Assert.Contains("Response verify OK", nonceCheck, StringComparison.Ordinal);
        var output = OpenSsl.Succeed("ocsp", "-issuer", issuing, "-cert", leaf, "-no_nonce", "-respin", response, "-CAfile", root);
        return output;
    }
}
