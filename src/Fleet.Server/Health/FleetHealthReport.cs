using Fleet.Storage.ReadModel;

namespace Fleet.Server.Health;

/// <summary>The whole health report: terminal and POS counts plus each area's section.</summary>
public sealed record FleetHealthReport(
    DateTimeOffset GeneratedAt,
    TimeSpan OfflineAfter,
    FleetHealthCounts Counts,
    IReadOnlyDictionary<string, object> Sections);
