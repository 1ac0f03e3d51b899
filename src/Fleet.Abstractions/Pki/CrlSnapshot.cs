namespace Fleet.Pki;

/// <summary>The current CRL (DER), signed by the issuing CA.</summary>
[GenerateSerializer, Immutable, Alias("fleet.crl-snapshot")]
public sealed record CrlSnapshot(
    [property: Id(0)] long CrlNumber,
    [property: Id(1)] DateTimeOffset ThisUpdate,
    [property: Id(2)] DateTimeOffset NextUpdate,
    [property: Id(3)] byte[] Der);
