namespace Fleet.Import;

/// <summary>One row of an import: the entity's id and what it should be.</summary>
[GenerateSerializer, Immutable, Alias("fleet.import-row`1")]
public sealed record ImportRow<T>([property: Id(0)] string Id, [property: Id(1)] T Definition);
