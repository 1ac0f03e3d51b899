using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Fleet.Server.Apis.Models;

/// <summary>Reads the licence period as either an ISO 8601 string (<c>2026-01-01T00:00:00Z</c>,
/// <c>2026-01-01</c> meaning midnight UTC) or unix milliseconds, which is how Java clients
/// (srv4pos is a Java service) serialise dates by default. A string without an offset is UTC.</summary>
public sealed class LicenceInstantConverter : JsonConverter<DateTimeOffset?>
{
    private static readonly string[] Formats =
    [
        "yyyy-MM-dd",
        "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd'T'HH:mm:ss",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
    ];

    public override bool HandleNull => true;

    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number when reader.TryGetInt64(out var ms) && ms is >= -62135596800000 and <= 253402300799999:
                return DateTimeOffset.FromUnixTimeMilliseconds(ms);
            case JsonTokenType.String when DateTimeOffset.TryParseExact(reader.GetString(), Formats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time):
                return time;
            default:
                throw new JsonException("Expected an ISO 8601 date-time such as 2026-01-01T00:00:00Z, or unix milliseconds.");
        }
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        if (value is null) writer.WriteNullValue();
        else writer.WriteStringValue(value.Value);
    }
}
