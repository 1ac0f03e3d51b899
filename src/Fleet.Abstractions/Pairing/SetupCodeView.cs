namespace Fleet.Pairing;

/// <summary>What the "Generate Code" screen shows: the current code, when it expires and when the
/// terminal's pairing window closes.</summary>
[GenerateSerializer, Immutable, Alias("fleet.setup-code-view")]
public sealed record SetupCodeView(
    [property: Id(0)] string Code,
    [property: Id(1)] DateTimeOffset ExpiresAt,
    [property: Id(2)] DateTimeOffset WindowClosesAt);
