using Fleet.Pos;
using Fleet.Terminals;

namespace Fleet.Stores;

/// <summary>A store with the summaries of its devices, served by the store grain alone so that a
/// store page never calls every device grain.</summary>
[GenerateSerializer, Immutable, Alias("fleet.store-view")]
public sealed record StoreView(
    [property: Id(0)] string StoreId,
    [property: Id(1)] string Name,
    [property: Id(2)] string TimeZone,
    [property: Id(3)] string? CorporateId,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] DateTimeOffset UpdatedAt,
    [property: Id(6)] IReadOnlyList<TerminalSummary> Terminals,
    [property: Id(7)] IReadOnlyList<PosSummary> Pos);
