namespace Fleet.Health;

/// <summary>One store's terminal counts by health.</summary>
[GenerateSerializer, Immutable, Alias("fleet.health-store-counts")]
public sealed record StoreHealthCounts(
    [property: Id(0)] string StoreId, [property: Id(1)] int Terminals, [property: Id(2)] int Online, [property: Id(3)] int Offline);
