namespace Fleet.Pairing;

/// <summary>The terminal's answer to "show me the setup code".</summary>
[GenerateSerializer, Immutable, Alias("fleet.setup-code-result")]
public sealed record SetupCodeResult(
    [property: Id(0)] SetupCodeOutcome Outcome,
    [property: Id(1)] SetupCodeView? Code,
    [property: Id(2)] DateTimeOffset? LockedUntil);
