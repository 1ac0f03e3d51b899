using System.Security.Cryptography;

namespace Fleet.Pki;

/// <summary>PEM text helpers; every block ends with a newline so blocks concatenate into a valid bundle.</summary>
internal static class Pem
{
    public static string Encode(string label, ReadOnlySpan<byte> der) => PemEncoding.WriteString(label, der) + "\n";

    public static string Certificate(ReadOnlySpan<byte> der) => Encode("CERTIFICATE", der);

    public static string EndWithNewline(string pem) => pem.EndsWith('\n') ? pem : pem + "\n";

    /// <summary>Reads the first block labelled <paramref name="label"/>.</summary>
    public static byte[] Decode(string pem, string label)
    {
        var text = pem.AsSpan();
        while (PemEncoding.TryFind(text, out var fields))
        {
            if (text[fields.Label].SequenceEqual(label))
            {
                return Convert.FromBase64String(text[fields.Base64Data].ToString());
            }

            text = text[fields.Location.End.Value..];
        }

        throw new CryptographicException($"No PEM block labelled '{label}' found.");
    }
}
