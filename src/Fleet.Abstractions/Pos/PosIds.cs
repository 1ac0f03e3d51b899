using System.Globalization;
using System.Text;
using Fleet.Common;

namespace Fleet.Pos;

/// <summary>
/// What a posId may be. The acceptance app's contract (seeds 000–002) calls it "a unique,
/// user-defined ID for the POS system", so Fleet takes what real POS software sends ("1",
/// "POS 1", "Kasse/1", a GUID in braces, "Kassa-ÅÄÖ"): any printable Unicode text of at most
/// <see cref="MaxLength"/> characters, kept in Unicode normalisation form C so that one name typed
/// on two keyboards is one POS. It is unique within its store, not across the fleet.
/// </summary>
public static class PosIds
{
    /// <summary>At most this many characters (Unicode code points, after NFC).</summary>
    public const int MaxLength = 128;

    /// <summary>The posId as Fleet keeps it (NFC), or an error naming <paramref name="field"/>.</summary>
    public static (string? PosId, FieldError? Error) Normalize(string field, string? raw)
    {
        if (string.IsNullOrEmpty(raw)) return (null, new FieldError(field, $"'{field}' is required."));
        // NFC composes at most a few code points into one: text this long can never fit.
        if (raw.Length > 8 * MaxLength) return (null, TooLong(field));
        foreach (var c in raw.AsSpan().EnumerateRunes())
        {
            // EnumerateRunes yields U+FFFD for a lone surrogate: check the text itself below.
            if (IsRefused(c)) return (null, new FieldError(field, $"'{field}' must not contain control characters or line breaks."));
        }
        if (!IsWellFormed(raw)) return (null, new FieldError(field, $"'{field}' is not well-formed Unicode text."));
        if (string.IsNullOrWhiteSpace(raw)) return (null, new FieldError(field, $"'{field}' must contain a visible character."));
        var normalized = raw.IsNormalized(NormalizationForm.FormC) ? raw : raw.Normalize(NormalizationForm.FormC);
        if (normalized.EnumerateRunes().Count() > MaxLength) return (null, TooLong(field));
        return (normalized, null);
    }

    private static FieldError TooLong(string field) => new(field, $"'{field}' must be at most {MaxLength} characters.");

    /// <summary>True when <paramref name="posId"/> is already a posId as Fleet keeps it.</summary>
    public static bool IsCanonical(string? posId) => Normalize("posId", posId) is { PosId: { } value } && value == posId;

    private static bool IsRefused(Rune rune) => Rune.GetUnicodeCategory(rune) is
        UnicodeCategory.Control or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;

    private static bool IsWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
            else if (char.IsSurrogate(text[i])) return false;
        }
        return true;
    }
}
