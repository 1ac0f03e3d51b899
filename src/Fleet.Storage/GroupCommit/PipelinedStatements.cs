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
        var states = new List<int>(writes.Count);
        await using (var batch = connection.CreateBatch())
        {
            batch.Transaction = tx;
            for (var i = 0; i < writes.Count; i++)
            {
                var write = writes[i];
                var command = batch.CreateBatchCommand();
                switch (write.Kind)
                {
                    case StateWriteKind.Insert:
                        command.CommandText = BatchStatements.InsertState;
                        AddState(command, write, withPayload: true, withETag: false);
                        break;
                    case StateWriteKind.Update:
                        command.CommandText = BatchStatements.UpdateState;
                        AddState(command, write, withPayload: true, withETag: true);
                        break;
                    case StateWriteKind.Delete:
                        command.CommandText = BatchStatements.DeleteState;
                        AddState(command, write, withPayload: false, withETag: true);
                        break;
                    case StateWriteKind.DeleteAbsent:
                        // "Applied" means no row exists: counted below, rows affected 0 = absent.
                        command.CommandText = BatchStatements.SelectVersion;
                        AddState(command, write, withPayload: false, withETag: false);
                        break;
                }
                batch.BatchCommands.Add(command);
                states.Add(i);
            }
            await batch.ExecuteNonQueryAsync();
            for (var c = 0; c < batch.BatchCommands.Count; c++)
            {
                var write = writes[states[c]];
                outcomes[states[c]] = write.Kind == StateWriteKind.DeleteAbsent
                    ? StateWriteOutcome.Done // decided below, after the SELECTs are read
                    : batch.BatchCommands[c].RecordsAffected > 0 ? StateWriteOutcome.Done : new StateWriteOutcome(false, null);
            }
        }

        // Refusals and clears of an absent row need the stored version: rare, so one query each.
        for (var i = 0; i < writes.Count; i++)
        {
            var write = writes[i];
            if (outcomes[i].Applied && write.Kind != StateWriteKind.DeleteAbsent) continue;
            var stored = await StoredVersionAsync(write);
            if (write.Kind == StateWriteKind.DeleteAbsent) outcomes[i] = stored is null ? StateWriteOutcome.Done : new StateWriteOutcome(false, stored);
            else outcomes[i] = new StateWriteOutcome(false, stored);
        }

        var projected = new List<int>();
        await using (var batch = connection.CreateBatch())
        {
            batch.Transaction = tx;
            for (var i = 0; i < writes.Count; i++)
            {
                if (!outcomes[i].Applied || writes[i].Projection is not { } row) continue;
                var command = batch.CreateBatchCommand();
                if (row.Columns is null)
                {
                    command.CommandText = $"DELETE FROM {row.Table} WHERE id = {dialect.Parameter("p_id")}";
                    Add(command, "p_id", row.Id);
                }
                else
                {
                    var columns = row.Columns.Keys.ToList();
                    command.CommandText = dialect.UpsertById(row.Table, columns);
                    Add(command, "p_id", row.Id);
                    for (var c = 0; c < columns.Count; c++) Add(command, "p" + c, row.Columns[columns[c]]);
                }
                batch.BatchCommands.Add(command);
                projected.Add(i);
            }
            if (projected.Count > 0) await batch.ExecuteNonQueryAsync();
        }
        return outcomes;
    }

    private async Task<long?> StoredVersionAsync(StateWrite write)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = BatchStatements.SelectVersion;
        dialect.AddParameter(command, "state_name", write.StateName);
        dialect.AddParameter(command, "grain_id", write.GrainId);
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? null : Convert.ToInt64(value, CultureInfo.InvariantCulture);
    }

    private void AddState(DbBatchCommand command, StateWrite write, bool withPayload, bool withETag)
    {
        Add(command, "state_name", write.StateName);
        Add(command, "grain_id", write.GrainId);
        if (withPayload)
        {
            Add(command, "type_alias", write.Alias);
            Add(command, "payload", write.Payload);
            Add(command, "updated_at", write.UpdatedAt);
        }
        if (withETag) Add(command, "etag", write.ExpectedVersion);
    }

    private void Add(DbBatchCommand command, string name, object? value) => command.Parameters.Add(dialect.CreateParameter(name, value));
}
