namespace Fleet.OrderNPay;

/// <summary>A PBKDF2-HMAC-SHA256 hash of an AuthSecret with its salt and iteration count. The
/// secret itself is never stored, logged or returned.</summary>
[GenerateSerializer, Immutable, Alias("fleet.onp-secret-hash")]
public sealed record SecretHash(
    [property: Id(0)] byte[] Salt,
    [property: Id(1)] int Iterations,
    [property: Id(2)] byte[] Hash)
{
    public SecretParameters Parameters => new(Salt, Iterations);
}
