namespace Fleet.Licences;

/// <summary>The fleet's activation-code signing key as stored: the public key in PEM, the private
/// key (PKCS#8) only encrypted by the silo's key passphrase.</summary>
[GenerateSerializer, Immutable, Alias("fleet.licence-signing-material")]
public sealed record LicenceSigningMaterial(
    [property: Id(0)] string Algorithm,
    [property: Id(1)] string PublicKeyPem,
    [property: Id(2)] byte[] PrivateKeyProtected,
    [property: Id(3)] DateTimeOffset CreatedAt);
