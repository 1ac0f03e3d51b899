using Fleet.Storage.ReadModel;
using Fleet.Terminals;

namespace Fleet.Server.Apis.Models;

/// <summary>A terminal in a fleet-wide list (from the read model).</summary>
public sealed record TerminalListItem(
    string TerminalId, string StoreId, string Kind, string SerialNumber, string? Model, string? AppVersion,
    string Health, DateTimeOffset? LastSeen, string? IpAddress, int? LocalPort, int? Battery, string? Status,
    DateTimeOffset? CertificateNotAfter)
{
    public static TerminalListItem From(TerminalRow row, DateTimeOffset now, TimeSpan offlineAfter) => new(
        row.Id, row.StoreId, row.Kind, row.SerialNumber, row.Model, row.AppVersion,
        TerminalHealthRules.Derive(row.LastSeen, now, offlineAfter).ToWire(),
        row.LastSeen, row.IpAddress, row.LocalPort, row.Battery, row.Status, row.CertificateNotAfter);
}
