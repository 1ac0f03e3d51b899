namespace Fleet.OrderNPay;

/// <summary>The public half of a stored secret hash: what a caller needs to derive a comparable key.</summary>
[GenerateSerializer, Immutable, Alias("fleet.onp-secret-parameters")]
public sealed record SecretParameters(
    [property: Id(0)] byte[] Salt,
    [property: Id(1)] int Iterations);
