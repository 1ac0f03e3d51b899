using Fleet.Pairing;
using Fleet.Pki;
using Fleet.Pos;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Fleet.Terminals;

/// <summary>The pairing side of a terminal: window, current code, failures, issued certificates.
/// Time-based state (code expiry, window end, lock end) is derived on read from the clock; nothing
/// runs on a timer.</summary>
public sealed partial class TerminalGrain : ITerminalPairingGrain
{
    /// <summary>RFC 5280 cessationOfOperation: the terminal is gone, so are its POS pairings.</summary>
    private const int CessationOfOperation = 5;

    private TerminalPairingState Pairing => State.Pairing;
    private PairingOptions PairingOptions => ServiceProvider.GetRequiredService<IOptions<PairingOptions>>().Value;

    public async Task<SetupCodeResult> OpenWindow()
    {
        if (!Exists) return new SetupCodeResult(SetupCodeOutcome.TerminalNotFound, null, null);
        var now = time.GetUtcNow();
        if (Pairing.LockedUntil > now) return new SetupCodeResult(SetupCodeOutcome.Locked, null, Pairing.LockedUntil);
        Pairing.LockedUntil = null;
        Pairing.Failures = 0;
        Pairing.WindowClosesAt = now + PairingOptions.WindowDuration;
        await DrawCodeAsync(now);
        return Issued();
    }

    public async Task<SetupCodeResult> CurrentCode()
    {
        if (!Exists) return new SetupCodeResult(SetupCodeOutcome.TerminalNotFound, null, null);
        var now = time.GetUtcNow();
        if (Pairing.LockedUntil > now) return new SetupCodeResult(SetupCodeOutcome.Locked, null, Pairing.LockedUntil);
        if (!(Pairing.WindowClosesAt > now))
        {
            if (Pairing.CurrentCodeIndex is not null || Pairing.SpentCodeIndex is not null || Pairing.WindowClosesAt is not null ||
                Pairing.LegacyCurrentCode is not null || Pairing.LegacySpentCode is not null)
            {
                await WithdrawCodesAsync();
                Pairing.WindowClosesAt = null;
                await WriteAsync();
            }
            return new SetupCodeResult(SetupCodeOutcome.WindowClosed, null, null);
        }

        if (Pairing.CurrentCodeIndex is null || Pairing.CurrentCodeSeed is null || !(Pairing.CurrentCodeExpiresAt > now))
            await DrawCodeAsync(now);
        return Issued();
    }

    public async Task<bool> CloseWindow()
    {
        if (!Exists) return false;
        await WithdrawCodesAsync();
        Pairing.WindowClosesAt = null;
        await WriteAsync();
        return true;
    }

    public async Task<SetupCodeClaim> AuthorizeActivation(string codeIndex, string posId)
    {
        const string invalid = "The setup code is not valid.";
        if (!Exists) return SetupCodeClaim.Refused(ClaimOutcome.Unknown, invalid);
        var now = time.GetUtcNow();
        if (Pairing.LockedUntil > now)
            return SetupCodeClaim.Refused(ClaimOutcome.Locked,
                "Pairing on this terminal is locked after repeated failed attempts.", Pairing.LockedUntil);
        if (Pairing.CurrentCodeIndex != codeIndex || !(Pairing.WindowClosesAt > now))
            return SetupCodeClaim.Refused(ClaimOutcome.Unknown, invalid);
        if (!(Pairing.CurrentCodeExpiresAt > now))
            return SetupCodeClaim.Refused(ClaimOutcome.Expired, "The setup code has expired; generate a new one.");

        // A POS is (store, posId): the terminal's store is the POS's store, so no posId can conflict.
        var storeId = State.Definition!.StoreId;

        // Spent now: the screen shows a fresh code on its next refresh.
        if (Pairing.SpentCodeIndex is { } older && older != codeIndex) await grains.GetGrain<ISetupCodeGrain>(older).Withdraw(State.TerminalId);
        Pairing.SpentCodeIndex = codeIndex;
        Pairing.CurrentCodeIndex = null;
        Pairing.CurrentCodeSeed = null;
        Pairing.CurrentCodeExpiresAt = null;
        await WriteAsync();
        return new SetupCodeClaim(ClaimOutcome.Claimed, State.TerminalId, storeId, null, null);
    }

    public async Task<bool> RecordFailedAttempt(string codeIndex)
    {
        if (!Exists) return true;
        var now = time.GetUtcNow();
        if (Pairing.LockedUntil > now) return false;
        Pairing.Failures++;
        if (Pairing.Failures >= PairingOptions.MaxTerminalFailures)
        {
            // Someone is replaying or guessing around this terminal's codes: stop handing any out.
            Pairing.LockedUntil = now + PairingOptions.TerminalLockDuration;
            Pairing.WindowClosesAt = null;
            Pairing.Failures = 0;
            // The calling code grain is waiting for this answer: it forgets itself (true) rather than
            // being called back, which would deadlock.
            await WithdrawCodesAsync(except: codeIndex);
            await WriteAsync();
            return true;
        }
        await WriteAsync();
        return false;
    }

    public async Task RecordActivation(ActivationRecord activation)
    {
        if (!Exists) return;
        Pairing.ActiveCertificates[activation.SerialNumber] = activation;
        if (Pairing.LastActivation is null || activation.ActivatedAt >= Pairing.LastActivation.ActivatedAt)
            Pairing.LastActivation = activation;
        await WriteAsync();
    }

    public async Task CertificateRevoked(string serialNumber)
    {
        // The serial is a POS's issued through this terminal, or one of the terminal's own.
        if (Exists && (Pairing.ActiveCertificates.Remove(serialNumber) | Credential.Certificates.Remove(serialNumber)))
            await WriteAsync();
    }

    public Task<TerminalPairingView?> GetPairing()
    {
        if (!Exists) return Task.FromResult<TerminalPairingView?>(null);
        var now = time.GetUtcNow();
        return Task.FromResult<TerminalPairingView?>(new TerminalPairingView(
            State.TerminalId,
            Pairing.WindowClosesAt > now ? Pairing.WindowClosesAt : null,
            Pairing.LockedUntil > now ? Pairing.LockedUntil : null,
            Pairing.LastActivation,
            Pairing.ActiveCertificates.Values.OrderBy(a => a.ActivatedAt).ToArray()));
    }

    /// <summary>On decommission: withdraw codes and revoke every certificate issued through this terminal.</summary>
    private async Task EndPairingAsync()
    {
        await WithdrawCodesAsync();
        // In parallel: a certificate revoked on the terminal's behalf does not call back into this grain.
        await grains.RevokeAllAsync(Pairing.ActiveCertificates.Keys.ToArray(), CessationOfOperation, RevocationSource.Terminal);
        Pairing.ActiveCertificates.Clear();
    }

    private async Task DrawCodeAsync(DateTimeOffset now)
    {
        // The spent code stays until the next pairing replaces it or the window ends, so replays
        // of it keep counting against this terminal.
        if (Pairing.CurrentCodeIndex is { } rotated) await grains.GetGrain<ISetupCodeGrain>(rotated).Withdraw(State.TerminalId);
        await WithdrawLegacyCodesAsync(except: null);
        var secrets = ServiceProvider.GetRequiredService<SetupCodeSecrets>();
        var expiresAt = now + PairingOptions.CodeLifetime;
        if (Pairing.WindowClosesAt < expiresAt) expiresAt = Pairing.WindowClosesAt.Value;
        // 2^30 random codes: a collision with a live one is rare, several in a row practically impossible.
        for (var attempt = 0; attempt < 8; attempt++)
        {
            // Only the seed and the code's keyed index are stored; the code is recomputed to be shown.
            var seed = SetupCodeSecrets.NewSeed();
            var index = secrets.IndexOf(secrets.CodeOf(State.TerminalId, seed));
            if (!await grains.GetGrain<ISetupCodeGrain>(index).Arm(State.TerminalId, expiresAt)) continue;
            Pairing.CurrentCodeSeed = seed;
            Pairing.CurrentCodeIndex = index;
            Pairing.CurrentCodeExpiresAt = expiresAt;
            await WriteAsync();
            return;
        }
        throw new InvalidOperationException("Could not draw a setup code that is not already live.");
    }

    /// <param name="except">The key of the code grain that is calling: it forgets itself instead
    /// (calling it back would deadlock).</param>
    private async Task WithdrawCodesAsync(string? except = null)
    {
        foreach (var index in new[] { Pairing.CurrentCodeIndex, Pairing.SpentCodeIndex })
            if (index is not null && index != except) await grains.GetGrain<ISetupCodeGrain>(index).Withdraw(State.TerminalId);
        Pairing.CurrentCodeIndex = null;
        Pairing.CurrentCodeSeed = null;
        Pairing.CurrentCodeExpiresAt = null;
        Pairing.SpentCodeIndex = null;
        await WithdrawLegacyCodesAsync(except);
    }

    /// <summary>Codes an older version stored in clear, under grains keyed by the code: withdrawn
    /// (their rows deleted) the first time this terminal draws or drops codes after the upgrade.
    /// They can no longer be redeemed anyway: pairing now looks codes up by their index.</summary>
    private async Task WithdrawLegacyCodesAsync(string? except)
    {
        foreach (var code in new[] { Pairing.LegacyCurrentCode, Pairing.LegacySpentCode })
            if (code is not null && code != except) await grains.GetGrain<ISetupCodeGrain>(code).Withdraw(State.TerminalId);
        Pairing.LegacyCurrentCode = null;
        Pairing.LegacySpentCode = null;
    }

    private SetupCodeResult Issued()
    {
        var code = ServiceProvider.GetRequiredService<SetupCodeSecrets>().CodeOf(State.TerminalId, Pairing.CurrentCodeSeed!);
        return new(SetupCodeOutcome.Issued,
            new SetupCodeView(code, Pairing.CurrentCodeExpiresAt!.Value, Pairing.WindowClosesAt!.Value), null);
    }
}
