using Fleet.Licences;
using Fleet.Storage.ReadModel;

namespace Fleet.Server.Apis.Models;

/// <summary>A POS in the fleet-wide list (<see cref="Id"/> its Fleet id, store~posId): the read-model row plus its licence status, derived from
/// the stored approval and validTo at the time of the read (the list does not hold validFrom, so a
/// licence approved for a period that has not begun lists as Active; the POS page is exact).</summary>
public sealed record PosListItem(
    string Id, string PosId, string StoreId, string? Name, string? TerminalId,
    string? CertificateSerial, DateTimeOffset? CertificateNotAfter,
    string? LicenceState, DateTimeOffset? LicenceValidTo, string? LicenceStatus,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static PosListItem From(PosRow row, DateTimeOffset now)
    {
        string? status = null;
        if (row.LicenceState is { } state && row.LicenceValidTo is { } validTo
            && Enum.TryParse<LicenceApproval>(state, ignoreCase: true, out var approval))
            status = LicenceStatusRules.Derive(approval, DateTimeOffset.MinValue, validTo, now).ToWire();
        return new PosListItem(row.Id, row.PosId, row.StoreId, row.Name, row.TerminalId, row.CertificateSerial, row.CertificateNotAfter,
            row.LicenceState, row.LicenceValidTo, status, row.CreatedAt, row.UpdatedAt);
    }
}
