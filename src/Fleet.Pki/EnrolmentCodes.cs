using System.Security.Cryptography;
using System.Text;

namespace Fleet.Pki;

/// <summary>
/// One-time terminal enrolment codes: 16 characters from the setup codes' alphabet (80 random bits),
/// shown in groups of four (<c>7KQ2-M9XD-4TPA-HN3W</c>). Fleet stores only a keyed hash of a code
/// together with its terminal id, never the code: someone who reads the database cannot enrol a
/// terminal, and cannot test guesses offline without the key.
/// </summary>
/// <remarks>
/// A code is redeemed with its terminal id, so a guess has to hit one terminal's one live code:
/// 2^80 possibilities, out of reach of any online guessing. Thread-safe.
/// </remarks>
public sealed class EnrolmentCodes
{
    /// <summary>Characters in a code, without the group separators.</summary>
    public const int Length = 16;

    private const int GroupLength = 4;
    private const int MacIterations = 200_000;
    private readonly byte[] _key;

    /// <summary>Creates the code hasher for a secret of at least 16 bytes (see <see cref="DeriveKey"/>).</summary>
    public EnrolmentCodes(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length < 16) throw new ArgumentException("The enrolment-code key must be at least 16 bytes.", nameof(key));
        _key = key.ToArray();
    }

    /// <summary>
    /// Derives the hashing key from the CA key passphrase, which every silo shares, so every silo
    /// hashes a code alike. Its own label keeps it apart from the setup-code secret.
    /// </summary>
    public static byte[] DeriveKey(string passphrase)
    {
        ArgumentException.ThrowIfNullOrEmpty(passphrase);
        return Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(passphrase),
            Encoding.UTF8.GetBytes("fleet:enrolment-code:v1"), MacIterations, HashAlgorithmName.SHA256, 32);
    }

    /// <summary>A fresh code from the CSPRNG, in groups of four for people to read out.</summary>
    public string Generate()
    {
        var code = new StringBuilder(Length + Length / GroupLength - 1);
        for (var i = 0; i < Length; i++)
        {
            if (i > 0 && i % GroupLength == 0) code.Append('-');
            code.Append(SetupCodes.Alphabet[RandomNumberGenerator.GetInt32(SetupCodes.Alphabet.Length)]);
        }
        return code.ToString();
    }

    /// <summary>
    /// Normalises what was typed (case, spaces, dashes) to the 16 characters, or false when the input
    /// cannot be a code at all.
    /// </summary>
    public static bool TryNormalize(string? input, out string code)
    {
        code = "";
        if (input is null || input.Length > 64) return false;
        Span<char> buffer = stackalloc char[Length];
        var n = 0;
        foreach (var c in input)
        {
            if (c is ' ' or '-') continue;
            var upper = char.ToUpperInvariant(c);
            if (n == Length || SetupCodes.Alphabet.IndexOf(upper) < 0) return false;
            buffer[n++] = upper;
        }

        if (n != Length) return false;
        code = new string(buffer);
        return true;
    }

    /// <summary>
    /// The keyed hash stored for <paramref name="code"/> (normalised or as generated) issued to
    /// <paramref name="terminalId"/>: HMAC-SHA256 over both, so a code is bound to its terminal.
    /// </summary>
    public byte[] Hash(string terminalId, string code)
    {
        ArgumentNullException.ThrowIfNull(terminalId);
        if (!TryNormalize(code, out var normalized)) throw new ArgumentException("Not an enrolment code.", nameof(code));
        // The terminal id is length-prefixed, so no (id, code) pair can be read as another.
        var id = Encoding.UTF8.GetBytes(terminalId);
        var input = new byte[4 + id.Length + Length];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(input, id.Length);
        id.CopyTo(input, 4);
        Encoding.ASCII.GetBytes(normalized, input.AsSpan(4 + id.Length));
        return HMACSHA256.HashData(_key, input);
    }
}
