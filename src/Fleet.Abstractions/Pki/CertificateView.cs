namespace Fleet.Pki;

/// <summary>An issued certificate and its revocation, as recorded.</summary>
/// <param name="ReasonCode">RFC 5280 CRL reason code when revoked.</param>
[GenerateSerializer, Immutable, Alias("fleet.certificate-view")]
public sealed record CertificateView(
    [property: Id(0)] CertificateRecord Record,
    [property: Id(1)] DateTimeOffset? RevokedAt,
    [property: Id(2)] int? ReasonCode)
{
    public bool IsRevoked => RevokedAt is not null;

    /// <summary>Usable for mutual TLS at <paramref name="now"/>: recorded, unrevoked and within validity.</summary>
    public bool IsActiveAt(DateTimeOffset now) =>
        RevokedAt is null && now >= Record.NotBefore && now <= Record.NotAfter;
}
