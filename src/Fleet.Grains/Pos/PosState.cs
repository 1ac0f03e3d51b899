using Fleet.Common;
using Fleet.Licences;
using Fleet.Storage;

namespace Fleet.Pos;

[GenerateSerializer, Alias("fleet.pos-state")]
public sealed class PosState : IProjectedState
{
    [Id(0)] public string PosId { get; set; } = "";
    [Id(1)] public PosDefinition? Definition { get; set; }
    [Id(2)] public DateTimeOffset CreatedAt { get; set; }
    [Id(3)] public DateTimeOffset UpdatedAt { get; set; }
    [Id(4)] public PosCertificateState Certificates { get; set; } = new();
    [Id(5)] public LicenceLink? Licence { get; set; }

    /// <summary>One row per POS, keyed by its Fleet id (the grain key); <c>pos_id</c> is the posId.</summary>
    public ReadModelRow ToReadModelRow(string grainKey) => Definition is null
        ? new ReadModelRow("pos", grainKey, null)
        : new ReadModelRow("pos", grainKey, new Dictionary<string, object?>
        {
            ["pos_id"] = PosId,
            ["store_id"] = Definition.StoreId,
            ["name"] = Definition.Name,
            ["terminal_id"] = Certificates.TerminalId,
            ["cert_serial"] = Certificates.CurrentSerial,
            ["cert_not_after_ms"] = UnixTime.Ms(Certificates.CurrentNotAfter),
            ["created_at_ms"] = UnixTime.Ms(CreatedAt),
            ["updated_at_ms"] = UnixTime.Ms(UpdatedAt),
            ["licence_state"] = Licence?.Approval.ToWire(),
            ["licence_valid_to_ms"] = UnixTime.Ms(Licence?.ValidTo),
        });
}
