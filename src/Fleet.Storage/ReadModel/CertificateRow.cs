namespace Fleet.Storage.ReadModel;

/// <summary>An issued certificate in the fleet-wide list; <paramref name="PredecessorSerial"/> is the
/// certificate it was renewed from, <paramref name="SuccessorSerial"/> its newest renewal.</summary>
public sealed record CertificateRow(
    string SerialNumber, string PosId, string TerminalId, string StoreId, string Kind,
    DateTimeOffset NotBefore, DateTimeOffset NotAfter, DateTimeOffset IssuedAt,
    DateTimeOffset? RevokedAt, int? RevocationReason, string? PredecessorSerial = null, string? SuccessorSerial = null);
