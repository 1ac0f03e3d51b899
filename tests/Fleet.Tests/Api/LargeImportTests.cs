using System.Net;
using System.Text;
using Fleet.Storage;
using Fleet.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Tests.Api;

/// <summary>Imports bigger than one staging chunk (<see cref="Fleet.Server.Import.ImportIntake.StageChunk"/>
/// rows) and one apply chunk: every row lands, and errors found across chunks still refuse the whole
/// import and leave nothing behind.</summary>
public sealed class LargeImportTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string Header = "type,id,storeId,name,timeZone,kind,serialNumber,model,appVersion\n";
    private readonly HttpClient _client = fixture.Server.Client();

    private Task<HttpResponseMessage> PostCsvAsync(string csv) =>
        _client.PostAsync("/api/v1/import", new StringContent(csv, Encoding.UTF8, "text/csv"));

    private static string Store(string id) => $"store,{id},,Store {id},Europe/Stockholm,,,,\n";
    private static string Terminal(string id, string store) => $"terminal,{id},{store},,,pax,SN-{id},A920,1.0\n";

    /// <summary>Stores and terminals in a CSV: <paramref name="stores"/> stores, each followed later by
    /// its terminals, <paramref name="terminals"/> in all.</summary>
    private static StringBuilder Fleet(string prefix, int stores, int terminals)
    {
        var csv = new StringBuilder(Header);
        for (var s = 0; s < stores; s++) csv.Append(Store($"{prefix}-s{s}"));
        for (var t = 0; t < terminals; t++) csv.Append(Terminal($"{prefix}-t{t}", $"{prefix}-s{t % stores}"));
        return csv;
    }

    private async Task<long> CountAsync(string sql, string prefix)
    {
        var database = fixture.Server.Services.GetRequiredService<FleetDatabase>();
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var parameter = command.CreateParameter();
        parameter.ParameterName = "prefix";
        parameter.Value = prefix + "-%";
        command.Parameters.Add(parameter);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    private Task<long> StagedRowsAsync(string prefix) =>
        CountAsync("SELECT COUNT(*) FROM import_rows WHERE row_id LIKE @prefix", prefix);

    [Fact]
    public async Task Twenty_thousand_rows_all_land()
    {
        var p = Unique.Id("big");
        const int stores = 1_000, terminals = 19_000;
        var response = await PostCsvAsync(Fleet(p, stores, terminals).ToString());
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Accepted, $"{response.StatusCode}");
        var progress = await response.JsonAsync();
        var jobId = progress["jobId"]!.GetValue<string>();
        Assert.Equal(stores + terminals, progress["total"]!.GetValue<int>());

        var deadline = DateTime.UtcNow.AddMinutes(10);
        while (progress["completedAt"] is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(500);
            progress = await _client.GetJsonAsync($"/api/v1/import/{jobId}");
            Assert.True(progress["applied"]!.GetValue<int>() <= stores + terminals);
            Assert.Null(progress["error"]);
        }
        Assert.NotNull(progress["completedAt"]);
        Assert.Equal(stores + terminals, progress["applied"]!.GetValue<int>());
        Assert.Equal(stores + terminals, progress["created"]!.GetValue<int>());
        Assert.True(progress["rowsPerSecond"]!.GetValue<double>() > 0);

        // Every row, not a sample: the read model holds each store and terminal, and each store's
        // own summary counts its terminals (19 each).
        Assert.Equal(stores, await CountAsync("SELECT COUNT(*) FROM stores WHERE id LIKE @prefix", p));
        Assert.Equal(terminals, await CountAsync("SELECT COUNT(*) FROM terminals WHERE id LIKE @prefix", p));
        Assert.Equal(terminals, await CountAsync("SELECT COALESCE(SUM(terminal_count), 0) FROM stores WHERE id LIKE @prefix", p));
        Assert.Equal(0, await CountAsync(
            "SELECT COUNT(*) FROM terminals t WHERE t.id LIKE @prefix AND t.serial_number <> 'SN-' || t.id", p));
        var store = await _client.GetJsonAsync($"/api/v1/stores/{p}-s7");
        Assert.Equal(terminals / stores, store["terminals"]!.AsArray().Count);
        Assert.Equal(0, await StagedRowsAsync(p));
    }

    [Fact]
    public async Task Duplicates_and_unknown_stores_are_found_across_chunks_and_nothing_is_written()
    {
        var p = Unique.Id("dup");
        var csv = Fleet(p, 100, 12_000);
        // Line numbers: the header is line 1, store s{i} is line i + 2, terminal t{i} is line i + 102.
        csv.Append(Terminal($"{p}-t5", $"{p}-s1"));              // line 12102: twin of line 107, two chunks apart
        csv.Append(Terminal($"{p}-lost", $"{p}-nowhere"));       // line 12103: a store in neither the file nor the fleet
        csv.Append(Store($"{p}-s3"));                            // line 12104: twin of line 5
        csv.Append(Terminal($"{p}-late", $"{p}-s-late"));        // line 12105: names a store defined after it: fine
        csv.Append(Store($"{p}-s-late"));
        var problem = await (await PostCsvAsync(csv.ToString())).AssertProblemAsync(400);

        var rows = problem["rows"]!.AsArray().Select(r => (r!["row"]!.GetValue<string>(), r["field"]!.GetValue<string>(), r["message"]!.GetValue<string>())).ToList();
        Assert.Equal(3, rows.Count);
        Assert.Equal(3, problem["errorCount"]!.GetValue<int>());
        Assert.Equal(3, problem["rowsWithErrors"]!.GetValue<int>());
        Assert.Equal(("line 12102", "terminalId"), (rows[0].Item1, rows[0].Item2));
        Assert.Contains("first at line 107", rows[0].Item3);
        Assert.Equal(("line 12103", "storeId"), (rows[1].Item1, rows[1].Item2));
        Assert.Equal(("line 12104", "storeId"), (rows[2].Item1, rows[2].Item2));
        Assert.Contains("first at line 5", rows[2].Item3);

        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM stores WHERE id LIKE @prefix", p));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM terminals WHERE id LIKE @prefix", p));
        Assert.Equal(0, await StagedRowsAsync(p));
    }

    [Fact]
    public async Task The_error_list_is_capped_and_the_total_is_given()
    {
        var p = Unique.Id("cap");
        var csv = Fleet(p, 10, 100);
        for (var i = 0; i < 150; i++) csv.Append($"terminal,{p}-bad{i},{p}-s1,,,toaster,SN,,\n");
        var problem = await (await PostCsvAsync(csv.ToString())).AssertProblemAsync(400);
        Assert.Equal(100, problem["rows"]!.AsArray().Count);
        Assert.Equal(150, problem["errorCount"]!.GetValue<int>());
        Assert.Equal(150, problem["rowsWithErrors"]!.GetValue<int>());
        Assert.Equal("line 112", problem["rows"]![0]!["row"]!.GetValue<string>());
        Assert.Equal(0, await StagedRowsAsync(p));
    }

    [Theory]
    [InlineData("csv-quote")]
    [InlineData("csv-stray-quote")]
    [InlineData("json-truncated")]
    [InlineData("json-trailing")]
    public async Task A_document_broken_after_many_rows_is_400_and_nothing_is_written(string breakage)
    {
        var p = Unique.Id("broken");
        HttpResponseMessage response;
        if (breakage.StartsWith("csv", StringComparison.Ordinal))
        {
            var csv = Fleet(p, 50, 11_000);
            csv.Append(breakage == "csv-quote" ? $"store,{p}-x,,\"never closed,UTC,,,,\n" : $"store,{p}-y,,a\"b,UTC,,,,\n");
            response = await PostCsvAsync(csv.ToString());
        }
        else
        {
            var json = new StringBuilder("{\"stores\":[");
            for (var s = 0; s < 11_000; s++)
                json.Append(s == 0 ? "" : ",").Append($"{{\"storeId\":\"{p}-s{s}\",\"name\":\"S\",\"timeZone\":\"UTC\"}}");
            json.Append(breakage == "json-truncated" ? ",{\"storeId\":\"x" : "]} {}");
            response = await _client.PostAsync("/api/v1/import", new StringContent(json.ToString(), Encoding.UTF8, "application/json"));
        }
        var problem = await response.AssertProblemAsync(400);
        Assert.Contains("nothing was imported", problem["title"]!.GetValue<string>() + problem["detail"]);
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM stores WHERE id LIKE @prefix", p));
        Assert.Equal(0, await StagedRowsAsync(p));
    }
}
