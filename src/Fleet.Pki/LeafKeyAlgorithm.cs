namespace Fleet.Pki;

/// <summary>Key algorithm of an issued client (leaf) certificate.</summary>
public enum LeafKeyAlgorithm
{
    /// <summary>RSA-2048; the private key is handed out as PKCS#1 (<c>BEGIN RSA PRIVATE KEY</c>), as the POS pairing contract shows.</summary>
    Rsa2048 = 0,

    /// <summary>ECDSA P-256; the private key is handed out as SEC 1 (<c>BEGIN EC PRIVATE KEY</c>).</summary>
    EcP256 = 1,
}
