using Fleet.Common;
using Fleet.Storage;

namespace Fleet.Terminals;

[GenerateSerializer, Alias("fleet.terminal-state")]
public sealed class TerminalState : IProjectedState
{
    [Id(0)] public string TerminalId { get; set; } = "";
    [Id(1)] public TerminalDefinition? Definition { get; set; }
    [Id(2)] public HeartbeatRecord? LastHeartbeat { get; set; }
    [Id(3)] public DateTimeOffset CreatedAt { get; set; }
    [Id(4)] public DateTimeOffset UpdatedAt { get; set; }
    [Id(5)] public TerminalPairingState Pairing { get; set; } = new();

    /// <summary>The most recent history spans, oldest first, bounded by <see cref="HistoryLength"/>: an
    /// entry per report change or return from offline (see <see cref="HeartbeatRecord.SeenUntil"/>).</summary>
    [Id(6)] public List<HeartbeatRecord> History { get; set; } = [];

    /// <summary>The terminal's own identity: its enrolment code and certificates.</summary>
    [Id(7)] public TerminalCredentialState Credential { get; set; } = new();

    public const int HistoryLength = 48;

    /// <summary>Stores <paramref name="latest"/> as the last heartbeat and starts a history span with it.</summary>
    public void Remember(HeartbeatRecord? latest)
    {
        LastHeartbeat = latest;
        if (latest is null || (History.Count > 0 && History[^1] == latest)) return;
        History.Add(latest);
        if (History.Count > HistoryLength) History.RemoveRange(0, History.Count - HistoryLength);
    }

    /// <summary>A later sighting of the same report: the last heartbeat moves on and the last span with it.</summary>
    public void RecordSighting(HeartbeatRecord latest)
    {
        LastHeartbeat = latest;
        ExtendLastSpan(latest.ReceivedAt);
    }

    /// <summary>The last history span lasted at least until <paramref name="seen"/>.</summary>
    public void ExtendLastSpan(DateTimeOffset seen)
    {
        if (History.Count > 0 && History[^1].LastSeen < seen) History[^1] = History[^1] with { SeenUntil = seen };
    }

    /// <summary>Makes equal reports one instance after a read: steady terminals repeat the same report,
    /// and an active grain should hold it once, not once per history entry.</summary>
    public void ShareRepeatedReports()
    {
        for (var i = 1; i < History.Count; i++)
        {
            var previous = History[i - 1].Report;
            if (!ReferenceEquals(History[i].Report, previous) && History[i].Report == previous)
                History[i] = History[i] with { Report = previous };
        }
        if (LastHeartbeat is { } last && History.Count > 0 && History[^1] == last) LastHeartbeat = History[^1];
    }

    /// <summary>Presence moves last-seen (and battery) ahead of this state; writing the state must not move them back.</summary>
    private static readonly ReadModelFreshness PresenceColumns = new("last_seen_ms", ["battery"]);

    /// <summary>The terminals row, and the terminal's presence row in its own narrow table: unchanged
    /// heartbeats write only the latter (see infra/*/100-terminal-presence.sql).</summary>
    public ReadModelRow ToReadModelRow(string grainKey) => Definition is null
        ? new ReadModelRow("terminals", TerminalId, null) { Companions = [new ReadModelRow("terminal_presence", TerminalId, null)] }
        : new ReadModelRow("terminals", TerminalId, new Dictionary<string, object?>
        {
            ["store_id"] = Definition.StoreId,
            ["kind"] = Definition.Kind.ToWire(),
            ["serial_number"] = Definition.SerialNumber,
            ["model"] = Definition.Model,
            ["app_version"] = LastHeartbeat?.Report.AppVersion ?? Definition.AppVersion,
            ["ip_address"] = LastHeartbeat?.Report.IpAddress,
            ["local_port"] = LastHeartbeat?.Report.LocalPort,
            ["status_text"] = LastHeartbeat?.Report.Status,
            ["cert_not_after_ms"] = UnixTime.Ms(Pairing.EarliestNotAfter),
            ["created_at_ms"] = UnixTime.Ms(CreatedAt),
            ["updated_at_ms"] = UnixTime.Ms(UpdatedAt),
        })
        {
            Companions =
            [
                new ReadModelRow("terminal_presence", TerminalId, new Dictionary<string, object?>
                {
                    ["kind"] = Definition.Kind.ToWire(),
                    ["last_seen_ms"] = LastHeartbeat is null ? -1L : UnixTime.Ms(LastHeartbeat.ReceivedAt),
                    ["battery"] = LastHeartbeat?.Report.BatteryPercent,
                }, PresenceColumns),
            ],
        };
}
