using Fleet.Pos;
using Fleet.Stores;
using Fleet.Terminals;

namespace Fleet.Import;

/// <summary>A validated bulk import: every row has already passed validation, so applying it is
/// a sequence of idempotent upserts that can be repeated until it completes.</summary>
[GenerateSerializer, Immutable, Alias("fleet.import-batch")]
public sealed record ImportBatch(
    [property: Id(0)] IReadOnlyList<ImportRow<StoreDefinition>> Stores,
    [property: Id(1)] IReadOnlyList<ImportRow<TerminalDefinition>> Terminals,
    [property: Id(2)] IReadOnlyList<ImportRow<PosDefinition>> Pos)
{
    public int Count => Stores.Count + Terminals.Count + Pos.Count;
}
