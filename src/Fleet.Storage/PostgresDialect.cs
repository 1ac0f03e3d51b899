using System.Data.Common;
using Npgsql;
using NpgsqlTypes;

namespace Fleet.Storage;

internal sealed class PostgresDialect : ISqlDialect
{
    public static readonly PostgresDialect Instance = new();

    public string Parameter(string name) => "@" + name;

    public void AddParameter(DbCommand command, string name, object? value)
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
        command.Parameters.Add(parameter);
    }

    public string UpsertById(string table, IReadOnlyList<string> columns) => SqlValues.StandardUpsert(this, table, columns);

    public bool IsUniqueViolation(DbException exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };
}
