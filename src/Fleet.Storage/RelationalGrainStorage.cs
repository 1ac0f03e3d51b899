using System.Data.Common;
using System.Globalization;
using System.Reflection;
using Fleet.Storage.GroupCommit;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;

namespace Fleet.Storage;

/// <summary>
/// Orleans grain storage in one relational table, <c>grain_state</c>, on SQLite or PostgreSQL.
/// The ETag is the row's version number; a state implementing <see cref="IProjectedState"/> also upserts or
/// deletes its read-model row in the same transaction as the state write. Writes from concurrent grains
/// are group-committed (<see cref="GroupCommitWriter"/>): one transaction per batch, each write with its
/// own ETag check and its own outcome.
/// </summary>
public sealed class RelationalGrainStorage : IGrainStorage
{
    private const string SelectState =
        "SELECT type_alias, payload, version FROM grain_state WHERE state_name = @state_name AND grain_id = @grain_id";

    private readonly string _name;
    private readonly FleetDatabase _database;
    private readonly Serializer _serializer;
    private readonly TimeProvider _timeProvider;
    private readonly ISqlDialect _dialect;
    private readonly GroupCommitWriter _writer;

    public RelationalGrainStorage(
        string name, FleetDatabase database, Serializer serializer, TimeProvider timeProvider, ILogger<RelationalGrainStorage> logger,
        GroupCommitOptions? groupCommit = null)
    {
        _name = name;
        _database = database;
        _serializer = serializer;
        _timeProvider = timeProvider;
        _dialect = database.Dialect;
        _writer = new GroupCommitWriter(database, groupCommit ?? new GroupCommitOptions(), logger);
    }

    /// <summary>The batching writer, for tests and metrics.</summary>
    internal GroupCommitWriter Writer => _writer;

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var alias = AliasOf<T>();
        await using var connection = await _database.OpenAsync();
        await using var command = Command(connection, null, SelectState);
        AddKey(command, stateName, grainId);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            ResetToEmpty(grainState);
            return;
        }

        var storedAlias = reader.GetString(0);
        if (!string.Equals(storedAlias, alias, StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"Grain storage '{_name}': state '{stateName}' of {grainId} was stored as type alias '{storedAlias}', " +
                $"but {typeof(T).FullName} has alias '{alias}'. Refusing to deserialize a different type.");
        }

        var payload = (byte[])reader.GetValue(1);
        grainState.State = _serializer.Deserialize<T>(payload);
        grainState.ETag = Convert.ToInt64(reader.GetValue(2), CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var alias = AliasOf<T>();
        var payload = _serializer.SerializeToArray(grainState.State);
        var projection = Project(grainState.State, grainId);
        var now = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var expected = grainState.ETag is null ? 0 : ParseETag(grainState.ETag, stateName, grainId);
        var kind = grainState.ETag is null ? StateWriteKind.Insert : StateWriteKind.Update;

        var outcome = await _writer.WriteAsync(new StateWrite(kind, stateName, grainId.ToString(), alias, payload, expected, now, projection));
        if (!outcome.Applied) throw Conflict("write", stateName, grainId, outcome.StoredVersion, grainState.ETag);

        grainState.ETag = (expected + 1).ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    /// <summary>
    /// Creates grains' states without activating the grains, each only when it has none yet (that one is
    /// answered false and nothing is written for it): a bulk load. The states and their read-model rows go
    /// in one transaction with the same statements as grain writes, committed without waiting for the disk
    /// (<see cref="ISqlDialect.BeginLazyCommitAsync"/>): the caller acknowledges them only after a later
    /// durable write of its own (an import's checkpoint), whose flush of the log carries them too. An
    /// activation of such a grain that read "no record" earlier must read again before it trusts that (the
    /// terminal grain does, on every call while it has no record).
    /// </summary>
    public async Task<bool[]> InsertAllIfAbsentAsync<T>(string stateName, IReadOnlyList<(GrainId Grain, T State)> states)
    {
        var alias = AliasOf<T>();
        var now = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var writes = states.Select(s => new StateWrite(
            StateWriteKind.Insert, stateName, s.Grain.ToString(), alias, _serializer.SerializeToArray(s.State), 0, now, Project(s.State, s.Grain)))
            .ToList();
        await using var connection = await _database.OpenAsync();
        StateWriteOutcome[] outcomes;
        try
        {
            await using var tx = await _dialect.BeginLazyCommitAsync(connection, CancellationToken.None);
            if (connection.CanCreateBatch)
            {
                outcomes = await new PipelinedStatements(connection, tx, _dialect).ApplyAsync(writes);
            }
            else
            {
                outcomes = new StateWriteOutcome[writes.Count];
                await using var statements = new BatchStatements(connection, tx, _dialect);
                for (var i = 0; i < writes.Count; i++) outcomes[i] = await statements.ApplyAsync(writes[i]);
            }
            await tx.CommitAsync();
        }
        finally
        {
            await _dialect.EndLazyCommitAsync(connection, CancellationToken.None);
        }
        return outcomes.Select(o => o.Applied).ToArray();
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var projection = Project(grainState.State, grainId);
        var expected = grainState.ETag is null ? 0 : ParseETag(grainState.ETag, stateName, grainId);
        var kind = grainState.ETag is null ? StateWriteKind.DeleteAbsent : StateWriteKind.Delete;

        var outcome = await _writer.WriteAsync(new StateWrite(
            kind, stateName, grainId.ToString(), null, null, expected, 0, projection is null ? null : projection with { Columns = null }));
        if (!outcome.Applied) throw Conflict("clear", stateName, grainId, outcome.StoredVersion, grainState.ETag);

        ResetToEmpty(grainState);
    }

    /// <summary>The stable name a state type is stored under: its <c>[Alias("…")]</c>, never its CLR name.</summary>
    internal static string AliasOf<T>() =>
        typeof(T).GetCustomAttribute<AliasAttribute>(inherit: false)?.Alias
        ?? throw new InvalidOperationException(
            $"Grain state type {typeof(T).FullName} has no [Alias(\"…\")] attribute. RelationalGrainStorage stores state " +
            "under a stable alias so renaming or moving the CLR type never orphans stored state; add [Alias(\"…\")] to the type.");

    private static ReadModelRow? Project<T>(T state, GrainId grainId)
    {
        if (state is not IProjectedState projected)
        {
            return null;
        }
        var row = projected.ToReadModelRow(grainId.Key.ToString()!);
        SqlValues.Validate(row);
        return row;
    }

    private InconsistentStateException Conflict(string operation, string stateName, GrainId grainId, long? stored, string? current)
    {
        var storedText = stored?.ToString(CultureInfo.InvariantCulture) ?? "<none>";
        var currentText = current ?? "<none>";
        var message =
            $"Grain storage '{_name}': {operation} of state '{stateName}' for {grainId} failed the ETag check " +
            $"(stored version {storedText}, grain expected {currentText}); another activation changed it.";
        return new InconsistentStateException(message, storedText, currentText);
    }

    private long ParseETag(string etag, string stateName, GrainId grainId) =>
        long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : throw new InconsistentStateException(
                $"Grain storage '{_name}': ETag '{etag}' of state '{stateName}' for {grainId} is not a version number.", "<unknown>", etag);

    private static void ResetToEmpty<T>(IGrainState<T> grainState)
    {
        grainState.ETag = null;
        grainState.RecordExists = false;
        if (typeof(T).GetConstructor(Type.EmptyTypes) is not null)
        {
            grainState.State = Activator.CreateInstance<T>();
        }
    }

    private void AddKey(DbCommand command, string stateName, GrainId grainId)
    {
        _dialect.AddParameter(command, "state_name", stateName);
        _dialect.AddParameter(command, "grain_id", grainId.ToString());
    }

    private static DbCommand Command(DbConnection connection, DbTransaction? tx, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        return command;
    }

}
