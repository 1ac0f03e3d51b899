using Fleet.Common;

namespace Fleet.Pairing;

/// <summary>One setup code. Its row lives from "armed" until the terminal rotates or withdraws it,
/// so a terminal leaves at most one code row behind; a spent code stays recorded until then so a
/// replay of it counts against its terminal.</summary>
public sealed class SetupCodeGrain(
    [PersistentState("setup-code", FleetStorage.Name)] IPersistentState<SetupCodeState> code,
    IGrainFactory grains,
    FleetClock time) : Grain, ISetupCodeGrain
{
    private SetupCodeState State => code.State;
    private bool Exists => code.RecordExists && State.TerminalId.Length > 0;

    public async Task<bool> Arm(string terminalId, DateTimeOffset expiresAt)
    {
        if (Exists && State.TerminalId != terminalId && State.UsedAt is null && State.ExpiresAt > time.GetUtcNow())
            return false;
        code.State = new SetupCodeState { TerminalId = terminalId, ExpiresAt = expiresAt };
        await code.WriteStateAsync();
        return true;
    }

    public async Task<SetupCodeClaim> Claim(string posId)
    {
        if (!Exists) return SetupCodeClaim.Refused(ClaimOutcome.Unknown, "The setup code is not valid.");
        var terminal = grains.GetGrain<ITerminalPairingGrain>(State.TerminalId);
        if (State.UsedAt is not null)
        {
            // The POS that spent the code retrying (a lost answer, or concurrent retries racing the
            // first) is no attack on the terminal; anyone else replaying it counts against it.
            if (State.UsedByPos != posId && await terminal.RecordFailedAttempt(this.GetPrimaryKeyString())) await ForgetAsync();
            return SetupCodeClaim.Refused(ClaimOutcome.Used, "The setup code has already been used; generate a new one.");
        }

        if (time.GetUtcNow() >= State.ExpiresAt)
        {
            await ForgetAsync();
            return SetupCodeClaim.Refused(ClaimOutcome.Expired, "The setup code has expired; generate a new one.");
        }

        var claim = await terminal.AuthorizeActivation(this.GetPrimaryKeyString(), posId);
        switch (claim.Outcome)
        {
            case ClaimOutcome.Claimed:
                State.UsedAt = time.GetUtcNow();
                State.UsedByPos = posId;
                await code.WriteStateAsync();
                return claim;
            case ClaimOutcome.Unknown or ClaimOutcome.Expired:
                // The terminal has moved on (rotated, closed, decommissioned): this row is stale.
                await ForgetAsync();
                return claim;
            default:
                return claim;
        }
    }

    public async Task Withdraw(string terminalId)
    {
        if (Exists && State.TerminalId == terminalId) await ForgetAsync();
    }

    private async Task ForgetAsync()
    {
        await code.ClearStateAsync();
        code.State = new SetupCodeState();
    }
}
