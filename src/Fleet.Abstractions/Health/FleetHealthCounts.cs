namespace Fleet.Health;

/// <summary>Fleet-wide counts, computed by the database from the read model in a few aggregate
/// queries: never by asking device grains.</summary>
[GenerateSerializer, Immutable, Alias("fleet.health-counts")]
public sealed record FleetHealthCounts(
    [property: Id(0)] int Stores,
    [property: Id(1)] KindCounts Terminals,
    [property: Id(2)] IReadOnlyDictionary<string, KindCounts> TerminalsByKind,
    [property: Id(3)] int Pos,
    [property: Id(4)] int PosPaired,
    [property: Id(5)] IReadOnlyList<StoreHealthCounts> StoresMostOffline);
