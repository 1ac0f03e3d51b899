using System.Data.Common;
using Npgsql;
using NpgsqlTypes;

namespace Fleet.Storage;

internal sealed class PostgresDialect : ISqlDialect
{
    public static readonly PostgresDialect Instance = new();

    public string Parameter(string name) => "@" + name;

    public void AddParameter(DbCommand command, string name, object? value) => command.Parameters.Add(CreateParameter(name, value));

    public DbParameter CreateParameter(string name, object? value)
    {
        var parameter = new NpgsqlParameter { ParameterName = name, Value = SqlValues.Normalize(value) };
        switch (value)
        {
            case byte[]:
                parameter.NpgsqlDbType = NpgsqlDbType.Bytea;
                break;
            case bool or long:
                parameter.NpgsqlDbType = NpgsqlDbType.Bigint;
                break;
        }
        return parameter;
    }

    public string UpsertById(string table, IReadOnlyList<string> columns) => SqlValues.StandardUpsert(this, table, columns);

    // One statement for the whole flush: the arrays travel in one round trip.
    public async Task WritePresenceAsync(DbConnection connection, DbTransaction tx, IReadOnlyList<Presence.PresenceUpdate> updates, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText =
            "UPDATE terminals AS t SET last_seen_ms = u.ms, battery = u.battery " +
            "FROM unnest(@ids, @ms, @battery) AS u(id, ms, battery) " +
            "WHERE t.id = u.id AND t.last_seen_ms < u.ms";
        command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = updates.Select(u => u.TerminalId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("ms", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = updates.Select(u => u.LastSeenMs).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("battery", NpgsqlDbType.Array | NpgsqlDbType.Bigint)
        {
            Value = updates.Select(u => (long?)u.Battery).ToArray(),
        });
        await command.ExecuteNonQueryAsync(ct);
    }

    public bool IsUniqueViolation(DbException exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };
}
