namespace Fleet.Pairing;

/// <summary>The pairing side of a terminal (the same grain as <c>ITerminalGrain</c>, keyed by
/// terminal id): its pairing window, its current setup code and the certificates issued through it.
/// Codes rotate lazily: asking after expiry while the window is open draws a fresh one, so no timer
/// runs per terminal.</summary>
[Alias("fleet.terminal-pairing")]
public interface ITerminalPairingGrain : IGrainWithStringKey
{
    /// <summary>"Generate Code": opens (or reopens) the pairing window and draws a fresh code.</summary>
    [Alias("open-window")]
    Task<SetupCodeResult> OpenWindow();

    /// <summary>The current code, drawing a fresh one when the last expired or was used.</summary>
    [Alias("current-code")]
    Task<SetupCodeResult> CurrentCode();

    /// <summary>Closes the window and withdraws the live code. False when the terminal does not exist.</summary>
    [Alias("close-window")]
    Task<bool> CloseWindow();

    /// <summary>Asked by the code's grain before it spends the code: is it still this terminal's
    /// current code, the window open and unlocked? (Any posId may pair: it names a POS of this
    /// terminal's store.) <paramref name="codeIndex"/> is the code's keyed index, its grain's key:
    /// the code itself never travels to or is stored by the terminal.</summary>
    [Alias("authorize")]
    Task<SetupCodeClaim> AuthorizeActivation(string codeIndex, string posId);

    /// <summary>Counts a failed redemption attributable to this terminal (a spent code replayed);
    /// enough of them rotate the code and lock the window. True when the terminal no longer tracks
    /// <paramref name="codeIndex"/> (the calling code grain's key) and that grain should forget itself.</summary>
    [Alias("failed-attempt")]
    Task<bool> RecordFailedAttempt(string codeIndex);

    /// <summary>Records a certificate issued through this terminal.</summary>
    [Alias("record-activation")]
    Task RecordActivation(ActivationRecord activation);

    /// <summary>Drops a revoked certificate from the terminal's active set.</summary>
    [Alias("certificate-revoked")]
    Task CertificateRevoked(string serialNumber);

    /// <summary>Null when the terminal does not exist.</summary>
    [Alias("get-pairing")]
    Task<TerminalPairingView?> GetPairing();
}
