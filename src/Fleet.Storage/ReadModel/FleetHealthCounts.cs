namespace Fleet.Storage.ReadModel;

/// <summary>Fleet-wide counts, computed by the database from the read model in a few aggregate
/// queries: never by asking device grains.</summary>
public sealed record FleetHealthCounts(
    int Stores,
    KindCounts Terminals,
    IReadOnlyDictionary<string, KindCounts> TerminalsByKind,
    int Pos,
    int PosPaired,
    IReadOnlyList<StoreHealthCounts> StoresMostOffline);
