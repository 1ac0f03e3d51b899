using Fleet.Cluster.Tests.Support;
using Fleet.Storage;
using Fleet.Storage.Presence;
using Fleet.Storage.ReadModel;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fleet.Cluster.Tests;

/// <summary>Unchanged heartbeats recorded straight in the read model, on both dialects: a check is
/// recorded only when the stored report is exactly its own and the terminal was online, each check
/// in a batch is answered on its own, and a refused one changes nothing.</summary>
public sealed class PresenceConfirmerTests
{
    public static TheoryData<DatabaseKind> Kinds => new() { DatabaseKind.Sqlite, DatabaseKind.Postgres };

    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly long Window = (long)TimeSpan.FromMinutes(2).TotalMilliseconds;

    [Theory, MemberData(nameof(Kinds))]
    public async Task Only_a_heartbeat_that_repeats_the_stored_report_of_an_online_terminal_is_recorded(DatabaseKind kind)
    {
        var database = await TestDatabases.CreateReadyAsync(kind);
        var ids = Enumerable.Range(0, 7).Select(_ => TestDatabases.UniqueKey("t")).ToArray();
        var (same, nulls, otherStatus, otherPort, offline, never, missing) = (ids[0], ids[1], ids[2], ids[3], ids[4], ids[5], ids[6]);
        await InsertAsync(database, same, T0, "2.1", "10.0.0.5", 8443, "ready");
        await InsertAsync(database, nulls, T0, null, null, null, null);
        await InsertAsync(database, otherStatus, T0, "2.1", "10.0.0.5", 8443, "busy");
        await InsertAsync(database, otherPort, T0, "2.1", "10.0.0.5", 9443, "ready");
        await InsertAsync(database, offline, T0.AddMinutes(-5), "2.1", "10.0.0.5", 8443, "ready");
        await InsertAsync(database, never, null, "2.1", "10.0.0.5", 8443, "ready");
        await using var confirmer = new PresenceConfirmer(database, Microsoft.Extensions.Options.Options.Create(new PresenceOptions()), NullLogger<PresenceConfirmer>.Instance);

        var now = T0.AddSeconds(60);
        Task<bool> Check(string id, string? app = "2.1", string? ip = "10.0.0.5", int? port = 8443, string? status = "ready") =>
            confirmer.ConfirmAsync(new PresenceCheck(id, now.ToUnixTimeMilliseconds(), 42, now.ToUnixTimeMilliseconds() - Window, app, ip, port, status));
        // Sent together, so they share batches; each is answered on its own.
        var answers = await Task.WhenAll(
            Check(same), Check(nulls, null, null, null, null), Check(otherStatus), Check(otherPort),
            Check(offline), Check(never), Check(missing));

        Assert.Equal([true, true, false, false, false, false, false], answers);
        var presence = new TerminalPresence(database, Microsoft.Extensions.Options.Options.Create(new PresenceOptions()), NullLogger<TerminalPresence>.Instance);
        Assert.Equal(new StoredPresence(now, 42), await presence.ReadAsync(same));
        Assert.Equal(new StoredPresence(now, 42), await presence.ReadAsync(nulls));
        foreach (var refused in new[] { otherStatus, otherPort })
            Assert.Equal(new StoredPresence(T0, null), await presence.ReadAsync(refused));
        Assert.Equal(new StoredPresence(T0.AddMinutes(-5), null), await presence.ReadAsync(offline));
        Assert.Null(await presence.ReadAsync(never));
        Assert.Null(await presence.ReadAsync(missing));
        await presence.DisposeAsync();
    }

    [Theory, MemberData(nameof(Kinds))]
    public async Task Two_heartbeats_of_one_terminal_in_flight_together_are_each_answered_and_time_never_goes_back(DatabaseKind kind)
    {
        var database = await TestDatabases.CreateReadyAsync(kind);
        var id = TestDatabases.UniqueKey("t");
        await InsertAsync(database, id, T0, null, null, null, "ready");
        await using var confirmer = new PresenceConfirmer(database, Microsoft.Extensions.Options.Options.Create(new PresenceOptions()), NullLogger<PresenceConfirmer>.Instance);
        PresenceCheck At(DateTimeOffset seen, int battery) =>
            new(id, seen.ToUnixTimeMilliseconds(), battery, seen.ToUnixTimeMilliseconds() - Window, null, null, null, "ready");

        var answers = await Task.WhenAll(
            confirmer.ConfirmAsync(At(T0.AddSeconds(30), 60)),
            confirmer.ConfirmAsync(At(T0.AddSeconds(20), 61))); // older than the other one
        var batch = await Task.WhenAll(Enumerable.Range(1, 600).Select(i => confirmer.ConfirmAsync(At(T0.AddSeconds(30 + i), i % 100))));

        Assert.True(answers[0]);
        Assert.All(batch, Assert.True);
        await ImportStagingTests.AssertPooledConnectionsAreDurableAsync(database, kind);
        var presence = new TerminalPresence(database, Microsoft.Extensions.Options.Options.Create(new PresenceOptions()), NullLogger<TerminalPresence>.Instance);
        Assert.Equal(T0.AddSeconds(630), (await presence.ReadAsync(id))!.Value.LastSeen);
        await presence.DisposeAsync();
    }

    [Theory, MemberData(nameof(Kinds))]
    public async Task After_a_stop_every_heartbeat_goes_to_its_grain(DatabaseKind kind)
    {
        var database = await TestDatabases.CreateReadyAsync(kind);
        var id = TestDatabases.UniqueKey("t");
        await InsertAsync(database, id, T0, null, null, null, null);
        var confirmer = new PresenceConfirmer(database, Microsoft.Extensions.Options.Options.Create(new PresenceOptions()), NullLogger<PresenceConfirmer>.Instance);
        await confirmer.StopAsync(CancellationToken.None);

        Assert.False(await confirmer.ConfirmAsync(new PresenceCheck(id, T0.AddSeconds(1).ToUnixTimeMilliseconds(), null, 0, null, null, null, null)));
    }

    private static async Task InsertAsync(FleetDatabase database, string id, DateTimeOffset? lastSeen,
        string? appVersion, string? ip, int? port, string? status)
    {
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText =
            "INSERT INTO terminals (id, store_id, kind, serial_number, app_version, ip_address, local_port, status_text, created_at_ms, updated_at_ms) " +
            "VALUES (@id, 'presence-store', 'pax', 'SN', @app, @ip, @port, @status, 0, 0)";
        command.AddParameter("id", id);
        command.AddParameter("app", appVersion);
        command.AddParameter("ip", ip);
        command.AddParameter("port", port is { } p ? (long)p : null);
        command.AddParameter("status", status);
        await command.ExecuteNonQueryAsync();
        await using var presence = connection.CreateCommand();
        presence.CommandText = "INSERT INTO terminal_presence (id, kind, last_seen_ms) VALUES (@id, 'pax', @seen)";
        presence.AddParameter("id", id);
        presence.AddParameter("seen", lastSeen?.ToUnixTimeMilliseconds() ?? -1L);
        await presence.ExecuteNonQueryAsync();
    }
}
