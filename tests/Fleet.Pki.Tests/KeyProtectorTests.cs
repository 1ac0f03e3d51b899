using System.Security.Cryptography;
using System.Text;
using Fleet.Pki;

namespace Fleet.Pki.Tests;

public sealed class KeyProtectorTests
{
    // The minimum count keeps these tests quick; the default count is exercised by the CA fixture.
    private readonly KeyProtector _protector = new("secret", KeyProtector.MinimumIterations);

    [Fact]
    public void RoundTripsWithFreshSaltAndNonceEachTime()
    {
        var plaintext = Encoding.UTF8.GetBytes("a private key, pretend");

        var first = _protector.Protect(plaintext);
        var second = _protector.Protect(plaintext);

        Assert.NotEqual(first, second);
        Assert.NotEqual(first.AsSpan(5, 16).ToArray(), second.AsSpan(5, 16).ToArray()); // salts differ
        Assert.Equal(plaintext, _protector.Unprotect(first));
        Assert.Equal(plaintext, new KeyProtector("secret").Unprotect(second)); // iterations travel in the blob
    }

    [Fact]
    public void WrongPassphraseThrowsCryptographicException()
    {
        var blob = _protector.Protect([1, 2, 3]);

        var ex = Assert.ThrowsAny<CryptographicException>(() => new KeyProtector("other", KeyProtector.MinimumIterations).Unprotect(blob));
        Assert.Contains("passphrase is wrong", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]  // version
    [InlineData(4)]  // iterations
    [InlineData(10)] // salt
    [InlineData(25)] // nonce
    [InlineData(40)] // tag
    [InlineData(60)] // ciphertext
    public void TamperingAnywhereIsDetected(int index)
    {
        var blob = _protector.Protect(new byte[32]);
        blob[index] ^= 0x01;

        Assert.ThrowsAny<CryptographicException>(() => _protector.Unprotect(blob));
    }

    [Fact]
    public void TruncatedBlobIsRejected()
    {
        Assert.ThrowsAny<CryptographicException>(() => _protector.Unprotect(new byte[10]));
    }

    [Fact]
    public void TooFewIterationsAreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new KeyProtector("x", 1_000));
    }
}
