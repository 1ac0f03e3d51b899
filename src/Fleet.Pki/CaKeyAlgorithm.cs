namespace Fleet.Pki;

/// <summary>Key algorithm of the root and issuing CA keys.</summary>
public enum CaKeyAlgorithm
{
    /// <summary>
    /// RSA-2048 with SHA-256. The default: older POS software and terminal TLS stacks that only
    /// understand RSA chains still verify it.
    /// </summary>
    Rsa2048 = 0,

    /// <summary>ECDSA on NIST P-256 with SHA-256. Faster to sign with; use when every client supports it.</summary>
    EcP256 = 1,
}
