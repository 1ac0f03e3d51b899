namespace Fleet.Terminals;

/// <summary>A terminal as the API and dashboard show it.</summary>
[GenerateSerializer, Immutable, Alias("fleet.terminal-view")]
public sealed record TerminalView(
    [property: Id(0)] string TerminalId,
    [property: Id(1)] TerminalDefinition Definition,
    [property: Id(2)] HeartbeatRecord? LastHeartbeat,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] DateTimeOffset UpdatedAt);
