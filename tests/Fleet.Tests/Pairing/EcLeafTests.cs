using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Fleet.Tests.Infrastructure;

namespace Fleet.Tests.Pairing;

/// <summary>EC P-256 POS keys are a per-fleet option (<c>Fleet:Pairing:KeyAlgorithm=EcP256</c>):
/// same bundle order, an EC key, and the certificate works for mutual TLS.</summary>
public sealed class EcLeafTests
{
    [Fact]
    public async Task A_fleet_set_to_ec_p256_issues_ec_keys_in_the_same_bundle_shape()
    {
        await using var server = await FleetServer.StartAsync(new() { ["Fleet:Pairing:KeyAlgorithm"] = "EcP256" });
        var (_, terminal) = await server.CreateTerminalAsync();
        var code = (await server.GenerateCodeAsync(terminal))["code"]!.GetValue<string>();
        var response = await server.PairAsync(Unique.Id("pos"), code);
        var pem = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        Assert.StartsWith("-----BEGIN EC PRIVATE KEY-----", pem);
        var certificates = pem.Split("-----BEGIN CERTIFICATE-----").Length - 1;
        Assert.Equal(3, certificates);

        var leafPem = pem[pem.IndexOf("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal)..];
        using var leaf = X509Certificate2.CreateFromPem(leafPem);
        using var key = ECDsa.Create();
        key.ImportFromPem(pem);
        Assert.Equal(256, key.KeySize);
        using var withKey = leaf.CopyWithPrivateKey(key);
        using var certificate = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        Assert.Equal(HttpStatusCode.OK, (await server.TrySessionAsync(certificate))?.StatusCode);
    }
}
