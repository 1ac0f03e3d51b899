using Fleet.Tests.Infrastructure;

namespace Fleet.Tests.OrderNPay;

/// <summary>Dead peers: a POS that stops answering WebSocket pings is dropped and recorded as
/// disconnected. Uses short real keep-alive intervals (the socket's pings run on real time).</summary>
public sealed class KeepAliveTests
{
    [Fact]
    public async Task A_peer_that_stops_answering_pings_is_dropped_and_its_messages_stay_pending()
    {
        var settings = new Dictionary<string, string?>(OrderNPayFixture.Settings)
        {
            ["Fleet:OrderNPay:KeepAliveInterval"] = "00:00:00.300",
            ["Fleet:OrderNPay:KeepAliveTimeout"] = "00:00:00.700",
        };
        await using var server = await FleetServer.StartAsync(settings);
        var pos = new OrderNPayHarness(server);
        var (outlet, remote, secret) = await pos.OutletAsync();
        var id = (await pos.EnqueueAsync(outlet, "order", new { orderNo = 1 }))["messageId"]!.GetValue<string>();

        // ClientWebSocket answers pings only while a receive is pending: this client never reads,
        // so to the server it is a dead peer.
        using var silent = await pos.ConnectAsync(await pos.TokenAsync(outlet, remote, secret));
        var deadline = DateTime.UtcNow.AddSeconds(15);
        System.Text.Json.Nodes.JsonNode view;
        do
        {
            await Task.Delay(100);
            view = await pos.Operator.GetJsonAsync($"/api/v1/stores/{outlet}/order-n-pay");
        } while (view["connection"]!["lastDisconnectedAt"] is null && DateTime.UtcNow < deadline);

        Assert.NotNull(view["connection"]!["lastDisconnectedAt"]);
        Assert.False(view["connection"]!["connected"]!.GetValue<bool>());
        Assert.Equal([id], await pos.PendingIdsAsync(outlet));
    }
}
