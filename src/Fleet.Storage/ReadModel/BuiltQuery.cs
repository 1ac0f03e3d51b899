namespace Fleet.Storage.ReadModel;

/// <summary>A list statement as the read model runs it: SQL text (table and column names from
/// code only) and its parameter values.</summary>
internal sealed record BuiltQuery(string Sql, IReadOnlyDictionary<string, object?> Parameters);
