namespace Fleet.Pki;

/// <summary>One entry of a CRL, taken from the caller's revocation records.</summary>
/// <param name="SerialNumber">Serial in any form <see cref="SerialNumbers.Normalize"/> accepts.</param>
/// <param name="RevokedAt">When the revocation took effect.</param>
/// <param name="Reason">Why.</param>
public sealed record RevokedCertificate(string SerialNumber, DateTimeOffset RevokedAt, RevocationReason Reason = RevocationReason.Unspecified);
