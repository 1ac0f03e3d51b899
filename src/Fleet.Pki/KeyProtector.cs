using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Fleet.Pki;

/// <summary>
/// Encrypts private keys at rest with AES-256-GCM under a key derived from a passphrase
/// (PBKDF2-HMAC-SHA256, random salt per blob).
/// </summary>
/// <remarks>
/// Blob layout (version 1), all integers big-endian:
/// <c>version(1) | iterations(4) | salt(16) | nonce(12) | tag(16) | ciphertext(n)</c>.
/// The header (version, iterations, salt) is bound as associated data, so editing it breaks the tag
/// instead of silently changing how the key is derived. Derived keys are cached per
/// (salt, iterations) because PBKDF2 is deliberately slow and the same blobs are opened at every start.
/// Thread-safe.
/// </remarks>
public sealed class KeyProtector
{
    /// <summary>PBKDF2 iterations for new blobs (OWASP 2023 guidance for PBKDF2-HMAC-SHA256).</summary>
    public const int DefaultIterations = 600_000;

    /// <summary>Lowest iteration count accepted, both for new blobs and when reading one.</summary>
    public const int MinimumIterations = 10_000;

    private const byte Version1 = 1;
    private const int SaltSize = 16;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int KeySize = 32;
    private const int HeaderSize = 1 + 4 + SaltSize;
    private const int Overhead = HeaderSize + NonceSize + TagSize;

    // Bounded only by the number of distinct blobs opened; a CA has a handful.
    private readonly ConcurrentDictionary<string, byte[]> _derivedKeys = new(StringComparer.Ordinal);
    private readonly byte[] _passphrase;
    private readonly int _iterations;

    /// <summary>Creates a protector for <paramref name="passphrase"/>.</summary>
    /// <param name="passphrase">The secret; typically from <see cref="PassphraseFile.LoadOrCreate"/>.</param>
    /// <param name="iterations">PBKDF2 iterations for blobs this instance creates; reading honours the blob's own count.</param>
    public KeyProtector(string passphrase, int iterations = DefaultIterations)
    {
        ArgumentException.ThrowIfNullOrEmpty(passphrase);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, MinimumIterations);
        _passphrase = Encoding.UTF8.GetBytes(passphrase);
        _iterations = iterations;
    }

    /// <summary>Encrypts <paramref name="plaintext"/> into a self-describing blob.</summary>
    public byte[] Protect(byte[] plaintext)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        var blob = new byte[Overhead + plaintext.Length];
        var span = blob.AsSpan();
        span[0] = Version1;
        BinaryPrimitives.WriteInt32BigEndian(span.Slice(1, 4), _iterations);
        var salt = span.Slice(5, SaltSize);
        RandomNumberGenerator.Fill(salt);
        var nonce = span.Slice(HeaderSize, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        var tag = span.Slice(HeaderSize + NonceSize, TagSize);
        var ciphertext = span.Slice(Overhead);

        using var aes = new AesGcm(DeriveKey(salt, _iterations), TagSize);
        aes.Encrypt(nonce, plaintext, ciphertext, tag, span[..HeaderSize]);
        return blob;
    }

    /// <summary>Decrypts a blob made by <see cref="Protect"/>.</summary>
    /// <exception cref="CryptographicException">The passphrase is wrong, or the blob is corrupt or of an unknown version.</exception>
    public byte[] Unprotect(byte[] blob)
    {
        ArgumentNullException.ThrowIfNull(blob);
        if (blob.Length < Overhead)
        {
            throw new CryptographicException("The protected key blob is too short to be valid.");
        }

        var span = blob.AsSpan();
        if (span[0] != Version1)
        {
            throw new CryptographicException($"The protected key blob has unknown format version {span[0]}.");
        }

        var iterations = BinaryPrimitives.ReadInt32BigEndian(span.Slice(1, 4));
        if (iterations < MinimumIterations)
        {
            throw new CryptographicException($"The protected key blob claims {iterations} PBKDF2 iterations, below the minimum {MinimumIterations}.");
        }

        var salt = span.Slice(5, SaltSize);
        var nonce = span.Slice(HeaderSize, NonceSize);
        var tag = span.Slice(HeaderSize + NonceSize, TagSize);
        var ciphertext = span.Slice(Overhead);
        var plaintext = new byte[ciphertext.Length];

        using var aes = new AesGcm(DeriveKey(salt, iterations), TagSize);
        try
        {
            aes.Decrypt(nonce, ciphertext, tag, plaintext, span[..HeaderSize]);
        }
        catch (CryptographicException ex)
        {
            throw new CryptographicException(
                "Cannot decrypt the protected private key: the passphrase is wrong or the stored key is corrupt.", ex);
        }

        return plaintext;
    }

    private byte[] DeriveKey(ReadOnlySpan<byte> salt, int iterations)
    {
        var cacheKey = Convert.ToBase64String(salt) + ":" + iterations.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (_derivedKeys.TryGetValue(cacheKey, out var cached))
        {
            return cached;
        }

        var key = Rfc2898DeriveBytes.Pbkdf2(_passphrase, salt, iterations, HashAlgorithmName.SHA256, KeySize);
        return _derivedKeys.GetOrAdd(cacheKey, key);
    }
}
