namespace Fleet.Pos;

/// <summary>What a store keeps about each of its POS systems.</summary>
[GenerateSerializer, Immutable, Alias("fleet.pos-summary")]
public sealed record PosSummary(
    [property: Id(0)] string PosId,
    [property: Id(1)] string? Name);
