using Fleet.Licences;

namespace Fleet.Pos;

/// <summary>What a store keeps about each of its POS systems, including the licence linked to it
/// (its status is derived on read from the period and the clock).</summary>
[GenerateSerializer, Immutable, Alias("fleet.pos-summary")]
public sealed record PosSummary(
    [property: Id(0)] string PosId,
    [property: Id(1)] string? Name,
    [property: Id(2)] LicenceLink? Licence = null);
