using System.Net.WebSockets;
using System.Text.Json;
using Fleet.Common;
using Fleet.OrderNPay;
using Fleet.Server.Audit;
using Fleet.Server.Apis.Models;
using Fleet.Server.Hosting;
using Fleet.Server.Http;
using Fleet.Server.OrderNPay;
using Microsoft.Extensions.Options;

namespace Fleet.Server.Apis;

/// <summary>
/// The PowerEPOS "Order N Pay" contract on the API listener (seed 004): <c>POST
/// /api/powerepos/v1/auth</c> answers <c>{"AccessToken"}</c> or <c>{"ErrorMessage"}</c> — that shape
/// for every failure, malformed JSON included, never problem details — and the POS then opens the
/// WebSocket at <c>/?token=…</c> (or <c>/api/powerepos/v1/ws?token=…</c>).
/// </summary>
public static class PowerEposApi
{
    public const string AuthPath = "/api/powerepos/v1/auth";
    public const string SocketPath = "/api/powerepos/v1/ws";

    // Case-insensitive so a POS that varies the casing is still understood; extra fields ignored.
    private static readonly JsonSerializerOptions ReadOptions = new() { PropertyNameCaseInsensitive = true, MaxDepth = 8 };
    private static readonly JsonSerializerOptions WriteOptions = new() { PropertyNamingPolicy = null };

    public static IEndpointRouteBuilder MapPowerEposApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost(AuthPath, Authenticate).AllowAnonymous()
            .WithTags("PowerEPOS").WithName("PowerEposAuth")
            .WithSummary("Order N Pay: exchanges ProviderOutletID, POSRemoteID and AuthSecret for a short-lived access token.");
        routes.Map(SocketPath, Connect).AllowAnonymous()
            .WithTags("PowerEPOS").WithName("PowerEposSocket")
            .WithSummary("Order N Pay WebSocket (also served at '/' for WebSocket upgrades): ?token=<AccessToken>.");
        return routes;
    }

    /// <summary>Serves the socket at the root path for WebSocket upgrades on the API listener only,
    /// so '/' stays free for ordinary pages there, and the device listener's own '/' (pairing over
    /// WebSocket) is never touched.</summary>
    public static IApplicationBuilder UsePowerEposSocketAtRoot(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var listener = context.Features.Get<ListenerFeature>()?.Listener ?? FleetListener.Api;
            if (listener == FleetListener.Api && context.Request.Path == "/" && context.WebSockets.IsWebSocketRequest)
                await Connect(context);
            else
                await next(context);
        });

    private static async Task<IResult> Authenticate(
        HttpContext context, OrderNPayAuthenticator authenticator, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(PowerEposApi));
        try
        {
            return await AuthenticateAsync(context, authenticator, logger);
        }
        catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
        {
            // The contract's error shape even when Fleet itself fails; the details go to the log only.
            logger.LogError(e, "Order N Pay auth failed.");
            context.Response.Headers.RetryAfter = "2";
            return Error(StatusCodes.Status503ServiceUnavailable, "Fleet could not check the credentials right now; retry shortly.");
        }
    }

    private static async Task<IResult> AuthenticateAsync(HttpContext context, OrderNPayAuthenticator authenticator, ILogger logger)
    {
        var ct = context.RequestAborted;
        PowerEposAuthRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<PowerEposAuthRequest>(context.Request.Body, ReadOptions, ct);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a string that is not text (invalid UTF-8, a lone surrogate escape).
            return Error(StatusCodes.Status400BadRequest,
                "The request body is not valid JSON; send {\"ProviderOutletID\",\"POSRemoteID\",\"AuthSecret\"}.");
        }
        catch (BadHttpRequestException e)
        {
            // Too large, sent too slowly (Kestrel's minimum data rate) or cut short: the caller's doing.
            logger.LogInformation("Order N Pay auth body from {Address} not read: {Reason}", context.Connection.RemoteIpAddress, e.Message);
            return Error(e.StatusCode, e.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? "The request body is too large."
                : "The request body could not be read (sent too slowly or cut short).");
        }
        if (body is null || string.IsNullOrEmpty(body.ProviderOutletId) || string.IsNullOrEmpty(body.PosRemoteId)
            || string.IsNullOrEmpty(body.AuthSecret))
        {
            return Error(StatusCodes.Status400BadRequest, "ProviderOutletID, POSRemoteID and AuthSecret are all required.");
        }

        var answer = await authenticator.AuthenticateAsync(
            body.ProviderOutletId, body.PosRemoteId, body.AuthSecret, context.Connection.RemoteIpAddress, ct);
        if (answer.AccessToken is { } token)
            return TypedResults.Json(new Dictionary<string, string> { ["AccessToken"] = token }, WriteOptions);
        if (answer.RetryAfter is { } wait) RetryAfter.Set(context.Response, wait);
        return Error(answer.Status, answer.ErrorMessage!);
    }

    private static async Task Connect(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await Error(StatusCodes.Status400BadRequest, "This endpoint accepts only WebSocket upgrade requests.").ExecuteAsync(context);
            return;
        }
        var token = context.Request.Query["token"].ToString();
        var outletId = AccessTokens.OutletOf(token);
        if (outletId is null)
        {
            await Refuse(context, string.IsNullOrEmpty(token)
                ? "The 'token' query parameter is required; get one from " + AuthPath + "."
                : "The access token is not valid or has expired; get a new one from " + AuthPath + ".");
            return;
        }

        var services = context.RequestServices;
        var options = services.GetRequiredService<IOptions<OrderNPayOptions>>().Value;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PowerEposApi));
        var outlet = services.GetRequiredService<IGrainFactory>().GetGrain<IOutletGrain>(outletId);
        var connectionId = Guid.NewGuid();
        var connected = await outlet.Connect(AccessTokens.Hash(token), connectionId);
        if (!connected.Accepted)
        {
            await Refuse(context, "The access token is not valid or has expired; get a new one from " + AuthPath + ".");
            return;
        }

        if (connected.Replaced is { } replaced)
        {
            // A token holder can cut off the live connection: the owner should be able to see that it
            // happened. Recorded before the upgrade is answered, so nothing acknowledged goes unrecorded.
            await services.GetRequiredService<AuditTrail>().RecordAsync("order-n-pay.connection-superseded", AuditTargets.OrderNPay, outletId,
                new { connection = connectionId, replaced, replacedConnectedSince = connected.ReplacedConnectedSince },
                AuditActor.OrderNPayClient(outletId, context.Connection.RemoteIpAddress));
        }

        WebSocket socket;
        try
        {
            socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
            {
                KeepAliveInterval = options.KeepAliveInterval,
                KeepAliveTimeout = options.KeepAliveTimeout,
            });
        }
        catch
        {
            await outlet.Disconnect(connectionId);
            throw;
        }

        logger.LogInformation("Order N Pay outlet {Outlet}: connected from {Address} (connection {Connection}).",
            outletId, context.Connection.RemoteIpAddress, connectionId);
        var stopping = services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        using (socket)
        {
            await new OutletSession(socket, outlet, connectionId, options, logger, stopping).RunAsync();
        }
        logger.LogInformation("Order N Pay outlet {Outlet}: connection {Connection} ended.", outletId, connectionId);
    }

    private static Task Refuse(HttpContext context, string message)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return Error(StatusCodes.Status401Unauthorized, message).ExecuteAsync(context);
    }

    private static IResult Error(int status, string message) =>
        TypedResults.Json(new Dictionary<string, string> { ["ErrorMessage"] = message }, WriteOptions, statusCode: status);
}
