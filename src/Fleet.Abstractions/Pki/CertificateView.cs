namespace Fleet.Pki;

/// <summary>An issued certificate and its revocation, as recorded.</summary>
/// <param name="ReasonCode">RFC 5280 CRL reason code when revoked.</param>
/// <param name="Successors">Serials renewed from this certificate, oldest first (usually one; a
/// renewal whose answer was lost and was repeated leaves several).</param>
/// <param name="RenewedAt">When it was first renewed: its renewal grace counts from here.</param>
/// <param name="FirstUsedAt">When a renewed certificate first passed the mutual-TLS gate (which
/// superseded its predecessor); null until then, and for certificates that renewed nothing.</param>
[GenerateSerializer, Immutable, Alias("fleet.certificate-view")]
public sealed record CertificateView(
    [property: Id(0)] CertificateRecord Record,
    [property: Id(1)] DateTimeOffset? RevokedAt,
    [property: Id(2)] int? ReasonCode,
    [property: Id(3)] string[]? Successors = null,
    [property: Id(4)] DateTimeOffset? RenewedAt = null,
    [property: Id(5)] DateTimeOffset? FirstUsedAt = null)
{
    public bool IsRevoked => RevokedAt is not null;

    /// <summary>The newest certificate renewed from this one, if any.</summary>
    public string? SuccessorSerial => Successors is { Length: > 0 } s ? s[^1] : null;

    /// <summary>Usable for mutual TLS at <paramref name="now"/>: recorded, unrevoked and within validity.</summary>
    public bool IsActiveAt(DateTimeOffset now) =>
        RevokedAt is null && now >= Record.NotBefore && now <= Record.NotAfter;

    /// <summary>Renewed, unrevoked, and <paramref name="grace"/> has passed since the renewal: its
    /// successor replaces it from now on (see <see cref="ICertificateGrain.EndGrace"/>).</summary>
    public bool GraceEndedAt(DateTimeOffset now, TimeSpan grace) =>
        RevokedAt is null && RenewedAt is { } renewed && now >= renewed + grace;

    /// <summary>A renewal that has not been used yet: its first use at the gate supersedes the predecessor.</summary>
    public bool AwaitsFirstUse => Record.RenewedFrom is not null && FirstUsedAt is null;

    /// <summary>The certificates linked to this one by renewal: its predecessor and its successors.</summary>
    public IEnumerable<string> Neighbours =>
        (Record.RenewedFrom is { } predecessor ? new[] { predecessor } : Array.Empty<string>()).Concat(Successors ?? Array.Empty<string>());
}
