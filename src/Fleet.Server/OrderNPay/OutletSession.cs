using System.Net.WebSockets;
using System.Text.Json;
using Fleet.OrderNPay;

namespace Fleet.Server.OrderNPay;

/// <summary>
/// One accepted Order N Pay WebSocket. Two loops share the socket: the send loop pulls the
/// outlet's pending messages from its grain (wherever that grain lives) and writes them in
/// sequence order; the receive loop reads acks and pings. The session ends when the POS closes,
/// the socket fails, the outlet grain says a newer connection took over, or the host stops.
/// </summary>
public sealed class OutletSession(
    WebSocket socket,
    IOutletGrain outlet,
    Guid connectionId,
    OrderNPayOptions options,
    ILogger logger,
    CancellationToken stopping)
{
    /// <summary>The largest frame a POS may send: acks and pings are tiny.</summary>
    public const int MaxInboundBytes = 16 * 1024;

    private static readonly TimeSpan CloseHandshakeTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _sendLock = new(1, 1);

    private sealed record CloseReason(WebSocketCloseStatus Status, string Description);

    public async Task RunAsync()
    {
        // Separate tokens: cancelling a WebSocket receive aborts the socket, so the receive loop is
        // cancelled only at the very end, after the close handshake had its chance.
        using var sendCts = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        using var receiveCts = new CancellationTokenSource();
        var receive = ReceiveLoopAsync(receiveCts.Token);
        var send = SendLoopAsync(sendCts.Token);
        try
        {
            var first = await Task.WhenAny(receive, send);
            var reason = first.IsCompletedSuccessfully ? first.Result : null;
            if (reason is not null && socket.State == WebSocketState.Open)
            {
                await CloseOutputAsync(reason);
                // Give the POS a moment to answer the close, so it ends cleanly on both sides.
                if (first == send) await Task.WhenAny(receive, Task.Delay(CloseHandshakeTimeout));
            }
            else if (socket.State == WebSocketState.CloseReceived)
            {
                await CloseOutputAsync(new CloseReason(WebSocketCloseStatus.NormalClosure, "Closed by the POS."));
            }
        }
        finally
        {
            await sendCts.CancelAsync();
            await receiveCts.CancelAsync();
            await Quietly(receive);
            await Quietly(send);
            if (socket.State is not (WebSocketState.Closed or WebSocketState.Aborted)) socket.Abort();
            try
            {
                await outlet.Disconnect(connectionId);
            }
            catch (Exception e)
            {
                // The connection stays recorded until it goes stale; the health view derives that.
                logger.LogWarning(e, "Order N Pay outlet {Outlet}: could not record the disconnect.", outlet.GetPrimaryKeyString());
            }
        }
    }

    private async Task<CloseReason?> SendLoopAsync(CancellationToken ct)
    {
        long after = 0;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                PullResult pull;
                try
                {
                    pull = await outlet.Pull(connectionId, after).WaitAsync(ct);
                }
                catch (Exception e) when (!ct.IsCancellationRequested && e is not WebSocketException)
                {
                    // The outlet grain's silo may be failing over: keep the socket, ask again.
                    logger.LogWarning(e, "Order N Pay outlet {Outlet}: pull failed; retrying.", outlet.GetPrimaryKeyString());
                    await Task.Delay(RetryDelay, ct);
                    continue;
                }
                if (pull.Superseded)
                    return new CloseReason(WebSocketCloseStatus.PolicyViolation,
                        "Superseded: a newer connection for this outlet took over, or its credentials changed.");

                foreach (var message in pull.Messages)
                {
                    await SendAsync(ChannelFrames.Message(message), ct);
                    after = message.Sequence;
                }
                if (pull.Messages.Count > 0) continue;

                try
                {
                    await outlet.WaitForChange(pull.Version, options.PollWait).WaitAsync(ct);
                }
                catch (Exception e) when (!ct.IsCancellationRequested)
                {
                    logger.LogDebug(e, "Order N Pay outlet {Outlet}: wait failed; pulling again.", outlet.GetPrimaryKeyString());
                    await Task.Delay(RetryDelay, ct);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        return stopping.IsCancellationRequested
            ? new CloseReason(WebSocketCloseStatus.EndpointUnavailable, "Fleet is shutting down; reconnect shortly.")
            : null;
    }

    private async Task<CloseReason?> ReceiveLoopAsync(CancellationToken ct)
    {
        var buffer = new byte[4096];
        using var frame = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, ct);
                if (result.MessageType == WebSocketMessageType.Close) return null;
                if (frame.Length + result.Count > MaxInboundBytes)
                    return new CloseReason(WebSocketCloseStatus.MessageTooBig, $"Frames from the POS must be at most {MaxInboundBytes} bytes.");
                frame.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage) continue;

                if (result.MessageType == WebSocketMessageType.Binary)
                    await SendAsync(ChannelFrames.Error("Send JSON text frames, not binary ones."), ct);
                else
                    await HandleAsync(frame.GetBuffer().AsMemory(0, (int)frame.Length), ct);
                frame.SetLength(0);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return null;
        }
        catch (WebSocketException)
        {
            // The peer vanished (or stopped answering pings): the session just ends.
            return null;
        }
    }

    private async Task HandleAsync(ReadOnlyMemory<byte> json, CancellationToken ct)
    {
        string? type, messageId = null;
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var typeElement)
                || typeElement.ValueKind != JsonValueKind.String)
            {
                await SendAsync(ChannelFrames.Error("Every frame must be a JSON object with a string 'type'."), ct);
                return;
            }
            type = typeElement.GetString();
            if (root.TryGetProperty("messageId", out var id) && id.ValueKind == JsonValueKind.String) messageId = id.GetString();
        }
        catch (JsonException)
        {
            await SendAsync(ChannelFrames.Error("The frame is not valid JSON."), ct);
            return;
        }

        switch (type)
        {
            case "ack" when string.IsNullOrEmpty(messageId):
                await SendAsync(ChannelFrames.Error("An ack needs the 'messageId' it acknowledges."), ct);
                break;
            case "ack":
                try
                {
                    // Unknown or repeated acks are fine: delivery is at-least-once.
                    await outlet.Ack(messageId!).WaitAsync(ct);
                }
                catch (Exception e) when (!ct.IsCancellationRequested)
                {
                    // Not recorded: the message stays pending and is delivered again on reconnect.
                    logger.LogWarning(e, "Order N Pay outlet {Outlet}: ack of {MessageId} not recorded.", outlet.GetPrimaryKeyString(), messageId);
                    await SendAsync(ChannelFrames.Error($"The ack of '{messageId}' could not be recorded; send it again."), ct);
                }
                break;
            case "ping":
                await SendAsync(ChannelFrames.Pong(), ct);
                break;
            case "pong":
                break;
            default:
                await SendAsync(ChannelFrames.Error($"Unknown frame type '{type}'; expected ack or ping."), ct);
                break;
        }
    }

    private async Task SendAsync(byte[] frame, CancellationToken ct)
    {
        await _sendLock.WaitAsync(ct);
        try
        {
            await socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, ct);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task CloseOutputAsync(CloseReason reason)
    {
        using var timeout = new CancellationTokenSource(CloseHandshakeTimeout);
        try
        {
            await _sendLock.WaitAsync(timeout.Token);
            try
            {
                await socket.CloseOutputAsync(reason.Status, reason.Description, timeout.Token);
            }
            finally
            {
                _sendLock.Release();
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
        }
    }

    private async Task Quietly(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
        }
        catch (Exception e)
        {
            logger.LogError(e, "Order N Pay outlet {Outlet}: the session failed.", outlet.GetPrimaryKeyString());
        }
    }
}
