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

    public string UpsertById(string table, IReadOnlyList<string> columns, ReadModelFreshness? freshness = null) =>
        SqlValues.StandardUpsert(this, table, columns, freshness);

    // One statement for the whole flush: the arrays travel in one round trip.
    public async Task WritePresenceAsync(DbConnection connection, DbTransaction tx, IReadOnlyList<Presence.PresenceUpdate> updates, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText =
            "UPDATE terminal_presence AS p SET last_seen_ms = u.ms, battery = u.battery " +
            "FROM unnest(@ids, @ms, @battery) AS u(id, ms, battery) " +
            "WHERE p.id = u.id AND p.last_seen_ms < u.ms";
        command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = updates.Select(u => u.TerminalId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("ms", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = updates.Select(u => u.LastSeenMs).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("battery", NpgsqlDbType.Array | NpgsqlDbType.Bigint)
        {
            Value = updates.Select(u => (long?)u.Battery).ToArray(),
        });
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<DbTransaction> BeginLazyCommitAsync(DbConnection connection, CancellationToken ct)
    {
        var tx = await connection.BeginTransactionAsync(ct);
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = "SET LOCAL synchronous_commit = off";
        await command.ExecuteNonQueryAsync(ct);
        return tx;
    }

    // SET LOCAL ends with its transaction.
    public Task EndLazyCommitAsync(DbConnection connection, CancellationToken ct) => Task.CompletedTask;

    // One statement and one round trip for the whole batch; RETURNING names the rows that matched.
    public async Task<bool[]> ConfirmPresenceAsync(DbConnection connection, DbTransaction tx, IReadOnlyList<Presence.PresenceCheck> checks, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText =
            "UPDATE terminal_presence AS p SET last_seen_ms = u.ms, battery = u.battery " +
            "FROM unnest(@ids, @ms, @battery, @since, @app, @ip, @port, @status) AS u(id, ms, battery, since, app, ip, port, status) " +
            "JOIN terminals AS t ON t.id = u.id " +
            "WHERE p.id = u.id AND p.last_seen_ms >= u.since AND p.last_seen_ms <= u.ms " +
            "AND t.app_version IS NOT DISTINCT FROM u.app AND t.ip_address IS NOT DISTINCT FROM u.ip " +
            "AND t.local_port IS NOT DISTINCT FROM u.port AND t.status_text IS NOT DISTINCT FROM u.status " +
            "RETURNING p.id";
        command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = checks.Select(c => c.TerminalId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("ms", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = checks.Select(c => c.SeenMs).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("battery", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = checks.Select(c => c.Battery).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("since", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = checks.Select(c => c.OnlineSinceMs).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("app", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = checks.Select(c => c.AppVersion).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("ip", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = checks.Select(c => c.IpAddress).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("port", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = checks.Select(c => c.LocalPort).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("status", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = checks.Select(c => c.Status).ToArray() });
        var matched = new HashSet<string>(StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct)) matched.Add(reader.GetString(0));
        }
        return checks.Select(c => matched.Contains(c.TerminalId)).ToArray();
    }

    public bool IsUniqueViolation(DbException exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };
}
