using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Fleet.Storage;

internal sealed class SqliteDialect : ISqlDialect
{
    private const int SqliteConstraint = 19;
    private const int SqliteConstraintPrimaryKey = 1555;
    private const int SqliteConstraintUnique = 2067;

    public static readonly SqliteDialect Instance = new();

    public string Parameter(string name) => "@" + name;

    public void AddParameter(DbCommand command, string name, object? value) => command.Parameters.Add(CreateParameter(name, value));

    public DbParameter CreateParameter(string name, object? value)
    {
        var parameter = new SqliteParameter(Parameter(name), SqlValues.Normalize(value));
        if (value is byte[])
        {
            parameter.SqliteType = SqliteType.Blob;
        }
        return parameter;
    }

    // SQLite ≥ 3.24 takes the same upsert as PostgreSQL; "excluded" names the row that failed to insert.
    public string UpsertById(string table, IReadOnlyList<string> columns, ReadModelFreshness? freshness = null) =>
        SqlValues.StandardUpsert(this, table, columns, freshness);

    // In-process: one prepared statement run per terminal costs microseconds, no round trips.
    public async Task WritePresenceAsync(DbConnection connection, DbTransaction tx, IReadOnlyList<Presence.PresenceUpdate> updates, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText =
            "UPDATE terminal_presence SET last_seen_ms = @ms, battery = @battery WHERE id = @id AND last_seen_ms < @ms";
        var id = command.CreateParameter();
        id.ParameterName = "@id";
        var ms = command.CreateParameter();
        ms.ParameterName = "@ms";
        var battery = command.CreateParameter();
        battery.ParameterName = "@battery";
        command.Parameters.Add(id);
        command.Parameters.Add(ms);
        command.Parameters.Add(battery);
        foreach (var update in updates)
        {
            id.Value = update.TerminalId;
            ms.Value = update.LastSeenMs;
            battery.Value = update.Battery is { } b ? (long)b : DBNull.Value;
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    public async Task<DbTransaction> BeginLazyCommitAsync(DbConnection connection, CancellationToken ct)
    {
        await using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA synchronous=NORMAL";
            await pragma.ExecuteNonQueryAsync(ct);
        }
        return await connection.BeginTransactionAsync(ct);
    }

    public async Task EndLazyCommitAsync(DbConnection connection, CancellationToken ct)
    {
        try
        {
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA synchronous=FULL";
            await pragma.ExecuteNonQueryAsync(ct);
        }
        catch (SqliteException)
        {
            // The pooled handle would keep the relaxed setting: let the pool drop it instead.
            SqliteConnection.ClearPool((SqliteConnection)connection);
            throw;
        }
    }

    public async Task<bool[]> ConfirmPresenceAsync(DbConnection connection, DbTransaction tx, IReadOnlyList<Presence.PresenceCheck> checks, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        // The report is compared with the terminals row, only read; only the narrow presence row is written.
        // IS compares NULL with NULL as equal: an absent field matches an absent stored one.
        command.CommandText =
            "UPDATE terminal_presence SET last_seen_ms = @ms, battery = @battery " +
            "WHERE id = @id AND last_seen_ms >= @since AND last_seen_ms <= @ms " +
            "AND EXISTS (SELECT 1 FROM terminals AS t WHERE t.id = @id " +
            "AND t.app_version IS @app AND t.ip_address IS @ip AND t.local_port IS @port AND t.status_text IS @status)";
        var parameters = new[] { "@id", "@ms", "@battery", "@since", "@app", "@ip", "@port", "@status" }
            .Select(name =>
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                command.Parameters.Add(parameter);
                return parameter;
            }).ToArray();
        var confirmed = new bool[checks.Count];
        for (var i = 0; i < checks.Count; i++)
        {
            var check = checks[i];
            parameters[0].Value = check.TerminalId;
            parameters[1].Value = check.SeenMs;
            parameters[2].Value = check.Battery is { } b ? (long)b : DBNull.Value;
            parameters[3].Value = check.OnlineSinceMs;
            parameters[4].Value = (object?)check.AppVersion ?? DBNull.Value;
            parameters[5].Value = (object?)check.IpAddress ?? DBNull.Value;
            parameters[6].Value = check.LocalPort is { } port ? (long)port : DBNull.Value;
            parameters[7].Value = (object?)check.Status ?? DBNull.Value;
            confirmed[i] = await command.ExecuteNonQueryAsync(ct) == 1;
        }
        return confirmed;
    }

    public bool IsUniqueViolation(DbException exception) =>
        exception is SqliteException { SqliteErrorCode: SqliteConstraint } sqlite
        && sqlite.SqliteExtendedErrorCode is SqliteConstraintUnique or SqliteConstraintPrimaryKey;
}
