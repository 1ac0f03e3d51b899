using System.Text;
using Fleet.Common;

namespace Fleet.Licences;

/// <summary>Text rules for licence fields: the shared ones plus well-formed UTF-16, because these
/// values are signed as UTF-8 in the activation descriptor and must round-trip exactly.</summary>
public static class LicenceText
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static FieldError? Required(string field, string? value, int maxLength) =>
        Text.Required(field, value, maxLength) ?? WellFormed(field, value);

    public static FieldError? Optional(string field, string? value, int maxLength) =>
        Text.Optional(field, value, maxLength) ?? WellFormed(field, value);

    private static FieldError? WellFormed(string field, string? value)
    {
        if (value is null) return null;
        try
        {
            Strict.GetByteCount(value);
            return null;
        }
        catch (EncoderFallbackException)
        {
            return new FieldError(field, $"'{field}' contains an unpaired surrogate (not valid Unicode text).");
        }
    }
}
