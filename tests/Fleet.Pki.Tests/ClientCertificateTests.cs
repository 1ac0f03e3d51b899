using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Fleet.Pki;

namespace Fleet.Pki.Tests;

[Collection(CaCollection.Name)]
public sealed class ClientCertificateTests(CaFixture fixture)
{
    private static ClientCertificateRequest Request(LeafKeyAlgorithm algorithm, string? storeId = "store-7") => new()
    {
        PosId = "123",
        TerminalId = "T-0042",
        StoreId = storeId,
        KeyAlgorithm = algorithm,
    };

    [Fact]
    public void RsaBundleIsKeyLeafIssuingRootInThatOrder()
    {
        var issued = fixture.Ca.IssueClientCertificate(Request(LeafKeyAlgorithm.Rsa2048));

        var blocks = PemBlocks.Split(issued.PemBundle);
        Assert.Equal(["RSA PRIVATE KEY", "CERTIFICATE", "CERTIFICATE", "CERTIFICATE"], blocks.Select(b => b.Label));
        Assert.StartsWith("-----BEGIN RSA PRIVATE KEY-----\n", issued.PemBundle, StringComparison.Ordinal);
        Assert.Equal(issued.PrivateKeyPem.Trim(), blocks[0].Text);
        Assert.Equal(issued.LeafPem.Trim(), blocks[1].Text);
        Assert.Equal(fixture.Ca.IssuingCertificate.ExportCertificatePem(), blocks[2].Text);
        Assert.Equal(fixture.Ca.RootPem.Trim(), blocks[3].Text);
        Assert.Equal(issued.PrivateKeyPem + issued.LeafPem + fixture.Ca.ChainPem, issued.PemBundle);
    }

    [Fact]
    public void EcBundleUsesSec1PrivateKey()
    {
        var issued = fixture.Ca.IssueClientCertificate(Request(LeafKeyAlgorithm.EcP256));

        Assert.Equal(["EC PRIVATE KEY", "CERTIFICATE", "CERTIFICATE", "CERTIFICATE"], PemBlocks.Split(issued.PemBundle).Select(b => b.Label));
        using var cert = X509Certificate2.CreateFromPem(issued.LeafPem, issued.PrivateKeyPem);
        Assert.True(cert.HasPrivateKey);
        Assert.Equal("1.2.840.10045.2.1", cert.PublicKey.Oid.Value);
    }

    [Theory]
    [InlineData(LeafKeyAlgorithm.Rsa2048)]
    [InlineData(LeafKeyAlgorithm.EcP256)]
    public void LeafVerifiesWithOpenSsl(LeafKeyAlgorithm algorithm)
    {
        var issued = fixture.Ca.IssueClientCertificate(Request(algorithm));
        var root = fixture.WriteFile("root.pem", fixture.Ca.RootPem);
        var intermediate = fixture.WriteFile("issuing.pem", fixture.Ca.IssuingCertificate.ExportCertificatePem());
        var leaf = fixture.WriteFile("leaf.pem", issued.LeafPem);

        // -attime: openssl's clock is the real one, the certificates live on the fake one.
        var output = OpenSsl.Succeed("verify", "-attime", CaFixture.Start.ToUnixTimeSeconds().ToString(),
            "-purpose", "sslclient", "-CAfile", root, "-untrusted", intermediate, leaf);
        Assert.Contains(": OK", output, StringComparison.Ordinal);

        // The private key in the bundle is well formed and matches the leaf.
        var key = fixture.WriteFile("key.pem", issued.PrivateKeyPem);
        OpenSsl.Succeed(algorithm == LeafKeyAlgorithm.Rsa2048 ? "rsa" : "ec", "-in", key, "-check", "-noout");
        using var withKey = X509Certificate2.CreateFromPem(issued.LeafPem, issued.PrivateKeyPem);
        Assert.True(withKey.HasPrivateKey);
    }

    [Fact]
    public void WholeBundleVerifiesWithOpenSslAsThePosWouldReceiveIt()
    {
        // The POS gets one file; split it the way a client would and check the chain it implies.
        var blocks = PemBlocks.Split(fixture.Ca.IssueClientCertificate(Request(LeafKeyAlgorithm.Rsa2048)).PemBundle);
        var leaf = fixture.WriteFile("leaf.pem", blocks[1].Text + "\n");
        var intermediate = fixture.WriteFile("issuing.pem", blocks[2].Text + "\n");
        var root = fixture.WriteFile("root.pem", blocks[3].Text + "\n");

        OpenSsl.Succeed("verify", "-attime", CaFixture.Start.ToUnixTimeSeconds().ToString(), "-CAfile", root, "-untrusted", intermediate, leaf);
    }

    [Fact]
    public void LeafProfileHasSubjectSansUsagesAndKeyIdentifiers()
    {
        var issued = fixture.Ca.IssueClientCertificate(Request(LeafKeyAlgorithm.Rsa2048));
        using var cert = X509Certificate2.CreateFromPem(issued.LeafPem);

        // .NET prints RDNs last-first; the DER order is O, OU, CN (openssl shows "O = Fleet, OU = store-7, CN = pos:123").
        Assert.Equal("CN=pos:123, OU=store-7, O=Fleet", cert.Subject);
        Assert.Equal(fixture.Ca.IssuingCertificate.Subject, cert.Issuer);
        var eku = Assert.Single(cert.Extensions.OfType<X509EnhancedKeyUsageExtension>());
        Assert.Equal(["1.3.6.1.5.5.7.3.2"], eku.EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value));
        var usage = Assert.Single(cert.Extensions.OfType<X509KeyUsageExtension>());
        Assert.True(usage.Critical);
        Assert.Equal(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, usage.KeyUsages);
        var basic = Assert.Single(cert.Extensions.OfType<X509BasicConstraintsExtension>());
        Assert.False(basic.CertificateAuthority);
        var ski = Assert.Single(cert.Extensions.OfType<X509SubjectKeyIdentifierExtension>());
        Assert.NotNull(ski.SubjectKeyIdentifier);
        var aki = Assert.Single(cert.Extensions.OfType<X509AuthorityKeyIdentifierExtension>());
        var issuingSki = fixture.Ca.IssuingCertificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>().Single();
        Assert.Equal(Convert.FromHexString(issuingSki.SubjectKeyIdentifier!), aki.KeyIdentifier!.Value.ToArray());
        Assert.Equal(issued.NotBefore, new DateTimeOffset(cert.NotBefore.ToUniversalTime()));
        Assert.Equal(issued.NotAfter, new DateTimeOffset(cert.NotAfter.ToUniversalTime()));
        Assert.Equal(CaFixture.Start + ClientCertificateRequest.DefaultValidity, issued.NotAfter);
        Assert.True(issued.NotBefore <= CaFixture.Start);

        var text = OpenSsl.Succeed("x509", "-in", fixture.WriteFile("leaf.pem", issued.LeafPem), "-noout", "-text");
        Assert.Contains("URI:urn:fleet:pos:123", text, StringComparison.Ordinal);
        Assert.Contains("URI:urn:fleet:terminal:T-0042", text, StringComparison.Ordinal);
        Assert.Contains("URI:urn:fleet:store:store-7", text, StringComparison.Ordinal);
    }

    [Fact]
    public void EcLeafHasNoKeyEnciphermentUsage()
    {
        var issued = fixture.Ca.IssueClientCertificate(Request(LeafKeyAlgorithm.EcP256, storeId: null));
        using var cert = X509Certificate2.CreateFromPem(issued.LeafPem);

        Assert.Equal(X509KeyUsageFlags.DigitalSignature, cert.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages);
        Assert.Equal("CN=pos:123, O=Fleet", cert.Subject);
    }

    [Fact]
    public void SansParseBack()
    {
        var issued = fixture.Ca.IssueClientCertificate(Request(LeafKeyAlgorithm.EcP256));
        using var cert = X509Certificate2.CreateFromPem(issued.LeafPem);

        var info = fixture.Ca.ReadClientCertificate(cert);

        Assert.Equal(new ClientCertificateInfo("123", "T-0042", "store-7", issued.SerialNumber, issued.NotBefore, issued.NotAfter), info);
        Assert.Equal(issued.SerialNumber, SerialNumbers.Normalize(cert.SerialNumber));
    }

    [Fact]
    public void IdsWithReservedCharactersRoundTrip()
    {
        var issued = fixture.Ca.IssueClientCertificate(new ClientCertificateRequest
        {
            PosId = "kasse 1/Ü:#?",
            TerminalId = "term,=+42",
            StoreId = "Zürich, HB",
            KeyAlgorithm = LeafKeyAlgorithm.EcP256,
        });
        using var cert = X509Certificate2.CreateFromPem(issued.LeafPem);

        var info = fixture.Ca.ReadClientCertificate(cert)!;

        Assert.Equal("kasse 1/Ü:#?", info.PosId);
        Assert.Equal("term,=+42", info.TerminalId);
        Assert.Equal("Zürich, HB", info.StoreId);
        // The comma in the store id stayed inside OU instead of starting a new name component.
        Assert.Equal(3, cert.SubjectName.EnumerateRelativeDistinguishedNames().Count());
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("a\nb")]
    [InlineData("a\u0000b")]
    public void InvalidPosIdIsRejected(string posId)
    {
        Assert.Throws<ArgumentException>(() => fixture.Ca.IssueClientCertificate(new ClientCertificateRequest
        {
            PosId = posId,
            TerminalId = "T1",
            KeyAlgorithm = LeafKeyAlgorithm.EcP256,
        }));
    }

    [Fact]
    public void A_long_unicode_posId_round_trips_and_the_common_name_is_cut_at_a_character()
    {
        // Issue 14: a posId is user-defined text up to 128 characters (" padded" included: it is
        // printable); the SAN carries it whole, the CN (X.520: at most 64) a prefix of whole characters.
        var posId = " Kassa-ÅÄÖ " + string.Concat(Enumerable.Repeat("🧾", 25)) + new string('x', 80);
        var issued = fixture.Ca.IssueClientCertificate(new ClientCertificateRequest
        {
            PosId = posId,
            TerminalId = "T1",
            StoreId = "store-7",
            KeyAlgorithm = LeafKeyAlgorithm.EcP256,
        });
        using var cert = X509Certificate2.CreateFromPem(issued.LeafPem);

        Assert.Equal(posId, fixture.Ca.ReadClientCertificate(cert)!.PosId);
        var commonName = cert.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        Assert.True(commonName.Length <= 64, commonName);
        Assert.StartsWith(commonName, "pos:" + posId, StringComparison.Ordinal);
        Assert.False(char.IsHighSurrogate(commonName[^1]));
        Assert.Equal(63, commonName.Length); // "pos:" + 11 + 24 emoji of 2 UTF-16 units: 63; the 25th would end at 65
    }

    [Theory]
    [InlineData(513, 1, 1)]
    [InlineData(1, 1, 65)]
    public void IdsLongerThanTheirNameComponentAreRejected(int posLength, int terminalLength, int storeLength)
    {
        var request = new ClientCertificateRequest
        {
            PosId = new string('p', posLength),
            TerminalId = new string('t', terminalLength),
            StoreId = new string('s', storeLength),
            KeyAlgorithm = LeafKeyAlgorithm.EcP256,
        };
        Assert.NotNull(CertificateAuthority.CheckClientIdentity(request.PosId, request.TerminalId, request.StoreId));
        Assert.Throws<ArgumentException>(() => fixture.Ca.IssueClientCertificate(request));
    }

    [Fact]
    public void TerminalIdsAreBoundOnlyByTheFleetsRule()
    {
        // The terminal id is only in a percent-encoded URI SAN: no X.509 bound applies (issue 14:
        // a 64-character terminal id was accepted at creation, then refused here).
        var terminalId = new string('t', 64) + ":x." + new string('u', 100);
        var issued = fixture.Ca.IssueClientCertificate(new ClientCertificateRequest
        {
            PosId = new string('p', 60),
            TerminalId = terminalId,
            StoreId = new string('s', 64),
            KeyAlgorithm = LeafKeyAlgorithm.EcP256,
        });
        using var certificate = X509Certificate2.CreateFromPem(issued.LeafPem);
        var info = fixture.Ca.ReadClientCertificate(certificate)!;
        Assert.Equal(terminalId, info.TerminalId);
        Assert.Equal(new string('s', 64), info.StoreId);
        Assert.Null(CertificateAuthority.CheckClientIdentity(info.PosId, info.TerminalId, info.StoreId));
    }

    [Fact]
    public void ValidityIsCappedAtTheIssuingCertificate()
    {
        var issued = fixture.Ca.IssueClientCertificate(Request(LeafKeyAlgorithm.EcP256) with { Validity = TimeSpan.FromDays(20 * 365) });

        Assert.Equal(new DateTimeOffset(fixture.Ca.IssuingCertificate.NotAfter.ToUniversalTime()), issued.NotAfter);
    }

    [Fact]
    public void ToStringDoesNotLeakThePrivateKey()
    {
        var issued = fixture.Ca.IssueClientCertificate(Request(LeafKeyAlgorithm.EcP256));

        Assert.DoesNotContain("PRIVATE KEY", issued.ToString(), StringComparison.Ordinal);
        Assert.Contains(issued.SerialNumber, issued.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ReadClientCertificateReturnsNullForCertificatesWithoutFleetIdentity()
    {
        using var server = fixture.Ca.IssueServerCertificate(["fleet.local"], [], TimeSpan.FromDays(30));

        Assert.Null(fixture.Ca.ReadClientCertificate(server));
    }
}
