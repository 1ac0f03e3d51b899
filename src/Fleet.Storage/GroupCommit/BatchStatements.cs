using System.Data.Common;
using System.Globalization;

namespace Fleet.Storage.GroupCommit;

/// <summary>The statements of one batch's transaction. Commands are kept per SQL text and reused for
/// every write in the batch, so SQLite prepares each statement once per batch, not once per write.</summary>
internal sealed class BatchStatements(DbConnection connection, DbTransaction tx, ISqlDialect dialect) : IAsyncDisposable
{
    // ON CONFLICT DO NOTHING turns "the row already exists" into zero rows affected instead of an error,
    // which on PostgreSQL would abort the whole batch's transaction.
    internal const string InsertState =
        "INSERT INTO grain_state (state_name, grain_id, type_alias, payload, version, updated_at) " +
        "VALUES (@state_name, @grain_id, @type_alias, @payload, 1, @updated_at) ON CONFLICT (state_name, grain_id) DO NOTHING";
    internal const string UpdateState =
        "UPDATE grain_state SET type_alias = @type_alias, payload = @payload, version = version + 1, updated_at = @updated_at " +
        "WHERE state_name = @state_name AND grain_id = @grain_id AND version = @etag";
    internal const string DeleteState =
        "DELETE FROM grain_state WHERE state_name = @state_name AND grain_id = @grain_id AND version = @etag";
    internal const string SelectVersion =
        "SELECT version FROM grain_state WHERE state_name = @state_name AND grain_id = @grain_id";

    private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);

    /// <summary>Applies one write inside the batch's transaction. A refused ETag check changes nothing
    /// (no row matched), so it needs no rollback; it is reported with the stored version.</summary>
    public async Task<StateWriteOutcome> ApplyAsync(StateWrite write)
    {
        switch (write.Kind)
        {
            case StateWriteKind.Insert:
                if (await ExecuteAsync(InsertState, write, withPayload: true, withETag: false) == 0) return await ConflictAsync(write);
                break;
            case StateWriteKind.Update:
                if (await ExecuteAsync(UpdateState, write, withPayload: true, withETag: true) == 0) return await ConflictAsync(write);
                break;
            case StateWriteKind.Delete:
                if (await ExecuteAsync(DeleteState, write, withPayload: false, withETag: true) == 0) return await ConflictAsync(write);
                break;
            case StateWriteKind.DeleteAbsent:
                // The grain believes nothing is stored; if something is, another activation wrote it.
                if (await StoredVersionAsync(write) is { } stored) return new StateWriteOutcome(false, stored);
                break;
        }
        if (write.Projection is { } row) await ProjectAsync(row);
        return StateWriteOutcome.Done;
    }

    private async Task<int> ExecuteAsync(string sql, StateWrite write, bool withPayload, bool withETag)
    {
        var command = Command(sql);
        command.Parameters.Clear();
        dialect.AddParameter(command, "state_name", write.StateName);
        dialect.AddParameter(command, "grain_id", write.GrainId);
        if (withPayload)
        {
            dialect.AddParameter(command, "type_alias", write.Alias);
            dialect.AddParameter(command, "payload", write.Payload);
            dialect.AddParameter(command, "updated_at", write.UpdatedAt);
        }
        if (withETag) dialect.AddParameter(command, "etag", write.ExpectedVersion);
        return await command.ExecuteNonQueryAsync();
    }

    private async Task<StateWriteOutcome> ConflictAsync(StateWrite write) => new(false, await StoredVersionAsync(write));

    private async Task<long?> StoredVersionAsync(StateWrite write)
    {
        var command = Command(SelectVersion);
        command.Parameters.Clear();
        dialect.AddParameter(command, "state_name", write.StateName);
        dialect.AddParameter(command, "grain_id", write.GrainId);
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? null : Convert.ToInt64(value, CultureInfo.InvariantCulture);
    }

    /// <summary>The read-model row, in the same transaction as its state.</summary>
    private async Task ProjectAsync(ReadModelRow row)
    {
        DbCommand command;
        if (row.Columns is null)
        {
            command = Command($"DELETE FROM {row.Table} WHERE id = {dialect.Parameter("p_id")}");
            command.Parameters.Clear();
            dialect.AddParameter(command, "p_id", row.Id);
        }
        else
        {
            var columns = row.Columns.Keys.ToList();
            command = Command(dialect.UpsertById(row.Table, columns));
            command.Parameters.Clear();
            dialect.AddParameter(command, "p_id", row.Id);
            for (var i = 0; i < columns.Count; i++) dialect.AddParameter(command, "p" + i, row.Columns[columns[i]]);
        }
        await command.ExecuteNonQueryAsync();
    }

    private DbCommand Command(string sql)
    {
        if (_commands.TryGetValue(sql, out var command)) return command;
        command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        _commands[sql] = command;
        return command;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in _commands.Values) await command.DisposeAsync();
    }
}
