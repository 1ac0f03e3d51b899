namespace Fleet.Pki;

/// <summary>The certificate authority as it is stored: certificates in PEM, private keys only
/// encrypted (by the silo's key passphrase, which never enters storage). <c>Generation</c> counts
/// issuing-CA rotations, so silos can tell cheaply that theirs is out of date.</summary>
[GenerateSerializer, Immutable, Alias("fleet.authority-material")]
public sealed record AuthorityMaterial(
    [property: Id(0)] string RootCertificatePem,
    [property: Id(1)] byte[] RootKeyProtected,
    [property: Id(2)] string IssuingCertificatePem,
    [property: Id(3)] byte[] IssuingKeyProtected,
    [property: Id(4)] IReadOnlyList<string> PreviousIssuingCertificatesPem,
    [property: Id(5)] string Algorithm,
    [property: Id(6)] int Generation);
