using System.Security.Cryptography;
using System.Text;

namespace Fleet.Pki;

/// <summary>
/// The 8-character POS connection codes of the pairing contract: six random characters and two
/// check characters, from a 32-character alphabet without look-alikes (no 0/O, 1/I/L).
/// </summary>
/// <remarks>
/// The check characters are an HMAC of the random part under a fleet secret, so a guess that Fleet
/// never generated is refused by arithmetic alone, without a grain activation or a storage read;
/// only 1 in 1,024 random guesses gets as far as looking the code up. An attacker who does not hold
/// the secret still has to find one of the live codes among 32^8 = 2^40 strings (the check
/// characters are not free to him), so the filter costs no guessing resistance. Thread-safe.
/// </remarks>
public sealed class SetupCodes
{
    /// <summary>The alphabet: digits 2–9 and the letters without I and O.</summary>
    public const string Alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

    /// <summary>Characters in a code, as the contract's screen shows them.</summary>
    public const int Length = 8;

    private const int RandomLength = 6;
    private const int MacIterations = 200_000;
    private readonly byte[] _key;

    /// <summary>Creates the code format for a 32-byte secret (see <see cref="DeriveKey"/>).</summary>
    public SetupCodes(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length < 16) throw new ArgumentException("The setup-code key must be at least 16 bytes.", nameof(key));
        _key = key.ToArray();
    }

    /// <summary>
    /// Derives the setup-code secret from the CA key passphrase, which every silo shares. PBKDF2
    /// keeps a weak configured passphrase from being recovered offline from observed codes.
    /// </summary>
    public static byte[] DeriveKey(string passphrase)
    {
        ArgumentException.ThrowIfNullOrEmpty(passphrase);
        return Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(passphrase),
            Encoding.UTF8.GetBytes("fleet:setup-code-check:v1"), MacIterations, HashAlgorithmName.SHA256, 32);
    }

    /// <summary>A fresh code from the CSPRNG.</summary>
    public string Generate()
    {
        Span<char> code = stackalloc char[Length];
        for (var i = 0; i < RandomLength; i++) code[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        Check(code[..RandomLength], code[RandomLength..]);
        return new string(code);
    }

    /// <summary>The code whose random part comes from <paramref name="entropy"/> (at least six
    /// uniformly random bytes; five bits of each are used, so every character is equally likely).</summary>
    public string FromEntropy(ReadOnlySpan<byte> entropy)
    {
        if (entropy.Length < RandomLength) throw new ArgumentException($"At least {RandomLength} bytes are needed.", nameof(entropy));
        Span<char> code = stackalloc char[Length];
        for (var i = 0; i < RandomLength; i++) code[i] = Alphabet[entropy[i] & 0x1F];
        Check(code[..RandomLength], code[RandomLength..]);
        return new string(code);
    }

    /// <summary>
    /// Normalises what a person typed (case, spaces, dashes) and tells whether it is a code Fleet
    /// could have generated. False means "certainly not a live code".
    /// </summary>
    public bool TryParse(string? input, out string code)
    {
        code = "";
        if (input is null || input.Length > 32) return false;
        Span<char> buffer = stackalloc char[Length];
        var n = 0;
        foreach (var c in input)
        {
            if (c is ' ' or '-') continue;
            var upper = char.ToUpperInvariant(c);
            if (n == Length || Alphabet.IndexOf(upper) < 0) return false;
            buffer[n++] = upper;
        }

        if (n != Length) return false;
        Span<char> expected = stackalloc char[Length - RandomLength];
        Check(buffer[..RandomLength], expected);
        // Both characters are compared whatever the first gives, so timing does not leak a partial match.
        if (((buffer[RandomLength] ^ expected[0]) | (buffer[RandomLength + 1] ^ expected[1])) != 0) return false;

        code = new string(buffer);
        return true;
    }

    private void Check(ReadOnlySpan<char> random, Span<char> destination)
    {
        Span<byte> mac = stackalloc byte[32];
        Span<byte> input = stackalloc byte[RandomLength];
        for (var i = 0; i < RandomLength; i++) input[i] = (byte)random[i];
        HMACSHA256.HashData(_key, input, mac);
        // Two characters of 5 bits each from the first 10 bits of the MAC.
        destination[0] = Alphabet[mac[0] >> 3];
        destination[1] = Alphabet[((mac[0] & 0x07) << 2) | (mac[1] >> 6)];
    }
}
