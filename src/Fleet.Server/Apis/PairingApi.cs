using Fleet.Common;
using Fleet.Pairing;
using Fleet.Server.Audit;
using Fleet.Server.Http;
using Fleet.Server.Pairing;
using Fleet.Server.Security;

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

    private static async Task<IResult> Open(
        string terminalId, IGrainFactory grains, DeviceAddress device, TimeProvider time, HttpContext context, AuditTrail audit)
    {
        if (!Ids.IsValid(terminalId)) return Problems.NotFound($"Terminal '{terminalId}' does not exist.");
        var result = await grains.GetGrain<ITerminalPairingGrain>(terminalId).OpenWindow();
        // The code is a credential: the trail keeps when the window closes, never the code.
        if (result.Code is { } code)
            await audit.RecordAsync("setup-code.opened", AuditTargets.Terminal, terminalId, new { windowClosesAt = code.WindowClosesAt });
        return Answer(terminalId, result, device, time, context);
    }

    private static async Task<IResult> Current(string terminalId, IGrainFactory grains, DeviceAddress device, TimeProvider time, HttpContext context) =>
        !Ids.IsValid(terminalId)
            ? Problems.NotFound($"Terminal '{terminalId}' does not exist.")
            : Answer(terminalId, await grains.GetGrain<ITerminalPairingGrain>(terminalId).CurrentCode(), device, time, context);

    private static async Task<IResult> Close(string terminalId, IGrainFactory grains, AuditTrail audit)
    {
        if (!Ids.IsValid(terminalId) || !await grains.GetGrain<ITerminalPairingGrain>(terminalId).CloseWindow())
            return Problems.NotFound($"Terminal '{terminalId}' does not exist.");
        await audit.RecordAsync("setup-code.closed", AuditTargets.Terminal, terminalId);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> Get(string terminalId, IGrainFactory grains)
    {
        var view = Ids.IsValid(terminalId) ? await grains.GetGrain<ITerminalPairingGrain>(terminalId).GetPairing() : null;
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

    private static IResult Answer(string terminalId, SetupCodeResult result, DeviceAddress device, TimeProvider time, HttpContext context)
    {
        var now = time.GetUtcNow();
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
        var details = device.Details;
        return TypedResults.Ok(new
        {
            code = code.Code,
            expiresAt = code.ExpiresAt,
            secondsRemaining = (int)Math.Max(0, Math.Ceiling((code.ExpiresAt - now).TotalSeconds)),
            windowClosesAt = code.WindowClosesAt,
            details = new { httpAddress = details.HttpAddress, wssAddress = details.WssAddress, port = details.Port },
        });
    }
}
