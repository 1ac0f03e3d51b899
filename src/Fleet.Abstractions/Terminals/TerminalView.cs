namespace Fleet.Terminals;

/// <summary>A terminal as the API and dashboard show it. <c>History</c> is its recent health:
/// the heartbeats it stored (at most one per <c>HistorySampleEvery</c> unless the report
/// changed), oldest first, ending with the latest; gaps longer than the offline window are the
/// times it was offline.</summary>
[GenerateSerializer, Immutable, Alias("fleet.terminal-view")]
public sealed record TerminalView(
    [property: Id(0)] string TerminalId,
    [property: Id(1)] TerminalDefinition Definition,
    [property: Id(2)] HeartbeatRecord? LastHeartbeat,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] DateTimeOffset UpdatedAt,
    [property: Id(5)] IReadOnlyList<HeartbeatRecord> History);
