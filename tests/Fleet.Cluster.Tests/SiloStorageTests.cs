using Fleet.Cluster.Tests.Grains;
using Fleet.Cluster.Tests.Support;
using Fleet.Storage;

namespace Fleet.Cluster.Tests;

/// <summary>Grain state through a real Orleans silo with <c>AddFleetGrainStorage</c>, on both dialects.</summary>
public sealed class SiloStorageTests
{
    public static TheoryData<DatabaseKind> Kinds => new() { DatabaseKind.Sqlite, DatabaseKind.Postgres };

    [Theory, MemberData(nameof(Kinds))]
    public async Task State_round_trips_and_survives_a_silo_restart(DatabaseKind kind)
    {
        var database = await TestDatabases.CreateReadyAsync(kind);
        var key = TestDatabases.UniqueKey("counter");

        await using (var silo = await TestSilo.StartLocalAsync(database))
        {
            var grain = silo.Grains.GetGrain<ICounterGrain>(key);
            Assert.Equal(2, await grain.Add(2, "first"));
            Assert.Equal(5, await grain.Add(3, "second"));
        }

        await using (var silo = await TestSilo.StartLocalAsync(database))
        {
            var grain = silo.Grains.GetGrain<ICounterGrain>(key);
            Assert.Equal(5, await grain.Get());
            Assert.Equal(6, await grain.Add(1));
        }
    }

    [Theory, MemberData(nameof(Kinds))]
    public async Task A_failing_projection_fails_the_call_and_keeps_the_stored_state(DatabaseKind kind)
    {
        var database = await TestDatabases.CreateReadyAsync(kind);
        var key = TestDatabases.UniqueKey("counter");

        await using (var silo = await TestSilo.StartLocalAsync(database))
        {
            var grain = silo.Grains.GetGrain<ICounterGrain>(key);
            await grain.Add(1);
            await Assert.ThrowsAnyAsync<Exception>(() => grain.AddProjectingTo(10, "no_such_table"));
            Assert.Equal(1, await grain.Get());
            Assert.Equal(2, await grain.Add(1));
            await grain.Clear();
            Assert.Equal(0, await grain.Get());
        }

        await using (var silo = await TestSilo.StartLocalAsync(database))
        {
            Assert.Equal(0, await silo.Grains.GetGrain<ICounterGrain>(key).Get());
        }
    }
}
