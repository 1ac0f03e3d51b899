using System.Globalization;

namespace Fleet.Pki;

/// <summary>
/// The POS part of a certificate's identity. A posId is user-defined text (up to 128 characters of
/// any script, spaces and '/' included): the <c>urn:fleet:pos:</c> SAN carries it percent-encoded as
/// UTF-8, so it round-trips exactly and stays ASCII (IA5String); together with
/// <c>urn:fleet:store:</c> it names the POS, because a posId is unique only within its store.
/// </summary>
internal static partial class FleetUrns
{
    /// <summary>A generous bound in UTF-16 units (the host allows 128 code points): the CA refuses
    /// nothing a host accepted, and still no unbounded text goes into a certificate.</summary>
    public const int MaxPosIdLength = 512;

    /// <summary>X.520 ub-common-name.</summary>
    private const int MaxCommonNameLength = 64;

    public static void ValidatePosId(string? posId, string parameterName)
    {
        if (string.IsNullOrWhiteSpace(posId)) throw new ArgumentException("The posId is required.", parameterName);
        if (posId.Length > MaxPosIdLength)
            throw new ArgumentException($"The posId is longer than {MaxPosIdLength} characters.", parameterName);
        if (posId.Any(char.IsControl)) throw new ArgumentException("The posId contains control characters.", parameterName);
    }

    /// <summary><c>pos:{posId}</c>, cut at a character boundary to X.520's 64 characters: the CN is for
    /// people reading the certificate; the SAN is what Fleet reads back.</summary>
    public static string PosCommonName(string posId)
    {
        var name = "pos:" + posId;
        if (name.Length <= MaxCommonNameLength) return name;
        var info = new StringInfo(name);
        var cut = info.LengthInTextElements;
        while (cut > 0 && info.SubstringByTextElements(0, cut).Length > MaxCommonNameLength) cut--;
        return info.SubstringByTextElements(0, cut);
    }
}
