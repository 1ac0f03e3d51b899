using Fleet.Common;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Fleet.Pairing;
using Fleet.Pki;
using Fleet.Server.Http;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Pki;

/// <summary>
/// The mutual-TLS WebSocket a paired POS keeps open (<c>/session/events</c>). It watches the
/// certificate's grain through an Orleans observer, so a revocation on any silo reaches the socket
/// at once; the watch is renewed every <see cref="PairingOptions.WatchRenewal"/>, and each renewal
/// also re-reads the status, which covers a notification lost with a deactivated grain.
/// Messages (JSON text): <c>session</c> on connect, <c>expiring</c> once the certificate is within
/// <see cref="PairingOptions.ExpiryWarning"/> of its end, <c>revoked</c> followed by a close.
/// </summary>
public sealed class CertificateEvents(IGrainFactory grains, IOptions<PairingOptions> options, FleetClock time)
{
    public async Task RunAsync(WebSocket socket, ClientCertificateInfo certificate, CancellationToken ct)
    {
        var revocations = Channel.CreateUnbounded<CertificateView>();
        var watcher = new Watcher(revocations.Writer);
        var reference = grains.CreateObjectReference<ICertificateWatcher>(watcher);
        var grain = grains.GetGrain<ICertificateGrain>(certificate.SerialNumber);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var warned = false;
        try
        {
            await SendAsync(socket, new
            {
                type = "session", posId = certificate.PosId, terminalId = certificate.TerminalId,
                serialNumber = certificate.SerialNumber, notAfter = certificate.NotAfter,
            }, stop.Token);

            // The POS closing its side ends the loop.
            var closed = DrainUntilCloseAsync(socket, stop.Token);
            while (!stop.IsCancellationRequested)
            {
                var view = await grain.Watch(reference);
                if (view is null || view.IsRevoked)
                {
                    await RevokedAsync(socket, view);
                    return;
                }

                if (!warned && time.GetUtcNow() >= certificate.NotAfter - options.Value.ExpiryWarning)
                {
                    warned = true;
                    await SendAsync(socket, new { type = "expiring", notAfter = certificate.NotAfter, renew = "POST /renew" }, stop.Token);
                }

                var tick = Task.Delay(options.Value.WatchRenewal, time, stop.Token);
                var revoked = revocations.Reader.WaitToReadAsync(stop.Token).AsTask();
                var first = await Task.WhenAny(tick, revoked, closed);
                if (first == closed) return;
                if (first == revoked && revocations.Reader.TryRead(out var notice))
                {
                    await RevokedAsync(socket, notice);
                    return;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // The POS went away.
        }
        finally
        {
            await stop.CancelAsync();
            try { await grain.Unwatch(reference); } catch (Exception e) when (e is not OutOfMemoryException) { /* best effort */ }
            grains.DeleteObjectReference<ICertificateWatcher>(reference);
            // Orleans holds an observer weakly: without this the watcher could be collected while the
            // socket is open (nothing else refers to it), and the revocation notice silently dropped.
            GC.KeepAlive(watcher);
        }
    }

    private static async Task RevokedAsync(WebSocket socket, CertificateView? view)
    {
        await SendAsync(socket, new
        {
            type = "revoked",
            revokedAt = view?.RevokedAt,
            reasonCode = view?.ReasonCode ?? 0,
        }, CancellationToken.None);
        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            await socket.CloseAsync(WebSocketCloseStatus.PolicyViolation, "The certificate was revoked.", CancellationToken.None);
    }

    private static async Task DrainUntilCloseAsync(WebSocket socket, CancellationToken ct)
    {
        var buffer = new byte[1024];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var result = await socket.ReceiveAsync(buffer, ct);
                if (result.MessageType == WebSocketMessageType.Close) return;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
        }
    }

    private static Task SendAsync(WebSocket socket, object message, CancellationToken ct) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(message, JsonBody.Options)),
            WebSocketMessageType.Text, true, ct);

    private sealed class Watcher(ChannelWriter<CertificateView> writer) : ICertificateWatcher
    {
        public void Revoked(CertificateView certificate) => writer.TryWrite(certificate);
    }
}
