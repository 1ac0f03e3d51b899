using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Fleet.Server.Pairing;

/// <summary>
/// Reads a <c>posId</c> (the pairing request's, and a srv4pos activation's): the contract shows a string (<c>"123"</c>), and POS
/// software that keeps its till number as a number sends <c>123</c>; that is taken as its decimal
/// text. An integer keeps the digits as sent (any length); a fraction or exponent is written
/// without an exponent in invariant culture (<c>1e3</c> → "1000", <c>1.50</c> → "1.50").
/// </summary>
public sealed class PosIdJsonConverter : JsonConverter<string?>
{
    public override bool HandleNull => true;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.Number:
                var text = System.Text.Encoding.UTF8.GetString(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan.ToArray());
                if (text.All(c => char.IsAsciiDigit(c) || c == '-')) return text;
                if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                    return value.ToString(CultureInfo.InvariantCulture);
                throw new JsonException("'posId' is a number too large to write as decimal text; send it as a string.");
            default:
                throw new JsonException("'posId' must be a string (or a number).");
        }
    }

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value);
}
