using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Fleet.Common;

namespace Fleet.Server.Import;

/// <summary>Reads an import document (JSON or CSV, by Content-Type) into uniform records, streaming:
/// records come out as the body arrives and none is kept, so a million-row upload is read in
/// memory bounded by one block and one row. A document that cannot be read at all is a
/// <see cref="FormatException"/> (or <see cref="JsonException"/>); problems with single rows are
/// left to the validator so that they are all reported at once.</summary>
public static class ImportParser
{
    /// <summary>The most a single JSON row may take, in bytes, before it is refused as unreadable.</summary>
    public const int MaxJsonRowBytes = 64 * 1024;

    /// <summary>The records of the request's body; the media type is checked at once, the body as it is read.</summary>
    public static IAsyncEnumerable<ImportRecord> Open(HttpRequest request, CancellationToken ct)
    {
        var type = request.ContentType ?? "";
        if (type.Contains("csv", StringComparison.OrdinalIgnoreCase))
            return ReadCsvAsync(new StreamReader(request.Body, new UTF8Encoding(false, throwOnInvalidBytes: true), bufferSize: 64 * 1024), ct);
        if (type.Contains("json", StringComparison.OrdinalIgnoreCase))
            return ReadJsonAsync(request.BodyReader, ct);
        throw new NotSupportedException("Send the import as application/json or text/csv.");
    }

    public static async IAsyncEnumerable<ImportRecord> ReadCsvAsync(TextReader text, [EnumeratorCancellation] CancellationToken ct = default)
    {
        try
        {
            string[]? header = null;
            await foreach (var (line, fields) in CsvReader.ReadAsync(text, ct))
            {
                if (header is null)
                {
                    header = ReadHeader(fields);
                    continue;
                }
                yield return ToRecord(header, line, fields);
            }
            if (header is null) throw new FormatException("The CSV file is empty; the first line must name the columns.");
        }
        finally
        {
            text.Dispose();
        }
    }

    private static string[] ReadHeader(List<string> fields)
    {
        var header = fields.Select(h => h.Trim()).ToArray();
        var unknown = header.Where(h => !ImportFormat.CsvColumns.Contains(h, StringComparer.Ordinal)).ToArray();
        if (unknown.Length > 0)
            throw new FormatException($"Unknown column(s) {string.Join(", ", unknown.Select(u => $"'{u}'"))}; "
                + $"the columns are {string.Join(", ", ImportFormat.CsvColumns)}.");
        if (!header.Contains("type") || !header.Contains("id"))
            throw new FormatException("The CSV header must include the columns 'type' and 'id'.");
        if (header.Distinct().Count() != header.Length) throw new FormatException("A column is named twice in the CSV header.");
        return header;
    }

    private static ImportRecord ToRecord(string[] header, int line, List<string> fields)
    {
        var values = new Dictionary<string, string?>(header.Length, StringComparer.Ordinal);
        for (var i = 0; i < header.Length; i++) values[header[i]] = i < fields.Count ? fields[i] : null;
        var type = (values["type"] ?? "").Trim().ToLowerInvariant();
        var errors = new List<FieldError>();
        if (fields.Count != header.Length)
            errors.Add(new FieldError("line", $"The line has {fields.Count} field(s) where the header names {header.Length}."));
        // The CSV 'id' column is the row's own id whatever its type.
        if (ImportFormat.Fields.ContainsKey(type)) values[ImportFormat.IdField(type)] = values["id"];
        values.Remove("id");
        values.Remove("type");
        return new ImportRecord($"line {line}", type, values, errors);
    }

    public static async IAsyncEnumerable<ImportRecord> ReadJsonAsync(PipeReader body, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var state = new JsonImportState();
        var rows = new List<ImportRecord>();
        while (true)
        {
            var result = await body.ReadAsync(ct);
            var buffer = result.Buffer;
            long consumed;
            try
            {
                consumed = ReadJsonBlock(buffer, result.IsCompleted, state, rows);
            }
            catch
            {
                // Hand the block back before the error travels up: a reader left mid-read makes
                // Kestrel's drain of the unread body fail (and log an error) after the 400.
                body.AdvanceTo(buffer.Start, buffer.End);
                throw;
            }
            if (consumed == 0 && !result.IsCompleted && buffer.Length > MaxJsonRowBytes)
                throw new FormatException($"A JSON row (or name) is longer than {MaxJsonRowBytes} bytes.");
            body.AdvanceTo(buffer.GetPosition(consumed), buffer.End);
            foreach (var row in rows) yield return row;
            rows.Clear();
            if (result.IsCompleted) break;
        }
        if (state.Stage != JsonStage.Done) throw new FormatException("The JSON document ends before it is complete.");
    }

    private enum JsonStage { Root, Property, Array, Rows, Done }

    /// <summary>Where the JSON reader is between blocks of the body.</summary>
    private sealed class JsonImportState
    {
        public JsonStage Stage;
        public string Property = "";
        public string Type = "";
        public int Index;
        public JsonReaderState Reader = new(new JsonReaderOptions { MaxDepth = 8 });
    }

    /// <summary>Reads what it can of one block; answers how many bytes it consumed. A row is read
    /// only once the whole row is in the buffer: otherwise the block ends just before it.</summary>
    private static long ReadJsonBlock(ReadOnlySequence<byte> buffer, bool final, JsonImportState state, List<ImportRecord> rows)
    {
        var reader = new Utf8JsonReader(buffer, final, state.Reader);
        while (true)
        {
            var before = reader.CurrentState;
            var beforeBytes = reader.BytesConsumed;
            if (!reader.Read()) break;
            switch (state.Stage)
            {
                case JsonStage.Root:
                    if (reader.TokenType != JsonTokenType.StartObject)
                        throw new FormatException("The JSON import must be an object with 'stores', 'terminals' and/or 'pos' arrays.");
                    state.Stage = JsonStage.Property;
                    break;
                case JsonStage.Property when reader.TokenType == JsonTokenType.EndObject:
                    state.Stage = JsonStage.Done;
                    break;
                case JsonStage.Property:
                    state.Property = Text(ref reader) ?? throw new FormatException("A property name is not valid Unicode (a lone surrogate escape?).");
                    state.Type = state.Property switch
                    {
                        "stores" => ImportFormat.Store,
                        "terminals" => ImportFormat.Terminal,
                        "pos" => ImportFormat.Pos,
                        _ => throw new FormatException($"Unknown property '{state.Property}'; expected 'stores', 'terminals' and/or 'pos'."),
                    };
                    state.Stage = JsonStage.Array;
                    break;
                case JsonStage.Array:
                    if (reader.TokenType != JsonTokenType.StartArray) throw new FormatException($"'{state.Property}' must be an array.");
                    state.Stage = JsonStage.Rows;
                    state.Index = 0;
                    break;
                case JsonStage.Rows when reader.TokenType == JsonTokenType.EndArray:
                    state.Stage = JsonStage.Property;
                    break;
                case JsonStage.Rows:
                    var row = $"{state.Property}[{state.Index}]";
                    if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                    {
                        if (!JsonDocument.TryParseValue(ref reader, out var document))
                        {
                            // The row continues in the next block: start there again from its first token.
                            state.Reader = before;
                            return beforeBytes;
                        }
                        using (document) rows.Add(ReadJsonRow(row, state.Type, document.RootElement));
                    }
                    else
                    {
                        rows.Add(new ImportRecord(row, state.Type, new Dictionary<string, string?>(),
                            [new FieldError("row", "Each row must be a JSON object.")]));
                    }
                    state.Index++;
                    break;
                case JsonStage.Done:
                    throw new FormatException("There is more after the JSON document's end.");
            }
        }
        state.Reader = reader.CurrentState;
        return reader.BytesConsumed;
    }

    private static ImportRecord ReadJsonRow(string row, string type, JsonElement item)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        var errors = new List<FieldError>();
        if (item.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new FieldError("row", "Each row must be a JSON object."));
            return new ImportRecord(row, type, values, errors);
        }
        foreach (var field in item.EnumerateObject())
        {
            try
            {
                if (field.Value.ValueKind is JsonValueKind.String or JsonValueKind.Null) values[field.Name] = field.Value.GetString();
                else errors.Add(new FieldError(field.Name, $"'{field.Name}' must be a string or null."));
            }
            catch (InvalidOperationException)
            {
                // A "\ud800" escape: valid JSON, but no text .NET (or the database) can hold.
                errors.Add(new FieldError(Name(field), "The field (or its name) is not valid Unicode: it holds a lone surrogate escape."));
            }
        }
        return new ImportRecord(row, type, values, errors);
    }

    private static string Name(JsonProperty field)
    {
        try
        {
            return field.Name;
        }
        catch (InvalidOperationException)
        {
            return "row";
        }
    }

    /// <summary>The current string token, or null when it is not valid UTF-16 (a lone surrogate escape).</summary>
    private static string? Text(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
