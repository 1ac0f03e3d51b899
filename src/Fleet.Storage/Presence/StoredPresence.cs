namespace Fleet.Storage.Presence;

/// <summary>What the read model holds about a terminal's presence, possibly newer than its grain's
/// stored state (presence is written behind, the state only when the report changes).</summary>
public readonly record struct StoredPresence(DateTimeOffset LastSeen, int? Battery);
