using Fleet.Cluster.Tests.Support;
using Fleet.Storage;

namespace Fleet.Cluster.Tests;

/// <summary>SQLite reuses its WAL file from the start after a checkpoint but never shrinks it by
/// itself: one big transaction (an import chunk, a burst of first reports) used to leave gigabytes
/// behind for the rest of the process's life and for the next start's recovery.</summary>
public sealed class SqliteWalSizeTests
{
    [Fact]
    public async Task The_wal_file_is_cut_back_after_a_big_transaction_is_checkpointed()
    {
        var database = TestDatabases.Create(DatabaseKind.Sqlite);
        await using var connection = await database.OpenAsync();
        await ExecuteAsync(connection, "CREATE TABLE ballast (id INTEGER PRIMARY KEY, payload BLOB NOT NULL)");

        // ~80 MiB in one transaction: more than the limit, so the WAL file grows past it.
        await using (var tx = await connection.BeginTransactionAsync())
        {
            await using var insert = connection.CreateCommand();
            insert.Transaction = tx;
            insert.CommandText = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2048) " +
                                 "INSERT INTO ballast (payload) SELECT zeroblob(40960) FROM n";
            await insert.ExecuteNonQueryAsync();
            await tx.CommitAsync();
        }
        var wal = WalPath(connection);
        Assert.True(new FileInfo(wal).Length > FleetDatabase.WalSizeLimitBytes, "the big transaction should have grown the WAL");

        // A checkpoint empties the WAL; the next write starts it again from the beginning and, with
        // the limit, truncates what lies beyond it.
        await ExecuteAsync(connection, "PRAGMA wal_checkpoint(PASSIVE)");
        await ExecuteAsync(connection, "INSERT INTO ballast (payload) VALUES (x'00')");
        Assert.InRange(new FileInfo(wal).Length, 0, FleetDatabase.WalSizeLimitBytes);
    }

    private static string WalPath(System.Data.Common.DbConnection connection) => connection.DataSource + "-wal";

    private static async Task ExecuteAsync(System.Data.Common.DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
