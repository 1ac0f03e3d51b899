namespace Fleet.Pki;

/// <summary>CRL reason codes, with the numeric values of RFC 5280 §5.3.1 (7 is unused there).</summary>
public enum RevocationReason
{
    /// <summary>No reason given; written without a reason code extension, as RFC 5280 recommends.</summary>
    Unspecified = 0,
    KeyCompromise = 1,
    CaCompromise = 2,
    AffiliationChanged = 3,
    Superseded = 4,
    CessationOfOperation = 5,
    CertificateHold = 6,
    RemoveFromCrl = 8,
    PrivilegeWithdrawn = 9,
    AaCompromise = 10,
}
