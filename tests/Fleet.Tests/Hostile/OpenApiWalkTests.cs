using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Fleet.Storage;
using Fleet.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Tests.Hostile;

/// <summary>Walks every operation of the OpenAPI document (which includes the device, licence and
/// PowerEPOS routes) with hostile path values, query values and bodies, as an administrator so that
/// no request stops at authentication. Every answer must be below 500, in problem details (or the
/// PowerEPOS contract's <c>{"ErrorMessage"}</c>), log nothing at error level, and a refusal must
/// leave storage exactly as it was.</summary>
[Collection(HostileCollection.Name)]
public sealed class OpenApiWalkTests(HostileFixture fixture)
{
    private readonly FleetServer _server = fixture.Server;

    /// <summary>Operations whose success is not a client mistake whatever the body (they read none)
    /// and which would change the fleet for the rest of the suite.</summary>
    private static readonly HashSet<string> Skipped = ["POST /api/v1/ca/rotate-issuing"];

    private static readonly string[] PathValues =
    [
        "..", "%2e%2e%2f", "a b", "%00", "%ED%A0%80", "%FF%FE", "%C3%85%C3%84%C3%96", "%F0%9F%98%80", "-1",
        new string('x', 300), "99999999999999999999", "null", "%7B%7D", "lic_000000000000_x",
    ];

    private static readonly string[] QueryValues =
    [
        "-1", "0", "2147483648", "99999999999999999999", "1e309", "NaN", "true", "%00", "%ED%A0%80", "%FF",
        "%C3%85%C3%84%C3%96", new string('q', 5000), "9999-12-31T23:59:59Z", "0001-01-01", "-", "%22%7B%7D%22",
        "WyJpZCIsdHJ1ZSwieCJd", "e30",
    ];

    private static IEnumerable<(string Name, HttpContent Content)> Bodies()
    {
        HttpContent Json(string text) => new StringContent(text, Encoding.UTF8, "application/json");
        HttpContent Bytes(byte[] bytes, string type)
        {
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
            return content;
        }
        yield return ("malformed", Json("{\"name\":"));
        yield return ("array", Json("[]"));
        yield return ("string", Json("\"text\""));
        yield return ("number", Json("1e999"));
        yield return ("null", Json("null"));
        yield return ("wrong types", Json("""{"name":5,"storeId":true,"timeZone":[],"kind":{},"corporateId":1.5,"reason":false,"role":7,"posId":{},"setupCode":[],"validFrom":true,"validTo":"x","ProviderOutletID":5,"AuthSecret":[]}"""));
        yield return ("deep", Json(new string('[', 200) + new string(']', 200)));
        yield return ("lone surrogate", Json("""{"name":"\ud800","storeId":"\udfff","posId":"\ud800","reason":"\ud800","ProviderOutletID":"\ud800"}"""));
        yield return ("control characters", Json("{\"name\":\"a\\u0000b\",\"storeId\":\"\\u0007\",\"timeZone\":\"\\u001b[31m\"}"));
        yield return ("boundary dates", Json("""{"validFrom":"9999-12-31T00:00:00Z","validTo":253402300799999,"from":"0001-01-01","expiresAt":"9999-12-31T23:59:59.9999999Z"}"""));
        yield return ("invalid utf-8", Bytes([.. "{\"name\":\""u8, 0xC3, 0x28, 0xFF, .. "\"}"u8], "application/json"));
        yield return ("junk binary", Bytes([0x00, 0xFF, 0x1F, 0x8B, 0x08, 0x00, 0xDE, 0xAD, 0xBE, 0xEF, 0x30, 0x82], "application/octet-stream"));
        yield return ("junk as json", Bytes([0x00, 0xFF, 0x1F, 0x8B, 0x08, 0x00, 0xDE, 0xAD, 0xBE, 0xEF], "application/json"));
        yield return ("oversized", Json("{\"name\":\"" + new string('n', 2 * 1024 * 1024) + "\"}"));
    }

    private sealed record Operation(string Method, string Path, bool Device, string[] Query);

    private async Task<IReadOnlyList<Operation>> OperationsAsync()
    {
        var document = await _server.Client(apiKey: null).GetJsonAsync("/openapi/v1.json");
        var operations = new List<Operation>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                if (method is "parameters" or "summary" or "description") continue;
                var tags = operation!["tags"]?.AsArray().Select(t => t!.GetValue<string>()).ToArray() ?? [];
                var query = operation["parameters"]?.AsArray()
                    .Where(p => p!["in"]?.GetValue<string>() == "query")
                    .Select(p => p!["name"]!.GetValue<string>()).ToArray() ?? [];
                operations.Add(new Operation(method.ToUpperInvariant(), path, tags.Any(t => t.StartsWith("Device (", StringComparison.Ordinal)), query));
            }
        }
        return operations;
    }

    private async Task<string> StorageFingerprintAsync()
    {
        var database = _server.Services.GetRequiredService<FleetDatabase>();
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        // The CRL grain's state is left out: it is written only by its own timer, seconds after a
        // revocation an earlier test of this fixture made, whatever request happens to be running then.
        command.CommandText = "SELECT (SELECT COUNT(*) FROM grain_state WHERE state_name <> 'crl'), "
            + "(SELECT COALESCE(SUM(version), 0) FROM grain_state WHERE state_name <> 'crl'), "
            + "(SELECT COUNT(*) FROM audit_events), (SELECT COUNT(*) FROM import_rows)";
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return $"{reader.GetValue(0)}/{reader.GetValue(1)}/{reader.GetValue(2)}/{reader.GetValue(3)}";
    }

    private async Task SendAsync(Operation operation, string path, HttpContent? body, string what)
    {
        var client = operation.Device ? _server.DeviceClient() : _server.Client();
        var before = await StorageFingerprintAsync();
        var mark = _server.Logs.Mark();
        using var request = new HttpRequestMessage(new HttpMethod(operation.Method), path) { Content = body };
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request);
        }
        catch (HttpRequestException e) when (body is not null && e.InnerException is IOException)
        {
            // An oversized body may be refused (413) before the client has finished sending it.
            fixture.AssertNoErrorLogged(mark, what);
            return;
        }
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status < 500, $"{what}: answered {status}: {HostileFixture.Shorten(text)}");
        fixture.AssertNoErrorLogged(mark, what);
        if (status < 400) return;
        var type = response.Content.Headers.ContentType?.MediaType;
        if (operation.Path.StartsWith("/api/powerepos/", StringComparison.Ordinal))
            Assert.True(JsonNode.Parse(text)?["ErrorMessage"] is not null, $"{what}: {status} without ErrorMessage: {HostileFixture.Shorten(text)}");
        // Kestrel itself refuses some request lines (a %00 in the path) with an empty 400 before
        // any of Fleet runs; an unmatched route is an empty 404.
        else if (status is not (400 or 404) || text.Length > 0)
            Assert.True(type == "application/problem+json", $"{what}: {status} as {type}: {HostileFixture.Shorten(text)}");
        Assert.True(before == await StorageFingerprintAsync(), $"{what}: refused with {status} but storage changed.");
    }

    private static string Fill(string path, string value) =>
        System.Text.RegularExpressions.Regex.Replace(path, @"\{\*?([^}]+)\}", value);

    [Fact]
    public async Task The_document_lists_the_device_licence_and_powerepos_routes_too()
    {
        var operations = await OperationsAsync();
        Assert.Contains(operations, o => o is { Method: "POST", Path: "/", Device: true });
        Assert.Contains(operations, o => o is { Method: "POST", Path: "/ocsp", Device: true });
        Assert.Contains(operations, o => o is { Method: "POST", Path: "/enrol", Device: true });
        Assert.Contains(operations, o => o is { Method: "POST", Path: "/terminals/{terminalId}/heartbeat", Device: true });
        Assert.Contains(operations, o => o is { Method: "POST", Path: "/activations-advanced" });
        Assert.Contains(operations, o => o is { Method: "POST", Path: "/api/powerepos/v1/auth" });
        Assert.True(operations.Count > 40, $"Only {operations.Count} operations.");
    }

    [Fact]
    public async Task Every_operation_survives_hostile_path_values()
    {
        foreach (var operation in await OperationsAsync())
        {
            if (Skipped.Contains($"{operation.Method} {operation.Path}") || !operation.Path.Contains('{')) continue;
            foreach (var value in PathValues)
                await SendAsync(operation, Fill(operation.Path, value), null, $"{operation.Method} {operation.Path} with '{value[..Math.Min(20, value.Length)]}'");
        }
    }

    [Fact]
    public async Task Every_operation_survives_hostile_query_values()
    {
        foreach (var operation in await OperationsAsync())
        {
            if (Skipped.Contains($"{operation.Method} {operation.Path}") || operation.Query.Length == 0) continue;
            var path = Fill(operation.Path, "hostile-" + Guid.NewGuid().ToString("N")[..8]);
            foreach (var name in operation.Query)
                foreach (var value in QueryValues)
                    await SendAsync(operation, $"{path}?{name}={value}", null, $"{operation.Method} {operation.Path}?{name}={value[..Math.Min(24, value.Length)]}");
        }
    }

    [Fact]
    public async Task Every_operation_with_a_body_survives_hostile_bodies()
    {
        foreach (var operation in await OperationsAsync())
        {
            if (Skipped.Contains($"{operation.Method} {operation.Path}") || operation.Method is "GET" or "DELETE" or "HEAD") continue;
            // Path values that pass the id rules, so the body is what gets checked.
            var path = Fill(operation.Path, "hostile-" + Guid.NewGuid().ToString("N")[..8]);
            foreach (var (name, body) in Bodies())
                await SendAsync(operation, path, body, $"{operation.Method} {operation.Path} with a {name} body");
        }
    }
}
