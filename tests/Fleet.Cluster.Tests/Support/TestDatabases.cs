using Fleet.Storage;

namespace Fleet.Cluster.Tests.Support;

/// <summary>The databases under test: a fresh SQLite file, or the suite's PostgreSQL (required, never skipped).</summary>
public static class TestDatabases
{
    public const string PostgresVariable = "FLEET_TEST_POSTGRES";

    public static string PostgresConnectionString =>
        Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } cs
            ? cs
            : throw new InvalidOperationException(
                $"{PostgresVariable} is not set. These tests need a real PostgreSQL: run infra/test.sh, or " +
                "eval \"$(infra/postgres/temp-server.sh start)\" and export FLEET_TEST_POSTGRES before dotnet test.");

    public static FleetDatabase Create(DatabaseKind kind) => kind switch
    {
        DatabaseKind.Sqlite => FleetDatabase.Sqlite(Path.Combine(Path.GetTempPath(), "fleet-tests", $"{Guid.NewGuid():N}", "fleet.db")),
        _ => FleetDatabase.Postgres(PostgresConnectionString),
    };

    /// <summary>A schema-applied database with the tests' projection table.</summary>
    public static async Task<FleetDatabase> CreateReadyAsync(DatabaseKind kind)
    {
        var database = Create(kind);
        await database.EnsureSchemaAsync();
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText =
            "CREATE TABLE IF NOT EXISTS test_counter_view (id TEXT PRIMARY KEY, count INTEGER NOT NULL, " +
            "label TEXT NULL, even INTEGER NOT NULL, ratio DOUBLE PRECISION NULL, changed_at BIGINT NOT NULL)";
        await command.ExecuteNonQueryAsync();
        return database;
    }

    public static string UniqueKey(string prefix = "k") => $"{prefix}-{Guid.NewGuid():N}";
}
