using System.Data.Common;
using Fleet.Cluster.Tests.Grains;
using Fleet.Cluster.Tests.Support;
using Fleet.Storage;
using Fleet.Storage.GroupCommit;
using Fleet.Storage.ReadModel;
using Npgsql;
using Orleans.Runtime;
using Orleans.Storage;

namespace Fleet.Cluster.Tests;

/// <summary>Group commit: concurrent writes share one transaction, and each keeps its own outcome.
/// The database is held locked by the test while the writes queue up, so the batch they form is
/// known rather than hoped for.</summary>
public sealed class GroupCommitTests
{
    private const string StateName = "counter";

    public static TheoryData<DatabaseKind> Kinds => new() { DatabaseKind.Sqlite, DatabaseKind.Postgres };

    [Theory, MemberData(nameof(Kinds))]
    public async Task In_one_batch_a_conflicting_write_and_a_failing_projection_fail_alone(DatabaseKind kind)
    {
        var database = await TestDatabases.CreateReadyAsync(kind);
        var storage = DirectStorage.Create(database, new GroupCommitOptions { Writers = 1 });

        // A row the test will hold locked, and one whose ETag a second copy will hold stale.
        var (blockerId, blocker) = (DirectStorage.NewGrainId(), DirectStorage.Empty(new CounterState { Count = 1 }));
        await storage.WriteStateAsync(StateName, blockerId, blocker);
        var (contestedId, current) = (DirectStorage.NewGrainId(), DirectStorage.Empty(new CounterState { Count = 1 }));
        await storage.WriteStateAsync(StateName, contestedId, current);
        var stale = DirectStorage.Empty(current.State with { Count = 99 });
        stale.ETag = current.ETag;
        current.State = current.State with { Count = 2 };
        await storage.WriteStateAsync(StateName, contestedId, current);

        var fresh = Enumerable.Range(0, 40)
            .Select(i => (Id: DirectStorage.NewGrainId(), State: DirectStorage.Empty(new CounterState { Count = i, Label = "batch" })))
            .ToList();
        var brokenId = DirectStorage.NewGrainId();
        var broken = DirectStorage.Empty(new CounterState { Count = 7, ProjectionTable = "no_such_table" });

        Task blockerWrite;
        List<Task> freshWrites;
        Task staleWrite, brokenWrite;
        await using (await HoldWriteLockAsync(database, kind, blockerId))
        {
            // The blocker's batch waits on the lock; everything after it queues behind.
            blocker.State = blocker.State with { Count = 2 };
            blockerWrite = storage.WriteStateAsync(StateName, blockerId, blocker);
            await WaitUntilAsync(() => storage.Writer.Queued == 0);
            freshWrites = fresh.Select(f => storage.WriteStateAsync(StateName, f.Id, f.State)).ToList();
            staleWrite = storage.WriteStateAsync(StateName, contestedId, stale);
            brokenWrite = storage.WriteStateAsync(StateName, brokenId, broken);
            await WaitUntilAsync(() => storage.Writer.Queued == fresh.Count + 2);
        }

        await blockerWrite;
        await Task.WhenAll(freshWrites);
        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => staleWrite);
        Assert.Equal("2", conflict.StoredEtag);
        await Assert.ThrowsAnyAsync<DbException>(() => brokenWrite);

        // The neighbours were committed together, and are there with their read-model rows.
        Assert.True(storage.Writer.LargestBatch >= fresh.Count + 1, $"largest batch {storage.Writer.LargestBatch}");
        foreach (var (id, state) in fresh)
        {
            Assert.Equal("1", state.ETag);
            var read = DirectStorage.Empty(new CounterState());
            await storage.ReadStateAsync(StateName, id, read);
            Assert.Equal(state.State, read.State);
            Assert.Equal(state.State.Count, (await CountInViewAsync(database, id))!.Value);
        }
        var contested = DirectStorage.Empty(new CounterState());
        await storage.ReadStateAsync(StateName, contestedId, contested);
        Assert.Equal(2, contested.State.Count);
        var missing = DirectStorage.Empty(new CounterState());
        await storage.ReadStateAsync(StateName, brokenId, missing);
        Assert.False(missing.RecordExists);

        // The grain whose write conflicted goes on once it has re-read, as Orleans does.
        stale.ETag = contested.ETag;
        await storage.WriteStateAsync(StateName, contestedId, stale);
        Assert.Equal("3", stale.ETag);
    }

    [Theory, MemberData(nameof(Kinds))]
    public async Task Concurrent_writes_to_many_grains_are_all_stored(DatabaseKind kind)
    {
        var database = await TestDatabases.CreateReadyAsync(kind);
        var storage = DirectStorage.Create(database);
        var grains = Enumerable.Range(0, 300)
            .Select(i => (Id: DirectStorage.NewGrainId(), State: DirectStorage.Empty(new CounterState { Count = i })))
            .ToList();

        // Three rounds per grain, each grain's writes in sequence as a grain makes them.
        await Task.WhenAll(grains.Select(async g =>
        {
            for (var round = 1; round <= 3; round++)
            {
                g.State.State = g.State.State with { Label = $"round {round}" };
                await storage.WriteStateAsync(StateName, g.Id, g.State);
            }
        }));

        Assert.True(storage.Writer.CommittedBatches < grains.Count * 3, "no two writes shared a transaction");
        foreach (var (id, state) in grains)
        {
            var read = DirectStorage.Empty(new CounterState());
            await storage.ReadStateAsync(StateName, id, read);
            Assert.Equal("3", read.ETag);
            Assert.Equal("round 3", read.State.Label);
        }
    }

    [Theory, MemberData(nameof(Kinds))]
    public async Task A_batch_on_an_unreachable_database_fails_every_write_and_acknowledges_none(DatabaseKind kind)
    {
        // SQLite: the "file" is a directory, so no connection opens; PostgreSQL: nobody listens on the port.
        var database = kind == DatabaseKind.Sqlite
            ? FleetDatabase.Sqlite(Directory.CreateTempSubdirectory("fleet-not-a-file-").FullName)
            : FleetDatabase.Postgres(new NpgsqlConnectionStringBuilder(TestDatabases.PostgresConnectionString)
            {
                Port = FreePort(), Timeout = 2,
            }.ConnectionString);
        var storage = DirectStorage.Create(database);
        var writes = Enumerable.Range(0, 20)
            .Select(i => storage.WriteStateAsync(StateName, DirectStorage.NewGrainId(), DirectStorage.Empty(new CounterState { Count = i })))
            .ToList();
        foreach (var write in writes) await Assert.ThrowsAnyAsync<Exception>(() => write);
        Assert.Equal(0, storage.Writer.CommittedBatches);
    }

    private static async Task<IAsyncDisposable> HoldWriteLockAsync(FleetDatabase database, DatabaseKind kind, GrainId rowToLock)
    {
        var connection = await database.OpenAsync();
        var tx = await connection.BeginTransactionAsync();
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        if (kind == DatabaseKind.Sqlite)
        {
            // BEGIN IMMEDIATE took SQLite's single write lock; touch a row so the lock is certainly held.
            command.CommandText = "UPDATE grain_state SET updated_at = updated_at WHERE grain_id = @id";
        }
        else
        {
            // Only this row: other tests share the PostgreSQL database.
            command.CommandText = "SELECT version FROM grain_state WHERE grain_id = @id FOR UPDATE";
        }
        command.AddParameter("id", rowToLock.ToString());
        await command.ExecuteNonQueryAsync();
        return new Release(connection, tx);
    }

    private static async Task<long?> CountInViewAsync(FleetDatabase database, GrainId id)
    {
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count FROM test_counter_view WHERE id = @id";
        command.AddParameter("id", id.Key.ToString()!);
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? null : Convert.ToInt64(value);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The writes did not queue up behind the locked batch.");
            await Task.Delay(10);
        }
    }

    private static int FreePort() => Processes.FleetProcess.FreePort();

    private sealed class Release(DbConnection connection, DbTransaction tx) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await tx.RollbackAsync();
            await tx.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
