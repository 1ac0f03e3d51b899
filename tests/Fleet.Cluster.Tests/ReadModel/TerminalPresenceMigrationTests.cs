using System.Data.Common;
using Fleet.Cluster.Tests.Support;
using Fleet.Storage;
using Fleet.Storage.ReadModel;

namespace Fleet.Cluster.Tests.ReadModel;

/// <summary>A database made by the release before terminal_presence existed (last_seen_ms and battery
/// in terminals, under three last-seen indexes) is upgraded at start without losing a sighting.</summary>
public sealed class TerminalPresenceMigrationTests
{
    public static TheoryData<DatabaseKind> Kinds => new() { DatabaseKind.Sqlite, DatabaseKind.Postgres };

    private static readonly DateTimeOffset Seen = DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000);

    [Theory, MemberData(nameof(Kinds))]
    public async Task An_earlier_releases_last_sightings_move_to_terminal_presence(DatabaseKind kind)
    {
        await using var isolated = await IsolatedDatabase.CreateAsync(kind);
        var database = isolated.Database;

        await using (var connection = await database.OpenAsync())
        {
            await CreateEarlierSchemaAsync(connection, kind);
            await ExecuteAsync(connection,
                "INSERT INTO stores (id, name, time_zone, created_at_ms, updated_at_ms) VALUES ('s1', 'Store', 'UTC', 0, 0)");
            await ExecuteAsync(connection,
                "INSERT INTO terminals (id, store_id, kind, serial_number, battery, last_seen_ms, created_at_ms, updated_at_ms) VALUES "
                + $"('seen', 's1', 'pax', 'SN1', 41, {Seen.ToUnixTimeMilliseconds()}, 0, 0), "
                + "('never', 's1', 'android', 'SN2', NULL, -1, 0, 0)");
        }

        await database.EnsureSchemaAsync();
        await database.EnsureSchemaAsync(); // and again, as every later start does

        var page = await new FleetReadModel(database).ListTerminalsAsync(new TerminalFilter(StoreId: "s1"), "id", 10, null, Seen, TimeSpan.FromMinutes(2));
        var seen = Assert.Single(page.Items, t => t.Id == "seen");
        Assert.Equal(Seen, seen.LastSeen);
        Assert.Equal(41, seen.Battery);
        Assert.Null(Assert.Single(page.Items, t => t.Id == "never").LastSeen);

        await using var check = await database.OpenAsync();
        Assert.Equal(2L, await ScalarAsync(check, "SELECT COUNT(*) FROM terminal_presence"));
        Assert.Equal(1L, await ScalarAsync(check, "SELECT COUNT(*) FROM terminal_presence WHERE kind = 'android' AND last_seen_ms = -1"));
        var columns = kind == DatabaseKind.Sqlite
            ? "SELECT COUNT(*) FROM pragma_table_info('terminals') WHERE name IN ('last_seen_ms', 'battery')"
            : "SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'terminals' AND column_name IN ('last_seen_ms', 'battery')";
        Assert.Equal(0L, await ScalarAsync(check, columns));
    }

    /// <summary>The schema as the earlier release left it: this release's scripts before 100 (whose
    /// terminals table still has the two columns), once-scripts recorded as applied, and the three
    /// last-seen indexes that release created.</summary>
    private static async Task CreateEarlierSchemaAsync(DbConnection connection, DatabaseKind kind)
    {
        await ExecuteAsync(connection, "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT NOT NULL PRIMARY KEY, applied_at_ms BIGINT NOT NULL)");
        foreach (var (name, sql) in FleetDatabase.SchemaScripts(kind).Where(s => string.CompareOrdinal(s.Name, "100") < 0))
        {
            await ExecuteAsync(connection, sql);
            if (name.EndsWith(FleetDatabase.OnceSuffix, StringComparison.Ordinal))
                await ExecuteAsync(connection, $"INSERT INTO schema_migrations (name, applied_at_ms) VALUES ('{name}', 0)");
        }
        await ExecuteAsync(connection, "CREATE INDEX ix_terminals_last_seen ON terminals (last_seen_ms, id)");
        await ExecuteAsync(connection, "CREATE INDEX ix_terminals_store_last_seen ON terminals (store_id, last_seen_ms, id)");
        await ExecuteAsync(connection, "CREATE INDEX ix_terminals_kind_last_seen ON terminals (kind, last_seen_ms, id)");
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}
