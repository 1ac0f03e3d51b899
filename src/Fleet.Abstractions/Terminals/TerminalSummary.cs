namespace Fleet.Terminals;

/// <summary>What a store keeps about each of its terminals.</summary>
[GenerateSerializer, Immutable, Alias("fleet.terminal-summary")]
public sealed record TerminalSummary(
    [property: Id(0)] string TerminalId,
    [property: Id(1)] TerminalKind Kind,
    [property: Id(2)] string SerialNumber,
    [property: Id(3)] string? Model,
    [property: Id(4)] string? AppVersion,
    [property: Id(5)] DateTimeOffset? LastSeen);
