namespace Fleet.Pki;

/// <summary>This silo's loaded certificate authority, for grains that sign (the CRL). The host
/// provides it; the keys are decrypted once per silo and never travel between silos.</summary>
public interface ISiloAuthority
{
    CertificateAuthority Authority { get; }
}
