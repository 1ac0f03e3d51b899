using System.Security.Cryptography.X509Certificates;
using Fleet.Pki;

namespace Fleet.Pki.Tests;

[Collection(CaCollection.Name)]
public sealed class SerialNumberTests(CaFixture fixture)
{
    [Fact]
    public void SerialsAreUniqueRandomAndCanonicalAcrossAThousandIssues()
    {
        var serials = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 1_000; i++)
        {
            var issued = fixture.Ca.IssueClientCertificate(new ClientCertificateRequest
            {
                PosId = "pos-" + i,
                TerminalId = "T1",
                KeyAlgorithm = LeafKeyAlgorithm.EcP256,
            });
            Assert.Matches("^[4-7][0-9a-f]{33}$", issued.SerialNumber);
            Assert.True(serials.Add(issued.SerialNumber), $"duplicate serial {issued.SerialNumber}");
            if (i % 100 == 0)
            {
                using var cert = X509Certificate2.CreateFromPem(issued.LeafPem);
                Assert.Equal(issued.SerialNumber, SerialNumbers.Normalize(cert.SerialNumber));
            }
        }

        // 134 random bits: the top bits vary beyond the fixed prefix, so nothing is a counter.
        Assert.True(serials.Select(s => s[..4]).Distinct().Count() > 100);
    }

    [Theory]
    [InlineData("5F03A1BC", "5f03a1bc")]
    [InlineData("5f:03:a1:bc", "5f03a1bc")]
    [InlineData("00 5F 03 A1 BC", "5f03a1bc")]
    [InlineData("00:ff", "ff")]
    [InlineData("0", "0")]
    [InlineData("000", "0")]
    [InlineData(" 0a-0b ", "a0b")]
    public void NormalizeAcceptsCommonForms(string input, string expected)
    {
        Assert.Equal(expected, SerialNumbers.Normalize(input));
    }

    [Theory]
    [InlineData("")]
    [InlineData("::")]
    [InlineData("xyz")]
    [InlineData("12g4")]
    public void NormalizeRejectsNonHex(string input)
    {
        Assert.Throws<FormatException>(() => SerialNumbers.Normalize(input));
    }
}
