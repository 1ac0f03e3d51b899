using Fleet.Common;
using Fleet.Storage;

namespace Fleet.Pki;

[GenerateSerializer, Alias("fleet.certificate-state")]
public sealed class CertificateState : IProjectedState
{
    [Id(0)] public CertificateRecord? Record { get; set; }
    [Id(1)] public DateTimeOffset? RevokedAt { get; set; }
    [Id(2)] public int? ReasonCode { get; set; }

    /// <summary>Serials renewed from this certificate, oldest first (the lineage's forward links).</summary>
    [Id(3)] public List<string>? Successors { get; set; }

    /// <summary>When it was first renewed: the renewal grace counts from here.</summary>
    [Id(4)] public DateTimeOffset? RenewedAt { get; set; }

    /// <summary>When this renewed certificate first passed the mutual-TLS gate.</summary>
    [Id(5)] public DateTimeOffset? FirstUsedAt { get; set; }

    public ReadModelRow ToReadModelRow(string grainKey) => Record is null
        ? new ReadModelRow("certificates", grainKey, null)
        : new ReadModelRow("certificates", Record.SerialNumber, new Dictionary<string, object?>
        {
            ["pos_id"] = Record.PosId,
            ["terminal_id"] = Record.TerminalId,
            ["store_id"] = Record.StoreId,
            ["kind"] = Record.Kind,
            ["not_before_ms"] = UnixTime.Ms(Record.NotBefore),
            ["not_after_ms"] = UnixTime.Ms(Record.NotAfter),
            ["issued_at_ms"] = UnixTime.Ms(Record.IssuedAt),
            ["revoked_at_ms"] = UnixTime.Ms(RevokedAt),
            ["revocation_reason"] = ReasonCode,
            ["predecessor_serial"] = Record.RenewedFrom,
            ["successor_serial"] = Successors is { Count: > 0 } successors ? successors[^1] : null,
        });
}
