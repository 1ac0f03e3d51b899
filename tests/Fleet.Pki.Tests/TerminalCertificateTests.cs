using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Fleet.Pki;

namespace Fleet.Pki.Tests;

/// <summary>An enrolled terminal's own certificate: EC, its own purpose and URN, readable as a
/// terminal and never as a POS (and a POS certificate never as a terminal).</summary>
[Collection(CaCollection.Name)]
public sealed class TerminalCertificateTests(CaFixture fixture)
{
    private static X509Certificate2 WithKey(IssuedClientCertificate issued)
    {
        using var ephemeral = X509Certificate2.CreateFromPem(issued.LeafPem, issued.PrivateKeyPem);
        return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
    }

    [Fact]
    public void A_terminal_certificate_is_ec_with_the_terminal_purpose_and_reads_back_as_that_terminal_only()
    {
        var issued = fixture.Ca.IssueTerminalCertificate(new TerminalCertificateRequest { TerminalId = "T-0042", StoreId = "store-7" });

        Assert.Equal(["EC PRIVATE KEY", "CERTIFICATE", "CERTIFICATE", "CERTIFICATE"], PemBlocks.Split(issued.PemBundle).Select(b => b.Label));
        Assert.Equal(issued.PrivateKeyPem + issued.LeafPem + fixture.Ca.ChainPem, issued.PemBundle);
        using var certificate = WithKey(issued);
        Assert.Equal("1.2.840.10045.2.1", certificate.PublicKey.Oid.Value);
        Assert.Equal(CaFixture.Start + TimeSpan.FromDays(30), certificate.NotAfter.ToUniversalTime());
        Assert.Equal("CN=terminal:T-0042, OU=store-7, O=Fleet", certificate.Subject);
        var purposes = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value);
        Assert.Equal([FleetKeyPurposes.ClientAuth, FleetKeyPurposes.Terminal], purposes);

        Assert.True(fixture.Ca.VerifyChain(certificate, out var error), error);
        var read = fixture.Ca.ReadTerminalCertificate(certificate);
        Assert.NotNull(read);
        Assert.Equal(("T-0042", "store-7", issued.SerialNumber), (read.TerminalId, read.StoreId, read.SerialNumber));
        Assert.Null(fixture.Ca.ReadClientCertificate(certificate));
    }

    [Fact]
    public void A_pos_certificate_is_never_read_as_a_terminal()
    {
        var pos = fixture.Ca.IssueClientCertificate(new ClientCertificateRequest
        {
            PosId = "123", TerminalId = "T-0042", StoreId = "store-7", KeyAlgorithm = LeafKeyAlgorithm.EcP256,
        });
        using var certificate = WithKey(pos);
        Assert.NotNull(fixture.Ca.ReadClientCertificate(certificate));
        Assert.Null(fixture.Ca.ReadTerminalCertificate(certificate));
    }

    [Fact]
    public void A_long_terminal_id_is_cut_in_the_common_name_only()
    {
        var id = new string('t', 64);
        var issued = fixture.Ca.IssueTerminalCertificate(new TerminalCertificateRequest { TerminalId = id, StoreId = "s" });
        using var certificate = WithKey(issued);
        Assert.Equal(64, certificate.GetNameInfo(X509NameType.SimpleName, false).Length);
        Assert.Equal(id, fixture.Ca.ReadTerminalCertificate(certificate)!.TerminalId);
        Assert.Throws<ArgumentException>(() => fixture.Ca.IssueTerminalCertificate(new TerminalCertificateRequest { TerminalId = "T1", StoreId = " " }));
    }
}
