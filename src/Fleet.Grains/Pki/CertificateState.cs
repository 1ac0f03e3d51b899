using Fleet.Common;
using Fleet.Storage;

namespace Fleet.Pki;

[GenerateSerializer, Alias("fleet.certificate-state")]
public sealed class CertificateState : IProjectedState
{
    [Id(0)] public CertificateRecord? Record { get; set; }
    [Id(1)] public DateTimeOffset? RevokedAt { get; set; }
    [Id(2)] public int? ReasonCode { get; set; }

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
        });
}
