namespace Fleet.Health;

/// <summary>The whole fleet health report as computed at <see cref="GeneratedAt"/> (fleet time):
/// terminal and POS counts plus each area's section. Computed by one owner in the cluster
/// (<see cref="IFleetHealthGrain"/>) at most every <c>Fleet:Health:SnapshotMaxAge</c>, so readers
/// see counts up to that old. Each section value is an <c>[GenerateSerializer]</c> record of its
/// area, serialized under the section's JSON name.</summary>
[GenerateSerializer, Immutable, Alias("fleet.health-snapshot")]
public sealed record FleetHealthSnapshot(
    [property: Id(0)] DateTimeOffset GeneratedAt,
    [property: Id(1)] TimeSpan OfflineAfter,
    [property: Id(2)] FleetHealthCounts Counts,
    [property: Id(3)] IReadOnlyDictionary<string, object> Sections);
