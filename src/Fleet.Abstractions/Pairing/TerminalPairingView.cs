namespace Fleet.Pairing;

/// <summary>A terminal's pairing state as the API shows it.</summary>
/// <param name="WindowClosesAt">When the open pairing window closes; null when closed.</param>
/// <param name="LockedUntil">Set while the window is locked after repeated failures.</param>
/// <param name="LastActivation">The latest successful activation ("POS Activation Successful").</param>
/// <param name="ActiveCertificates">Unrevoked certificates issued through this terminal.</param>
[GenerateSerializer, Immutable, Alias("fleet.terminal-pairing-view")]
public sealed record TerminalPairingView(
    [property: Id(0)] string TerminalId,
    [property: Id(1)] DateTimeOffset? WindowClosesAt,
    [property: Id(2)] DateTimeOffset? LockedUntil,
    [property: Id(3)] ActivationRecord? LastActivation,
    [property: Id(4)] IReadOnlyList<ActivationRecord> ActiveCertificates);
