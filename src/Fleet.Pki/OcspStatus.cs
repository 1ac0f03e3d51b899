namespace Fleet.Pki;

/// <summary>The answer of a serial lookup, for <see cref="OcspResponder"/>.</summary>
/// <param name="Status">Good, revoked or unknown.</param>
/// <param name="RevokedAt">When revoked; required for <see cref="OcspCertificateStatus.Revoked"/>.</param>
/// <param name="Reason">Why revoked.</param>
public sealed record OcspStatus(OcspCertificateStatus Status, DateTimeOffset? RevokedAt = null, RevocationReason Reason = RevocationReason.Unspecified)
{
    /// <summary>A serial we issued and have not revoked.</summary>
    public static OcspStatus Good { get; } = new(OcspCertificateStatus.Good);

    /// <summary>A serial we do not know.</summary>
    public static OcspStatus Unknown { get; } = new(OcspCertificateStatus.Unknown);

    /// <summary>A revoked serial.</summary>
    public static OcspStatus Revoked(DateTimeOffset revokedAt, RevocationReason reason = RevocationReason.Unspecified) =>
        new(OcspCertificateStatus.Revoked, revokedAt, reason);
}
