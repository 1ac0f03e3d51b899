using System.Security.Cryptography.X509Certificates;
using Fleet.Pki;

namespace Fleet.Pki.Tests;

[Collection(CaCollection.Name)]
public sealed class CrlTests(CaFixture fixture)
{
    private IssuedClientCertificate Issue(string posId) =>
        fixture.Ca.IssueClientCertificate(new ClientCertificateRequest { PosId = posId, TerminalId = "t", KeyAlgorithm = LeafKeyAlgorithm.EcP256 });

    [Fact]
    public void CrlVerifiesWithOpenSslAndListsSerialsWithReasons()
    {
        var compromised = Issue("a");
        var replaced = Issue("b");
        var plain = Issue("c");
        var revokedAt = CaFixture.Start.AddHours(1);

        var der = fixture.Ca.GenerateCrl(
            [
                new RevokedCertificate(compromised.SerialNumber.ToUpperInvariant(), revokedAt, RevocationReason.KeyCompromise),
                new RevokedCertificate(replaced.SerialNumber, revokedAt, RevocationReason.Superseded),
                new RevokedCertificate(plain.SerialNumber, revokedAt),
                new RevokedCertificate(plain.SerialNumber, revokedAt), // duplicates collapse
            ],
            crlNumber: 42,
            thisUpdate: CaFixture.Start.AddHours(2),
            nextUpdate: CaFixture.Start.AddDays(7));

        var issuing = fixture.WriteFile("issuing.pem", fixture.Ca.IssuingCertificate.ExportCertificatePem());
        var text = OpenSsl.Succeed("crl", "-inform", "DER", "-in", fixture.WriteFile("crl.der", der), "-CAfile", issuing, "-verify", "-noout", "-text");

        Assert.Contains("verify OK", text, StringComparison.Ordinal);
        Assert.Contains("CRL Number:", text, StringComparison.Ordinal);
        Assert.Contains("42", text, StringComparison.Ordinal);
        Assert.Contains("Authority Key Identifier", text, StringComparison.Ordinal);
        Assert.Contains("Issuer: O = Fleet, CN = Fleet Issuing CA 1", text, StringComparison.Ordinal);
        var entries = text.Split("Serial Number: ").Skip(1).ToList();
        Assert.Equal(3, entries.Count);
        Assert.Contains(entries, e => e.StartsWith(compromised.SerialNumber.ToUpperInvariant(), StringComparison.Ordinal) && e.Contains("Key Compromise", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.StartsWith(replaced.SerialNumber.ToUpperInvariant(), StringComparison.Ordinal) && e.Contains("Superseded", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.StartsWith(plain.SerialNumber.ToUpperInvariant(), StringComparison.Ordinal) && !e.Contains("Reason Code", StringComparison.Ordinal));
    }

    [Fact]
    public void OpenSslRejectsARevokedLeafAndAcceptsAnotherWithTheCrl()
    {
        var revoked = Issue("revoked");
        var good = Issue("good");
        var crl = CertificateAuthority.CrlToPem(fixture.Ca.GenerateCrl(
            [new RevokedCertificate(revoked.SerialNumber, CaFixture.Start, RevocationReason.CessationOfOperation)],
            crlNumber: 1, thisUpdate: CaFixture.Start, nextUpdate: CaFixture.Start.AddDays(1)));

        Assert.StartsWith("-----BEGIN X509 CRL-----\n", crl, StringComparison.Ordinal);
        Assert.EndsWith("-----END X509 CRL-----\n", crl, StringComparison.Ordinal);
        var chain = fixture.WriteFile("chain.pem", fixture.Ca.ChainPem);
        var crlFile = fixture.WriteFile("crl.pem", crl);
        var attime = CaFixture.Start.AddHours(1).ToUnixTimeSeconds().ToString();

        var (code, output) = OpenSsl.Run("verify", "-attime", attime, "-crl_check", "-CAfile", chain, "-CRLfile", crlFile,
            fixture.WriteFile("revoked.pem", revoked.LeafPem));
        Assert.NotEqual(0, code);
        Assert.Contains("certificate revoked", output, StringComparison.Ordinal);

        OpenSsl.Succeed("verify", "-attime", attime, "-crl_check", "-CAfile", chain, "-CRLfile", crlFile,
            fixture.WriteFile("good.pem", good.LeafPem));
    }

    [Fact]
    public void LargeCrlListsEveryEntryOnceAndVerifies()
    {
        // 20,000 entries: lengths far past the short DER forms, serials with and without the high bit set.
        var serials = Enumerable.Range(0, 20_000)
            .Select(i => Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(17)).ToLowerInvariant().TrimStart('0'))
            .Where(s => s.Length > 0).Distinct().ToArray();
        var der = fixture.Ca.GenerateCrl(
            serials.Select((s, i) => new RevokedCertificate(s, CaFixture.Start.AddSeconds(i), (RevocationReason)(i % 2))),
            crlNumber: 123_456_789_012, thisUpdate: CaFixture.Start.AddDays(1), nextUpdate: CaFixture.Start.AddDays(8));

        var crl = new Org.BouncyCastle.X509.X509CrlParser().ReadCrl(der);
        crl.Verify(new Org.BouncyCastle.X509.X509CertificateParser().ReadCertificate(fixture.Ca.IssuingCertificate.RawData).GetPublicKey());
        var listed = crl.GetRevokedCertificates().ToDictionary(e => e.SerialNumber.ToString(16));
        Assert.Equal(serials.Length, listed.Count);
        Assert.All(serials.Select((s, i) => (s, i)), x =>
        {
            var entry = listed[x.s];
            Assert.Equal(CaFixture.Start.AddSeconds(x.i).UtcDateTime, entry.RevocationDate);
            Assert.Equal(x.i % 2 == 1, entry.HasExtensions);
        });
        Assert.Equal(CaFixture.Start.AddDays(8).UtcDateTime, crl.NextUpdate!.Value);
    }

    [Fact]
    public void EmptyCrlIsValid()
    {
        var der = fixture.Ca.GenerateCrl([], 7, CaFixture.Start, CaFixture.Start.AddDays(1));

        var issuing = fixture.WriteFile("issuing.pem", fixture.Ca.IssuingCertificate.ExportCertificatePem());
        var text = OpenSsl.Succeed("crl", "-inform", "DER", "-in", fixture.WriteFile("empty.der", der), "-CAfile", issuing, "-verify", "-noout", "-text");
        Assert.Contains("No Revoked Certificates", text, StringComparison.Ordinal);
    }

    [Fact]
    public void NextUpdateMustFollowThisUpdate()
    {
        Assert.Throws<ArgumentException>(() => fixture.Ca.GenerateCrl([], 1, CaFixture.Start, CaFixture.Start));
    }

    [Fact]
    public void MalformedSerialIsRejected()
    {
        Assert.Throws<FormatException>(() => fixture.Ca.GenerateCrl(
            [new RevokedCertificate("not-hex", CaFixture.Start)], 1, CaFixture.Start, CaFixture.Start.AddDays(1)));
    }
}
