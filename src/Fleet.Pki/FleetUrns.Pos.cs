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

    /// <summary>Why a certificate cannot carry this posId, or null when it can.</summary>
    public static string? CheckPosId(string? posId)
    {
        if (string.IsNullOrWhiteSpace(posId)) return "'posId' is required.";
        if (posId.Length > MaxPosIdLength) return $"'posId' is longer than the {MaxPosIdLength} characters a certificate takes.";
        return posId.Any(char.IsControl) ? "'posId' contains control characters." : null;
    }

    /// <summary><c>pos:{posId}</c>, cut at a character boundary to X.520's 64 characters: the CN is for
    /// people reading the certificate; the SAN is what Fleet reads back.</summary>
    public static string PosCommonName(string posId) => CommonName("pos:" + posId);

    /// <summary><paramref name="name"/> cut at a character boundary to X.520's 64 characters.</summary>
    public static string CommonName(string name)
    {
        if (name.Length <= MaxCommonNameLength) return name;
        var info = new StringInfo(name);
        var cut = info.LengthInTextElements;
        while (cut > 0 && info.SubstringByTextElements(0, cut).Length > MaxCommonNameLength) cut--;
        return info.SubstringByTextElements(0, cut);
    }
}
