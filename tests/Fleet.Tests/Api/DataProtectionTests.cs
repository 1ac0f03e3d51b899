using Fleet.Storage;
using Fleet.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Tests.Api;

/// <summary>Cookie and antiforgery keys live in the fleet's database, encrypted, and survive restarts
/// (so every silo, and the same silo after a restart, accepts what another protected).</summary>
public sealed class DataProtectionTests
{
    [Fact]
    public async Task Keys_are_stored_encrypted_in_the_database_and_survive_a_restart()
    {
        await using var server = await FleetServer.StartAsync();
        var protectedText = server.Services.GetRequiredService<IDataProtectionProvider>()
            .CreateProtector("test").Protect("signed in as alice");

        var rows = await ReadKeyRowsAsync(server.Services.GetRequiredService<FleetDatabase>());
        Assert.NotEmpty(rows);
        Assert.All(rows, xml =>
        {
            Assert.Contains("fleetEncryptedKey", xml);
            Assert.DoesNotContain("masterKey", xml);
        });

        await server.RestartAsync();
        var unprotected = server.Services.GetRequiredService<IDataProtectionProvider>()
            .CreateProtector("test").Unprotect(protectedText);
        Assert.Equal("signed in as alice", unprotected);
    }

    private static async Task<List<string>> ReadKeyRowsAsync(FleetDatabase database)
    {
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT xml FROM data_protection_keys";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync()) rows.Add(reader.GetString(0));
        return rows;
    }
}
