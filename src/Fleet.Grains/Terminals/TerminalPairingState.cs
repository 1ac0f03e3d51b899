using Fleet.Pairing;

namespace Fleet.Terminals;

/// <summary>The pairing part of a terminal's state.</summary>
[GenerateSerializer, Alias("fleet.terminal-pairing-state")]
public sealed class TerminalPairingState
{
    [Id(0)] public DateTimeOffset? WindowClosesAt { get; set; }
    [Id(1)] public string? CurrentCode { get; set; }
    [Id(2)] public DateTimeOffset? CurrentCodeExpiresAt { get; set; }

    /// <summary>The last code spent by a pairing: its row is kept (so a replay counts as a failure)
    /// until the next rotation withdraws it.</summary>
    [Id(3)] public string? SpentCode { get; set; }

    [Id(4)] public int Failures { get; set; }
    [Id(5)] public DateTimeOffset? LockedUntil { get; set; }
    [Id(6)] public ActivationRecord? LastActivation { get; set; }
    [Id(7)] public Dictionary<string, ActivationRecord> ActiveCertificates { get; set; } = new(StringComparer.Ordinal);

    public DateTimeOffset? EarliestNotAfter =>
        ActiveCertificates.Count == 0 ? null : ActiveCertificates.Values.Min(a => a.NotAfter);
}
