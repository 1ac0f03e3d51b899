namespace Fleet.Storage.ReadModel;

/// <summary>A sort column of a list query, already checked against the list's allowed columns.</summary>
public sealed record SortOrder(string Column, bool Descending)
{
    /// <summary>Sorting by a column an equality filter holds constant is sorting by id: saying so
    /// lets the database read the filter's (column, id) index in order, page 2 included.</summary>
    public SortOrder PinnedBy(params (bool Filtered, string Column)[] filters) =>
        filters.Any(f => f.Filtered && f.Column == Column) ? this with { Column = "id" } : this;

    /// <summary>Parses "name" or "-name" (descending) against a map of API names to SQL columns.</summary>
    public static SortOrder? Parse(string? text, IReadOnlyDictionary<string, string> columns, string defaultColumn)
    {
        if (string.IsNullOrWhiteSpace(text)) return new SortOrder(defaultColumn, false);
        var descending = text.StartsWith('-');
        var name = descending ? text[1..] : text;
        return columns.TryGetValue(name, out var column) ? new SortOrder(column, descending) : null;
    }
}
