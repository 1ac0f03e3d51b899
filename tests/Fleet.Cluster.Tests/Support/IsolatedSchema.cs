using Npgsql;

namespace Fleet.Cluster.Tests.Support;

/// <summary>A PostgreSQL schema of its own on the suite's database, dropped afterwards. Clusters
/// that run at the same time must not share rows: each has its own cluster-wide singletons (the
/// CA, the bootstrap API key), and two clusters creating them at once would conflict.</summary>
public sealed class IsolatedSchema : IAsyncDisposable
{
    private readonly string _schema;

    private IsolatedSchema(string schema, string connectionString)
    {
        _schema = schema;
        ConnectionString = connectionString;
    }

    /// <summary>The suite's connection string with this schema as its search path.</summary>
    public string ConnectionString { get; }

    public static async Task<IsolatedSchema> CreateAsync()
    {
        var schema = "t_" + Guid.NewGuid().ToString("N")[..12];
        await ExecuteAsync($"CREATE SCHEMA {schema}");
        var connectionString = new NpgsqlConnectionStringBuilder(TestDatabases.PostgresConnectionString) { SearchPath = schema }
            .ConnectionString;
        return new IsolatedSchema(schema, connectionString);
    }

    public async ValueTask DisposeAsync() => await ExecuteAsync($"DROP SCHEMA {_schema} CASCADE");

    private static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(TestDatabases.PostgresConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
