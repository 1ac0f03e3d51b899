using System.Data.Common;
using System.Text;

namespace Fleet.Storage.ReadModel;

/// <summary>Builds one keyset-paginated SELECT over a read-model table. Table, column and sort
/// names come from code, never from the caller; caller values are always parameters.</summary>
/// <param name="idColumn">The unique tie-breaker every page is ordered by last. Over a join it names
/// the id of the table whose index the page is meant to be read from (a planner does not carry the
/// order of one side's id over to the other's, though the two are equal).</param>
internal sealed class KeysetQuery(string table, string columns, SortOrder sort, string idColumn = "id")
{
    private readonly List<string> _conditions = [];
    private readonly Dictionary<string, object?> _parameters = [];

    private bool _sortWithoutIndex;

    /// <summary>Orders by expressions of the sort columns (same order), which no index serves: the
    /// database then seeks the filter's index and sorts the (few) matches instead of walking the
    /// sort's index past every row the filter refuses.</summary>
    public KeysetQuery SortWithoutIndex()
    {
        _sortWithoutIndex = true;
        return this;
    }

    public KeysetQuery Where(string condition, params (string Name, object? Value)[] parameters)
    {
        _conditions.Add(condition);
        foreach (var (name, value) in parameters) _parameters[name] = value;
        return this;
    }

    /// <summary>The exact statement and parameters this query runs for one page: what
    /// <see cref="ReadAsync"/> executes, and what the index-use tests explain.</summary>
    internal BuiltQuery Build(int limit, string? cursorText)
    {
        if (cursorText is not null)
        {
            var cursor = Cursor.TryDecode(cursorText, sort.Column)
                ?? throw new InvalidQueryException("cursor", "The cursor is not valid for this list and sort order; start again without it.");
            var op = sort.Descending ? "<" : ">";
            // A row-value comparison, not "a > x OR (a = x AND id > y)": both SQLite and PostgreSQL
            // seek straight to the cursor in the (…, sort column, id) index, so page 1000 costs what
            // page 1 does; the OR form is read from the start of the range and filtered. A page meant
            // to be sorted without the index must not seek it from the cursor either.
            if (sort.Column == idColumn) Where($"{Key(idColumn)} {op} @c_id", ("c_id", cursor.Id));
            else Where($"({Key(sort.Column)}, {Key(idColumn)}) {op} (@c_value, @c_id)", ("c_value", cursor.SqlValue), ("c_id", cursor.Id));
        }

        var sql = new StringBuilder($"SELECT {columns} FROM {table}");
        if (_conditions.Count > 0) sql.Append(" WHERE ").AppendJoin(" AND ", _conditions);
        var direction = sort.Descending ? "DESC" : "ASC";
        sql.Append(sort.Column == idColumn
            ? $" ORDER BY {Key(idColumn)} {direction}"
            : $" ORDER BY {Key(sort.Column)} {direction}, {Key(idColumn)} {direction}");
        sql.Append(" LIMIT @limit");
        var parameters = new Dictionary<string, object?>(_parameters) { ["limit"] = limit + 1 };
        return new BuiltQuery(sql.ToString(), parameters);
    }

    // "|| ''" leaves a text column's order as it is; only text columns are sorted this way.
    private string Key(string column) => _sortWithoutIndex ? $"({column} || '')" : column;

    public async Task<Page<T>> ReadAsync<T>(
        FleetDatabase database, int limit, string? cursorText,
        Func<DbDataReader, T> map, Func<T, (object? SortValue, string Id)> keyOf, CancellationToken ct,
        Action<BuiltQuery>? observe = null)
    {
        var built = Build(limit, cursorText);
        observe?.Invoke(built);

        await using var connection = await database.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = built.Sql;
        foreach (var (name, value) in built.Parameters) command.AddParameter(name, value);

        var items = new List<T>(limit + 1);
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct)) items.Add(map(reader));
        }

        string? next = null;
        if (items.Count > limit)
        {
            items.RemoveAt(items.Count - 1);
            var (value, id) = keyOf(items[^1]);
            next = Cursor.Create(sort.Column, value, id)!.Encode();
        }
        return new Page<T>(items, next);
    }
}
