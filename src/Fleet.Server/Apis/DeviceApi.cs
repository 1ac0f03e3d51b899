using Fleet.Common;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Fleet.Pki;
using Fleet.Server.Hosting;
using Fleet.Server.Http;
using Fleet.Server.Pairing;
using Fleet.Server.Pki;
using Fleet.Pairing;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Apis;

/// <summary>
/// The device listener (<c>Fleet:Endpoints:Device</c>): the acceptance app's Local-mode pairing
/// contract (<c>POST /</c> and <c>wss://host:port/</c>), the root CA, CRL and OCSP, and the routes a
/// paired POS calls over mutual TLS (<c>/session</c>, <c>/renew</c>, <c>/session/events</c>).
/// </summary>
public static class DeviceApi
{
    private const int MaxPairingMessageBytes = 16 * 1024;

    public static IEndpointRouteBuilder MapDeviceApi(this IEndpointRouteBuilder routes)
    {
        var device = routes.MapGroup("").OnDeviceListener().AllowAnonymous().WithTags("Device (POS)");
        device.MapPost("/", Pair).WithName("Pair")
            .WithSummary("Pairing contract: {\"posId\",\"setupCode\"} → PEM (private key, POS certificate, issuing CA, root CA).");
        device.MapGet("/", PairOverWebSocket).WithName("PairOverWebSocket")
            .WithSummary("Pairing contract over WebSocket: one JSON text message in, one PEM (or error) text message out.");
        device.MapGet("/ca.pem", (AuthorityHost authority) => TypedResults.Text(authority.Authority.RootPem, "application/x-pem-file"))
            .WithName("DeviceRootCertificate");
        device.MapGet("/crl", CaApi.GetCrlDer).WithName("DeviceCrl");
        device.MapGet("/crl.pem", CaApi.GetCrlPem).WithName("DeviceCrlPem");
        device.MapPost("/ocsp", OcspPost).WithName("OcspPost").WithSummary("RFC 6960 OCSP responder (POST).");
        device.MapGet("/ocsp/{*request}", OcspGet).WithName("OcspGet").WithSummary("RFC 6960 OCSP responder (GET, base64 request).");

        var mtls = device.MapGroup("").AddEndpointFilter(RequireClientCertificate);
        mtls.MapGet("/session", Session).WithName("Session")
            .WithSummary("Who the caller is, from its client certificate (mutual TLS).");
        mtls.MapPost("/renew", Renew).WithName("Renew")
            .WithSummary("A fresh certificate bundle for the caller, in the pairing PEM shape (mutual TLS).");
        mtls.MapGet("/session/events", Events).WithName("SessionEvents")
            .WithSummary("WebSocket over mutual TLS: notifies of the certificate's revocation or coming expiry.");
        return routes;
    }

    private static async Task<IResult> Pair(HttpContext context, PairingService pairing)
    {
        // Any content type: the contract's own example (and curl -d) sends the JSON without one.
        var body = await ReadBodyAsync(context.Request);
        if (body is null) return PairingResult.Refused(413, "Payload too large", "The pairing request is too large.").ToHttpResult(context);
        var result = await pairing.PairAsync(body, context.Connection.RemoteIpAddress);
        return result.ToHttpResult(context);
    }

    private static async Task<IResult> PairOverWebSocket(HttpContext context, PairingService pairing, IOptions<PairingOptions> options)
    {
        if (!context.WebSockets.IsWebSocketRequest)
            return TypedResults.Problem("Pair with POST / (JSON body) or open a WebSocket on this address.",
                statusCode: StatusCodes.Status400BadRequest, title: "Bad request");

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        // The receive is raced against the timeout, not cancelled by it: cancelling a WebSocket
        // receive aborts the socket, and the client would see a dropped connection (1006) instead
        // of Fleet's close frame saying why (1008).
        var receiving = ReceiveTextAsync(socket, context.RequestAborted);
        using (var idleTimer = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted))
        {
            if (await Task.WhenAny(receiving, Task.Delay(options.Value.MessageTimeout, idleTimer.Token)) != receiving)
            {
                _ = receiving.ContinueWith(t => t.Exception, TaskContinuationOptions.OnlyOnFaulted);
                if (context.RequestAborted.IsCancellationRequested) return Results.Empty;
                try
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.PolicyViolation, "No pairing request received in time.", CancellationToken.None);
                }
                catch (WebSocketException)
                {
                    return Results.Empty; // the client left at that very moment
                }
                // The pending receive ends with the client's answering close; a client that never
                // answers is let go after a moment.
                await Task.WhenAny(receiving, Task.Delay(TimeSpan.FromSeconds(2), context.RequestAborted));
                return Results.Empty;
            }
            idleTimer.Cancel();
        }

        string? message;
        try
        {
            message = await receiving;
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            return Results.Empty;
        }

        if (message is null)
        {
            await CloseAsync(socket, WebSocketCloseStatus.MessageTooBig, "Send one text message of at most 16 KiB.");
            return Results.Empty;
        }

        var result = await pairing.PairAsync(message, context.Connection.RemoteIpAddress);
        var reply = result.Succeeded ? result.PemBundle! : JsonSerializer.Serialize(new
        {
            type = "about:blank",
            title = result.Title,
            status = result.Status,
            detail = result.Detail,
            retryAfter = result.RetryAfter is { } wait ? PairingResult.RetryAfterSeconds(wait) : (int?)null,
        }, JsonBody.Options);
        await socket.SendAsync(Encoding.UTF8.GetBytes(reply), WebSocketMessageType.Text, true, context.RequestAborted);
        await CloseAsync(socket, WebSocketCloseStatus.NormalClosure, result.Succeeded ? "Paired." : "Refused.");
        return Results.Empty;
    }

    private static IResult Session(HttpContext context, FleetClock time)
    {
        var certificate = context.Features.Get<DeviceClientFeature>()!.Certificate;
        return TypedResults.Ok(new
        {
            posId = certificate.PosId,
            terminalId = certificate.TerminalId,
            storeId = certificate.StoreId,
            serialNumber = certificate.SerialNumber,
            notBefore = certificate.NotBefore,
            notAfter = certificate.NotAfter,
        });
    }

    private static async Task<IResult> Renew(HttpContext context, PairingService pairing)
    {
        var certificate = context.Features.Get<DeviceClientFeature>()!.Certificate;
        return (await pairing.RenewAsync(certificate, context.Connection.RemoteIpAddress)).ToHttpResult(context);
    }

    private static async Task<IResult> Events(HttpContext context, CertificateEvents events)
    {
        if (!context.WebSockets.IsWebSocketRequest)
            return TypedResults.Problem("Open a WebSocket on this address.", statusCode: StatusCodes.Status400BadRequest, title: "Bad request");
        var certificate = context.Features.Get<DeviceClientFeature>()!.Certificate;
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        await events.RunAsync(socket, certificate, context.RequestAborted);
        return Results.Empty;
    }

    private static async Task<IResult> OcspPost(HttpContext context, OcspService ocsp)
    {
        // Read at most one byte past the responder's limit: it answers anything longer malformedRequest.
        var buffer = new byte[OcspResponder.MaxRequestBytes + 1];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await context.Request.Body.ReadAsync(buffer.AsMemory(total), context.RequestAborted)) > 0)
            total += read;
        return TypedResults.Bytes(await ocsp.RespondAsync(buffer[..total], context.RequestAborted), "application/ocsp-response");
    }

    private static async Task<IResult> OcspGet(string request, OcspService ocsp, CancellationToken ct)
    {
        byte[] der;
        try
        {
            der = Convert.FromBase64String(Uri.UnescapeDataString(request));
        }
        catch (FormatException)
        {
            der = [];
        }
        return TypedResults.Bytes(await ocsp.RespondAsync(der, ct), "application/ocsp-response");
    }

    /// <summary>Every mutual-TLS route: the connection must carry a checked client certificate, and
    /// it is asked again per request, so a long-lived connection also stops at revocation.</summary>
    private static async ValueTask<object?> RequireClientCertificate(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        var client = context.Features.Get<DeviceClientFeature>();
        if (client is null && context.Features.Get<TerminalClientFeature>() is not null)
            return TypedResults.Problem("This route is for POS certificates; a terminal's own certificate cannot use it.",
                statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");
        if (client is null)
            return TypedResults.Problem("This route needs mutual TLS: present the client certificate Fleet issued at pairing.",
                statusCode: StatusCodes.Status401Unauthorized, title: "Client certificate required");

        if (!await context.RequestServices.GetRequiredService<ClientCertificateGate>().IsActiveAsync(client.Certificate, context.Connection.RemoteIpAddress))
        {
            context.Abort();
            return Results.Empty;
        }
        return await next(invocation);
    }

    private static async Task<string?> ReadBodyAsync(HttpRequest request)
    {
        var buffer = new byte[MaxPairingMessageBytes + 1];
        var total = 0;
        int read;
        while ((read = await request.Body.ReadAsync(buffer.AsMemory(total), request.HttpContext.RequestAborted)) > 0)
        {
            total += read;
            if (total > MaxPairingMessageBytes) return null;
        }
        return Encoding.UTF8.GetString(buffer, 0, total);
    }

    private static async Task<string?> ReceiveTextAsync(WebSocket socket, CancellationToken ct)
    {
        var buffer = new byte[MaxPairingMessageBytes + 1];
        var total = 0;
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(total), ct);
            if (result.MessageType == WebSocketMessageType.Close) return "";
            total += result.Count;
            if (total > MaxPairingMessageBytes) return null;
            if (result.EndOfMessage) return Encoding.UTF8.GetString(buffer, 0, total);
        }
    }

    private static async Task CloseAsync(WebSocket socket, WebSocketCloseStatus status, string description)
    {
        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            await socket.CloseAsync(status, description, CancellationToken.None);
    }
}
