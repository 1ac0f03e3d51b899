namespace Fleet.OrderNPay;

/// <summary>One <c>POST /api/powerepos/v1/auth</c>: the POSRemoteID as sent, the AuthSecret derived
/// with <see cref="Parameters"/> (the stored hash's salt when the caller read it), and the hash of
/// the token to record if the attempt succeeds.</summary>
[GenerateSerializer, Immutable, Alias("fleet.onp-auth-attempt")]
public sealed record AuthAttempt(
    [property: Id(0)] string PosRemoteId,
    [property: Id(1)] SecretParameters Parameters,
    [property: Id(2)] byte[] DerivedSecret,
    [property: Id(3)] byte[] TokenHash);
