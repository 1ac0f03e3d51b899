using Fleet.Cluster.Tests.Support;
using Fleet.Storage;
using Fleet.Storage.Import;

namespace Fleet.Cluster.Tests;

/// <summary>The import staging table on both dialects: rows round-trip in apply order, cross-row
/// checks find duplicates and unknown stores across chunks, and a job's rows are deleted.</summary>
public sealed class ImportStagingTests
{
    public static TheoryData<DatabaseKind> Kinds => new() { DatabaseKind.Sqlite, DatabaseKind.Postgres };

    [Theory, MemberData(nameof(Kinds))]
    public async Task Staged_rows_are_checked_across_chunks_read_in_order_and_deleted(DatabaseKind kind)
    {
        var database = await TestDatabases.CreateReadyAsync(kind);
        var staging = new ImportStaging(database);
        var job = TestDatabases.UniqueKey("job");
        var p = TestDatabases.UniqueKey("s");
        var rows = new List<StagedImportRow>();
        for (var s = 0; s < 30; s++)
            rows.Add(new StagedImportRow(rows.Count, $"line {rows.Count}", StagedRowKind.Store, $"{p}-{s}", Name: "Store", TimeZone: "UTC"));
        for (var t = 0; t < 300; t++)
            rows.Add(new StagedImportRow(rows.Count, $"line {rows.Count}", StagedRowKind.Terminal, $"{p}-t{t}",
                StoreId: $"{p}-{t % 30}", TerminalKind: "pax", SerialNumber: $"SN{t}", Model: t % 2 == 0 ? null : "A920"));
        foreach (var chunk in rows.Chunk(100)) await staging.WriteAsync(job, chunk, durable: false);
        await AssertPooledConnectionsAreDurableAsync(database, kind);

        var clean = await staging.CheckAsync(job, 10);
        Assert.True(clean.Passed);

        var terminals = await staging.ReadAsync(job, StagedRowKind.Terminal, afterSeq: 29 + 250, limit: 1000);
        Assert.Equal(50, terminals.Count);
        Assert.Equal(rows[^50..], terminals);

        // A twin of the first store, in another chunk, and a terminal naming an unknown store.
        await staging.WriteAsync(job, [
            new StagedImportRow(1_000, "line 1000", StagedRowKind.Store, $"{p}-0", Name: "Again", TimeZone: "UTC"),
            new StagedImportRow(1_001, "line 1001", StagedRowKind.Terminal, $"{p}-lost", StoreId: $"{p}-nowhere", Valid: false),
        ]);
        var check = await staging.CheckAsync(job, 10);
        Assert.Equal((1, 1, 1), (check.DuplicateRows, check.MissingStoreRows, check.RowsWithOnlyCrossRowErrors));
        Assert.Equal(["line 1000", "line 1001"], check.Errors.Select(e => e.Row));
        Assert.Contains("first at line 0", check.Errors[0].Message);
        Assert.Equal("storeId", check.Errors[1].Field);

        await staging.DeleteAsync(job);
        Assert.Empty(await staging.CountAsync(job));
    }

    /// <summary>A lazily committed write must not leave its pooled SQLite connection relaxed: every
    /// later write on it would then skip the disk flush it promises.</summary>
    internal static async Task AssertPooledConnectionsAreDurableAsync(Fleet.Storage.FleetDatabase database, DatabaseKind kind)
    {
        if (kind != DatabaseKind.Sqlite) return;
        var open = new List<System.Data.Common.DbConnection>();
        try
        {
            for (var i = 0; i < 4; i++)
            {
                var connection = await database.OpenAsync();
                open.Add(connection);
                await using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA synchronous";
                Assert.Equal(2L, Convert.ToInt64(await command.ExecuteScalarAsync())); // FULL
            }
        }
        finally
        {
            foreach (var connection in open) await connection.DisposeAsync();
        }
    }
}
