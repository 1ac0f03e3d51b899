namespace Fleet.Storage.Presence;

/// <summary>A heartbeat offered to the read model instead of to its terminal's grain: it is
/// recorded only if the terminal's stored report is exactly this one (status, app version, address,
/// port) and the terminal was last seen no earlier than <paramref name="OnlineSinceMs"/>, i.e. it
/// changes nothing its grain would keep and ends no offline gap.</summary>
public readonly record struct PresenceCheck(
    string TerminalId,
    long SeenMs,
    int? Battery,
    long OnlineSinceMs,
    string? AppVersion,
    string? IpAddress,
    int? LocalPort,
    string? Status);
