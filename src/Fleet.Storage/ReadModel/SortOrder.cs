namespace Fleet.Storage.ReadModel;

/// <summary>A sort column of a list query, already checked against the list's allowed columns.</summary>
public sealed record SortOrder(string Column, bool Descending)
{
    /// <summary>Parses "name" or "-name" (descending) against a map of API names to SQL columns.</summary>
    public static SortOrder? Parse(string? text, IReadOnlyDictionary<string, string> columns, string defaultColumn)
    {
        if (string.IsNullOrWhiteSpace(text)) return new SortOrder(defaultColumn, false);
        var descending = text.StartsWith('-');
        var name = descending ? text[1..] : text;
        return columns.TryGetValue(name, out var column) ? new SortOrder(column, descending) : null;
    }
}
