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

    public void AddParameter(DbCommand command, string name, object? value)
    {
        var parameter = (SqliteParameter)command.CreateParameter();
        parameter.ParameterName = Parameter(name);
        parameter.Value = SqlValues.Normalize(value);
        if (value is byte[])
        {
            parameter.SqliteType = SqliteType.Blob;
        }
        command.Parameters.Add(parameter);
    }

    // SQLite ≥ 3.24 takes the same upsert as PostgreSQL; "excluded" names the row that failed to insert.
    public string UpsertById(string table, IReadOnlyList<string> columns) => SqlValues.StandardUpsert(this, table, columns);

    public bool IsUniqueViolation(DbException exception) =>
        exception is SqliteException { SqliteErrorCode: SqliteConstraint } sqlite
        && sqlite.SqliteExtendedErrorCode is SqliteConstraintUnique or SqliteConstraintPrimaryKey;
}
