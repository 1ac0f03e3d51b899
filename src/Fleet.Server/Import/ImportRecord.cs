using Fleet.Common;

namespace Fleet.Server.Import;

/// <summary>One row as read from the document, before validation. Every field is text, as CSV
/// gives it; JSON rows are read into the same shape so both formats share one validator.
/// <c>ReadErrors</c> are what was already wrong while reading (a number where text belongs, a
/// CSV line with the wrong number of fields).</summary>
public sealed record ImportRecord(
    string Row, string Type, IReadOnlyDictionary<string, string?> Fields, IReadOnlyList<FieldError> ReadErrors)
{
    public string? this[string field] => Fields.TryGetValue(field, out var value) && !string.IsNullOrEmpty(value) ? value : null;
}
