using System.Data.Common;
using System.Globalization;

namespace Fleet.Storage.GroupCommit;

/// <summary>
/// The statements of one batch's transaction for a server database (PostgreSQL): every state
/// statement of the batch goes in one round trip, then every read-model row of the writes that
/// passed their ETag check in a second, instead of two round trips per write.
/// </summary>
internal sealed class PipelinedStatements(DbConnection connection, DbTransaction tx, ISqlDialect dialect)
{
    /// <summary>Applies every write. A statement error cannot be pinned on one write here (the driver
    /// need not say which command of a batch failed), so the caller reruns the batch statement by statement.</summary>
    public async Task<StateWriteOutcome[]> ApplyAsync(IReadOnlyList<StateWrite> writes)
    {
        var outcomes = new StateWriteOutcome[writes.Count];
        var changed = new List<int>(writes.Count);
        await using (var batch = connection.CreateBatch())
        {
            batch.Transaction = tx;
            for (var i = 0; i < writes.Count; i++)
            {
                if (StateStatements.Change(writes[i]) is not { } change) continue;
                batch.BatchCommands.Add(Command(batch, change));
                changed.Add(i);
            }
            if (changed.Count > 0) await batch.ExecuteNonQueryAsync();
            for (var c = 0; c < changed.Count; c++)
                outcomes[changed[c]] = new StateWriteOutcome(batch.BatchCommands[c].RecordsAffected > 0, null);
        }

        // Refusals, and clears with no ETag (which only look), need the stored version: rare, one query each.
        for (var i = 0; i < writes.Count; i++)
        {
            if (outcomes[i].Applied) continue;
            var stored = await StoredVersionAsync(writes[i]);
            outcomes[i] = writes[i].Kind == StateWriteKind.DeleteAbsent && stored is null
                ? StateWriteOutcome.Done
                : new StateWriteOutcome(false, stored);
        }

        await using (var batch = connection.CreateBatch())
        {
            batch.Transaction = tx;
            for (var i = 0; i < writes.Count; i++)
            {
                if (!outcomes[i].Applied || writes[i].Projection is not { } row) continue;
                foreach (var statement in StateStatements.Projections(row, dialect)) batch.BatchCommands.Add(Command(batch, statement));
            }
            if (batch.BatchCommands.Count > 0) await batch.ExecuteNonQueryAsync();
        }
        return outcomes;
    }

    private async Task<long?> StoredVersionAsync(StateWrite write)
    {
        var statement = StateStatements.StoredVersion(write);
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = statement.Sql;
        foreach (var (name, parameter) in statement.Parameters) dialect.AddParameter(command, name, parameter);
        var stored = await command.ExecuteScalarAsync();
        return stored is null or DBNull ? null : Convert.ToInt64(stored, CultureInfo.InvariantCulture);
    }

    private DbBatchCommand Command(DbBatch batch, SqlStatement statement)
    {
        var command = batch.CreateBatchCommand();
        command.CommandText = statement.Sql;
        foreach (var (name, value) in statement.Parameters) command.Parameters.Add(dialect.CreateParameter(name, value));
        return command;
    }
}
