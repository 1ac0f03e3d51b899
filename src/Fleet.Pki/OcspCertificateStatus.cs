namespace Fleet.Pki;

/// <summary>What the caller's records say about a serial, for <see cref="OcspResponder"/>.</summary>
public enum OcspCertificateStatus
{
    /// <summary>Issued by us and not revoked.</summary>
    Good = 0,

    /// <summary>Revoked.</summary>
    Revoked = 1,

    /// <summary>Not a serial we know.</summary>
    Unknown = 2,
}
