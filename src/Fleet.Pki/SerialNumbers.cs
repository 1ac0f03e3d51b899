using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Math;

namespace Fleet.Pki;

/// <summary>
/// Certificate serial numbers. The canonical text form used everywhere in Fleet (records, CRL
/// input, lookups) is the serial's integer value in lower-case hexadecimal without leading zeros
/// and without separators, e.g. <c>5f03a1…</c>.
/// </summary>
/// <remarks>
/// .NET's <c>X509Certificate2.SerialNumber</c> gives upper case with the DER sign byte ("00…"),
/// openssl prints upper case, some tools add colons; <see cref="Normalize"/> maps all of them to the
/// canonical form, so compare serials only after normalising.
/// </remarks>
public static class SerialNumbers
{
    /// <summary>Random bits in every new serial (CA/Browser Forum asks for at least 64; we use more).</summary>
    public const int RandomBits = 128;

    /// <summary>Normalises upper/lower-case, colon-, space- or dash-separated hex to the canonical form.</summary>
    /// <exception cref="FormatException">Not a hexadecimal serial.</exception>
    public static string Normalize(string serial)
    {
        ArgumentNullException.ThrowIfNull(serial);
        var builder = new StringBuilder(serial.Length);
        foreach (var c in serial.Trim())
        {
            if (c is ':' or ' ' or '-')
            {
                continue;
            }

            if (!char.IsAsciiHexDigit(c))
            {
                throw new FormatException($"'{serial}' is not a hexadecimal certificate serial number.");
            }

            // Skip leading zeros: they are DER sign padding or formatting, not part of the value.
            if (builder.Length == 0 && c == '0')
            {
                continue;
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        if (builder.Length == 0)
        {
            if (serial.Contains('0', StringComparison.Ordinal))
            {
                return "0";
            }

            throw new FormatException("A certificate serial number cannot be empty.");
        }

        return builder.ToString();
    }

    /// <summary>Canonical form of a BouncyCastle serial.</summary>
    internal static string ToCanonical(BigInteger serial) => serial.ToString(16).ToLowerInvariant();

    /// <summary>Parses a serial in any accepted form.</summary>
    internal static BigInteger Parse(string serial) => new(Normalize(serial), 16);

    /// <summary>
    /// A new serial: 17 bytes, the first fixed to 0x40–0x7F, the other 16 from the CSPRNG. That gives
    /// 134 random bits, a positive value whose DER encoding is always 17 octets (within RFC 5280's 20)
    /// and a canonical form that is always 34 hex digits long.
    /// </summary>
    internal static BigInteger NewRandom()
    {
        var bytes = RandomNumberGenerator.GetBytes(17);
        bytes[0] = (byte)(0x40 | (bytes[0] & 0x3F));
        return new BigInteger(1, bytes);
    }
}
