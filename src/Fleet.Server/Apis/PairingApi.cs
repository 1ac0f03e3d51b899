using Fleet.Common;
using Fleet.Pairing;
using Fleet.Server.Http;
using Fleet.Server.Pairing;
using Fleet.Server.Security;
using Fleet.Server.Services;

namespace Fleet.Server.Apis;

/// <summary>The "Generate Code" screen over REST: <c>/api/v1/terminals/{id}/setup-code</c> and the
/// terminal's pairing state (<c>/pairing</c>, with "POS Activation Successful").</summary>
public static class PairingApi
{
    public const string ActivationMessage = "POS Activation Successful";

    public static IEndpointRouteBuilder MapPairingApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/terminals/{terminalId}").WithTags("Pairing");
        // The code is a credential: operators only, even to read it.
        group.MapPost("/setup-code", Open).RequireAuthorization(FleetPolicies.Operator).WithName("GenerateSetupCode")
            .WithSummary("Generate Code: opens the terminal's pairing window and returns a fresh 8-character code with the Details section.");
        group.MapGet("/setup-code", Current).RequireAuthorization(FleetPolicies.Operator).WithName("GetSetupCode")
            .WithSummary("The current code while the window is open; a fresh one once the last expired or was used.");
        group.MapDelete("/setup-code", Close).RequireAuthorization(FleetPolicies.Operator).WithName("CloseSetupCode")
            .WithSummary("Closes the pairing window; the live code stops working.");
        group.MapGet("/pairing", Get).RequireAuthorization(FleetPolicies.Viewer).WithName("GetTerminalPairing")
            .WithSummary("Pairing window, lock, last activation and active POS certificates of the terminal.");
        return routes;
    }

    private static async Task<IResult> Open(string terminalId, SetupCodeService pairing, HttpContext context) =>
        Answer(terminalId, await pairing.OpenAsync(terminalId), pairing, context);

    /// <summary>Also the terminal's own read of its screen on the device listener (<see cref="TerminalDeviceApi"/>).</summary>
    internal static async Task<IResult> Current(string terminalId, SetupCodeService pairing, HttpContext context) =>
        Answer(terminalId, await pairing.CurrentAsync(terminalId), pairing, context);

    private static async Task<IResult> Close(string terminalId, SetupCodeService pairing) =>
        await pairing.CloseAsync(terminalId)
            ? TypedResults.NoContent()
            : Problems.NotFound($"Terminal '{terminalId}' does not exist.");

    /// <summary>Also the terminal's own read of its pairing state on the device listener (<see cref="TerminalDeviceApi"/>).</summary>
    internal static async Task<IResult> Get(string terminalId, SetupCodeService pairing)
    {
        var view = await pairing.GetAsync(terminalId);
        if (view is null) return Problems.NotFound($"Terminal '{terminalId}' does not exist.");
        return TypedResults.Ok(new
        {
            terminalId = view.TerminalId,
            windowOpen = view.WindowClosesAt is not null,
            windowClosesAt = view.WindowClosesAt,
            lockedUntil = view.LockedUntil,
            lastActivation = view.LastActivation is { } a
                ? new { message = ActivationMessage, posId = a.PosId, serialNumber = a.SerialNumber, activatedAt = a.ActivatedAt, notAfter = a.NotAfter }
                : null,
            activeCertificates = view.ActiveCertificates.Select(c => new { posId = c.PosId, serialNumber = c.SerialNumber, activatedAt = c.ActivatedAt, notAfter = c.NotAfter }),
        });
    }

    private static IResult Answer(string terminalId, SetupCodeResult result, SetupCodeService pairing, HttpContext context)
    {
        var now = pairing.Clock.GetUtcNow();
        switch (result.Outcome)
        {
            case SetupCodeOutcome.TerminalNotFound:
                return Problems.NotFound($"Terminal '{terminalId}' does not exist.");
            case SetupCodeOutcome.WindowClosed:
                return Problems.NotFound($"Terminal '{terminalId}' has no open pairing window; POST to generate a code.");
            case SetupCodeOutcome.Locked:
                var wait = result.LockedUntil!.Value - now;
                context.Response.Headers.RetryAfter = PairingResult.RetryAfterSeconds(wait).ToString();
                return TypedResults.Problem(
                    $"Pairing on terminal '{terminalId}' is locked until {result.LockedUntil:O} after repeated failed attempts.",
                    statusCode: StatusCodes.Status429TooManyRequests, title: "Too many attempts");
        }

        var code = result.Code!;
        var details = pairing.Details;
        return TypedResults.Ok(new
        {
            code = code.Code,
            expiresAt = code.ExpiresAt,
            secondsRemaining = pairing.SecondsUntil(code.ExpiresAt),
            windowClosesAt = code.WindowClosesAt,
            details = new { httpAddress = details.HttpAddress, wssAddress = details.WssAddress, port = details.Port },
        });
    }
}
