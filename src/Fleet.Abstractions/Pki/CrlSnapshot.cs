namespace Fleet.Pki;

/// <summary>The current CRL (DER), signed by the issuing CA; <see cref="Entries"/> and
/// <see cref="SigningTime"/> (reading its entries, encoding and signing) say what it cost.</summary>
[GenerateSerializer, Immutable, Alias("fleet.crl-snapshot")]
public sealed record CrlSnapshot(
    [property: Id(0)] long CrlNumber,
    [property: Id(1)] DateTimeOffset ThisUpdate,
    [property: Id(2)] DateTimeOffset NextUpdate,
    [property: Id(3)] byte[] Der,
    [property: Id(4)] int Entries = 0,
    [property: Id(5)] TimeSpan SigningTime = default);
