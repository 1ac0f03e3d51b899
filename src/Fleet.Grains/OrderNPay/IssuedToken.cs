namespace Fleet.OrderNPay;

/// <summary>An access token Fleet handed out: only its SHA-256 is kept (the token is 256 random
/// bits, so a fast hash is as good as a slow one and the socket upgrade stays cheap).</summary>
[GenerateSerializer, Immutable, Alias("fleet.onp-issued-token")]
public sealed record IssuedToken(
    [property: Id(0)] byte[] Hash,
    [property: Id(1)] DateTimeOffset ExpiresAt);
