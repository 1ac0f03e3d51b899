namespace Fleet.Storage.Presence;

/// <summary>A terminal's latest check-in that only moved time forward: when it was seen, and the
/// battery level it reported (the one field that changes on almost every heartbeat).</summary>
public readonly record struct PresenceUpdate(string TerminalId, long LastSeenMs, int? Battery);
