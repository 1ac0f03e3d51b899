using System.Data.Common;
using System.Globalization;

namespace Fleet.Storage.GroupCommit;

/// <summary>The statements of one batch's transaction, run one by one (SQLite, and any batch whose
/// pipelined run failed). Commands are kept per SQL text and reused for every write in the batch, so
/// SQLite prepares each statement once per batch, not once per write.</summary>
internal sealed class BatchStatements(DbConnection connection, DbTransaction tx, ISqlDialect dialect) : IAsyncDisposable
{
    private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);

    /// <summary>Applies one write inside the batch's transaction. A refused ETag check changes nothing
    /// (no row matched), so it needs no rollback; it is reported with the stored version.</summary>
    public async Task<StateWriteOutcome> ApplyAsync(StateWrite write)
    {
        if (StateStatements.Change(write) is { } change)
        {
            if (await ExecuteAsync(change) == 0) return new(false, await StoredVersionAsync(write));
        }
        else if (await StoredVersionAsync(write) is { } stored)
        {
            // A clear with no ETag: the grain believes nothing is stored, but another activation wrote it.
            return new(false, stored);
        }
        if (write.Projection is { } row)
        {
            foreach (var statement in StateStatements.Projections(row, dialect)) await ExecuteAsync(statement);
        }
        return StateWriteOutcome.Done;
    }

    private async Task<long?> StoredVersionAsync(StateWrite write)
    {
        var value = await Prepare(StateStatements.StoredVersion(write)).ExecuteScalarAsync();
        return value is null or DBNull ? null : Convert.ToInt64(value, CultureInfo.InvariantCulture);
    }

    private Task<int> ExecuteAsync(SqlStatement statement) => Prepare(statement).ExecuteNonQueryAsync();

    private DbCommand Prepare(SqlStatement statement)
    {
        if (!_commands.TryGetValue(statement.Sql, out var command))
        {
            command = connection.CreateCommand();
            command.Transaction = tx;
            command.CommandText = statement.Sql;
            _commands[statement.Sql] = command;
        }
        command.Parameters.Clear();
        foreach (var (name, value) in statement.Parameters) dialect.AddParameter(command, name, value);
        return command;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in _commands.Values) await command.DisposeAsync();
    }
}
