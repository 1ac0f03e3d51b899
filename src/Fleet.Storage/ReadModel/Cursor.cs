using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace Fleet.Storage.ReadModel;

/// <summary>An opaque keyset cursor: the sort value and id of the last row of a page. Keyset rather
/// than offset paging keeps every page an index seek, whatever its depth in a million rows.</summary>
public sealed record Cursor(string Column, JsonElement Value, string Id)
{
    public string Encode() =>
        Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new object?[] { Column, Value, Id }));

    public static Cursor? Create(string column, object? value, string id) =>
        new(column, JsonSerializer.SerializeToElement(value), id);

    /// <summary>Null when the text is not a cursor this server wrote for the same sort column.</summary>
    public static Cursor? TryDecode(string text, string expectedColumn)
    {
        try
        {
            var parts = JsonSerializer.Deserialize<JsonElement[]>(Base64Url.DecodeFromChars(text));
            if (parts is not { Length: 3 } || parts[0].ValueKind != JsonValueKind.String
                || parts[2].ValueKind != JsonValueKind.String || parts[0].GetString() != expectedColumn
                || !FitsColumn(expectedColumn, parts[1]))
                return null;
            return new Cursor(expectedColumn, parts[1], parts[2].GetString()!);
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a string that is not valid UTF-16 (a lone surrogate escape).
            return null;
        }
    }

    /// <summary>A cursor is opaque but travels through the caller's hands: its value must be of the
    /// kind the sort column holds (the <c>_ms</c> columns are 64-bit integers, the others text or
    /// null), or the database would be asked to compare a number with text.</summary>
    private static bool FitsColumn(string column, JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => column.EndsWith("_ms", StringComparison.Ordinal) && value.TryGetInt64(out _),
        JsonValueKind.String => !column.EndsWith("_ms", StringComparison.Ordinal) && value.GetString() is not null,
        JsonValueKind.Null => true,
        _ => false,
    };

    public object? SqlValue => Value.ValueKind switch
    {
        JsonValueKind.Number => Value.GetInt64(),
        JsonValueKind.String => Value.GetString(),
        JsonValueKind.Null => null,
        _ => throw new FormatException("Unsupported cursor value."),
    };
}
