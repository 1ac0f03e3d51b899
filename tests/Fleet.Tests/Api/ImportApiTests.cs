using System.Net;
using System.Text;
using Fleet.Tests.Infrastructure;

namespace Fleet.Tests.Api;

public sealed class ImportApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private readonly HttpClient _client = fixture.Server.Client();

    private Task<HttpResponseMessage> PostAsync(string body, string contentType) =>
        _client.PostAsync("/api/v1/import", new StringContent(body, Encoding.UTF8, contentType));

    [Fact]
    public async Task Json_import_creates_everything_and_rerunning_changes_nothing()
    {
        var s = Unique.Id("store");
        var json = $$"""
            {"stores":[{"storeId":"{{s}}","name":"Imported","timeZone":"Europe/Berlin"}],
             "terminals":[{"terminalId":"{{s}}-t1","kind":"android","serialNumber":"SN1","storeId":"{{s}}"},
                          {"terminalId":"{{s}}-t2","kind":"pax","serialNumber":"SN2","storeId":"{{s}}","model":"A920"}],
             "pos":[{"posId":"{{s}}-p1","storeId":"{{s}}","name":"Till"}]}
            """;
        var first = await PostAsync(json, "application/json");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var result = await first.JsonAsync();
        Assert.Equal(4, result["created"]!.GetValue<int>());
        Assert.Equal(4, result["total"]!.GetValue<int>());

        var store = await _client.GetJsonAsync($"/api/v1/stores/{s}");
        Assert.Equal(2, store["terminals"]!.AsArray().Count);
        Assert.Single(store["pos"]!.AsArray());

        var again = await (await PostAsync(json, "application/json")).JsonAsync();
        Assert.Equal(4, again["unchanged"]!.GetValue<int>());
        Assert.Equal(0, again["created"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_terminal_asked_for_before_an_import_created_it_is_there_at_once_after_it()
    {
        // The GET activates the terminal's grain with no record; the import then creates the terminal
        // in storage without that grain. The activation must not go on answering 404.
        var s = Unique.Id("store");
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/v1/terminals/{s}-t")).StatusCode);
        var csv = "type,id,storeId,name,timeZone,kind,serialNumber,model\r\n"
            + $"store,{s},,Imported,UTC,,,\r\n"
            + $"terminal,{s}-t,{s},,,pax,SN-1,A920\r\n";
        var result = await (await PostAsync(csv, "text/csv")).JsonAsync();
        Assert.Equal(2, result["created"]!.GetValue<int>());

        var terminal = await _client.GetJsonAsync($"/api/v1/terminals/{s}-t");
        Assert.Equal("SN-1", terminal["serialNumber"]!.GetValue<string>());
        var beat = await _client.PostAsync($"/api/v1/terminals/{s}-t/heartbeat",
            new StringContent("{\"status\":\"ready\"}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, beat.StatusCode);
        Assert.Equal("ready", (await _client.GetJsonAsync($"/api/v1/terminals/{s}-t"))["lastHeartbeat"]!["status"]!.GetValue<string>());
        // And the grain, now holding the record, updates it as usual.
        await _client.PutJsonAsync($"/api/v1/terminals/{s}-t", new { kind = "pax", serialNumber = "SN-2", storeId = s });
        Assert.Equal("SN-2", (await _client.GetJsonAsync($"/api/v1/terminals/{s}-t"))["serialNumber"]!.GetValue<string>());
    }

    [Fact]
    public async Task Csv_import_with_quotes_and_a_store_already_in_the_fleet()
    {
        var s = Unique.Id("store");
        await _client.PutJsonAsync($"/api/v1/stores/{s}", new { name = "Existing", timeZone = "UTC" });
        var csv = "type,id,storeId,name,timeZone,kind,serialNumber,model\r\n"
            + $"store,{s}-b,,\"Kiosk, \"\"North\"\"\",UTC,,,\r\n"
            + $"terminal,{s}-t,{s},,,pax,SN-9,\"A920 Pro\"\r\n"
            + $"pos,{s}-p,{s}-b,Till 2,,,,\r\n";
        var response = await PostAsync(csv, "text/csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var kiosk = await _client.GetJsonAsync($"/api/v1/stores/{s}-b");
        Assert.Equal("Kiosk, \"North\"", kiosk["name"]!.GetValue<string>());
        var terminal = await _client.GetJsonAsync($"/api/v1/terminals/{s}-t");
        Assert.Equal("A920 Pro", terminal["model"]!.GetValue<string>());
    }

    [Fact]
    public async Task Pos_rows_take_any_posId_and_are_unique_per_store()
    {
        // Issue 14: a POS is (store, posId); posId is user-defined text.
        var s = Unique.Id("store");
        var csv = "type,id,storeId,name,timeZone\r\n"
            + $"store,{s}-a,,A,UTC\r\n"
            + $"store,{s}-b,,B,UTC\r\n"
            + $"pos,1,{s}-a,Till 1,\r\n"
            + $"pos,1,{s}-b,Till 1,\r\n"
            + $"pos,\"Kasse/1, vorne\",{s}-a,,\r\n"
            + $"pos,Kassa-ÅÄÖ,{s}-a,,\r\n";
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(csv, "text/csv")).StatusCode);
        Assert.Equal(3, (await _client.GetJsonAsync($"/api/v1/stores/{s}-a"))["pos"]!.AsArray().Count);
        Assert.Equal("Till 1", (await _client.GetJsonAsync($"/api/v1/pos/1?store={s}-b"))["name"]!.GetValue<string>());
        Assert.Equal($"{s}-a", (await _client.GetJsonAsync($"/api/v1/pos/{Uri.EscapeDataString(Fleet.Pos.PosKey.Of($"{s}-a", "Kasse/1, vorne"))}"))["storeId"]!.GetValue<string>());

        var twice = "type,id,storeId,name,timeZone\r\n" + $"pos,7,{s}-a,,\r\n" + $"pos,7,{s}-a,,\r\n" + $"pos,8\u0007,{s}-a,,\r\n";
        var problem = await (await PostAsync(twice, "text/csv")).AssertProblemAsync(400);
        var rows = problem["rows"]!.AsArray().Select(r => r!["field"]!.GetValue<string>()).ToList();
        Assert.Equal(2, rows.Count(f => f == "posId"));
        await (await _client.GetAsync($"/api/v1/pos/7?store={s}-a")).AssertProblemAsync(404);
    }

    [Fact]
    public async Task One_bad_row_means_nothing_is_written_and_every_error_is_reported()
    {
        var s = Unique.Id("store");
        var json = $$"""
            {"stores":[{"storeId":"{{s}}","name":"Ok","timeZone":"UTC"},
                       {"storeId":"{{s}}","name":"Twice","timeZone":"UTC"}],
             "terminals":[{"terminalId":"{{s}}-t1","kind":"android","serialNumber":"SN1","storeId":"{{s}}"},
                          {"terminalId":"{{s}}-t2","kind":"toaster","serialNumber":"SN2","storeId":"nowhere-{{s}}"},
                          {"terminalId":"{{s}}-t3","kind":"pax","serialNumber":42,"storeId":"{{s}}"}]}
            """;
        var problem = await (await PostAsync(json, "application/json")).AssertProblemAsync(400);
        var rows = problem["rows"]!.AsArray().Select(r => (r!["row"]!.GetValue<string>(), r["field"]!.GetValue<string>())).ToList();
        Assert.Contains(("stores[1]", "storeId"), rows);
        Assert.Contains(("terminals[1]", "kind"), rows);
        Assert.Contains(("terminals[1]", "storeId"), rows);
        Assert.Contains(("terminals[2]", "serialNumber"), rows);

        await (await _client.GetAsync($"/api/v1/stores/{s}")).AssertProblemAsync(404);
        await (await _client.GetAsync($"/api/v1/terminals/{s}-t1")).AssertProblemAsync(404);
    }

    [Theory]
    [InlineData("{\"stores\": [", "application/json")]
    [InlineData("{\"robots\": []}", "application/json")]
    [InlineData("type,id,colour\nstore,x,red\n", "text/csv")]
    [InlineData("type,id,name\nstore,\"unterminated,x\n", "text/csv")]
    public async Task Unreadable_documents_are_400(string body, string contentType)
    {
        await (await PostAsync(body, contentType)).AssertProblemAsync(400);
    }

    [Fact]
    public async Task Empty_import_and_wrong_media_type_are_refused()
    {
        await (await PostAsync("{}", "application/json")).AssertProblemAsync(400);
        await (await PostAsync("<xml/>", "application/xml")).AssertProblemAsync(415);
    }

    [Fact]
    public async Task Viewers_cannot_import()
    {
        var admin = _client;
        var created = await (await admin.PostAsync("/api/v1/api-keys", new StringContent(
            "{\"name\":\"v\",\"role\":\"viewer\"}", Encoding.UTF8, "application/json"))).JsonAsync();
        var viewer = fixture.Server.Client(created["key"]!.GetValue<string>());
        await (await viewer.PostAsync("/api/v1/import", new StringContent("{}", Encoding.UTF8, "application/json")))
            .AssertProblemAsync(403);
    }
}
