using System.Security.Cryptography;

namespace Fleet.Server.Licences;

/// <summary>Production numbers are generated: 12 characters of Crockford base32 (digits and
/// upper-case letters without I, L, O, U), 60 random bits. Easy to read out over the phone, and
/// at a million cash registers a collision is a one-in-a-billion event the grain refuses anyway.</summary>
public static class ProductionNumbers
{
    public const int Length = 12;
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string Generate()
    {
        Span<byte> random = stackalloc byte[Length];
        RandomNumberGenerator.Fill(random);
        Span<char> text = stackalloc char[Length];
        for (var i = 0; i < Length; i++) text[i] = Alphabet[random[i] & 31];
        return new string(text);
    }

    public static bool IsValid(string? text) =>
        text is { Length: Length } && text.All(c => Alphabet.Contains(c));
}
