using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Fleet.Cluster.Tests.Support;

namespace Fleet.Cluster.Tests.Processes;

/// <summary>A POS paired through one silo is refused at the TLS handshake by every silo as soon as
/// its certificate is revoked through another: revocation lives in grains, not in a process. An
/// issuing-CA rotation through one silo reaches the others too.</summary>
public sealed class CrossSiloRevocationTests
{
    [Fact]
    public async Task A_certificate_revoked_through_one_silo_is_refused_by_both()
    {
        await using var schema = await IsolatedSchema.CreateAsync();
        var clusterId = "revoke-" + Guid.NewGuid().ToString("N")[..8];
        await using var a = FleetProcess.Start("silo-a", schema.ConnectionString, clusterId);
        await using var b = FleetProcess.Start("silo-b", schema.ConnectionString, clusterId);
        await Task.WhenAll(a.WaitUntilReadyAsync(TimeSpan.FromSeconds(90)), b.WaitUntilReadyAsync(TimeSpan.FromSeconds(90)));

        using var apiA = a.Client();
        using var apiB = b.Client();
        var store = "store-" + clusterId;
        (await apiA.PutAsJsonAsync($"/api/v1/stores/{store}", new { name = "S", timeZone = "UTC" })).EnsureSuccessStatusCode();
        (await apiA.PutAsJsonAsync($"/api/v1/terminals/{store}-t", new { kind = "android", serialNumber = "1", storeId = store })).EnsureSuccessStatusCode();
        var code = JsonNode.Parse(await (await apiB.PostAsync($"/api/v1/terminals/{store}-t/setup-code", null)).Content.ReadAsStringAsync())!
            ["code"]!.GetValue<string>();

        using var pairing = a.DeviceClient();
        var pair = await pairing.PostAsJsonAsync("/", new { posId = store + "-pos", setupCode = code });
        Assert.Equal(HttpStatusCode.OK, pair.StatusCode);
        var certificate = ClientCertificate(await pair.Content.ReadAsStringAsync());

        foreach (var silo in new[] { a, b })
        {
            using var device = silo.DeviceClient(certificate);
            Assert.Equal(HttpStatusCode.OK, (await device.GetAsync("/session")).StatusCode);
        }

        var serial = certificate.SerialNumber.ToLowerInvariant().TrimStart('0');
        (await apiB.PostAsJsonAsync($"/api/v1/certificates/{serial}/revoke", new { reason = "keyCompromise" })).EnsureSuccessStatusCode();

        foreach (var silo in new[] { a, b })
        {
            using var device = silo.DeviceClient(certificate);
            await Assert.ThrowsAsync<HttpRequestException>(() => device.GetAsync("/session"));
        }

        // An issuing-CA rotation through B reaches A without a restart.
        (await apiB.PostAsync("/api/v1/ca/rotate-issuing", null)).EnsureSuccessStatusCode();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        int generation;
        do
        {
            generation = JsonNode.Parse(await apiA.GetStringAsync("/api/v1/ca"))!["generation"]!.GetValue<int>();
            if (generation == 2) break;
            await Task.Delay(500);
        } while (DateTime.UtcNow < deadline);
        Assert.Equal(2, generation);
    }

    private static X509Certificate2 ClientCertificate(string pem)
    {
        var leaf = X509Certificate2.CreateFromPem(pem[pem.IndexOf("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal)..]);
        using var key = RSA.Create();
        key.ImportFromPem(pem);
        using var withKey = leaf.CopyWithPrivateKey(key);
        // SslStream on Linux wants a certificate whose key it can use outside this RSA object's life.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }
}
