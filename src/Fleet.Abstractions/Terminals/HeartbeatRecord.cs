namespace Fleet.Terminals;

/// <summary>The last heartbeat a terminal sent, with the time it was received.</summary>
[GenerateSerializer, Immutable, Alias("fleet.heartbeat-record")]
public sealed record HeartbeatRecord(
    [property: Id(0)] DateTimeOffset ReceivedAt,
    [property: Id(1)] Heartbeat Report);
