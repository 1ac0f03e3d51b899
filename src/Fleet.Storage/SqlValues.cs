using System.Text.RegularExpressions;

namespace Fleet.Storage;

/// <summary>Validation of read-model identifiers and values, shared by both dialects.</summary>
internal static partial class SqlValues
{
    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex IdentifierPattern();

    /// <summary>Throws unless <paramref name="name"/> is a plain lower-case SQL identifier; only these are ever put in SQL text.</summary>
    public static string Identifier(string name, string what) =>
        name is not null && IdentifierPattern().IsMatch(name)
            ? name
            : throw new ArgumentException($"Read-model {what} name '{name}' is not a valid identifier (^[a-z_][a-z0-9_]{{0,62}}$).");

    /// <summary>Checks a read-model row's names and value types before anything touches the database.</summary>
    public static void Validate(ReadModelRow row)
    {
        Identifier(row.Table, "table");
        ArgumentNullException.ThrowIfNull(row.Id);
        foreach (var companion in row.Companions) Validate(companion);
        if (row.Columns is null)
        {
            return;
        }
        foreach (var (column, value) in row.Columns)
        {
            Identifier(column, "column");
            if (column == "id")
            {
                throw new ArgumentException($"Read-model row for '{row.Table}' must not set 'id' in Columns; it is ReadModelRow.Id.");
            }
            if (value is not (null or string or long or int or double or bool))
            {
                throw new ArgumentException(
                    $"Read-model column '{row.Table}.{column}' has a value of type {value.GetType().Name}; " +
                    "allowed are string, long, int, double, bool and null (timestamps as unix-milliseconds longs).");
            }
        }
    }

    /// <summary>Booleans are stored as integer 0/1 in both dialects; ints widen to long.</summary>
    public static object Normalize(object? value) => value switch
    {
        null => DBNull.Value,
        bool b => b ? 1L : 0L,
        int i => (long)i,
        _ => value,
    };

    public static string StandardUpsert(ISqlDialect dialect, string table, IReadOnlyList<string> columns, ReadModelFreshness? freshness = null)
    {
        var names = string.Join(", ", columns.Prepend("id"));
        var values = string.Join(", ", Enumerable.Range(0, columns.Count).Select(i => dialect.Parameter("p" + i)).Prepend(dialect.Parameter("p_id")));
        string Set(string c) => freshness is not null && freshness.Governs(c) && columns.Contains(freshness.OrderColumn)
            ? $"{c} = CASE WHEN excluded.{freshness.OrderColumn} >= {table}.{freshness.OrderColumn} THEN excluded.{c} ELSE {table}.{c} END"
            : $"{c} = excluded.{c}";
        var onConflict = columns.Count == 0
            ? "DO NOTHING"
            : "DO UPDATE SET " + string.Join(", ", columns.Select(Set));
        return $"INSERT INTO {table} ({names}) VALUES ({values}) ON CONFLICT (id) {onConflict}";
    }
}
