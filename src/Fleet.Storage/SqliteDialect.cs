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
    public string UpsertById(string table, IReadOnlyList<string> columns) => SqlValues.StandardUpsert(this, table, columns);

    // In-process: one prepared statement run per terminal costs microseconds, no round trips.
    public async Task WritePresenceAsync(DbConnection connection, DbTransaction tx, IReadOnlyList<Presence.PresenceUpdate> updates, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText =
            "UPDATE terminals SET last_seen_ms = @ms, battery = @battery WHERE id = @id AND last_seen_ms < @ms";
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

    public bool IsUniqueViolation(DbException exception) =>
        exception is SqliteException { SqliteErrorCode: SqliteConstraint } sqlite
        && sqlite.SqliteExtendedErrorCode is SqliteConstraintUnique or SqliteConstraintPrimaryKey;
}
