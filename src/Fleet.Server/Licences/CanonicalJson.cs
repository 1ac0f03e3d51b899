using System.Globalization;
using System.Text;

namespace Fleet.Server.Licences;

/// <summary>The canonical JSON the activation descriptor is signed in: RFC 8785 (JCS) for the value
/// types a descriptor holds — objects, strings and null — with one departure: an auxiliary field's
/// number or boolean is written as the cash register sent it (<see cref="RawJsonValue"/>), not
/// re-serialised, so the signature covers exactly what was sent. UTF-8 without BOM, no whitespace, object
/// members sorted by their names' UTF-16 code units, strings escaped only where JSON requires it
/// (<c>\"</c>, <c>\\</c>, <c>\b \t \n \f \r</c>, other controls as <c>\u00xx</c> in lower-case hex),
/// everything else literal. Times are strings <c>yyyy-MM-ddTHH:mm:ss.fffZ</c> (UTC).</summary>
public static class CanonicalJson
{
    public const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    /// <summary>Values: <c>null</c>, <see cref="string"/>, <see cref="DateTimeOffset"/> (written as
    /// a time string), <see cref="RawJsonValue"/> (written as is) or a string-keyed dictionary of those.</summary>
    public static byte[] Serialize(IReadOnlyDictionary<string, object?> value)
    {
        var text = new StringBuilder();
        Write(text, value);
        return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetBytes(text.ToString());
    }

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    private static void Write(StringBuilder text, object? value)
    {
        switch (value)
        {
            case null: text.Append("null"); break;
            case string s: WriteString(text, s); break;
            case DateTimeOffset t: WriteString(text, Time(t)); break;
            case RawJsonValue raw: text.Append(raw.Text); break;
            case IReadOnlyDictionary<string, string> strings:
                Write(text, strings.ToDictionary(p => p.Key, p => (object?)p.Value));
                break;
            case IReadOnlyDictionary<string, object?> members:
                text.Append('{');
                var first = true;
                foreach (var (name, member) in members.OrderBy(m => m.Key, StringComparer.Ordinal))
                {
                    if (!first) text.Append(',');
                    first = false;
                    WriteString(text, name);
                    text.Append(':');
                    Write(text, member);
                }
                text.Append('}');
                break;
            default:
                throw new ArgumentException($"{value.GetType().Name} has no canonical form here.", nameof(value));
        }
    }

    private static void WriteString(StringBuilder text, string value)
    {
        text.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\b': text.Append("\\b"); break;
                case '\t': text.Append("\\t"); break;
                case '\n': text.Append("\\n"); break;
                case '\f': text.Append("\\f"); break;
                case '\r': text.Append("\\r"); break;
                case < ' ': text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                default: text.Append(c); break;
            }
        }
        text.Append('"');
    }
}
