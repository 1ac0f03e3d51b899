namespace Fleet.Terminals;

/// <summary>A terminal as the API and dashboard show it. <c>History</c> is its recent health, oldest
/// first: one entry per span of unchanged reports (from its first heartbeat to <c>SeenUntil</c>), a
/// new one whenever the report changed or the terminal came back after an offline gap; a gap between
/// one entry's last sighting and the next entry longer than the offline window is time offline.</summary>
[GenerateSerializer, Immutable, Alias("fleet.terminal-view")]
public sealed record TerminalView(
    [property: Id(0)] string TerminalId,
    [property: Id(1)] TerminalDefinition Definition,
    [property: Id(2)] HeartbeatRecord? LastHeartbeat,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] DateTimeOffset UpdatedAt,
    [property: Id(5)] IReadOnlyList<HeartbeatRecord> History)
{
    /// <summary>The view with a later sighting of the latest report (from presence, which moves ahead
    /// of the terminal's stored state): the latest heartbeat and the last history span end there.</summary>
    public TerminalView WithPresence(DateTimeOffset seen, int? battery)
    {
        if (LastHeartbeat is not { } latest || seen <= latest.ReceivedAt) return this;
        var history = History.ToList();
        if (history.Count > 0 && history[^1].Report with { BatteryPercent = null } == latest.Report with { BatteryPercent = null }
            && history[^1].LastSeen < seen)
        {
            history[^1] = history[^1] with { SeenUntil = seen };
        }
        return this with
        {
            LastHeartbeat = new HeartbeatRecord(seen, latest.Report with { BatteryPercent = battery }),
            History = history,
        };
    }
}
