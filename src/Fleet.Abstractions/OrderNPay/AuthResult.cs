namespace Fleet.OrderNPay;

/// <summary>The outcome of an auth request, with the token's expiry when one was issued.</summary>
[GenerateSerializer, Immutable, Alias("fleet.onp-auth-result")]
public sealed record AuthResult(
    [property: Id(0)] AuthOutcome Outcome,
    [property: Id(1)] DateTimeOffset? ExpiresAt);
