using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Fleet.Pki;
using Microsoft.Extensions.Time.Testing;

namespace Fleet.Pki.Tests;

[Collection(CaCollection.Name)]
public sealed class RsaKeyPoolTests(CaFixture fixture)
{
    [Fact]
    public async Task FillsInTheBackgroundAndHandsOutDistinct2048BitKeys()
    {
        using var pool = new RsaKeyPool(capacity: 2, maxConcurrency: 2);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await pool.WaitUntilFullAsync(timeout.Token);
        Assert.Equal(2, pool.Available);

        using var first = pool.Take();
        using var second = pool.Take();

        Assert.Equal(2048, first.KeySize);
        Assert.NotEqual(first.ExportParameters(false).Modulus, second.ExportParameters(false).Modulus);
        Assert.InRange(pool.Available, 0, 2);
        await pool.WaitUntilFullAsync(timeout.Token); // refilled after being emptied
    }

    [Fact]
    public async Task A_pool_told_to_wait_fills_once_started()
    {
        using var pool = new RsaKeyPool(capacity: 1, maxConcurrency: 1, fillNow: false);
        pool.StartFilling();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await pool.WaitUntilFullAsync(timeout.Token);
        Assert.Equal(1, pool.Available);
    }

    [Fact]
    public async Task ConcurrentWorkersNeverOvershootTheCapacity()
    {
        // As many workers as slots: each claims a slot before generating, so none makes a key too many.
        using var pool = new RsaKeyPool(capacity: 3, maxConcurrency: 3);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await pool.WaitUntilFullAsync(timeout.Token);
        using (pool.Take()) { }
        await pool.WaitUntilFullAsync(timeout.Token);
        await Task.Delay(500); // any straggler would have landed by now
        Assert.Equal(3, pool.Available);
    }

    [Fact]
    public void TakeFromAnEmptyPoolGeneratesInline()
    {
        using var pool = new RsaKeyPool(capacity: 1, maxConcurrency: 1);

        // Taking more than the pool can hold must still succeed immediately with a fresh key.
        using var a = pool.Take();
        using var b = pool.Take();
        Assert.Equal(2048, b.KeySize);
    }

    [Fact]
    public void DisposedPoolRefusesToHandOutKeys()
    {
        var pool = new RsaKeyPool(capacity: 1, maxConcurrency: 1);
        pool.Dispose();

        Assert.Throws<ObjectDisposedException>(() => pool.Take());
    }

    [Fact]
    public async Task CaUsesThePoolForRsaLeaves()
    {
        using var pool = new RsaKeyPool(capacity: 1, maxConcurrency: 1);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await pool.WaitUntilFullAsync(timeout.Token);
        using var ca = new CertificateAuthority(fixture.Material, fixture.Protector, new FakeTimeProvider(CaFixture.Start), rsaKeyPool: pool);

        var issued = ca.IssueClientCertificate(new ClientCertificateRequest { PosId = "p", TerminalId = "t" });

        Assert.StartsWith("-----BEGIN RSA PRIVATE KEY-----", issued.PrivateKeyPem, StringComparison.Ordinal);
        using var cert = X509Certificate2.CreateFromPem(issued.LeafPem, issued.PrivateKeyPem);
        Assert.Equal(2048, cert.GetRSAPublicKey()!.KeySize);
        Assert.True(ca.VerifyChain(cert, out var error), error);
    }
}
