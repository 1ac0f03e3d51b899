using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;

namespace Fleet.Tests.Enrolment;

/// <summary>The enrolment answer split as a terminal would: EC key, its certificate, issuing CA, root.</summary>
internal sealed partial record TerminalBundle(string Pem, string KeyPem, string LeafPem, string IssuingPem, string RootPem)
{
    [GeneratedRegex("-----BEGIN ([A-Z ]+)-----[^-]+-----END \\1-----\\n?")]
    private static partial Regex Block();

    public static TerminalBundle Parse(string pem)
    {
        var blocks = Block().Matches(pem).Select(m => m.Value).ToArray();
        Assert.Equal(4, blocks.Length);
        Assert.StartsWith("-----BEGIN EC PRIVATE KEY-----", blocks[0]);
        Assert.All(blocks[1..], b => Assert.StartsWith("-----BEGIN CERTIFICATE-----", b));
        Assert.Equal(pem.Length, blocks.Sum(b => b.Length));
        return new TerminalBundle(pem, blocks[0], blocks[1], blocks[2], blocks[3]);
    }

    public X509Certificate2 Leaf => X509Certificate2.CreateFromPem(LeafPem);

    /// <summary>The leaf with its private key, ready to present for mutual TLS.</summary>
    public X509Certificate2 ClientCertificate()
    {
        using var ephemeral = X509Certificate2.CreateFromPem(LeafPem, KeyPem);
        return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>Canonical serial: lower-case hex without leading zeros.</summary>
    public string Serial => Leaf.SerialNumber.TrimStart('0').ToLowerInvariant();

    public string[] Uris => new Org.BouncyCastle.X509.X509CertificateParser().ReadCertificate(Leaf.RawData)
        .GetSubjectAlternativeNames()
        .Where(n => n[0] is int tag && tag == Org.BouncyCastle.Asn1.X509.GeneralName.UniformResourceIdentifier)
        .Select(n => (string)n[1])
        .ToArray();
}
