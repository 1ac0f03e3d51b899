using System.Data.Common;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;

namespace Fleet.Storage;

/// <summary>
/// Orleans grain storage in one relational table, <c>grain_state</c>, on SQLite or PostgreSQL.
/// The ETag is the row's version number; a state implementing <see cref="IProjectedState"/> also upserts or
/// deletes its read-model row in the same transaction as the state write.
/// </summary>
public sealed partial class RelationalGrainStorage : IGrainStorage
{
    private const string SelectState =
        "SELECT type_alias, payload, version FROM grain_state WHERE state_name = @state_name AND grain_id = @grain_id";
    private const string SelectVersion =
        "SELECT version FROM grain_state WHERE state_name = @state_name AND grain_id = @grain_id";
    private const string InsertState =
        "INSERT INTO grain_state (state_name, grain_id, type_alias, payload, version, updated_at) " +
        "VALUES (@state_name, @grain_id, @type_alias, @payload, 1, @updated_at)";
    private const string UpdateState =
        "UPDATE grain_state SET type_alias = @type_alias, payload = @payload, version = version + 1, updated_at = @updated_at " +
        "WHERE state_name = @state_name AND grain_id = @grain_id AND version = @etag";
    private const string DeleteState =
        "DELETE FROM grain_state WHERE state_name = @state_name AND grain_id = @grain_id AND version = @etag";

    private readonly string _name;
    private readonly FleetDatabase _database;
    private readonly Serializer _serializer;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ISqlDialect _dialect;

    public RelationalGrainStorage(string name, FleetDatabase database, Serializer serializer, TimeProvider timeProvider, ILogger<RelationalGrainStorage> logger)
    {
        _name = name;
        _database = database;
        _serializer = serializer;
        _timeProvider = timeProvider;
        _logger = logger;
        _dialect = database.Dialect;
    }

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

        await using var connection = await _database.OpenAsync();
        await using var tx = await connection.BeginTransactionAsync();
        long newVersion;
        if (grainState.ETag is null)
        {
            await using var insert = Command(connection, tx, InsertState);
            AddKey(insert, stateName, grainId);
            _dialect.AddParameter(insert, "type_alias", alias);
            _dialect.AddParameter(insert, "payload", payload);
            _dialect.AddParameter(insert, "updated_at", now);
            try
            {
                await insert.ExecuteNonQueryAsync();
            }
            catch (DbException ex) when (_dialect.IsUniqueViolation(ex))
            {
                await tx.RollbackAsync();
                var stored = await CurrentVersionAsync(stateName, grainId);
                throw Conflict("write", stateName, grainId, stored, grainState.ETag, ex);
            }
            newVersion = 1;
        }
        else
        {
            var expected = ParseETag(grainState.ETag, stateName, grainId);
            await using var update = Command(connection, tx, UpdateState);
            AddKey(update, stateName, grainId);
            _dialect.AddParameter(update, "type_alias", alias);
            _dialect.AddParameter(update, "payload", payload);
            _dialect.AddParameter(update, "updated_at", now);
            _dialect.AddParameter(update, "etag", expected);
            if (await update.ExecuteNonQueryAsync() == 0)
            {
                var stored = await CurrentVersionAsync(connection, tx, stateName, grainId);
                await tx.RollbackAsync();
                throw Conflict("write", stateName, grainId, stored, grainState.ETag, null);
            }
            newVersion = expected + 1;
        }

        if (projection is not null)
        {
            await ApplyProjectionAsync(connection, tx, projection);
        }
        await tx.CommitAsync();

        grainState.ETag = newVersion.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var projection = Project(grainState.State, grainId);

        await using var connection = await _database.OpenAsync();
        await using var tx = await connection.BeginTransactionAsync();
        if (grainState.ETag is null)
        {
            // The grain believes nothing is stored; if something is, another activation wrote it.
            var stored = await CurrentVersionAsync(connection, tx, stateName, grainId);
            if (stored is not null)
            {
                await tx.RollbackAsync();
                throw Conflict("clear", stateName, grainId, stored, null, null);
            }
        }
        else
        {
            var expected = ParseETag(grainState.ETag, stateName, grainId);
            await using var delete = Command(connection, tx, DeleteState);
            AddKey(delete, stateName, grainId);
            _dialect.AddParameter(delete, "etag", expected);
            if (await delete.ExecuteNonQueryAsync() == 0)
            {
                var stored = await CurrentVersionAsync(connection, tx, stateName, grainId);
                await tx.RollbackAsync();
                throw Conflict("clear", stateName, grainId, stored, grainState.ETag, null);
            }
        }

        if (projection is not null)
        {
            await ApplyProjectionAsync(connection, tx, projection with { Columns = null });
        }
        await tx.CommitAsync();

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

    private async Task ApplyProjectionAsync(DbConnection connection, DbTransaction tx, ReadModelRow row)
    {
        DbCommand command;
        if (row.Columns is null)
        {
            command = Command(connection, tx, $"DELETE FROM {row.Table} WHERE id = {_dialect.Parameter("p_id")}");
            _dialect.AddParameter(command, "p_id", row.Id);
        }
        else
        {
            var columns = row.Columns.Keys.ToList();
            command = Command(connection, tx, _dialect.UpsertById(row.Table, columns));
            _dialect.AddParameter(command, "p_id", row.Id);
            for (var i = 0; i < columns.Count; i++)
            {
                _dialect.AddParameter(command, "p" + i, row.Columns[columns[i]]);
            }
        }

        await using (command)
        {
            try
            {
                await command.ExecuteNonQueryAsync();
            }
            catch (DbException ex)
            {
                // The state write in this transaction is rolled back with it (the caller's using disposes tx).
                LogProjectionFailed(_logger, ex, _name, row.Table, row.Id);
                throw;
            }
        }
    }

    private async Task<long?> CurrentVersionAsync(string stateName, GrainId grainId)
    {
        await using var connection = await _database.OpenAsync();
        return await CurrentVersionAsync(connection, null, stateName, grainId);
    }

    private async Task<long?> CurrentVersionAsync(DbConnection connection, DbTransaction? tx, string stateName, GrainId grainId)
    {
        await using var command = Command(connection, tx, SelectVersion);
        AddKey(command, stateName, grainId);
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? null : Convert.ToInt64(value, CultureInfo.InvariantCulture);
    }

    private InconsistentStateException Conflict(string operation, string stateName, GrainId grainId, long? stored, string? current, Exception? inner)
    {
        var storedText = stored?.ToString(CultureInfo.InvariantCulture) ?? "<none>";
        var currentText = current ?? "<none>";
        var message =
            $"Grain storage '{_name}': {operation} of state '{stateName}' for {grainId} failed the ETag check " +
            $"(stored version {storedText}, grain expected {currentText}); another activation changed it.";
        return inner is null
            ? new InconsistentStateException(message, storedText, currentText)
            : new InconsistentStateException(message, storedText, currentText, inner);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Grain storage '{Storage}': projection to {Table} row '{Id}' failed; the state write is rolled back.")]
    private static partial void LogProjectionFailed(ILogger logger, Exception exception, string storage, string table, string id);
}
