using Fleet.Storage;

namespace Fleet.Cluster.Tests.Support;

/// <summary>A database no other test touches: a fresh SQLite file, or a PostgreSQL schema of its own
/// (dropped on dispose). For tests that count or explain what is in whole tables.</summary>
public sealed class IsolatedDatabase : IAsyncDisposable
{
    private readonly IsolatedSchema? _schema;

    private IsolatedDatabase(FleetDatabase database, IsolatedSchema? schema)
    {
        Database = database;
        _schema = schema;
    }

    public FleetDatabase Database { get; }

    /// <summary>Creates it without a schema: the caller decides what to apply.</summary>
    public static async Task<IsolatedDatabase> CreateAsync(DatabaseKind kind)
    {
        if (kind != DatabaseKind.Postgres) return new IsolatedDatabase(TestDatabases.Create(kind), null);
        var schema = await IsolatedSchema.CreateAsync();
        return new IsolatedDatabase(FleetDatabase.Postgres(schema.ConnectionString), schema);
    }

    public ValueTask DisposeAsync() => _schema?.DisposeAsync() ?? ValueTask.CompletedTask;
}
