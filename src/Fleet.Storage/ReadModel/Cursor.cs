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
                || parts[2].ValueKind != JsonValueKind.String || parts[0].GetString() != expectedColumn)
                return null;
            return new Cursor(expectedColumn, parts[1], parts[2].GetString()!);
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }

    public object? SqlValue => Value.ValueKind switch
    {
        JsonValueKind.Number => Value.GetInt64(),
        JsonValueKind.String => Value.GetString(),
        JsonValueKind.Null => null,
        _ => throw new FormatException("Unsupported cursor value."),
    };
}
