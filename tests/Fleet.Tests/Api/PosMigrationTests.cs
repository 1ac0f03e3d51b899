using System.Net;
using Fleet.Storage;
using Fleet.Tests.Infrastructure;
using Fleet.Tests.Pairing;

namespace Fleet.Tests.Api;

/// <summary>
/// A database made by the release before POS became (store, posId): each POS row and grain state was
/// keyed by the posId alone. The test builds that shape from a database of this release (the POS
/// state's stored form did not change, only its key and the read-model row), restarts, and checks
/// that <c>090-pos-by-store.once.sql</c> moved every POS to its Fleet id with nothing lost.
/// </summary>
public sealed class PosMigrationTests
{
    [Fact]
    public async Task Pos_of_a_previous_release_database_keep_working_after_the_upgrade()
    {
        await using var server = await FleetServer.StartAsync();
        var (store, terminal) = await server.CreateTerminalAsync();
        var paired = await server.PairOkAsync("till-1", (await server.GenerateCodeAsync(terminal))["code"]!.GetValue<string>());
        var admin = server.Client();
        Assert.Equal(HttpStatusCode.Created, (await admin.PutJsonAsync("/api/v1/pos/till-2", new { storeId = store, name = "Back office" })).StatusCode);
        await server.StopAsync();

        var database = FleetDatabase.Sqlite(Path.Combine(server.DataDirectory, "fleet.db"));
        await ExecuteAsync(database, """
            DROP INDEX ux_pos_store_pos_id;
            DROP INDEX ix_pos_pos_id;
            UPDATE grain_state SET grain_id = 'pos/' || (SELECT pos_id FROM pos WHERE 'pos/' || pos.id = grain_state.grain_id)
             WHERE state_name = 'pos';
            UPDATE pos SET id = pos_id;
            ALTER TABLE pos DROP COLUMN pos_id;
            ALTER TABLE certificates DROP COLUMN predecessor_serial;
            ALTER TABLE certificates DROP COLUMN successor_serial;
            DELETE FROM schema_migrations WHERE name IN ('090-pos-by-store.once.sql', '103-certificate-lineage.once.sql');
            """);
        // (090 and 103 are forgotten; the terminal_presence move (101) has its own upgrade test,
        // TerminalPresenceMigrationTests, from a database that still has the moved columns.)
        Assert.Equal(2L, await ScalarAsync(database, "SELECT COUNT(*) FROM grain_state WHERE grain_id IN ('pos/till-1', 'pos/till-2')"));

        await server.StartAsync();
        admin = server.Client();
        Assert.Equal(0L, await ScalarAsync(database, "SELECT COUNT(*) FROM grain_state WHERE grain_id IN ('pos/till-1', 'pos/till-2')"));

        // Found by the old single-id route and by the Fleet id; the read model and the grain agree.
        var till1 = await admin.GetJsonAsync("/api/v1/pos/till-1");
        Assert.Equal($"{store}~till-1", till1["id"]!.GetValue<string>());
        Assert.Equal("Back office", (await admin.GetJsonAsync($"/api/v1/pos/{store}~till-2"))["name"]!.GetValue<string>());
        var listed = (await admin.GetJsonAsync($"/api/v1/pos?store={store}"))["items"]!.AsArray();
        Assert.Equal(new[] { "till-1", "till-2" }, listed.Select(p => p!["posId"]!.GetValue<string>()).Order(StringComparer.Ordinal).ToArray());
        Assert.Equal(paired.Serial, listed.Single(p => p!["posId"]!.GetValue<string>() == "till-1")!["certificateSerial"]!.GetValue<string>());

        // The certificate issued before the upgrade still passes the mutual-TLS gate and renews.
        using (var certificate = paired.ClientCertificate())
        {
            Assert.Equal(HttpStatusCode.OK, (await server.TrySessionAsync(certificate))?.StatusCode);
            using var device = server.DeviceClient(certificate);
            var renewal = await device.PostAsync("/renew", null);
            Assert.Equal(HttpStatusCode.OK, renewal.StatusCode);
            // The upgrade added the lineage columns: the renewal's row names its predecessor.
            var renewed = Bundle.Parse(await renewal.Content.ReadAsStringAsync());
            var rows = (await admin.GetJsonAsync($"/api/v1/certificates?store={store}"))["items"]!.AsArray();
            Assert.Equal(paired.Serial, rows.Single(r => r!["serialNumber"]!.GetValue<string>() == renewed.Serial)!["predecessorSerial"]!.GetValue<string>());
            Assert.Equal(renewed.Serial, rows.Single(r => r!["serialNumber"]!.GetValue<string>() == paired.Serial)!["successorSerial"]!.GetValue<string>());
        }

        // Re-pairing the migrated POS supersedes what it held before the upgrade.
        var again = await server.PairOkAsync("till-1", (await server.GenerateCodeAsync(terminal))["code"]!.GetValue<string>());
        Assert.Equal("superseded", (await admin.GetJsonAsync($"/api/v1/certificates/{paired.Serial}"))["revocationReason"]!.GetValue<string>());
        using (var certificate = paired.ClientCertificate())
            Assert.Null(await server.TrySessionAsync(certificate));
        Assert.Equal(again.Serial, (await admin.GetJsonAsync("/api/v1/pos?posId=till-1"))["items"]![0]!["certificateSerial"]!.GetValue<string>());

        // The migration ran once: a further restart leaves the new keys alone.
        await server.RestartAsync();
        Assert.Equal(again.Serial, (await server.Client().GetJsonAsync($"/api/v1/pos?posId=till-1&store={store}"))["items"]![0]!["certificateSerial"]!.GetValue<string>());
    }

    private static async Task ExecuteAsync(FleetDatabase database, string sql)
    {
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(FleetDatabase database, string sql)
    {
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}
