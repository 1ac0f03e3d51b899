namespace Fleet.OrderNPay;

/// <summary>What an operator sets on an outlet. <see cref="NewSecret"/> is the submitted secret
/// hashed with a fresh salt (null: keep the current secret); <see cref="SecretUnderCurrentSalt"/>
/// is the same secret derived with the stored salt, so that re-sending the current secret is
/// recognised as no change and does not invalidate tokens.</summary>
[GenerateSerializer, Immutable, Alias("fleet.onp-outlet-configuration")]
public sealed record OutletConfiguration(
    [property: Id(0)] string PosRemoteId,
    [property: Id(1)] SecretHash? NewSecret,
    [property: Id(2)] byte[]? SecretUnderCurrentSalt);
