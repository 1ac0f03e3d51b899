using Fleet.Tests.Infrastructure;

namespace Fleet.Tests.OrderNPay;

/// <summary>Durability: what the POS has not acknowledged survives a server restart.</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task Unacked_messages_are_delivered_again_after_a_server_restart()
    {
        await using var server = await FleetServer.StartAsync(OrderNPayFixture.Settings);
        var pos = new OrderNPayHarness(server);
        var (outlet, remote, secret) = await pos.OutletAsync();
        var a = (await pos.EnqueueAsync(outlet, "order", new { orderNo = 1 }))["messageId"]!.GetValue<string>();
        var b = (await pos.EnqueueAsync(outlet, "order", new { orderNo = 2 }))["messageId"]!.GetValue<string>();
        var c = (await pos.EnqueueAsync(outlet, "order", new { orderNo = 3 }))["messageId"]!.GetValue<string>();

        using (var socket = await pos.ConnectAsync(await pos.TokenAsync(outlet, remote, secret)))
        {
            for (var i = 0; i < 3; i++) await OrderNPayHarness.ReceiveAsync(socket);
            await OrderNPayHarness.AckAsync(socket, a);
            await pos.AssertPendingEventuallyAsync(outlet, b, c);
            // The server goes away under the open socket: it says so with a close frame, which the
            // POS answers (ClientWebSocket does that while receiving), and shutdown is not held up.
            var closing = Task.Run(async () =>
            {
                var frame = await OrderNPayHarness.ReceiveFrameAsync(socket);
                await socket.CloseOutputAsync(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
                return frame;
            });
            await server.RestartAsync();
            Assert.Equal(System.Net.WebSockets.WebSocketMessageType.Close, (await closing).Type);
            Assert.Equal(System.Net.WebSockets.WebSocketCloseStatus.EndpointUnavailable, socket.CloseStatus);
        }
        var after = new OrderNPayHarness(server);
        await after.AssertPendingEventuallyAsync(outlet, b, c);
        using var again = await after.ConnectAsync(await after.TokenAsync(outlet, remote, secret));
        Assert.Equal(b, (await OrderNPayHarness.ReceiveAsync(again))["messageId"]!.GetValue<string>());
        Assert.Equal(c, (await OrderNPayHarness.ReceiveAsync(again))["messageId"]!.GetValue<string>());
        await OrderNPayHarness.CloseAsync(again);
    }
}
