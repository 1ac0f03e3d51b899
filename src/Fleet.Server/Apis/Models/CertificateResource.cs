using Fleet.Pki;
using Fleet.Storage.ReadModel;

namespace Fleet.Server.Apis.Models;

/// <summary>An issued certificate as the API returns it; <c>status</c> is active, revoked or expired.
/// A terminal's own certificate (kind <c>enrolment</c> or <c>terminal-renewal</c>) has no <c>posId</c>.
/// Its lineage: <c>predecessorSerial</c> is the certificate it was renewed from, <c>successorSerial</c>
/// the newest one renewed from it (null when none).</summary>
public sealed record CertificateResource(
    string SerialNumber, string? PosId, string TerminalId, string StoreId, string Kind, string Status,
    DateTimeOffset NotBefore, DateTimeOffset NotAfter, DateTimeOffset IssuedAt, DateTimeOffset? RevokedAt, string? RevocationReason,
    string? PredecessorSerial, string? SuccessorSerial)
{
    public static CertificateResource From(CertificateView v, DateTimeOffset now) => new(
        v.Record.SerialNumber, NullIfEmpty(v.Record.PosId), v.Record.TerminalId, v.Record.StoreId, v.Record.Kind,
        StatusOf(v.RevokedAt, v.Record.NotAfter, now), v.Record.NotBefore, v.Record.NotAfter, v.Record.IssuedAt,
        v.RevokedAt, v.ReasonCode is { } c ? RevocationReasons.NameOf(c) : null, v.Record.RenewedFrom, v.SuccessorSerial);

    public static CertificateResource From(CertificateRow r, DateTimeOffset now) => new(
        r.SerialNumber, NullIfEmpty(r.PosId), r.TerminalId, r.StoreId, r.Kind, StatusOf(r.RevokedAt, r.NotAfter, now),
        r.NotBefore, r.NotAfter, r.IssuedAt, r.RevokedAt, r.RevocationReason is { } c ? RevocationReasons.NameOf(c) : null,
        r.PredecessorSerial, r.SuccessorSerial);

    private static string? NullIfEmpty(string posId) => posId.Length == 0 ? null : posId;

    private static string StatusOf(DateTimeOffset? revokedAt, DateTimeOffset notAfter, DateTimeOffset now) =>
        revokedAt is not null ? "revoked" : notAfter <= now ? "expired" : "active";
}
