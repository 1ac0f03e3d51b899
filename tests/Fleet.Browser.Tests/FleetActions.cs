using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Fleet.Tests.Infrastructure;

namespace Fleet.Browser.Tests;

/// <summary>What the browser tests set up over the real REST API and the device listener, the way
/// scripts and POS systems do it.</summary>
internal static class FleetActions
{
    public static async Task CreateStoreAsync(this FleetServer server, string storeId, string? corporateId = null)
    {
        var response = await server.Client().PutJsonAsync($"/api/v1/stores/{storeId}", new { name = $"Store {storeId}", timeZone = "UTC", corporateId });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public static async Task CreateTerminalAsync(this FleetServer server, string storeId, string terminalId)
    {
        var response = await server.Client().PutJsonAsync($"/api/v1/terminals/{terminalId}", new { kind = "android", serialNumber = "SN-" + terminalId, storeId });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public static async Task CreatePosAsync(this FleetServer server, string storeId, string posId)
    {
        var response = await server.Client().PutJsonAsync($"/api/v1/pos/{posId}", new { storeId, name = "Till " + posId });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public static async Task<string> GenerateCodeAsync(this FleetServer server, string terminalId)
    {
        var response = await server.Client().PostAsync($"/api/v1/terminals/{terminalId}/setup-code", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.JsonAsync())["code"]!.GetValue<string>();
    }

    /// <summary>The POS's side of pairing: POST / on the device listener, exactly as the contract (JSON, no content type).</summary>
    public static async Task PairAsync(this FleetServer server, string posId, string code)
    {
        using var device = server.DeviceClient();
        var response = await device.PostAsync("/", new StringContent($$"""{ "posId" : "{{posId}}", "setupCode" : "{{code}}" }""", Encoding.UTF8));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Pairing answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>A cash register activating a srv4pos licence (pending approval); returns its production number.</summary>
    public static async Task<string> ActivateLicenceAsync(this FleetServer server, string corporateId, string? posId)
    {
        var today = new DateTimeOffset(server.Time.GetUtcNow().UtcDateTime.Date, TimeSpan.Zero);
        static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
        var body = new JsonObject
        {
            ["cashRegisterName"] = "Till 1",
            ["deviceId"] = "device-" + Guid.NewGuid().ToString("N")[..8],
            ["validFrom"] = Iso(today),
            ["validTo"] = Iso(today.AddYears(1)),
            ["corporateId"] = corporateId,
            ["applicationPackage"] = "com.example.pos",
            ["posId"] = posId,
        };
        var response = await server.Client(apiKey: null).PostAsync("/activations-advanced", JsonContent.Create(body));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Activation answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!["productionNumber"]!.GetValue<string>();
    }
}
