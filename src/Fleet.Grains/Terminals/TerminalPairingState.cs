using Fleet.Pairing;

namespace Fleet.Terminals;

/// <summary>The pairing part of a terminal's state.</summary>
[GenerateSerializer, Alias("fleet.terminal-pairing-state")]
public sealed class TerminalPairingState
{
    [Id(0)] public DateTimeOffset? WindowClosesAt { get; set; }

    /// <summary>The current code in clear, as versions before keyed code storage kept it (its grain
    /// was keyed by the code too). Only ever read: withdrawn and cleared on the next draw or close.</summary>
    [Id(1)] public string? LegacyCurrentCode { get; set; }

    [Id(2)] public DateTimeOffset? CurrentCodeExpiresAt { get; set; }

    /// <summary>The spent code in clear, as older versions kept it; cleared like <see cref="LegacyCurrentCode"/>.</summary>
    [Id(3)] public string? LegacySpentCode { get; set; }

    [Id(4)] public int Failures { get; set; }
    [Id(5)] public DateTimeOffset? LockedUntil { get; set; }
    [Id(6)] public ActivationRecord? LastActivation { get; set; }
    [Id(7)] public Dictionary<string, ActivationRecord> ActiveCertificates { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The seed the current code is recomputed from (see <c>SetupCodeSecrets</c>); the code
    /// itself is never stored.</summary>
    [Id(8)] public byte[]? CurrentCodeSeed { get; set; }

    /// <summary>The current code's index: the key of its <c>ISetupCodeGrain</c>.</summary>
    [Id(9)] public string? CurrentCodeIndex { get; set; }

    /// <summary>The index of the last code spent by a pairing: its row is kept (so a replay counts
    /// as a failure) until the next rotation withdraws it.</summary>
    [Id(10)] public string? SpentCodeIndex { get; set; }

    public DateTimeOffset? EarliestNotAfter =>
        ActiveCertificates.Count == 0 ? null : ActiveCertificates.Values.Min(a => a.NotAfter);
}
