using System.Data.Common;
using Fleet.Cluster.Tests.Grains;
using Fleet.Cluster.Tests.Support;
using Fleet.Storage;
using Orleans.Runtime;
using Orleans.Storage;

namespace Fleet.Cluster.Tests;

/// <summary>RelationalGrainStorage called directly, on both dialects.</summary>
public sealed class GrainStorageTests
{
    private const string StateName = "counter";

    public static TheoryData<DatabaseKind> Kinds => new() { DatabaseKind.Sqlite, DatabaseKind.Postgres };

    [Theory, MemberData(nameof(Kinds))]
    public async Task Write_then_read_round_trips_with_the_version_as_etag(DatabaseKind kind)
    {
        var storage = DirectStorage.Create(await TestDatabases.CreateReadyAsync(kind));
        var grainId = DirectStorage.NewGrainId();
        var written = DirectStorage.Empty(new CounterState { Count = 3, Label = "a" });

        await storage.WriteStateAsync(StateName, grainId, written);
        Assert.Equal("1", written.ETag);
        written.State = written.State with { Count = 4 };
        await storage.WriteStateAsync(StateName, grainId, written);
        Assert.Equal("2", written.ETag);

        var read = DirectStorage.Empty(new CounterState());
        await storage.ReadStateAsync(StateName, grainId, read);
        Assert.True(read.RecordExists);
        Assert.Equal("2", read.ETag);
        Assert.Equal(new CounterState { Count = 4, Label = "a" }, read.State);
    }

    [Theory, MemberData(nameof(Kinds))]
    public async Task Reading_a_missing_row_gives_no_etag(DatabaseKind kind)
    {
        var storage = DirectStorage.Create(await TestDatabases.CreateReadyAsync(kind));
        var read = DirectStorage.Empty(new CounterState());
        await storage.ReadStateAsync(StateName, DirectStorage.NewGrainId(), read);
        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
    }

    [Theory, MemberData(nameof(Kinds))]
    public async Task A_stale_write_is_an_inconsistent_state(DatabaseKind kind)
    {
        var storage = DirectStorage.Create(await TestDatabases.CreateReadyAsync(kind));
        var grainId = DirectStorage.NewGrainId();
        var first = DirectStorage.Empty(new CounterState { Count = 1 });
        await storage.WriteStateAsync(StateName, grainId, first);
        var stale = DirectStorage.Empty(first.State);
        stale.ETag = first.ETag;

        first.State = first.State with { Count = 2 };
        await storage.WriteStateAsync(StateName, grainId, first);
        stale.State = stale.State with { Count = 99 };
        var ex = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, grainId, stale));
        Assert.Equal("2", ex.StoredEtag);
        Assert.Equal("1", ex.CurrentEtag);

        // A second activation that believes nothing is stored (null etag) conflicts too.
        var fresh = DirectStorage.Empty(new CounterState { Count = 7 });
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, grainId, fresh));

        var read = DirectStorage.Empty(new CounterState());
        await storage.ReadStateAsync(StateName, grainId, read);
        Assert.Equal(2, read.State.Count);
    }

    [Theory, MemberData(nameof(Kinds))]
    public async Task Concurrent_writers_with_the_same_etag_let_exactly_one_win(DatabaseKind kind)
    {
        var storage = DirectStorage.Create(await TestDatabases.CreateReadyAsync(kind));
        var grainId = DirectStorage.NewGrainId();
        var seed = DirectStorage.Empty(new CounterState { Count = 0 });
        await storage.WriteStateAsync(StateName, grainId, seed);

        var writers = Enumerable.Range(1, 6).Select(async i =>
        {
            var s = DirectStorage.Empty(new CounterState { Count = i });
            s.ETag = seed.ETag;
            try
            {
                await storage.WriteStateAsync(StateName, grainId, s);
                return true;
            }
            catch (InconsistentStateException)
            {
                return false;
            }
        });
        var results = await Task.WhenAll(writers);
        Assert.Single(results, won => won);
    }

    [Theory, MemberData(nameof(Kinds))]
    public async Task Clear_checks_the_etag_and_resets_it(DatabaseKind kind)
    {
        var storage = DirectStorage.Create(await TestDatabases.CreateReadyAsync(kind));
        var grainId = DirectStorage.NewGrainId();
        var state = DirectStorage.Empty(new CounterState { Count = 5 });
        await storage.WriteStateAsync(StateName, grainId, state);
        var stale = DirectStorage.Empty(state.State);
        stale.ETag = "0";

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync(StateName, grainId, stale));
        await storage.ClearStateAsync(StateName, grainId, state);
        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);

        var read = DirectStorage.Empty(new CounterState());
        await storage.ReadStateAsync(StateName, grainId, read);
        Assert.False(read.RecordExists);
        // Writing again after a clear starts a new row.
        await storage.WriteStateAsync(StateName, grainId, state);
        Assert.Equal("1", state.ETag);
    }

    [Theory, MemberData(nameof(Kinds))]
    public async Task A_state_type_without_alias_is_refused_with_its_name(DatabaseKind kind)
    {
        var storage = DirectStorage.Create(await TestDatabases.CreateReadyAsync(kind));
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            storage.WriteStateAsync(StateName, DirectStorage.NewGrainId(), DirectStorage.Empty(new UnaliasedState { Value = 1 })));
        Assert.Contains(typeof(UnaliasedState).FullName!, ex.Message);
        Assert.Contains("Alias", ex.Message);
    }

    [Theory, MemberData(nameof(Kinds))]
    public async Task A_row_stored_under_another_alias_is_not_deserialized(DatabaseKind kind)
    {
        var storage = DirectStorage.Create(await TestDatabases.CreateReadyAsync(kind));
        var grainId = DirectStorage.NewGrainId();
        await storage.WriteStateAsync(StateName, grainId, DirectStorage.Empty(new OtherState { Text = "x" }));

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            storage.ReadStateAsync(StateName, grainId, DirectStorage.Empty(new CounterState())));
        Assert.Contains("fleet.tests.other-state", ex.Message);
        Assert.Contains("fleet.tests.counter-state", ex.Message);
    }

    [Theory, MemberData(nameof(Kinds))]
    public async Task The_projection_row_is_written_with_the_state_and_removed_on_clear(DatabaseKind kind)
    {
        var database = await TestDatabases.CreateReadyAsync(kind);
        var storage = DirectStorage.Create(database);
        var grainId = DirectStorage.NewGrainId();
        var key = grainId.Key.ToString()!;
        var state = DirectStorage.Empty(new CounterState { Count = 2, Label = "two", ChangedAt = 1_700_000_000_123 });

        await storage.WriteStateAsync(StateName, grainId, state);
        Assert.Equal((2L, "two", 1L, 0.5, 1_700_000_000_123L), await ReadViewAsync(database, key));

        state.State = state.State with { Count = 3, Label = null };
        await storage.WriteStateAsync(StateName, grainId, state);
        Assert.Equal((3L, null, 0L, 0.75, 1_700_000_000_123L), await ReadViewAsync(database, key));

        await storage.ClearStateAsync(StateName, grainId, state);
        Assert.Null(await ReadViewAsync(database, key));
    }

    [Theory, MemberData(nameof(Kinds))]
    public async Task A_failing_projection_rolls_back_the_state_write(DatabaseKind kind)
    {
        var database = await TestDatabases.CreateReadyAsync(kind);
        var storage = DirectStorage.Create(database);
        var grainId = DirectStorage.NewGrainId();
        var key = grainId.Key.ToString()!;

        // First write: nothing may be left behind.
        var broken = DirectStorage.Empty(new CounterState { Count = 1, ProjectionTable = "no_such_table" });
        await Assert.ThrowsAnyAsync<DbException>(() => storage.WriteStateAsync(StateName, grainId, broken));
        Assert.Null(broken.ETag);
        var read = DirectStorage.Empty(new CounterState());
        await storage.ReadStateAsync(StateName, grainId, read);
        Assert.False(read.RecordExists);

        // Update: the previous version and its projection stay.
        var good = DirectStorage.Empty(new CounterState { Count = 1 });
        await storage.WriteStateAsync(StateName, grainId, good);
        var update = DirectStorage.Empty(good.State with { Count = 8, ProjectionTable = "no_such_table" });
        update.ETag = good.ETag;
        await Assert.ThrowsAnyAsync<DbException>(() => storage.WriteStateAsync(StateName, grainId, update));

        await storage.ReadStateAsync(StateName, grainId, read);
        Assert.Equal("1", read.ETag);
        Assert.Equal(1, read.State.Count);
        Assert.Equal(1L, (await ReadViewAsync(database, key))?.Count);
        // The grain can go on with its real etag.
        good.State = good.State with { Count = 2 };
        await storage.WriteStateAsync(StateName, grainId, good);
        Assert.Equal("2", good.ETag);
    }

    [Theory, MemberData(nameof(Kinds))]
    public async Task Projection_names_outside_the_identifier_pattern_are_refused_before_any_write(DatabaseKind kind)
    {
        var storage = DirectStorage.Create(await TestDatabases.CreateReadyAsync(kind));
        var grainId = DirectStorage.NewGrainId();
        var evil = DirectStorage.Empty(new CounterState { ProjectionTable = "test_counter_view; DROP TABLE grain_state" });

        await Assert.ThrowsAsync<ArgumentException>(() => storage.WriteStateAsync(StateName, grainId, evil));
        var read = DirectStorage.Empty(new CounterState());
        await storage.ReadStateAsync(StateName, grainId, read);
        Assert.False(read.RecordExists);
    }

    [Theory, MemberData(nameof(Kinds))]
    public async Task The_schema_can_be_applied_again_and_concurrently(DatabaseKind kind)
    {
        var database = await TestDatabases.CreateReadyAsync(kind);
        await database.EnsureSchemaAsync();
        if (kind == DatabaseKind.Postgres)
        {
            // Several silos starting together: the advisory lock serialises them.
            await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => TestDatabases.Create(kind).EnsureSchemaAsync()));
        }
        var storage = DirectStorage.Create(database);
        var state = DirectStorage.Empty(new CounterState { Count = 1 });
        await storage.WriteStateAsync(StateName, DirectStorage.NewGrainId(), state);
        Assert.Equal("1", state.ETag);
    }

    [Fact]
    public void Embedded_scripts_are_ordered_by_file_name()
    {
        var postgres = FleetDatabase_Scripts(DatabaseKind.Postgres);
        Assert.Equal(postgres.Order(StringComparer.Ordinal), postgres);
        Assert.Contains("001-grain-state.sql", postgres);
        Assert.Contains("002-membership.sql", postgres);
        Assert.Contains("001-grain-state.sql", FleetDatabase_Scripts(DatabaseKind.Sqlite));
    }

    private static List<string> FleetDatabase_Scripts(DatabaseKind kind) =>
        FleetDatabase.SchemaScripts(kind).Select(s => s.Name).ToList();

    [Theory, MemberData(nameof(Kinds))]
    public async Task A_bulk_insert_creates_only_the_absent_states_with_their_rows_and_leaves_existing_ones_alone(DatabaseKind kind)
    {
        var database = await TestDatabases.CreateReadyAsync(kind);
        var storage = DirectStorage.Create(database);
        var (a, existing, c) = (DirectStorage.NewGrainId(), DirectStorage.NewGrainId(), DirectStorage.NewGrainId());
        var stored = DirectStorage.Empty(new CounterState { Count = 7, Label = "kept" });
        await storage.WriteStateAsync(StateName, existing, stored);

        var created = await storage.InsertAllIfAbsentAsync(StateName,
        [
            (a, new CounterState { Count = 1, Label = "a" }),
            (existing, new CounterState { Count = 99, Label = "overwritten?" }),
            (c, new CounterState { Count = 3, Label = "c" }),
        ]);

        Assert.Equal([true, false, true], created);
        var read = DirectStorage.Empty(new CounterState());
        await storage.ReadStateAsync(StateName, existing, read);
        Assert.Equal(new CounterState { Count = 7, Label = "kept" }, read.State);
        Assert.Equal("1", read.ETag);
        Assert.Equal(7L, (await ReadViewAsync(database, existing.Key.ToString()!))?.Count);
        foreach (var (id, count) in new[] { (a, 1L), (c, 3L) })
        {
            var fresh = DirectStorage.Empty(new CounterState());
            await storage.ReadStateAsync(StateName, id, fresh);
            Assert.True(fresh.RecordExists);
            Assert.Equal("1", fresh.ETag); // a later grain write carries on from the inserted version
            Assert.Equal(count, (await ReadViewAsync(database, id.Key.ToString()!))?.Count);
            fresh.State = fresh.State with { Count = (int)count + 1 };
            await storage.WriteStateAsync(StateName, id, fresh);
        }
    }

    private static async Task<(long Count, string? Label, long Even, double Ratio, long ChangedAt)?> ReadViewAsync(FleetDatabase database, string id)
    {
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count, label, even, ratio, changed_at FROM test_counter_view WHERE id = @id";
        var p = command.CreateParameter();
        p.ParameterName = "id";
        p.Value = id;
        command.Parameters.Add(p);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            return null;
        }
        return (Convert.ToInt64(reader.GetValue(0)), reader.IsDBNull(1) ? null : reader.GetString(1),
            Convert.ToInt64(reader.GetValue(2)), Convert.ToDouble(reader.GetValue(3)), Convert.ToInt64(reader.GetValue(4)));
    }
}
