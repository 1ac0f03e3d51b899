namespace Fleet.Terminals;

/// <summary>A heartbeat a terminal sent, with the time it was received. In a terminal's history an
/// entry stands for a span: the same report kept arriving, with no offline gap, until
/// <paramref name="SeenUntil"/> (null: the entry is the latest sighting it knows of).</summary>
[GenerateSerializer, Immutable, Alias("fleet.heartbeat-record")]
public sealed record HeartbeatRecord(
    [property: Id(0)] DateTimeOffset ReceivedAt,
    [property: Id(1)] Heartbeat Report,
    [property: Id(2)] DateTimeOffset? SeenUntil = null)
{
    /// <summary>The last time this report is known to have arrived.</summary>
    public DateTimeOffset LastSeen => SeenUntil is { } until && until > ReceivedAt ? until : ReceivedAt;
}
