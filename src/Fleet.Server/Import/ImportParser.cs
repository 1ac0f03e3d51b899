using System.Text;
using System.Text.Json;
using Fleet.Common;

namespace Fleet.Server.Import;

/// <summary>Reads an import document (JSON or CSV, by Content-Type) into uniform records. A
/// document that cannot be read at all is a <see cref="FormatException"/>; problems with single
/// rows are left to the validator so that they are all reported at once.</summary>
public static class ImportParser
{
    public static async Task<List<ImportRecord>> ParseAsync(HttpRequest request, CancellationToken ct)
    {
        var type = request.ContentType ?? "";
        if (type.Contains("csv", StringComparison.OrdinalIgnoreCase))
        {
            using var reader = new StreamReader(request.Body, new UTF8Encoding(false, throwOnInvalidBytes: true));
            // The reader is synchronous: buffer the (size-limited) body first.
            var text = await reader.ReadToEndAsync(ct);
            return ParseCsv(new StringReader(text));
        }
        if (type.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            using var document = await JsonDocument.ParseAsync(request.Body, new JsonDocumentOptions { MaxDepth = 8 }, ct);
            return ParseJson(document.RootElement);
        }
        throw new NotSupportedException("Send the import as application/json or text/csv.");
    }

    public static List<ImportRecord> ParseCsv(TextReader text)
    {
        var rows = CsvReader.Read(text).ToList();
        if (rows.Count == 0) throw new FormatException("The CSV file is empty; the first line must name the columns.");
        var header = rows[0].Fields.Select(h => h.Trim()).ToArray();
        var unknown = header.Where(h => !ImportFormat.CsvColumns.Contains(h, StringComparer.Ordinal)).ToArray();
        if (unknown.Length > 0)
            throw new FormatException($"Unknown column(s) {string.Join(", ", unknown.Select(u => $"'{u}'"))}; "
                + $"the columns are {string.Join(", ", ImportFormat.CsvColumns)}.");
        if (!header.Contains("type") || !header.Contains("id"))
            throw new FormatException("The CSV header must include the columns 'type' and 'id'.");
        if (header.Distinct().Count() != header.Length) throw new FormatException("A column is named twice in the CSV header.");

        var records = new List<ImportRecord>();
        foreach (var (line, fields) in rows.Skip(1))
        {
            var values = new Dictionary<string, string?>(StringComparer.Ordinal);
            for (var i = 0; i < header.Length; i++) values[header[i]] = i < fields.Count ? fields[i] : null;
            var type = (values["type"] ?? "").Trim().ToLowerInvariant();
            var errors = new List<FieldError>();
            if (fields.Count != header.Length)
                errors.Add(new FieldError("line", $"The line has {fields.Count} field(s) where the header names {header.Length}."));
            // The CSV 'id' column is the row's own id whatever its type.
            if (ImportFormat.Fields.ContainsKey(type)) values[ImportFormat.IdField(type)] = values["id"];
            values.Remove("id");
            values.Remove("type");
            records.Add(new ImportRecord($"line {line}", type, values, errors));
        }
        return records;
    }

    public static List<ImportRecord> ParseJson(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
            throw new FormatException("The JSON import must be an object with 'stores', 'terminals' and/or 'pos' arrays.");
        var records = new List<ImportRecord>();
        foreach (var property in root.EnumerateObject())
        {
            var type = property.Name switch
            {
                "stores" => ImportFormat.Store,
                "terminals" => ImportFormat.Terminal,
                "pos" => ImportFormat.Pos,
                _ => throw new FormatException($"Unknown property '{property.Name}'; expected 'stores', 'terminals' and/or 'pos'."),
            };
            if (property.Value.ValueKind != JsonValueKind.Array) throw new FormatException($"'{property.Name}' must be an array.");
            var index = 0;
            foreach (var item in property.Value.EnumerateArray())
            {
                records.Add(ReadJsonRow($"{property.Name}[{index}]", type, item));
                index++;
            }
        }
        return records;
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
            if (field.Value.ValueKind is JsonValueKind.String or JsonValueKind.Null) values[field.Name] = field.Value.GetString();
            else errors.Add(new FieldError(field.Name, $"'{field.Name}' must be a string or null."));
        }
        return new ImportRecord(row, type, values, errors);
    }
}
