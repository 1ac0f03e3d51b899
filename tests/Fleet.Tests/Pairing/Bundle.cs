using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;

namespace Fleet.Tests.Pairing;

/// <summary>The pairing answer split as a POS would: key, leaf, issuing CA, root.</summary>
internal sealed partial record Bundle(string Pem, string KeyPem, string LeafPem, string IssuingPem, string RootPem)
{
    [GeneratedRegex("-----BEGIN ([A-Z ]+)-----[^-]+-----END \\1-----\\n?")]
    private static partial Regex Block();

    public static Bundle Parse(string pem)
    {
        var blocks = Block().Matches(pem).Select(m => m.Value).ToArray();
        Assert.Equal(4, blocks.Length);
        Assert.StartsWith("-----BEGIN RSA PRIVATE KEY-----", blocks[0]);
        Assert.All(blocks[1..], b => Assert.StartsWith("-----BEGIN CERTIFICATE-----", b));
        Assert.Equal(pem.Length, blocks.Sum(b => b.Length));
        return new Bundle(pem, blocks[0], blocks[1], blocks[2], blocks[3]);
    }

    public X509Certificate2 Leaf => X509Certificate2.CreateFromPem(LeafPem);

    /// <summary>The leaf with its private key, ready to present for mutual TLS.</summary>
    public X509Certificate2 ClientCertificate()
    {
        using var ephemeral = X509Certificate2.CreateFromPem(LeafPem, KeyPem);
        // A PKCS#12 round trip gives the key a form every TLS backend accepts for client auth.
        return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>The URI SANs of the leaf (urn:fleet:pos:…, urn:fleet:terminal:…, urn:fleet:store:…).</summary>
    public string[] Uris => new Org.BouncyCastle.X509.X509CertificateParser().ReadCertificate(Leaf.RawData)
        .GetSubjectAlternativeNames()
        .Where(n => n[0] is int tag && tag == Org.BouncyCastle.Asn1.X509.GeneralName.UniformResourceIdentifier)
        .Select(n => (string)n[1])
        .ToArray();

    public string PosId => Uri.UnescapeDataString(Uris.Single(u => u.StartsWith("urn:fleet:pos:"))["urn:fleet:pos:".Length..]);

    public string StoreId => Uri.UnescapeDataString(Uris.Single(u => u.StartsWith("urn:fleet:store:"))["urn:fleet:store:".Length..]);

    /// <summary>The POS's Fleet id (store~posId): its address in REST URLs and audit targets.</summary>
    public string PosKey => Fleet.Pos.PosKey.Of(StoreId, PosId);

    /// <summary>Canonical serial: lower-case hex without leading zeros.</summary>
    public string Serial => Leaf.SerialNumber.TrimStart('0').ToLowerInvariant();
}
