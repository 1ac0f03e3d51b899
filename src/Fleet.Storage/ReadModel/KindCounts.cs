namespace Fleet.Storage.ReadModel;

/// <summary>Terminal counts by health: "never" have not sent a heartbeat yet.</summary>
public sealed record KindCounts(int Total, int Online, int Offline, int Never);
