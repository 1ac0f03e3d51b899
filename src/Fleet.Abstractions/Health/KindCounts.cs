namespace Fleet.Health;

/// <summary>Terminal counts by health: "never" have not sent a heartbeat yet.</summary>
[GenerateSerializer, Immutable, Alias("fleet.health-kind-counts")]
public sealed record KindCounts(
    [property: Id(0)] int Total, [property: Id(1)] int Online, [property: Id(2)] int Offline, [property: Id(3)] int Never);
