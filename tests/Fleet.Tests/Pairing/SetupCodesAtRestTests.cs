using System.Data.Common;
using System.Net;
using System.Text;
using Fleet.Common;
using Fleet.Pairing;
using Fleet.Pki;
using Fleet.Storage;
using Fleet.Terminals;
using Fleet.Tests.Api;
using Fleet.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Fleet.Tests.Pairing;

/// <summary>Live setup codes are stored only as keyed hashes (the code grain's key) and a seed the
/// terminal recomputes its code from: a local user who copies the database cannot pair a POS.</summary>
public sealed class SetupCodesAtRestTests
{
    [Fact]
    public async Task An_issued_code_is_nowhere_in_the_database_yet_the_screen_shows_it_and_it_pairs()
    {
        await using var server = await FleetServer.StartAsync();
        var (_, terminal) = await server.CreateTerminalAsync();
        var code = (await server.GenerateCodeAsync(terminal))["code"]!.GetValue<string>();

        // The screen's refresh recomputes the same code from what is stored.
        var again = await server.Client().GetJsonAsync($"/api/v1/terminals/{terminal}/setup-code");
        Assert.Equal(code, again["code"]!.GetValue<string>());

        Assert.False(ApiKeyHashingTests.DatabaseFilesContain(server, Encoding.UTF8.GetBytes(code)), "the code is in the database files");
        Assert.False(ApiKeyHashingTests.DatabaseFilesContain(server, Encoding.Unicode.GetBytes(code)), "the code is in the database files (UTF-16)");
        Assert.Empty(await RowsContainingAsync(server, code));
        // The scans find what is there: the terminal id is stored in clear.
        Assert.True(ApiKeyHashingTests.DatabaseFilesContain(server, Encoding.UTF8.GetBytes(terminal)));
        Assert.NotEmpty(await RowsContainingAsync(server, terminal));

        await server.PairOkAsync(Unique.Id("pos"), code);
        Assert.False(ApiKeyHashingTests.DatabaseFilesContain(server, Encoding.UTF8.GetBytes(code)), "the spent code is in the database files");
        Assert.Empty(await RowsContainingAsync(server, code));

        // Spent: a replay is refused, and a fresh code (also recomputed, also not stored) pairs.
        Assert.False((await server.PairAsync(Unique.Id("pos"), code)).IsSuccessStatusCode);
        var next = (await server.Client().GetJsonAsync($"/api/v1/terminals/{terminal}/setup-code"))["code"]!.GetValue<string>();
        Assert.NotEqual(code, next);
        Assert.Empty(await RowsContainingAsync(server, next));
        await server.PairOkAsync(Unique.Id("pos"), next);
    }

    [Fact]
    public async Task A_code_an_older_version_stored_in_clear_no_longer_pairs_and_is_withdrawn_on_the_next_draw()
    {
        await using var server = await FleetServer.StartAsync();
        var (_, terminal) = await server.CreateTerminalAsync();
        await server.GenerateCodeAsync(terminal);

        // What an older version left: the code in the terminal's state and a grain keyed by the code.
        var storage = server.Services.GetRequiredKeyedService<IGrainStorage>(FleetStorage.Name);
        var grains = server.Services.GetRequiredService<IGrainFactory>();
        var legacy = server.Services.GetRequiredService<SetupCodes>().Generate();
        var terminalId = grains.GetGrain<ITerminalGrain>(terminal).GetGrainId();
        var state = new GrainState<TerminalState> { State = new TerminalState() };
        await storage.ReadStateAsync(TerminalGrain.StateName, terminalId, state);
        var expiresAt = state.State.Pairing.CurrentCodeExpiresAt!.Value;
        await grains.GetGrain<ISetupCodeGrain>(state.State.Pairing.CurrentCodeIndex!).Withdraw(terminal);
        state.State.Pairing.LegacyCurrentCode = legacy;
        state.State.Pairing.CurrentCodeIndex = null;
        state.State.Pairing.CurrentCodeSeed = null;
        await storage.WriteStateAsync(TerminalGrain.StateName, terminalId, state);
        var legacyId = grains.GetGrain<ISetupCodeGrain>(legacy).GetGrainId();
        await storage.WriteStateAsync("setup-code", legacyId,
            new GrainState<SetupCodeState> { State = new SetupCodeState { TerminalId = terminal, ExpiresAt = expiresAt } });
        await server.RestartAsync(); // the activations holding the newer state are gone
        storage = server.Services.GetRequiredKeyedService<IGrainStorage>(FleetStorage.Name);

        Assert.Equal(HttpStatusCode.Unauthorized, (await server.PairAsync(Unique.Id("pos"), legacy)).StatusCode);
        var fresh = (await server.Client().GetJsonAsync($"/api/v1/terminals/{terminal}/setup-code"))["code"]!.GetValue<string>();
        Assert.NotEqual(legacy, fresh);
        var row = new GrainState<SetupCodeState> { State = new SetupCodeState() };
        await storage.ReadStateAsync("setup-code", legacyId, row);
        Assert.False(row.RecordExists);
        Assert.Empty(await RowsContainingAsync(server, legacy));
        await server.PairOkAsync(Unique.Id("pos"), fresh);
    }

    /// <summary>Every table, every column, read back through SQL: rows whose text or bytes contain
    /// <paramref name="needle"/>, as "table.column".</summary>
    private static async Task<List<string>> RowsContainingAsync(FleetServer server, string needle)
    {
        var found = new List<string>();
        var bytes = Encoding.UTF8.GetBytes(needle);
        await using var connection = await server.Services.GetRequiredService<FleetDatabase>().OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        }

        foreach (var table in tables)
        {
            await using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\"";
            await using DbDataReader reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    var value = reader.GetValue(i);
                    var hit = value switch
                    {
                        string s => s.Contains(needle, StringComparison.OrdinalIgnoreCase),
                        byte[] b => b.AsSpan().IndexOf(bytes) >= 0,
                        _ => false,
                    };
                    if (hit) found.Add($"{table}.{reader.GetName(i)}");
                }
        }
        return found;
    }
}
