using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Fleet.Tests.Infrastructure;

namespace Fleet.Tests.Licences;

/// <summary>What a POS does against the srv4pos contract, over real HTTP.</summary>
internal sealed class LicenceClient(FleetServer server, System.Net.IPAddress? from = null)
{
    public HttpClient Http { get; } = server.Client(apiKey: null, from);

    public DateTimeOffset Today => new(server.Time.GetUtcNow().UtcDateTime.Date, TimeSpan.Zero);

    public static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");

    public JsonObject NewActivation(string corporateId, string? posId = null) => new()
    {
        ["cashRegisterName"] = "Till 1",
        ["deviceId"] = "device-" + Guid.NewGuid().ToString("N")[..8],
        ["validFrom"] = Iso(Today),
        ["validTo"] = Iso(Today.AddYears(1)),
        ["corporateId"] = corporateId,
        ["applicationPackage"] = "com.example.pos",
        ["posId"] = posId,
    };

    public Task<HttpResponseMessage> PostAsync(JsonObject body) =>
        Http.PostAsync("/activations-advanced", JsonContent.Create(body));

    public async Task<(string ProductionNumber, string ApiKey, JsonNode Body)> CreateAsync(JsonObject body)
    {
        var response = await PostAsync(body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, $"Expected 201, got {(int)response.StatusCode}: {text}");
        var json = JsonNode.Parse(text)!;
        return (json["productionNumber"]!.GetValue<string>(), json["apiKey"]!.GetValue<string>(), json);
    }

    /// <summary>Sends <paramref name="key"/> as a bare Authorization header (the srv4pos way) unless told otherwise.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? key, bool bearer = false,
        string? productionNumberHeader = null, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        if (key is not null)
        {
            if (bearer) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            else request.Headers.TryAddWithoutValidation("Authorization", key);
        }
        if (productionNumberHeader is not null) request.Headers.Add("X-Production-Number", productionNumberHeader);
        return Http.SendAsync(request);
    }

    public Task<HttpResponseMessage> HandshakeAsync(string? key, bool bearer = false) =>
        SendAsync(HttpMethod.Get, "/auth/handshake", key, bearer);

    /// <summary>Asserts a 403 licence refusal with the given machine-readable reason.</summary>
    public static async Task<JsonNode> AssertRefusedAsync(HttpResponseMessage response, string reason)
    {
        var problem = await response.AssertProblemAsync(403);
        Assert.Equal(reason, problem["reason"]?.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(problem["detail"]?.GetValue<string>()));
        return problem;
    }
}
