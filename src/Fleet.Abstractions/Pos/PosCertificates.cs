namespace Fleet.Pos;

/// <summary>The certificates a POS holds: the current one (the latest issued) and every unrevoked one.</summary>
[GenerateSerializer, Immutable, Alias("fleet.pos-certificates")]
public sealed record PosCertificates(
    [property: Id(0)] string PosId,
    [property: Id(1)] string? StoreId,
    [property: Id(2)] string? CurrentSerial,
    [property: Id(3)] string? TerminalId,
    [property: Id(4)] IReadOnlyList<string> ActiveSerials);
