using System.Net;
using System.Net.WebSockets;
using Fleet.Tests.Infrastructure;

namespace Fleet.Tests.OrderNPay;

/// <summary>The Order N Pay channel with a real <see cref="ClientWebSocket"/> on loopback:
/// ordering, acks, redelivery, replacement, and the operator's view of it.</summary>
public sealed class ChannelTests(OrderNPayFixture fixture) : IClassFixture<OrderNPayFixture>
{
    private readonly FleetServer _server = fixture.Server;
    private readonly OrderNPayHarness _pos = new(fixture.Server);

    [Fact]
    public async Task Messages_arrive_in_order_with_their_fields_and_acks_clear_them()
    {
        var (outlet, remote, secret) = await _pos.OutletAsync();
        var queued = new List<string>();
        for (var i = 1; i <= 3; i++)
            queued.Add((await _pos.EnqueueAsync(outlet, "order", new { orderNo = i, lines = new[] { new { sku = "A", qty = i } } }))["messageId"]!.GetValue<string>());
        await _pos.AssertPendingEventuallyAsync(outlet, [.. queued]);

        using var socket = await _pos.ConnectAsync(await _pos.TokenAsync(outlet, remote, secret));
        for (var i = 1; i <= 3; i++)
        {
            var frame = await OrderNPayHarness.ReceiveAsync(socket);
            Assert.Equal(queued[i - 1], frame["messageId"]!.GetValue<string>());
            Assert.Equal("order", frame["type"]!.GetValue<string>());
            Assert.Equal(i, frame["payload"]!["orderNo"]!.GetValue<int>());
            Assert.Equal("A", frame["payload"]!["lines"]![0]!["sku"]!.GetValue<string>());
            Assert.True(DateTimeOffset.TryParse(frame["createdAt"]!.GetValue<string>(), out _));
        }

        // Messages enqueued while connected are pushed without a reconnect.
        var live = (await _pos.EnqueueAsync(outlet, "order", new { orderNo = 4 }))["messageId"]!.GetValue<string>();
        Assert.Equal(live, (await OrderNPayHarness.ReceiveAsync(socket))["messageId"]!.GetValue<string>());
        queued.Add(live);

        foreach (var id in queued) await OrderNPayHarness.AckAsync(socket, id);
        await _pos.AssertPendingEventuallyAsync(outlet);
        var acked = await _pos.Operator.GetJsonAsync($"/api/v1/stores/{outlet}/order-n-pay/messages?state=acked");
        Assert.Equal(Enumerable.Reverse(queued), acked["items"]!.AsArray().Select(m => m!["messageId"]!.GetValue<string>()));

        var view = await _pos.Operator.GetJsonAsync($"/api/v1/stores/{outlet}/order-n-pay");
        Assert.True(view["connection"]!["connected"]!.GetValue<bool>());
        Assert.NotNull(view["connection"]!["lastAckAt"]);
        Assert.Equal(0, view["pendingCount"]!.GetValue<int>());
        var store = await _pos.Operator.GetJsonAsync($"/api/v1/stores/{outlet}");
        Assert.True(store["orderNPay"]!["connected"]!.GetValue<bool>());
        await OrderNPayHarness.CloseAsync(socket);
    }

    [Fact]
    public async Task Unacked_messages_come_back_in_order_after_a_reconnect()
    {
        var (outlet, remote, secret) = await _pos.OutletAsync();
        var ids = new List<string>();
        for (var i = 1; i <= 3; i++) ids.Add((await _pos.EnqueueAsync(outlet, "order", new { orderNo = i }))["messageId"]!.GetValue<string>());
        var token = await _pos.TokenAsync(outlet, remote, secret);

        using (var first = await _pos.ConnectAsync(token))
        {
            for (var i = 0; i < 3; i++) await OrderNPayHarness.ReceiveAsync(first);
            await OrderNPayHarness.AckAsync(first, ids[0]);
            await _pos.AssertPendingEventuallyAsync(outlet, ids[1], ids[2]);
            await OrderNPayHarness.CloseAsync(first);
        }
        var afterClose = await _pos.Operator.GetJsonAsync($"/api/v1/stores/{outlet}/order-n-pay");
        Assert.NotNull(afterClose["connection"]!["lastDisconnectedAt"]);

        using var second = await _pos.ConnectAsync(token, "/api/powerepos/v1/ws");
        Assert.Equal(ids[1], (await OrderNPayHarness.ReceiveAsync(second))["messageId"]!.GetValue<string>());
        Assert.Equal(ids[2], (await OrderNPayHarness.ReceiveAsync(second))["messageId"]!.GetValue<string>());
        await OrderNPayHarness.CloseAsync(second);
    }

    [Fact]
    public async Task A_second_connection_replaces_the_first_cleanly()
    {
        var (outlet, remote, secret) = await _pos.OutletAsync();
        using var first = await _pos.ConnectAsync(await _pos.TokenAsync(outlet, remote, secret));
        using var second = await _pos.ConnectAsync(await _pos.TokenAsync(outlet, remote, secret));

        var (type, _) = await OrderNPayHarness.ReceiveFrameAsync(first);
        Assert.Equal(WebSocketMessageType.Close, type);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, first.CloseStatus);
        Assert.Contains("newer connection", first.CloseStatusDescription);

        var id = (await _pos.EnqueueAsync(outlet, "order", new { orderNo = 1 }))["messageId"]!.GetValue<string>();
        Assert.Equal(id, (await OrderNPayHarness.ReceiveAsync(second))["messageId"]!.GetValue<string>());
        var view = await _pos.Operator.GetJsonAsync($"/api/v1/stores/{outlet}/order-n-pay");
        Assert.True(view["connection"]!["connected"]!.GetValue<bool>());

        // The takeover is on the audit trail (only the second connection replaced a live one).
        var events = (await _pos.Operator.GetJsonAsync(
            $"/api/v1/audit?targetType=order-n-pay&targetId={outlet}&action=order-n-pay.connection-superseded"))["items"]!.AsArray();
        var superseded = Assert.Single(events)!;
        Assert.Equal($"order-n-pay:{outlet}", superseded["actor"]!.GetValue<string>());
        Assert.Equal("order-n-pay", superseded["actorKind"]!.GetValue<string>());
        Assert.Equal("127.0.0.1", superseded["clientAddress"]!.GetValue<string>());
        await OrderNPayHarness.CloseAsync(second);
    }

    [Fact]
    public async Task Rotating_the_secret_closes_the_live_connection()
    {
        var (outlet, remote, secret) = await _pos.OutletAsync();
        using var socket = await _pos.ConnectAsync(await _pos.TokenAsync(outlet, remote, secret));
        (await _pos.Operator.PutJsonAsync($"/api/v1/stores/{outlet}/order-n-pay", new { posRemoteId = remote, authSecret = "rotated-secret-1" }))
            .EnsureSuccessStatusCode();
        var (type, _) = await OrderNPayHarness.ReceiveFrameAsync(socket);
        Assert.Equal(WebSocketMessageType.Close, type);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, socket.CloseStatus);
    }

    [Fact]
    public async Task Pings_are_answered_and_bad_frames_get_an_error_without_dropping_the_connection()
    {
        var (outlet, remote, secret) = await _pos.OutletAsync();
        using var socket = await _pos.ConnectAsync(await _pos.TokenAsync(outlet, remote, secret));

        await OrderNPayHarness.SendAsync(socket, new { type = "ping" });
        Assert.Equal("pong", (await OrderNPayHarness.ReceiveAsync(socket))["type"]!.GetValue<string>());
        await socket.SendAsync("not json"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
        Assert.Equal("error", (await OrderNPayHarness.ReceiveAsync(socket))["type"]!.GetValue<string>());
        await OrderNPayHarness.SendAsync(socket, new { type = "ack" });
        Assert.Contains("messageId", (await OrderNPayHarness.ReceiveAsync(socket))["error"]!.GetValue<string>());
        await OrderNPayHarness.SendAsync(socket, new { type = "dance" });
        Assert.Equal("error", (await OrderNPayHarness.ReceiveAsync(socket))["type"]!.GetValue<string>());

        var id = (await _pos.EnqueueAsync(outlet, "order", new { orderNo = 1 }))["messageId"]!.GetValue<string>();
        Assert.Equal(id, (await OrderNPayHarness.ReceiveAsync(socket))["messageId"]!.GetValue<string>());
        await OrderNPayHarness.CloseAsync(socket);
    }

    [Fact]
    public async Task Enqueue_is_validated_idempotent_by_messageId_and_removal_is_guarded()
    {
        var (outlet, remote, secret) = await _pos.OutletAsync();
        var first = await _pos.EnqueueAsync(outlet, "order", new { orderNo = 7 }, messageId: "order-7");
        var again = await _pos.Operator.PostAsync($"/api/v1/stores/{outlet}/order-n-pay/messages",
            System.Net.Http.Json.JsonContent.Create(new { messageId = "order-7", type = "order", payload = new { orderNo = 7 } }));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(first["sequence"]!.GetValue<long>(), (await again.JsonAsync())["sequence"]!.GetValue<long>());
        await (await _pos.Operator.PostAsync($"/api/v1/stores/{outlet}/order-n-pay/messages",
            System.Net.Http.Json.JsonContent.Create(new { messageId = "order-7", type = "order", payload = new { orderNo = 8 } }))).AssertProblemAsync(409);
        await _pos.AssertPendingEventuallyAsync(outlet, "order-7");

        await (await _pos.Operator.PostAsync($"/api/v1/stores/{outlet}/order-n-pay/messages",
            System.Net.Http.Json.JsonContent.Create(new { type = "ack", payload = 1 }))).AssertProblemAsync(400);
        await (await _pos.Operator.PostAsync($"/api/v1/stores/{outlet}/order-n-pay/messages",
            System.Net.Http.Json.JsonContent.Create(new { type = "order" }))).AssertProblemAsync(400);
        await (await _pos.Operator.PostAsync("/api/v1/stores/no-such-store/order-n-pay/messages",
            System.Net.Http.Json.JsonContent.Create(new { type = "order", payload = 1 }))).AssertProblemAsync(404);
        await (await _pos.Operator.GetAsync($"/api/v1/stores/{outlet}/order-n-pay/messages?state=sent")).AssertProblemAsync(400);
        var message = await _pos.Operator.GetJsonAsync($"/api/v1/stores/{outlet}/order-n-pay/messages/order-7");
        Assert.Equal("pending", message["state"]!.GetValue<string>());

        await (await _pos.Operator.DeleteAsync($"/api/v1/stores/{outlet}/order-n-pay")).AssertProblemAsync(409);
        using var socket = await _pos.ConnectAsync(await _pos.TokenAsync(outlet, remote, secret));
        await OrderNPayHarness.AckAsync(socket, (await OrderNPayHarness.ReceiveAsync(socket))["messageId"]!.GetValue<string>());
        await _pos.AssertPendingEventuallyAsync(outlet);
        await (await _pos.Operator.DeleteAsync($"/api/v1/stores/{outlet}")).AssertProblemAsync(409);
        Assert.Equal(HttpStatusCode.NoContent, (await _pos.Operator.DeleteAsync($"/api/v1/stores/{outlet}/order-n-pay")).StatusCode);
        var (type, _) = await OrderNPayHarness.ReceiveFrameAsync(socket);
        Assert.Equal(WebSocketMessageType.Close, type);
        await (await _pos.Operator.GetAsync($"/api/v1/stores/{outlet}/order-n-pay")).AssertProblemAsync(404);
        Assert.Equal(HttpStatusCode.NoContent, (await _pos.Operator.DeleteAsync($"/api/v1/stores/{outlet}")).StatusCode);
    }

    [Fact]
    public async Task Fleet_health_counts_connected_outlets_and_waiting_messages()
    {
        var (outlet, remote, secret) = await _pos.OutletAsync();
        await _pos.EnqueueAsync(outlet, "order", new { orderNo = 1 });
        using var socket = await _pos.ConnectAsync(await _pos.TokenAsync(outlet, remote, secret));
        await OrderNPayHarness.ReceiveAsync(socket);

        var health = await _pos.Operator.WaitForHealthAsync(h => h["orderNPay"]!["longestWaiting"]!.AsArray()
            .Any(b => b!["storeId"]!.GetValue<string>() == outlet && b["connected"]!.GetValue<bool>()));
        var section = health["orderNPay"]!;
        Assert.True(section["outlets"]!.GetValue<int>() >= 1);
        Assert.True(section["connected"]!.GetValue<int>() >= 1);
        Assert.True(section["pendingMessages"]!.GetValue<int>() >= 1);
        Assert.Contains(section["longestWaiting"]!.AsArray(), b => b!["storeId"]!.GetValue<string>() == outlet && b["connected"]!.GetValue<bool>());
        await OrderNPayHarness.CloseAsync(socket);
    }
}
