namespace Fleet.Terminals;

/// <summary>Which heartbeat changes are facts to keep before answering, and which are only presence.</summary>
public static class HeartbeatReports
{
    /// <summary>True when the report says something new about the terminal: its status, app version,
    /// address or port. Battery moves on nearly every heartbeat and travels with presence instead.</summary>
    public static bool DiffersInSubstance(Heartbeat stored, Heartbeat received) =>
        stored.Status != received.Status
        || stored.AppVersion != received.AppVersion
        || stored.IpAddress != received.IpAddress
        || stored.LocalPort != received.LocalPort;
}
