using Fleet.Common;
using Fleet.Pairing;
using Fleet.Server.Audit;
using Fleet.Server.Pairing;

namespace Fleet.Server.Services;

/// <summary>A terminal's "Generate Code" screen and pairing state, for the REST API and the
/// dashboard alike. The code rotates lazily: asking for the current code after it expired
/// returns a fresh one while the window is open.</summary>
public sealed class SetupCodeService(IGrainFactory grains, DeviceAddress device, FleetClock time, AuditTrail audit)
{
    /// <summary>What a device shows under "Details": where a POS reaches the pairing listener.</summary>
    public PairingDetails Details => device.Details;

    public FleetClock Clock => time;

    /// <summary>Generate Code: opens the window (or keeps it open) and returns a fresh code.</summary>
    public async Task<SetupCodeResult> OpenAsync(string terminalId)
    {
        if (!Ids.IsValid(terminalId)) return NotFound;
        var result = await Grain(terminalId).OpenWindow();
        // The code is a credential: the trail keeps when the window closes, never the code.
        if (result.Code is { } code)
            await audit.RecordAsync("setup-code.opened", AuditTargets.Terminal, terminalId, new { windowClosesAt = code.WindowClosesAt });
        return result;
    }

    /// <summary>The current code while the window is open; a fresh one once the last expired or was used.</summary>
    public Task<SetupCodeResult> CurrentAsync(string terminalId) =>
        Ids.IsValid(terminalId) ? Grain(terminalId).CurrentCode() : Task.FromResult(NotFound);

    /// <summary>Closes the window; false when the terminal does not exist.</summary>
    public async Task<bool> CloseAsync(string terminalId)
    {
        if (!Ids.IsValid(terminalId) || !await Grain(terminalId).CloseWindow()) return false;
        await audit.RecordAsync("setup-code.closed", AuditTargets.Terminal, terminalId);
        return true;
    }

    public async Task<TerminalPairingView?> GetAsync(string terminalId) =>
        Ids.IsValid(terminalId) ? await Grain(terminalId).GetPairing() : null;

    /// <summary>Whole seconds until <paramref name="at"/>, never negative (what the countdown shows).</summary>
    public int SecondsUntil(DateTimeOffset at) =>
        (int)Math.Max(0, Math.Ceiling((at - time.GetUtcNow()).TotalSeconds));

    private ITerminalPairingGrain Grain(string terminalId) => grains.GetGrain<ITerminalPairingGrain>(terminalId);

    private static readonly SetupCodeResult NotFound = new(SetupCodeOutcome.TerminalNotFound, null, null);
}
