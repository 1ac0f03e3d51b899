using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Fleet.Tests.Infrastructure;

namespace Fleet.Tests.Pairing;

/// <summary>What a test needs to act as operator and POS: a store with a terminal, setup codes, pairing.</summary>
internal static class PairingClient
{
    public static async Task<(string StoreId, string TerminalId)> CreateTerminalAsync(this FleetServer server)
    {
        var admin = server.Client();
        var store = Unique.Id("store");
        var terminal = Unique.Id("term");
        Assert.Equal(HttpStatusCode.Created, (await admin.PutJsonAsync($"/api/v1/stores/{store}", new { name = "Store", timeZone = "UTC" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PutJsonAsync($"/api/v1/terminals/{terminal}",
            new { kind = "android", serialNumber = "SN-" + terminal, storeId = store })).StatusCode);
        return (store, terminal);
    }

    public static async Task<JsonNode> GenerateCodeAsync(this FleetServer server, string terminalId)
    {
        var response = await server.Client().PostAsync($"/api/v1/terminals/{terminalId}/setup-code", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }

    /// <summary>POST / exactly as the contract's example: JSON body, no content type.</summary>
    public static Task<HttpResponseMessage> PairAsync(this FleetServer server, string posId, string code) =>
        server.DeviceClient().PostAsync("/", new StringContent($$"""{ "posId" : "{{posId}}", "setupCode" : "{{code}}" }""", Encoding.UTF8));

    public static async Task<Bundle> PairOkAsync(this FleetServer server, string posId, string code)
    {
        var response = await server.PairAsync(posId, code);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Pairing answered {(int)response.StatusCode}: {text}");
        return Bundle.Parse(text);
    }

    public static async Task<Bundle> PairNewPosAsync(this FleetServer server, string? posId = null)
    {
        var (_, terminal) = await server.CreateTerminalAsync();
        var code = (await server.GenerateCodeAsync(terminal))["code"]!.GetValue<string>();
        return await server.PairOkAsync(posId ?? Unique.Id("pos"), code);
    }

    public static async Task<ClientWebSocket> ConnectDeviceSocketAsync(this FleetServer server, string path, X509Certificate2? clientCertificate = null)
    {
        var socket = new ClientWebSocket();
        socket.Options.RemoteCertificateValidationCallback = (_, certificate, chain, _) => server.ValidateServerCertificate(certificate, chain);
        if (clientCertificate is not null) socket.Options.ClientCertificates = [clientCertificate];
        await socket.ConnectAsync(new Uri($"wss://127.0.0.1:{server.DevicePort}{path}"), CancellationToken.None);
        return socket;
    }

    public static async Task<string?> ReceiveTextAsync(this WebSocket socket, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        var buffer = new ArraySegment<byte>(new byte[64 * 1024]);
        var total = 0;
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer[total..], cts.Token);
            if (result.MessageType == WebSocketMessageType.Close) return null;
            total += result.Count;
            if (result.EndOfMessage) return Encoding.UTF8.GetString(buffer.Array!, 0, total);
        }
    }

    /// <summary>Does a fresh TLS connection presenting <paramref name="certificate"/> get /session?</summary>
    public static async Task<HttpResponseMessage?> TrySessionAsync(this FleetServer server, X509Certificate2 certificate)
    {
        using var client = server.DeviceClient(certificate);
        try
        {
            return await client.GetAsync("/session");
        }
        catch (HttpRequestException)
        {
            return null; // refused at (or right after) the handshake: no HTTP answer at all
        }
    }
}
