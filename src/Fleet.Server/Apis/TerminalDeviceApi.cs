using Fleet.Server.Enrolment;
using Fleet.Server.Hosting;
using Fleet.Server.Http;
using Fleet.Server.Pki;

namespace Fleet.Server.Apis;

/// <summary>
/// What a terminal does on the device listener with its own identity: enrol (spend an operator's
/// one-time code for a certificate), renew it over mutual TLS, and, with it and nothing else,
/// report its own heartbeat and read its own setup code and pairing state — what the acceptance
/// app's Generate Code screen and "POS Activation Successful" need. A terminal certificate acts
/// only for its own terminal id; a POS certificate is refused here, and a terminal's on the POS routes.
/// </summary>
public static class TerminalDeviceApi
{
    public static IEndpointRouteBuilder MapTerminalDeviceApi(this IEndpointRouteBuilder routes)
    {
        var device = routes.MapGroup("").OnDeviceListener().AllowAnonymous().WithTags("Device (terminal)");
        device.MapPost("/enrol", Enrol).WithName("EnrolTerminal").Accepts<EnrolmentRequest>("application/json")
            .WithSummary("{\"terminalId\",\"enrolmentCode\"} → PEM (EC private key, terminal certificate, issuing CA, root CA).");

        var own = device.MapGroup("/terminals/{terminalId}").AddEndpointFilter(RequireOwnTerminalCertificate);
        own.MapPost("/renew", Renew).WithName("RenewTerminalCertificate")
            .WithSummary("A fresh certificate for the terminal, linked to the presented one, in the same PEM shape (mutual TLS).");
        own.MapPost("/heartbeat", TerminalsApi.PostHeartbeat).WithName("PostOwnHeartbeat")
            .Accepts<Models.HeartbeatRequest>("application/json")
            .WithSummary("The terminal reports its health with its own certificate (same body as the operator route).");
        own.MapGet("/setup-code", PairingApi.Current).WithName("GetOwnSetupCode")
            .WithSummary("The Generate Code screen: the current setup code, its expiry and Details, while the pairing window is open (mutual TLS).");
        own.MapGet("/pairing", PairingApi.Get).WithName("GetOwnPairing")
            .WithSummary("Whether a POS has paired through the terminal (\"POS Activation Successful\") (mutual TLS).");
        return routes;
    }

    private static async Task<IResult> Enrol(HttpContext context, EnrolmentService enrolment, CancellationToken ct)
    {
        var (request, error) = await JsonBody.ReadAsync<EnrolmentRequest>(context.Request, ct);
        if (error is not null) return error;
        var result = await enrolment.EnrolAsync(request!, context.Connection.RemoteIpAddress);
        // The answer carries a private key: no cache may keep it.
        context.Response.Headers.CacheControl = "no-store";
        return result.ToHttpResult(context);
    }

    private static async Task<IResult> Renew(HttpContext context, EnrolmentService enrolment)
    {
        var certificate = context.Features.Get<TerminalClientFeature>()!.Certificate;
        var result = await enrolment.RenewAsync(certificate, context.Connection.RemoteIpAddress);
        context.Response.Headers.CacheControl = "no-store";
        return result.ToHttpResult(context);
    }

    /// <summary>Every route here: the connection carries a checked terminal certificate (asked again
    /// per request, so revocation also ends a kept-alive connection) for the terminal in the path.</summary>
    private static async ValueTask<object?> RequireOwnTerminalCertificate(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        var terminal = context.Features.Get<TerminalClientFeature>();
        if (terminal is null && context.Features.Get<DeviceClientFeature>() is not null)
            return TypedResults.Problem("A POS certificate cannot act for a terminal; present the terminal's own certificate.",
                statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");
        if (terminal is null)
            return TypedResults.Problem("This route needs mutual TLS with the terminal's own certificate (POST /enrol issues it).",
                statusCode: StatusCodes.Status401Unauthorized, title: "Client certificate required");

        if (!await context.RequestServices.GetRequiredService<ClientCertificateGate>().IsActiveAsync(terminal.Certificate, context.Connection.RemoteIpAddress))
        {
            context.Abort();
            return Results.Empty;
        }

        if (!string.Equals(context.Request.RouteValues["terminalId"] as string, terminal.Certificate.TerminalId, StringComparison.Ordinal))
            return TypedResults.Problem("A terminal certificate acts only for its own terminal.",
                statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");
        return await next(invocation);
    }
}
