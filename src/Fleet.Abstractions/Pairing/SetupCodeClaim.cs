namespace Fleet.Pairing;

/// <summary>The answer to a setup-code redemption: on success, where the new POS certificate belongs.</summary>
[GenerateSerializer, Immutable, Alias("fleet.setup-code-claim")]
public sealed record SetupCodeClaim(
    [property: Id(0)] ClaimOutcome Outcome,
    [property: Id(1)] string? TerminalId,
    [property: Id(2)] string? StoreId,
    [property: Id(3)] DateTimeOffset? LockedUntil,
    [property: Id(4)] string? Message)
{
    public static SetupCodeClaim Refused(ClaimOutcome outcome, string message, DateTimeOffset? lockedUntil = null) =>
        new(outcome, null, null, lockedUntil, message);
}
