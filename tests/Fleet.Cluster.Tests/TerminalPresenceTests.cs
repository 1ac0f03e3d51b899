using Fleet.Cluster.Tests.Support;
using Fleet.Storage;
using Fleet.Storage.Presence;
using Fleet.Storage.ReadModel;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fleet.Cluster.Tests;

/// <summary>Write-behind presence on both dialects: time only moves forward, a stop flushes, and
/// nothing is written for a terminal that is not (or no longer) there.</summary>
public sealed class TerminalPresenceTests
{
    public static TheoryData<DatabaseKind> Kinds => new() { DatabaseKind.Sqlite, DatabaseKind.Postgres };

    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    [Theory, MemberData(nameof(Kinds))]
    public async Task A_stop_writes_the_latest_buffered_check_in_of_each_terminal(DatabaseKind kind)
    {
        var database = await TestDatabases.CreateReadyAsync(kind);
        var (a, b) = (TestDatabases.UniqueKey("t"), TestDatabases.UniqueKey("t"));
        await InsertTerminalAsync(database, a, lastSeen: T0);
        await InsertTerminalAsync(database, b, lastSeen: null);

        // A long interval: only the stop can have written these.
        var presence = Create(database, TimeSpan.FromSeconds(10));
        presence.Record(a, T0.AddSeconds(30), 77);
        presence.Record(a, T0.AddSeconds(20), 78); // older than what is buffered: ignored
        presence.Record(b, T0.AddSeconds(5), null);
        Assert.Equal(2, presence.Pending);
        Assert.Equal(new StoredPresence(T0, null), await presence.ReadAsync(a));

        await presence.StopAsync(CancellationToken.None);

        Assert.Equal(0, presence.Pending);
        Assert.Equal(new StoredPresence(T0.AddSeconds(30), 77), await presence.ReadAsync(a));
        Assert.Equal(new StoredPresence(T0.AddSeconds(5), null), await presence.ReadAsync(b));
    }

    [Theory, MemberData(nameof(Kinds))]
    public async Task Presence_never_moves_a_stored_time_back_nor_writes_a_missing_or_forgotten_terminal(DatabaseKind kind)
    {
        var database = await TestDatabases.CreateReadyAsync(kind);
        var (newer, gone, forgotten) = (TestDatabases.UniqueKey("t"), TestDatabases.UniqueKey("t"), TestDatabases.UniqueKey("t"));
        await InsertTerminalAsync(database, newer, lastSeen: T0.AddMinutes(5));
        await InsertTerminalAsync(database, forgotten, lastSeen: T0);

        var presence = Create(database, TimeSpan.FromSeconds(10));
        presence.Record(newer, T0, 10);
        presence.Record(gone, T0, 10);
        presence.Record(forgotten, T0.AddMinutes(1), 10);
        presence.Forget(forgotten);
        await presence.FlushAsync();

        Assert.Equal(T0.AddMinutes(5), (await presence.ReadAsync(newer))!.Value.LastSeen);
        Assert.Null(await presence.ReadAsync(gone));
        Assert.Equal(T0, (await presence.ReadAsync(forgotten))!.Value.LastSeen);
        await presence.DisposeAsync();
    }

    [Theory, MemberData(nameof(Kinds))]
    public async Task The_timer_flushes_without_being_asked(DatabaseKind kind)
    {
        var database = await TestDatabases.CreateReadyAsync(kind);
        var id = TestDatabases.UniqueKey("t");
        await InsertTerminalAsync(database, id, lastSeen: null);
        await using var presence = Create(database, TimeSpan.FromMilliseconds(100));

        presence.Record(id, T0, 50);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await presence.ReadAsync(id) is null && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.Equal(new StoredPresence(T0, 50), await presence.ReadAsync(id));
    }

    private static TerminalPresence Create(FleetDatabase database, TimeSpan flushInterval) =>
        new(database, Options.Create(new PresenceOptions { FlushInterval = flushInterval }), NullLogger<TerminalPresence>.Instance);

    private static async Task InsertTerminalAsync(FleetDatabase database, string id, DateTimeOffset? lastSeen)
    {
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText =
            "INSERT INTO terminals (id, store_id, kind, serial_number, created_at_ms, updated_at_ms) " +
            "VALUES (@id, 'presence-store', 'pax', 'SN', 0, 0)";
        command.AddParameter("id", id);
        await command.ExecuteNonQueryAsync();
        await using var presence = connection.CreateCommand();
        presence.CommandText = "INSERT INTO terminal_presence (id, kind, last_seen_ms) VALUES (@id, 'pax', @seen)";
        presence.AddParameter("id", id);
        presence.AddParameter("seen", lastSeen?.ToUnixTimeMilliseconds() ?? -1L);
        await presence.ExecuteNonQueryAsync();
    }
}
