namespace Fleet.Terminals;

/// <summary>Whether a terminal is reporting. Derived on read from the time of its last heartbeat,
/// so no timer runs per terminal.</summary>
public enum TerminalHealth
{
    Never,
    Online,
    Offline,
}

public static class TerminalHealthRules
{
    public static TerminalHealth Derive(DateTimeOffset? lastSeen, DateTimeOffset now, TimeSpan offlineAfter) =>
        lastSeen is null ? TerminalHealth.Never
        : now - lastSeen.Value <= offlineAfter ? TerminalHealth.Online
        : TerminalHealth.Offline;

    public static string ToWire(this TerminalHealth health) => health.ToString().ToLowerInvariant();
}
