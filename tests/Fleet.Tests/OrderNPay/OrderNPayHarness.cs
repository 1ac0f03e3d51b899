using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fleet.Tests.Infrastructure;

namespace Fleet.Tests.OrderNPay;

/// <summary>What a PowerEPOS POS does (auth over HTTPS, then a WebSocket), plus the operator calls
/// that set an outlet up, against a real <see cref="FleetServer"/>.</summary>
internal sealed class OrderNPayHarness(FleetServer server, System.Net.IPAddress? from = null)
{
    public HttpClient Operator { get; } = server.Client();

    /// <summary>The POS's client; from <c>from</c> (a loopback address) when given.</summary>
    public HttpClient Anonymous { get; } = server.Client(apiKey: null, from);

    /// <summary>Creates a store with an integration; answers (storeId, posRemoteId, secret).</summary>
    public async Task<(string Store, string Remote, string Secret)> OutletAsync()
    {
        var store = Unique.Id("store");
        (await Operator.PutJsonAsync($"/api/v1/stores/{store}", new { name = "Outlet", timeZone = "UTC" })).EnsureSuccessStatusCode();
        var remote = $"TestOrg-{Guid.NewGuid()}";
        var secret = $"sharedS3cr3t!{Guid.NewGuid():N}";
        var put = await Operator.PutJsonAsync($"/api/v1/stores/{store}/order-n-pay", new { posRemoteId = remote, authSecret = secret });
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        return (store, remote, secret);
    }

    public Task<HttpResponseMessage> AuthAsync(string outlet, string remote, string secret) =>
        Anonymous.PostAsJsonAsync("/api/powerepos/v1/auth",
            new Dictionary<string, string> { ["ProviderOutletID"] = outlet, ["POSRemoteID"] = remote, ["AuthSecret"] = secret });

    public async Task<string> TokenAsync(string outlet, string remote, string secret)
    {
        var response = await AuthAsync(outlet, remote, secret);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"auth answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!["AccessToken"]!.GetValue<string>();
    }

    public async Task<ClientWebSocket> ConnectAsync(string token, string path = "/")
    {
        var socket = server.WebSocketClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await socket.ConnectAsync(new Uri($"wss://127.0.0.1:{server.ApiPort}{path}?token={Uri.EscapeDataString(token)}"), timeout.Token);
        return socket;
    }

    /// <summary>Attempts an upgrade that must be refused; answers the HTTP status it got.</summary>
    public async Task<HttpStatusCode> RefusedUpgradeAsync(string pathAndQuery)
    {
        using var socket = server.WebSocketClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await Assert.ThrowsAsync<WebSocketException>(() =>
            socket.ConnectAsync(new Uri($"wss://127.0.0.1:{server.ApiPort}{pathAndQuery}"), timeout.Token));
        Assert.NotEqual(WebSocketState.Open, socket.State);
        return socket.HttpStatusCode;
    }

    public async Task<JsonNode> EnqueueAsync(string store, string type, object payload, string? messageId = null)
    {
        var response = await Operator.PostAsJsonAsync($"/api/v1/stores/{store}/order-n-pay/messages",
            messageId is null ? new { type, payload } : (object)new { messageId, type, payload });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"enqueue answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    public async Task<string[]> PendingIdsAsync(string store) =>
        (await Operator.GetJsonAsync($"/api/v1/stores/{store}/order-n-pay/messages?state=pending"))["items"]!.AsArray()
        .Select(m => m!["messageId"]!.GetValue<string>()).ToArray();

    /// <summary>Waits (bounded) until the pending list is exactly <paramref name="expected"/>: acks
    /// are applied asynchronously to the frame that carries them.</summary>
    public async Task AssertPendingEventuallyAsync(string store, params string[] expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        string[] pending;
        while (!(pending = await PendingIdsAsync(store)).SequenceEqual(expected) && DateTime.UtcNow < deadline)
            await Task.Delay(25);
        Assert.Equal(expected, pending);
    }

    public static async Task<JsonNode> ReceiveAsync(ClientWebSocket socket, TimeSpan? timeout = null)
    {
        var (type, text) = await ReceiveFrameAsync(socket, timeout);
        Assert.True(type == WebSocketMessageType.Text, $"expected a text frame, got {type} ({socket.CloseStatus} {socket.CloseStatusDescription})");
        return JsonNode.Parse(text)!;
    }

    public static async Task<(WebSocketMessageType Type, string Text)> ReceiveFrameAsync(
        ClientWebSocket socket, TimeSpan? within = null)
    {
        using var timeout = new CancellationTokenSource(within ?? TimeSpan.FromSeconds(10));
        var buffer = new byte[64 * 1024];
        using var frame = new MemoryStream();
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, timeout.Token);
            frame.Write(buffer, 0, result.Count);
        } while (!result.EndOfMessage);
        return (result.MessageType, Encoding.UTF8.GetString(frame.ToArray()));
    }

    public static Task SendAsync(ClientWebSocket socket, object frame) =>
        socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(frame), WebSocketMessageType.Text, true, CancellationToken.None);

    public static Task AckAsync(ClientWebSocket socket, string messageId) => SendAsync(socket, new { type = "ack", messageId });

    public static async Task CloseAsync(ClientWebSocket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
    }
}
