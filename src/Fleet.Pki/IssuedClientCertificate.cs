namespace Fleet.Pki;

/// <summary>A freshly issued client certificate with its private key, ready to hand to the POS system once.</summary>
/// <param name="SerialNumber">Canonical serial (see <see cref="SerialNumbers"/>).</param>
/// <param name="NotBefore">Start of validity, as written in the certificate (whole seconds, UTC).</param>
/// <param name="NotAfter">End of validity, as written in the certificate (whole seconds, UTC).</param>
/// <param name="LeafPem">The leaf certificate.</param>
/// <param name="PrivateKeyPem">PKCS#1 <c>RSA PRIVATE KEY</c> or SEC 1 <c>EC PRIVATE KEY</c>. Never store or log it.</param>
/// <param name="PemBundle">Private key, leaf, issuing certificate, root, in exactly that order (the pairing contract's shape).</param>
public sealed record IssuedClientCertificate(
    string SerialNumber,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    string LeafPem,
    string PrivateKeyPem,
    string PemBundle)
{
    // Keep the key out of logs even if someone logs the whole record.
    /// <inheritdoc />
    public override string ToString() =>
        $"IssuedClientCertificate {{ SerialNumber = {SerialNumber}, NotBefore = {NotBefore:O}, NotAfter = {NotAfter:O} }}";
}
