namespace Fleet.Storage.GroupCommit;

/// <summary>The SQL of a batched write, shared by the statement-by-statement and the pipelined path:
/// the state change with its ETag check, the stored-version lookup and the read-model row.</summary>
internal static class StateStatements
{
    // ON CONFLICT DO NOTHING turns "the row already exists" into zero rows affected instead of an error,
    // which on PostgreSQL would abort the whole batch's transaction.
    private const string InsertState =
        "INSERT INTO grain_state (state_name, grain_id, type_alias, payload, version, updated_at) " +
        "VALUES (@state_name, @grain_id, @type_alias, @payload, 1, @updated_at) ON CONFLICT (state_name, grain_id) DO NOTHING";
    private const string UpdateState =
        "UPDATE grain_state SET type_alias = @type_alias, payload = @payload, version = version + 1, updated_at = @updated_at " +
        "WHERE state_name = @state_name AND grain_id = @grain_id AND version = @etag";
    private const string DeleteState =
        "DELETE FROM grain_state WHERE state_name = @state_name AND grain_id = @grain_id AND version = @etag";
    private const string SelectVersion =
        "SELECT version FROM grain_state WHERE state_name = @state_name AND grain_id = @grain_id";

    /// <summary>The statement that changes the state if the ETag still matches (zero rows affected:
    /// refused); null for a clear with no ETag, which changes nothing and only looks.</summary>
    public static SqlStatement? Change(StateWrite write) => write.Kind switch
    {
        StateWriteKind.Insert => new(InsertState, [.. Key(write), .. Payload(write)]),
        StateWriteKind.Update => new(UpdateState, [.. Key(write), .. Payload(write), ("etag", write.ExpectedVersion)]),
        StateWriteKind.Delete => new(DeleteState, [.. Key(write), ("etag", write.ExpectedVersion)]),
        _ => null,
    };

    /// <summary>The version stored for the write's grain (no row: null).</summary>
    public static SqlStatement StoredVersion(StateWrite write) => new(SelectVersion, Key(write));

    /// <summary>Upserts (or deletes) the read-model row and its companions, in that order.</summary>
    public static IEnumerable<SqlStatement> Projections(ReadModelRow row, ISqlDialect dialect) =>
        row.All().Select(r => Projection(r, dialect));

    /// <summary>Upserts the read-model row, or deletes it when it has no columns.</summary>
    private static SqlStatement Projection(ReadModelRow row, ISqlDialect dialect)
    {
        if (row.Columns is null) return new($"DELETE FROM {row.Table} WHERE id = {dialect.Parameter("p_id")}", [("p_id", row.Id)]);
        var columns = row.Columns.Keys.ToList();
        return new(dialect.UpsertById(row.Table, columns, row.Freshness),
            [("p_id", row.Id), .. columns.Select((c, i) => ("p" + i, row.Columns[c]))]);
    }

    private static (string, object?)[] Key(StateWrite write) => [("state_name", write.StateName), ("grain_id", write.GrainId)];

    private static (string, object?)[] Payload(StateWrite write) =>
        [("type_alias", write.Alias), ("payload", write.Payload), ("updated_at", write.UpdatedAt)];
}

/// <summary>SQL text and its named parameters.</summary>
internal readonly record struct SqlStatement(string Sql, IReadOnlyList<(string Name, object? Value)> Parameters);
